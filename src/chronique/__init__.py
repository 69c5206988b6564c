"""Chronique: news reports in, an event record an analyst can trust out.

The Python API, for notebooks and scripts:

    import datetime as dt
    import chronique

    pipeline = chronique.Pipeline()                     # models load on first use
    doc = chronique.document("...", published=dt.date(2015, 10, 7))
    coded = pipeline.code(doc)                          # Coded(document, events) | Rejection
    with chronique.open_store("events.db") as store:    # or a postgresql:// URL
        store.add_document(coded.document, coded.events)
        events = list(store.events(chronique.EventFilter(country="SYR")))
    frame = chronique.events_frame(events)              # pandas DataFrame, one row per event

Every name is loaded on first use (module `__getattr__`), so `import chronique` reads no
model, no data file and no heavy library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    import datetime as dt
    import os

    from chronique.errors import ChroniqueError
    from chronique.export import FORMATS, export_events
    from chronique.export.frame import events_frame
    from chronique.pipeline import Coded, Pipeline
    from chronique.records import (
        Actor,
        DateRange,
        Document,
        Event,
        EventReport,
        Place,
        Rejection,
        Size,
        Source,
        Span,
    )
    from chronique.settings import Settings
    from chronique.store import EventFilter, Store

# Public name → the module that defines it.
_LAZY: dict[str, str] = {
    "Pipeline": "chronique.pipeline",
    "Coded": "chronique.pipeline",
    "Settings": "chronique.settings",
    "Store": "chronique.store",
    "EventFilter": "chronique.store",
    "events_frame": "chronique.export.frame",
    "export_events": "chronique.export",
    "FORMATS": "chronique.export",
    "ChroniqueError": "chronique.errors",
    **{
        name: "chronique.records"
        for name in (
            "Actor",
            "DateRange",
            "Document",
            "Event",
            "EventReport",
            "Place",
            "Rejection",
            "Size",
            "Source",
            "Span",
        )
    },
}

__all__ = [
    "FORMATS",
    "Actor",
    "ChroniqueError",
    "Coded",
    "DateRange",
    "Document",
    "Event",
    "EventFilter",
    "EventReport",
    "Pipeline",
    "Place",
    "Rejection",
    "Settings",
    "Size",
    "Source",
    "Span",
    "Store",
    "__version__",
    "document",
    "events_frame",
    "export_events",
    "open_store",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'chronique' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def open_store(target: str | os.PathLike[str]) -> Store:
    """The event store at `target`: a SQLite file (created if missing) or a postgresql://
    URL, migrated to the current schema. Use it as a context manager, or call `close()`."""
    from chronique.store import Store

    return Store(target if isinstance(target, str) else str(target))


def document(
    text: str,
    *,
    published: dt.date | None = None,
    language: str | None = None,
    agency: str | None = None,
    title: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    source: str = "python",
) -> Document | Rejection:
    """An article's text as a `Document`, cleaned and identified exactly as `chronique run`
    reads a file (same id for the same text); a blank text is a `Rejection` with its
    reason. `published` is the date relative dates ("mercredi") resolve against."""
    import hashlib

    from chronique.ingest import Overrides, build_document

    return build_document(
        text,
        source=source,
        raw_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        overrides=Overrides(published=published, agency=agency, language=language),
        title=title,
        url=url,
        publisher=publisher,
    )
