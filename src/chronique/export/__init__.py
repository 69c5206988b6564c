"""Exports: stored events in the formats other tools read.

    FORMATS["acled"].media_type        # "text/csv; charset=utf-8"
    export_events(store.events(flt), "geojson", handle)   # → rows written

| name      | what                                   | module        |
|-----------|----------------------------------------|---------------|
| `plover`  | PLOVER/POLECAT-style JSON Lines        | `plover.py`   |
| `acled`   | ACLED-style CSV (ACLED's columns)      | `acled.py`    |
| `cameo`   | CAMEO-coded dyadic TSV                 | `cameo.py`    |
| `geojson` | GeoJSON FeatureCollection (RFC 7946)   | `geojson.py`  |
| `parquet` | Parquet, explicit nested Arrow schema  | `parquet.py`  |

Every writer streams: it takes an iterable of events (a store query) and writes as it goes.
A format's module is imported when it is first used (pyarrow only for Parquet). README.md
beside this file documents every field and mapping.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import IO

from chronique.errors import ChroniqueError
from chronique.export.options import ExportOptions
from chronique.records import Event

__all__ = ["FORMATS", "ExportFormat", "ExportOptions", "UnknownFormatError", "export_events"]


class UnknownFormatError(ChroniqueError, ValueError):
    """An export format name that is not in `FORMATS`."""


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format: its name, what to call and label the file, and its writer."""

    name: str
    media_type: str
    suffix: str
    description: str
    module: str

    def write(self, events: Iterable[Event], out: IO[bytes], options: ExportOptions) -> int:
        """Write `events` to the binary stream `out`; return the rows written."""
        writer = importlib.import_module(f"chronique.export.{self.module}")
        rows: int = writer.write(events, out, options)
        return rows


FORMATS: Mapping[str, ExportFormat] = MappingProxyType(
    {
        f.name: f
        for f in (
            ExportFormat(
                "plover",
                "application/x-ndjson",
                ".jsonl",
                "PLOVER/POLECAT-style JSON Lines, one event per line with its evidence",
                "plover",
            ),
            ExportFormat(
                "acled",
                "text/csv; charset=utf-8",
                ".csv",
                "ACLED-style CSV: ACLED's columns, precision codes and event types",
                "acled",
            ),
            ExportFormat(
                "cameo",
                "text/tab-separated-values; charset=utf-8",
                ".tsv",
                "CAMEO-coded TSV, one row per source-target dyad",
                "cameo",
            ),
            ExportFormat(
                "geojson",
                "application/geo+json",
                ".geojson",
                "GeoJSON FeatureCollection of the events with coordinates",
                "geojson",
            ),
            ExportFormat(
                "parquet",
                "application/vnd.apache.parquet",
                ".parquet",
                "Parquet with nested actor and report columns",
                "parquet",
            ),
        )
    }
)


def export_events(
    events: Iterable[Event],
    fmt: str,
    out: IO[bytes],
    *,
    options: ExportOptions | None = None,
) -> int:
    """Write `events` in format `fmt` to `out` (a binary stream, left open); rows written.

    Rows are events, except for `cameo` (one row per actor pair) and `geojson` (events
    without coordinates are left out).
    """
    found = FORMATS.get(fmt)
    if found is None:
        raise UnknownFormatError(
            f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}"
        )
    return found.write(events, out, options or ExportOptions())
