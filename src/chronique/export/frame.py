"""Events as a pandas DataFrame: one row per event, flat columns for analysis.

Scalars are plain columns (dates as datetime64, figures as nullable integers); the parties
are lists of "country/sector" codes, which `DataFrame.explode` turns into one row per
party. The first actor's and recipient's codes also have columns of their own, the usual
dyad of event data. For every field with nesting kept, use the Parquet export.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chronique.export.common import figure, lead_report
from chronique.records import Actor, Event

COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "mode",
    "modality",
    "cameo",
    "date_start",
    "date_end",
    "date_precision",
    "place",
    "place_country",
    "admin1",
    "lat",
    "lon",
    "geonames_id",
    "place_precision",
    "actor_country",
    "actor_sector",
    "recipient_country",
    "recipient_sector",
    "actors",
    "recipients",
    "dead",
    "injured",
    "arrested",
    "corroboration",
    "sources",
    "reports",
    "document_id",
    "trigger",
    "sentence",
)
_INTEGERS = ("geonames_id", "dead", "injured", "arrested", "corroboration", "reports")


def _codes(actors: tuple[Actor, ...]) -> list[str]:
    return [f"{a.country or '?'}/{a.sector or '?'}" for a in actors]


def _row(event: Event) -> dict[str, Any]:
    from chronique.ontology import load_ontology

    cameo = load_ontology().cameo(event.type, event.mode)
    place, date = event.place, event.date
    first = event.actors[0] if event.actors else None
    target = event.recipients[0] if event.recipients else None
    lead = lead_report(event)
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "modality": event.modality,
        "cameo": cameo.code if cameo else None,
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "date_precision": date.precision if date else None,
        "place": (place.name or place.text) if place else None,
        "place_country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geonames_id": place.geonames_id if place else None,
        "place_precision": place.precision if place else None,
        "actor_country": first.country if first else None,
        "actor_sector": first.sector if first else None,
        "recipient_country": target.country if target else None,
        "recipient_sector": target.sector if target else None,
        "actors": _codes(event.actors),
        "recipients": _codes(event.recipients),
        "dead": figure(event, "dead"),
        "injured": figure(event, "injured"),
        "arrested": figure(event, "arrested"),
        "corroboration": event.corroboration,
        "sources": list(event.sources),
        "reports": len(event.reports),
        "document_id": lead.document_id,
        "trigger": lead.trigger.text,
        "sentence": lead.sentence.text,
    }


def events_frame(events: Iterable[Event]) -> Any:
    """A pandas DataFrame of `events` (columns: `COLUMNS`), in the order given."""
    import pandas as pd

    frame = pd.DataFrame.from_records([_row(e) for e in events], columns=list(COLUMNS))
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    for column in _INTEGERS:
        frame[column] = frame[column].astype("Int64")
    for column in ("lat", "lon"):
        frame[column] = frame[column].astype("float64")
    return frame
