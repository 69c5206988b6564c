"""GeoJSON (RFC 7946): a FeatureCollection of the events that have coordinates.

Each event is a Point feature at its place, `[longitude, latitude]` in that order (RFC 7946
§3.1.1, WGS 84); the feature's `id` is the event id and its properties carry the coding
and the lead evidence sentence. An event without coordinates has no place on a map and is
left out: the count the writer returns says how many were written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from chronique.export.common import lead_report, text_output
from chronique.export.options import ExportOptions
from chronique.records import Actor, Event


def _party(actor: Actor) -> dict[str, Any]:
    return {"text": actor.text, "country": actor.country, "sector": actor.sector}


def feature(event: Event) -> dict[str, Any] | None:
    """The event as a GeoJSON Feature, or None when it has no coordinates."""
    from chronique.ontology import load_ontology

    place = event.place
    if place is None or place.lat is None or place.lon is None:
        return None
    cameo = load_ontology().cameo(event.type, event.mode)
    lead = lead_report(event)
    date = event.date
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "type": event.type,
            "mode": event.mode,
            "modality": event.modality,
            "cameo": cameo.code if cameo else None,
            "date_start": date.start.isoformat() if date else None,
            "date_end": date.end.isoformat() if date else None,
            "date_precision": date.precision if date else None,
            "place": place.name or place.text,
            "place_text": place.text,
            "geonames_id": place.geonames_id,
            "country": place.country,
            "admin1": place.admin1,
            "feature_code": place.feature_code,
            "precision": place.precision,
            "actors": [_party(a) for a in event.actors],
            "recipients": [_party(a) for a in event.recipients],
            "corroboration": event.corroboration,
            "sources": list(event.sources),
            "reports": len(event.reports),
            "trigger": lead.trigger.text,
            "sentence": lead.sentence.text,
        },
    }


def write(events: Iterable[Event], out: IO[bytes], options: ExportOptions) -> int:
    """Stream the collection: features are written as they come, never held in memory."""
    rows = 0
    with text_output(out) as text:
        text.write('{"type": "FeatureCollection", "features": [')
        for event in events:
            found = feature(event)
            if found is None:
                continue
            text.write(("," if rows else "") + "\n" + json.dumps(found, ensure_ascii=False))
            rows += 1
        text.write("\n]}\n")
    return rows
