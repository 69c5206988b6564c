"""What the export formats share: their data tables, country facts, figures, text output."""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from typing import IO, Any, TextIO, cast

from chronique.records import Event, EventReport


def table(filename: str) -> list[dict[str, str]]:
    """The rows of a TSV file of this package (first non-comment line: the header)."""
    text = resources.files("chronique.export").joinpath(filename).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != len(header):
            raise ValueError(
                f"export/{filename}: data line {number} has {len(cells)} cells, "
                f"the header {len(header)}"
            )
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


@dataclass(frozen=True, slots=True)
class Country:
    """What the exports write about a country: its codes, ACLED's name and region."""

    alpha3: str
    alpha2: str | None
    numeric: int | None
    name: str
    region: str | None


@functools.cache
def _countries() -> dict[str, Country]:
    import pycountry

    iso = {str(c.alpha_3): c for c in cast(Any, pycountry.countries)}
    found: dict[str, Country] = {}
    for row in table("acled_countries.tsv"):
        code = row["iso3"]
        known = iso.get(code)
        found[code] = Country(
            alpha3=code,
            alpha2=str(known.alpha_2) if known is not None else _USER_ALPHA2.get(code),
            numeric=int(known.numeric) if known is not None else None,
            name=row["country"],
            region=row["region"],
        )
    return found


# Kosovo has no ISO code yet; GeoNames and most datasets use the user-assigned XK / XKX.
_USER_ALPHA2 = {"XKX": "XK"}


def country(alpha3: str | None) -> Country | None:
    """The country of an ISO alpha-3 code; None for none, IGO/NGO/IMG/UNK and unknown codes."""
    if not alpha3:
        return None
    return _countries().get(alpha3.upper())


def lead_report(event: Event) -> EventReport:
    """The report an event is shown by: the first, as the merge stage orders them."""
    if not event.reports:
        # Every stored event comes from at least one report; one without is a broken record.
        raise ValueError(f"event {event.id} has no report: nothing to cite as its evidence")
    return event.reports[0]


def figure(event: Event, name: str) -> int | None:
    """The lowest figure (dead, injured, arrested) any report of the event gives, or None.

    Reports that disagree are kept apart in the store; an export column holds one number,
    and the lowest is the one every report supports (ACLED's conservative rule too).
    """
    values = [
        getattr(report.size, name)
        for report in event.reports
        if report.size is not None and getattr(report.size, name) is not None
    ]
    return min(values) if values else None


def actor_code(country_code: str | None, sector: str | None) -> str:
    """A CAMEO-style actor code: country then sector (RUSMIL, SYRREB, IGO), or ''."""
    return f"{country_code or ''}{sector or ''}"


@contextmanager
def text_output(out: IO[bytes]) -> Iterator[TextIO]:
    """A UTF-8 text stream over a binary one, left open (and flushed) for the caller."""
    stream = io.TextIOWrapper(cast(Any, out), encoding="utf-8", newline="", write_through=True)
    try:
        yield stream
    finally:
        stream.flush()
        stream.detach()
