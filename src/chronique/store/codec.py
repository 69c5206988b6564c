"""Records to JSON and back, for the store's `data` columns and `--json` output."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from chronique.records import (
    Actor,
    DatePrecision,
    DateRange,
    Event,
    EventReport,
    Modality,
    Place,
    Precision,
    Size,
    Source,
    SourceKind,
    Span,
    to_jsonable,
)


def event_to_dict(event: Event) -> dict[str, Any]:
    """An event as JSON, with its CAMEO code beside the PLOVER coding (for comparison)."""
    from chronique.ontology import load_ontology

    data: dict[str, Any] = to_jsonable(event)
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
    )
