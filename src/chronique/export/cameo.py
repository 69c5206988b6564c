"""CAMEO-coded TSV, dyadic like the CAMEO datasets (Phoenix, ICEWS, GDELT): one row per
source actor → target actor pair of an event, with the CAMEO event code nearest to its
PLOVER type and mode (`ontology/cameo.tsv`) and the CAMEO quad class.

A compound actor ("the United States and France accused Russia") is one PLOVER event and
two CAMEO rows; a reciprocal event (talks between two parties, no recipient) gives a row
in each direction, as CAMEO coders did. `ChroniqueID` names the event every row comes
from. Cells hold no tab or line break (they become spaces), so a plain split on tabs reads
the file back; event codes keep their leading zero ("057"): read them as text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import IO

from chronique.export.common import actor_code, lead_report, table, text_output
from chronique.export.options import ExportOptions
from chronique.records import Actor, Event

COLUMNS: tuple[str, ...] = (
    "EventID",
    "ChroniqueID",
    "Date",
    "Year",
    "Month",
    "Day",
    "DateEnd",
    "DatePrecision",
    "SourceActorFull",
    "SourceActorEntity",
    "SourceActorRole",
    "SourceActorText",
    "TargetActorFull",
    "TargetActorEntity",
    "TargetActorRole",
    "TargetActorText",
    "EventCode",
    "EventRootCode",
    "QuadClass",
    "PLOVERType",
    "PLOVERMode",
    "Modality",
    "Lat",
    "Lon",
    "GeonameID",
    "LocationName",
    "CountryCode",
    "Corroboration",
    "Sources",
    "Sentence",
)
_BREAKS = re.compile(r"[\t\r\n]+")


@functools.cache
def _quads() -> dict[str, str]:
    return {row["root"]: row["quad_class"] for row in table("cameo_quad.tsv")}


def dyads(event: Event) -> Iterator[tuple[Actor | None, Actor | None]]:
    """The (source, target) pairs of an event, CAMEO style."""
    actors, recipients = event.actors, event.recipients
    if recipients:
        for source in actors or (None,):
            for target in recipients:
                yield source, target
    elif len(actors) > 1:
        for source in actors:
            for target in actors:
                if target is not source:
                    yield source, target
    else:
        yield (actors[0] if actors else None), None


def _cell(value: object) -> str:
    return "" if value is None else _BREAKS.sub(" ", str(value))


def _actor_cells(actor: Actor | None) -> list[object]:
    if actor is None:
        return ["", "", "", ""]
    return [actor_code(actor.country, actor.sector), actor.country, actor.sector, actor.text]


def cameo_rows(event: Event) -> Iterator[list[str]]:
    """The TSV rows of one event, as lists of cells in `COLUMNS` order."""
    from chronique.ontology import load_ontology

    cameo = load_ontology().cameo(event.type, event.mode)
    code = cameo.code if cameo else ""
    root = code[:2]
    date, place = event.date, event.place
    start = date.start if date else None
    for n, (source, target) in enumerate(dyads(event), 1):
        cells: list[object] = [
            f"{event.id}.{n}",
            event.id,
            start.strftime("%Y%m%d") if start else "",
            start.year if start else "",
            start.month if start else "",
            start.day if start else "",
            date.end.strftime("%Y%m%d") if date else "",
            date.precision if date else "",
            *_actor_cells(source),
            *_actor_cells(target),
            code,
            root,
            _quads().get(root, ""),
            event.type,
            event.mode,
            event.modality,
            place.lat if place else None,
            place.lon if place else None,
            place.geonames_id if place else None,
            (place.name or place.text) if place else None,
            place.country if place else None,
            event.corroboration,
            "; ".join(event.sources),
            lead_report(event).sentence.text,
        ]
        yield [_cell(c) for c in cells]


def write(events: Iterable[Event], out: IO[bytes], options: ExportOptions) -> int:
    rows = 0
    with text_output(out) as text:
        text.write("\t".join(COLUMNS) + "\n")
        for event in events:
            for row in cameo_rows(event):
                text.write("\t".join(row) + "\n")
                rows += 1
    return rows
