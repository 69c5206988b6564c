"""Run the pipeline on gold documents and express what it found in the gold format.

Gold documents carry their own text and metadata; they go through the same cleaner as any
ingested file (the cleaner masks, so every offset still points into the gold text), then
through `Pipeline.code`. Each predicted event carries `sentence` (and `sentences` when it
was reported in several), so the scorer — or anyone — can match it against the gold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from chronique.evaluation.gold import GoldDocument
from chronique.ingest import Overrides, build_document
from chronique.ontology import load_ontology
from chronique.pipeline import Pipeline
from chronique.records import Actor, Event, Rejection, to_jsonable


def _actor(actor: Actor) -> dict[str, Any]:
    return {"text": actor.text, "country": actor.country, "sector": actor.sector}


def event_prediction(event: Event, agency: str | None) -> dict[str, Any]:
    """One event in the gold format (GOLD.md) plus its sentence offsets."""
    primary = event.reports[0]
    cameo = load_ontology().cameo(event.type, event.mode)
    sentences = [{"start": r.sentence.start, "end": r.sentence.end} for r in event.reports]
    unique = list({(s["start"], s["end"]): s for s in sentences}.values())
    # The document's own agency is metadata, not a link of the chain (GOLD.md).
    chain = [s for s in primary.attribution if s.name != agency]
    out: dict[str, Any] = {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "trigger": primary.trigger.text,
        "actors": [_actor(a) for a in event.actors],
        "recipients": [_actor(a) for a in event.recipients],
        "place": to_jsonable(event.place) if event.place else None,
        "date": (
            {
                "start": event.date.start.isoformat(),
                "end": event.date.end.isoformat(),
                "precision": event.date.precision,
            }
            if event.date
            else None
        ),
        "attribution": [to_jsonable(s) for s in chain],
        "modality": event.modality,
        "size": to_jsonable(primary.size) if primary.size else None,
        "sentence": unique[0],
        "cameo": cameo.code if cameo else None,
    }
    if len(unique) > 1:
        out["sentences"] = unique
    return out


def predict_document(pipeline: Pipeline, gold: GoldDocument) -> dict[str, Any]:
    """The pipeline's prediction for one gold document (an empty one if it was rejected)."""
    raw = gold.text.encode("utf-8")
    built = build_document(
        gold.text,
        source=f"gold:{gold.id}",
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        overrides=Overrides(published=gold.published, agency=gold.agency, language=gold.language),
        publisher=gold.publisher,
    )
    if isinstance(built, Rejection):
        return {"events": [], "rejection": to_jsonable(built)}
    result = pipeline.code(replace(built, id=gold.id))
    if isinstance(result, Rejection):
        return {"events": [], "rejection": to_jsonable(result)}
    from chronique.resolve.time import find_times

    language = result.document.language or "fr"
    times = [
        {"start": t.start, "end": t.end, "text": t.text, "value": t.value}
        for t in find_times(result.document.text, result.document.published, language)
    ]
    places = [
        {
            "start": p.start,
            "end": p.end,
            "text": p.text,
            "geonames_id": p.geonames_id,
            "lat": p.lat,
            "lon": p.lon,
            "country": p.country,
        }
        for p in result.places
    ]
    actors = [
        {
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "country": m.entry.country,
            "sector": m.entry.sector,
        }
        for m in pipeline.dictionary.matches(result.document.text, result.document.published)
    ]
    return {
        "events": [event_prediction(e, result.document.agency) for e in result.events],
        "times": times,
        "places": places,
        "actors": actors,
    }


def predict(
    pipeline: Pipeline, golds: Iterable[GoldDocument]
) -> Iterator[tuple[str, dict[str, Any]]]:
    for gold in golds:
        yield gold.id, predict_document(pipeline, gold)
