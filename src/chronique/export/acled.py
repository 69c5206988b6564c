"""ACLED-style CSV: ACLED's columns, in ACLED's order, with its precision and actor codes.

How each column is filled is in README.md (this folder); the event type mapping, the actor
names and the country regions are data (`acled_types.tsv`, `acled_actors.tsv`,
`acled_countries.tsv`). ACLED codes events that happened; Chronique also exports alleged,
planned and negated events, and says so in `tags` (filter on it when comparing counts).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO

from chronique.export.common import country, figure, lead_report, table, text_output
from chronique.export.options import ExportOptions
from chronique.records import Actor, Event

COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# ACLED's time precision: 1 the day is known, 2 a week (or a few days) and the middle day is
# coded, 3 only the month is known. A year is vaguer than ACLED codes; it takes 3 too.
TIME_PRECISION: dict[str, int] = {"day": 1, "week": 2, "month": 3, "year": 3}
# ACLED's geographic precision: 1 the town (or a point in it), 2 a part of a region or a
# district near a town, 3 a province or larger region (coded to its centre). A country is
# vaguer than ACLED codes; it takes 3 too.
GEO_PRECISION: dict[str, int] = {"point": 1, "city": 1, "district": 2, "region": 3, "country": 3}
# The inter code of state forces, and the one they take outside their own country.
STATE_FORCES, EXTERNAL_FORCES = 1, 8
CIVILIANS = 7
UNKNOWN_COUNTRY = "unknown country"


@dataclass(frozen=True, slots=True)
class AcledType:
    disorder_type: str
    event_type: str
    sub_event_type: str


@functools.cache
def _types() -> dict[tuple[str, str, str], AcledType]:
    return {
        (r["type"], r["mode"], r["recipient"]): AcledType(
            r["disorder_type"], r["event_type"], r["sub_event_type"]
        )
        for r in table("acled_types.tsv")
    }


@functools.cache
def _actor_names() -> dict[tuple[str, str], tuple[str, int]]:
    return {
        (r["event_type"], r["sector"]): (r["name"], int(r["inter"]))
        for r in table("acled_actors.tsv")
    }


def acled_type(event: Event) -> AcledType:
    """The ACLED classification of an event: the most specific row of `acled_types.tsv`."""
    types = _types()
    mode = event.mode or "*"
    sectors = [a.sector for a in event.recipients if a.sector]
    for key_mode, by_recipient in ((mode, True), (mode, False), ("*", True), ("*", False)):
        for sector in sectors if by_recipient else ["*"]:
            found = types.get((event.type, key_mode, sector))
            if found is not None:
                return found
    raise ValueError(f"export/acled_types.tsv has no default row for PLOVER type {event.type!r}")


def acled_actor(actor: Actor, event_type: str, place_country: str | None) -> tuple[str, int]:
    """ACLED's name and inter code of an actor."""
    names = _actor_names()
    sector = actor.sector or "*"
    # Transnational codes (IGO, IMG) stand where a country would; they are the "sector".
    kind = actor.country if actor.country in {"IGO", "IMG"} else sector
    template, inter = (
        names.get((event_type, kind))
        or names.get(("*", kind))
        or names.get(("*", sector))
        or names[("*", "*")]
    )
    own = country(actor.country)
    if inter == STATE_FORCES and own and place_country and own.alpha3 != place_country:
        inter = EXTERNAL_FORCES  # a state's forces abroad, as ACLED codes them
    name = actor.name or template.format(country=own.name if own else UNKNOWN_COUNTRY)
    return name, inter


def _sides(event: Event) -> tuple[Sequence[Actor], Sequence[Actor]]:
    """Actor 1's side and actor 2's side. A reciprocal event (no recipient, several actors)
    puts its second party on side 2: ACLED's actor 2 is the other party, not a target."""
    if not event.recipients and len(event.actors) > 1:
        return event.actors[:1], event.actors[1:]
    return event.actors, event.recipients


def _middle(event: Event) -> dt.date | None:
    date = event.date
    if date is None:
        return None
    if date.precision == "day":
        return date.start
    return date.start + dt.timedelta(days=(date.end - date.start).days // 2)


def _interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction: the two inter codes, lower first; a lone actor is "N0"."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return 0
    return int("".join(str(c) for c in codes).ljust(2, "0"))


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def acled_row(event: Event, options: ExportOptions) -> dict[str, str | int]:
    """One event as a row of ACLED's columns."""
    kind = acled_type(event)
    place = event.place
    place_country = place.country if place else None
    side1, side2 = _sides(event)
    named1 = [acled_actor(a, kind.event_type, place_country) for a in side1]
    named2 = [acled_actor(a, kind.event_type, place_country) for a in side2]
    inter1 = named1[0][1] if named1 else 0
    inter2 = named2[0][1] if named2 else 0
    targets_civilians = kind.disorder_type == "Political violence" and any(
        inter == CIVILIANS for _, inter in named2
    )
    home = country(place_country)
    day = _middle(event)
    lead = lead_report(event)
    dead = figure(event, "dead")
    tags = [
        f"modality={event.modality}",
        f"corroboration={event.corroboration}",
        f"plover={event.type}" + (f"/{event.mode}" if event.mode else ""),
        f"chronique_id={event.id}",
    ]
    if event.date is not None and event.date.precision in {"month", "year"}:
        tags.append(f"date_range={event.date.start.isoformat()}/{event.date.end.isoformat()}")
    if place is not None and place.precision == "country":
        tags.append("location=country")
    if dead is None:
        tags.append("fatalities=no report")
    return {
        "event_id_cnty": f"{home.alpha3 if home else 'XXX'}{event.id}",
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": TIME_PRECISION[event.date.precision] if event.date else "",
        "disorder_type": kind.disorder_type,
        "event_type": kind.event_type,
        "sub_event_type": kind.sub_event_type,
        "actor1": named1[0][0] if named1 else "",
        "assoc_actor_1": "; ".join(name for name, _ in named1[1:]),
        "inter1": inter1,
        "actor2": named2[0][0] if named2 else "",
        "assoc_actor_2": "; ".join(name for name, _ in named2[1:]),
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if targets_civilians else "",
        "iso": home.numeric if home and home.numeric is not None else "",
        "region": (home.region or "") if home else "",
        "country": home.name if home else "",
        "admin1": (place.admin1 or "") if place else "",
        "admin2": "",
        "admin3": "",
        "location": (place.name or place.text) if place else "",
        "latitude": _number(place.lat) if place else "",
        "longitude": _number(place.lon) if place else "",
        "geo_precision": GEO_PRECISION[place.precision] if place and place.precision else "",
        "source": "; ".join(event.sources),
        # Chronique does not know how far a source's reach goes (national or international).
        "source_scale": "",
        "notes": lead.sentence.text,
        "fatalities": dead if dead is not None else 0,
        "tags": "; ".join(tags),
        "timestamp": int(options.exported_at.timestamp()),
    }


def write(events: Iterable[Event], out: IO[bytes], options: ExportOptions) -> int:
    rows = 0
    with text_output(out) as text:
        writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for event in events:
            writer.writerow(acled_row(event, options))
            rows += 1
    return rows
