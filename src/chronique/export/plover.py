"""PLOVER / POLECAT-style JSON Lines: one event per line, field names after the PLOVER spec.

The field names and their sources are listed in README.md (this folder). Everything an
analyst needs to check an event travels with it: the actors' and recipients' codes and
words, the place with its gazetteer id, the date range and its precision, the modality,
the original sources, and every evidence sentence with its trigger and attribution chain.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import IO, Any

from chronique.export.common import country, figure, table, text_output
from chronique.export.options import ExportOptions
from chronique.records import Actor, Event, EventReport, Place

CODEBOOK = "PLOVER 2.0"


@functools.cache
def _quads() -> dict[str, int]:
    return {row["type"]: int(row["quad"]) for row in table("plover_quad.tsv")}


def _actor(actor: Actor) -> dict[str, Any]:
    return {
        "actor_text": actor.text,
        "country": actor.country,
        "sector": actor.sector,
        "identifier_text": actor.name,
        "identifier_id": actor.identifier,
    }


def _location(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    known = country(place.country)
    return {
        "placename": place.text,
        "name": place.name,
        "geonameid": place.geonames_id,
        "latitude": place.lat,
        "longitude": place.lon,
        "country_code": known.alpha2 if known else None,
        "cc3": place.country,
        "admin1": place.admin1,
        "feature_code": place.feature_code,
        "precision": place.precision,
    }


def _evidence(report: EventReport) -> dict[str, Any]:
    return {
        "document_id": report.document_id,
        "text": report.sentence.text,
        "start": report.sentence.start,
        "end": report.sentence.end,
        "trigger": {
            "text": report.trigger.text,
            "start": report.trigger.start,
            "end": report.trigger.end,
        },
        "modality": report.modality,
        "attribution": [
            {"text": s.text, "name": s.name, "kind": s.kind} for s in report.attribution
        ],
        "confidence": report.confidence,
        "headline": report.headline,
    }


def plover_record(event: Event, options: ExportOptions) -> dict[str, Any]:
    """One event as a PLOVER/POLECAT-style JSON object."""
    from chronique import __version__
    from chronique.ontology import load_ontology

    cameo = load_ontology().cameo(event.type, event.mode)
    sizes = {name: figure(event, name) for name in ("dead", "injured", "arrested")}
    date = event.date
    return {
        "id": event.id,
        "date": date.start.isoformat() if date else None,
        "enddate": date.end.isoformat() if date else None,
        "date_precision": date.precision if date else None,
        "date_text": date.text if date else None,
        "event_type": event.type,
        "mode": event.mode,
        # Chronique codes no PLOVER context yet: an empty list says "none coded".
        "context": [],
        "quad_code": _quads().get(event.type),
        "modality": event.modality,
        "actor": [_actor(a) for a in event.actors],
        "recipient": [_actor(a) for a in event.recipients],
        "location": _location(event.place),
        "size": sizes if any(v is not None for v in sizes.values()) else None,
        "corroboration": event.corroboration,
        "sources": list(event.sources),
        "evidence": [_evidence(r) for r in event.reports],
        "merge_reasons": list(event.merge_reasons),
        "cameo": cameo.code if cameo else None,
        "coder": f"chronique {__version__}",
        "codebook": CODEBOOK,
        "coded_date": options.exported_at.isoformat(),
    }


def write(events: Iterable[Event], out: IO[bytes], options: ExportOptions) -> int:
    rows = 0
    with text_output(out) as text:
        for event in events:
            text.write(json.dumps(plover_record(event, options), ensure_ascii=False) + "\n")
            rows += 1
    return rows
