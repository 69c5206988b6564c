"""Parquet with an explicit Arrow schema: one row per event, actors, recipients and reports
as nested list columns, dates as dates, so a reader gets typed columns without guessing.

`SCHEMA` is the contract (README.md, this folder, lists it); rows are written in row groups
of `ExportOptions.batch_rows` events, so an export of any size holds one batch in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from chronique.export.common import figure
from chronique.export.options import ExportOptions
from chronique.records import Actor, Event, EventReport


def _list(item: pa.DataType) -> pa.DataType:
    # Parquet's standard name for a list's items is "element": a schema that says so reads
    # back equal to itself (pyarrow's default "item" comes back as "element").
    return pa.list_(pa.field("element", item))


ACTOR = pa.struct(
    [
        pa.field("text", pa.string()),
        pa.field("country", pa.string()),
        pa.field("sector", pa.string()),
        pa.field("name", pa.string()),
        pa.field("identifier", pa.string()),
    ]
)
SOURCE = pa.struct(
    [
        pa.field("text", pa.string()),
        pa.field("name", pa.string()),
        pa.field("kind", pa.string()),
    ]
)
REPORT = pa.struct(
    [
        pa.field("document_id", pa.string(), nullable=False),
        pa.field("sentence", pa.string()),
        pa.field("sentence_start", pa.int32()),
        pa.field("sentence_end", pa.int32()),
        pa.field("trigger", pa.string()),
        pa.field("trigger_start", pa.int32()),
        pa.field("trigger_end", pa.int32()),
        pa.field("type", pa.string()),
        pa.field("mode", pa.string()),
        pa.field("modality", pa.string()),
        pa.field("confidence", pa.float64()),
        pa.field("headline", pa.bool_()),
        pa.field("attribution", _list(SOURCE)),
        pa.field("dead", pa.int32()),
        pa.field("injured", pa.int32()),
        pa.field("arrested", pa.int32()),
    ]
)
PLACE = pa.struct(
    [
        pa.field("text", pa.string()),
        pa.field("name", pa.string()),
        pa.field("geonames_id", pa.int64()),
        pa.field("lat", pa.float64()),
        pa.field("lon", pa.float64()),
        pa.field("country", pa.string()),
        pa.field("admin1", pa.string()),
        pa.field("feature_code", pa.string()),
        pa.field("precision", pa.string()),
    ]
)
SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("type", pa.string(), nullable=False),
        pa.field("mode", pa.string()),
        pa.field("modality", pa.string(), nullable=False),
        pa.field("cameo", pa.string()),
        pa.field("date_start", pa.date32()),
        pa.field("date_end", pa.date32()),
        pa.field("date_precision", pa.string()),
        pa.field("place", PLACE),
        pa.field("actors", _list(ACTOR)),
        pa.field("recipients", _list(ACTOR)),
        pa.field("dead", pa.int32()),
        pa.field("injured", pa.int32()),
        pa.field("arrested", pa.int32()),
        pa.field("corroboration", pa.int32(), nullable=False),
        pa.field("sources", _list(pa.string())),
        pa.field("reports", _list(REPORT)),
        pa.field("merge_reasons", _list(pa.string())),
    ],
    metadata={"producer": "chronique", "ontology": "PLOVER 2.0"},
)


def _actor(a: Actor) -> dict[str, Any]:
    return {
        "text": a.text,
        "country": a.country,
        "sector": a.sector,
        "name": a.name,
        "identifier": a.identifier,
    }


def _report(r: EventReport) -> dict[str, Any]:
    size = r.size
    return {
        "document_id": r.document_id,
        "sentence": r.sentence.text,
        "sentence_start": r.sentence.start,
        "sentence_end": r.sentence.end,
        "trigger": r.trigger.text,
        "trigger_start": r.trigger.start,
        "trigger_end": r.trigger.end,
        "type": r.type,
        "mode": r.mode,
        "modality": r.modality,
        "confidence": r.confidence,
        "headline": r.headline,
        "attribution": [{"text": s.text, "name": s.name, "kind": s.kind} for s in r.attribution],
        "dead": size.dead if size else None,
        "injured": size.injured if size else None,
        "arrested": size.arrested if size else None,
    }


def parquet_row(event: Event) -> dict[str, Any]:
    """One event as a dict matching `SCHEMA`."""
    from chronique.ontology import load_ontology

    cameo = load_ontology().cameo(event.type, event.mode)
    place, date = event.place, event.date
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "modality": event.modality,
        "cameo": cameo.code if cameo else None,
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "date_precision": date.precision if date else None,
        "place": None
        if place is None
        else {
            "text": place.text,
            "name": place.name,
            "geonames_id": place.geonames_id,
            "lat": place.lat,
            "lon": place.lon,
            "country": place.country,
            "admin1": place.admin1,
            "feature_code": place.feature_code,
            "precision": place.precision,
        },
        "actors": [_actor(a) for a in event.actors],
        "recipients": [_actor(a) for a in event.recipients],
        "dead": figure(event, "dead"),
        "injured": figure(event, "injured"),
        "arrested": figure(event, "arrested"),
        "corroboration": event.corroboration,
        "sources": list(event.sources),
        "reports": [_report(r) for r in event.reports],
        "merge_reasons": list(event.merge_reasons),
    }


def _batches(events: Iterable[Event], size: int) -> Iterator[list[Event]]:
    it = iter(events)
    while batch := list(islice(it, size)):
        yield batch


def write(events: Iterable[Event], out: IO[bytes], options: ExportOptions) -> int:
    rows = 0
    with pq.ParquetWriter(out, SCHEMA) as writer:
        for batch in _batches(events, max(1, options.batch_rows)):
            writer.write_table(pa.Table.from_pylist([parquet_row(e) for e in batch], schema=SCHEMA))
            rows += len(batch)
        if rows == 0:
            # An empty export is still a file with the schema, not zero bytes.
            writer.write_table(SCHEMA.empty_table())
    return rows
