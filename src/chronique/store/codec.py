"""Records to JSON and back, for the store's `data` columns and `--json` output."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, cast

from chronique.records import (
    Actor,
    Claim,
    DatePrecision,
    DateRange,
    Event,
    EventReport,
    Modality,
    Outlet,
    Place,
    Precision,
    Size,
    Source,
    SourceKind,
    Span,
)

# Field names of each record class, looked up once: `records.to_jsonable` asks
# `dataclasses.fields` for every nested record, which made JSON encoding the store's main
# cost (70% of an insert of synthetic events, profiled). Same output, 3× faster.
_FIELDS: dict[type, tuple[str, ...]] = {}
# Values that are their own JSON: most fields, passed through without a call.
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """`records.to_jsonable`, with the record classes' fields cached."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    names = _FIELDS.get(value.__class__)
    if names is not None:
        out = {}
        for name in names:
            field = getattr(value, name)
            out[name] = field if field.__class__ in _SCALARS else _plain(field)
        return out
    if isinstance(value, (list, tuple)):
        return [v if v.__class__ in _SCALARS else _plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _FIELDS[value.__class__] = tuple(f.name for f in dataclasses.fields(value))
        return _plain(value)
    return value


def event_to_dict(event: Event) -> dict[str, Any]:
    """An event as JSON, with its CAMEO code beside the PLOVER coding (for comparison)."""
    from chronique.ontology import load_ontology

    data: dict[str, Any] = _plain(event)
    cameo = load_ontology().cameo(event.type, event.mode)
    data["cameo"] = cameo.code if cameo else None
    return data


def _span(d: dict[str, Any]) -> Span:
    return Span(int(d["start"]), int(d["end"]), str(d["text"]))


def _actor(d: dict[str, Any]) -> Actor:
    return Actor(
        text=d["text"],
        country=d.get("country"),
        sector=d.get("sector"),
        name=d.get("name"),
        identifier=d.get("identifier"),
        start=d.get("start"),
        end=d.get("end"),
    )


def _place(d: dict[str, Any] | None) -> Place | None:
    if d is None:
        return None
    return Place(
        text=d["text"],
        name=d.get("name"),
        geonames_id=d.get("geonames_id"),
        lat=d.get("lat"),
        lon=d.get("lon"),
        country=d.get("country"),
        admin1=d.get("admin1"),
        precision=cast("Precision | None", d.get("precision")),
        start=d.get("start"),
        end=d.get("end"),
        feature_code=d.get("feature_code"),
        inferred=d.get("inferred"),
    )


def _date(d: dict[str, Any] | None) -> DateRange | None:
    if d is None:
        return None
    return DateRange(
        dt.date.fromisoformat(d["start"]),
        dt.date.fromisoformat(d["end"]),
        cast(DatePrecision, d["precision"]),
        d.get("text"),
    )


def _size(d: dict[str, Any] | None) -> Size | None:
    if d is None:
        return None
    return Size(dead=d.get("dead"), injured=d.get("injured"), arrested=d.get("arrested"))


def _report(d: dict[str, Any]) -> EventReport:
    return EventReport(
        document_id=d["document_id"],
        sentence=_span(d["sentence"]),
        trigger=_span(d["trigger"]),
        type=d["type"],
        mode=d.get("mode"),
        actors=tuple(_actor(a) for a in d.get("actors", [])),
        recipients=tuple(_actor(a) for a in d.get("recipients", [])),
        place=_place(d.get("place")),
        date=_date(d.get("date")),
        size=_size(d.get("size")),
        modality=cast(Modality, d.get("modality", "asserted")),
        attribution=tuple(
            Source(s["text"], s["name"], cast(SourceKind, s.get("kind", "unknown")))
            for s in d.get("attribution", [])
        ),
        confidence=float(d.get("confidence", 0.5)),
        reciprocal=bool(d.get("reciprocal")),
        paragraph=int(d.get("paragraph", 0)),
        lemma=d.get("lemma", ""),
        headline=bool(d.get("headline")),
        anaphoric=bool(d.get("anaphoric")),
        demonstrative=bool(d.get("demonstrative")),
        elaboration=bool(d.get("elaboration")),
    )


def event_from_dict(d: dict[str, Any]) -> Event:
    """The inverse of `event_to_dict` (derived fields such as `cameo` are dropped)."""
    return Event(
        id=d["id"],
        type=d["type"],
        mode=d.get("mode"),
        actors=tuple(_actor(a) for a in d.get("actors", [])),
        recipients=tuple(_actor(a) for a in d.get("recipients", [])),
        place=_place(d.get("place")),
        date=_date(d.get("date")),
        modality=cast(Modality, d.get("modality", "asserted")),
        reports=tuple(_report(r) for r in d.get("reports", [])),
        sources=tuple(d.get("sources", [])),
        corroboration=int(d.get("corroboration", 1)),
        merge_reasons=tuple(d.get("merge_reasons", [])),
        # Absent from events stored before cross-document linking: their defaults.
        outlets=tuple(_outlet(o) for o in d.get("outlets", [])),
        claims=tuple(_claim(c) for c in d.get("claims", [])),
        link_reasons=tuple(d.get("link_reasons", [])),
    )


def _outlet(d: dict[str, Any]) -> Outlet:
    published = d.get("published")
    return Outlet(
        document_id=d["document_id"],
        publisher=d.get("publisher"),
        url=d.get("url"),
        title=d.get("title"),
        published=dt.date.fromisoformat(published) if published else None,
        agency=d.get("agency"),
        language=d.get("language"),
        wire_group=d.get("wire_group"),
    )


def _claim(d: dict[str, Any]) -> Claim:
    return Claim(
        source=d["source"],
        modality=cast(Modality, d.get("modality", "asserted")),
        size=_size(d.get("size")),
        documents=tuple(d.get("documents", [])),
    )
