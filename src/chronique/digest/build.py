"""What a digest holds: the day's events, grouped by country, in digest order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chronique.records import Event
from chronique.settings import Settings

if TYPE_CHECKING:
    from chronique.store import Store

NO_PLACE = "Place not reported"


@dataclass(frozen=True, slots=True)
class CountrySection:
    """One country's events of the day, in digest order."""

    code: str | None
    name: str
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    day: dt.date
    sections: tuple[CountrySection, ...]

    @property
    def total(self) -> int:
        return sum(len(s.events) for s in self.sections)


def is_of_day(event: Event, day: dt.date, max_range_days: int) -> bool:
    """Whether the event is one of `day`'s: its range holds the day and is short enough."""
    date = event.date
    if date is None or not date.start <= day <= date.end:
        return False
    return (date.end - date.start).days + 1 <= max_range_days


def day_events(store: Store, day: dt.date, settings: Settings | None = None) -> list[Event]:
    """The events of `day` in `store`."""
    from chronique.store import EventFilter

    settings = settings or Settings.load()
    found = store.events(EventFilter(since=day, until=day))
    return [e for e in found if is_of_day(e, day, settings.digest_max_range_days)]


def _rank(event: Event) -> tuple[int, int, int, str]:
    # Most corroborated first (independent sources), then most reported, then what is
    # told as fact before what is alleged or planned; the id keeps the order stable.
    return (-event.corroboration, -len(event.reports), event.modality != "asserted", event.id)


def build_digest(events: Iterable[Event], day: dt.date) -> Digest:
    """Group `events` by the country where they happened, each group in digest order."""
    from chronique.export.common import country

    groups: dict[str | None, list[Event]] = {}
    for event in events:
        code = event.place.country if event.place and event.place.country else None
        groups.setdefault(code, []).append(event)
    sections = []
    for code, members in groups.items():
        known = country(code)
        name = known.name if known else (code or NO_PLACE)
        sections.append(CountrySection(code, name, tuple(sorted(members, key=_rank))))
    sections.sort(key=lambda s: (s.code is None, -len(s.events), s.name))
    return Digest(day, tuple(sections))
