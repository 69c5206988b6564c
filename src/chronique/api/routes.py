"""The read routes of the REST API, under /api/: events, documents, sources, counts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from chronique.api.params import EventQuery, encode_cursor, event_query
from chronique.api.state import AppState
from chronique.api.views import document_json, event_detail, point_json
from chronique.records import to_jsonable
from chronique.store.codec import event_to_dict
from chronique.store.core import Store
from chronique.store.reviews import gold_lines, reviews

router = APIRouter(prefix="/api")
Filters = Annotated[EventQuery, Depends(event_query)]
JSON = dict[str, Any]


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.chronique
    return state


def list_events(store: Store, query: EventQuery) -> JSON:
    """A page of events and the cursor of the next one (null on the last page)."""
    page = store.page(query.filter, query.size)
    return {
        "events": [event_to_dict(e) for e in page.events],
        "count": len(page.events),
        "next": encode_cursor(page.next) if page.next else None,
    }


@router.get("/events", tags=["events"])
def events(request: Request, query: Filters) -> JSON:
    """Events in date order (undated last) that pass every filter given, a page at a time:
    pass `next` back as `cursor` for the following page."""
    with state_of(request).store() as store:
        return list_events(store, query)


@router.get("/events/{event_id}", tags=["events"])
def event(request: Request, event_id: str) -> JSON:
    """One event (by id or unambiguous id prefix) with all its reports: the sentence, the
    marked evidence (trigger, actors, place, source), the document and the attribution
    chain of each; its reviews; and the events near it in place and time."""
    state = state_of(request)
    with state.store() as store:
        found = store.event(event_id)
        if found is None:
            raise HTTPException(404, f"no single event with id {event_id!r}")
        return event_detail(store, found, state.settings)


@router.get("/events/{event_id}/reviews", tags=["reviews"])
def event_reviews(request: Request, event_id: str) -> JSON:
    """Every review of one event, newest first."""
    with state_of(request).store() as store:
        return {"reviews": [to_jsonable(r) for r in reviews(store, event_id, limit=None)]}


@router.get("/documents", tags=["documents"])
def documents(
    request: Request,
    language: Annotated[str | None, Query(description="ISO 639-1 code, e.g. fr.")] = None,
    agency: Annotated[str | None, Query(description="Wire agency, e.g. ATS.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Documents per page.")] = 50,
    cursor: Annotated[str | None, Query(description="The `next` of the previous page.")] = None,
) -> JSON:
    """Stored documents in id order, without their text, with how many events cite them."""
    with state_of(request).store() as store:
        found = store.documents(
            after=cursor or None, limit=limit + 1, language=language or None, agency=agency
        )
    more = len(found) > limit
    return {
        "documents": [document_json(d) for d in found[:limit]],
        "next": found[limit - 1].id if more else None,
    }


@router.get("/documents/{document_id}", tags=["documents"])
def document(request: Request, document_id: str) -> JSON:
    """One document with its text and the ids of the events it reports, in text order."""
    with state_of(request).store() as store:
        found = store.document(document_id)
        if found is None:
            raise HTTPException(404, f"no document with id {document_id!r}")
        out = document_json(found, text=True)
        out["events"] = store.document_events(found.id)
    return out


@router.get("/sources", tags=["sources"])
def sources(request: Request) -> JSON:
    """Sources (origins of attribution chains and wire agencies), most events first."""
    with state_of(request).store() as store:
        return {"sources": [{"name": n, "events": c} for n, c in store.sources()]}


@router.get("/counts", tags=["counts"])
def counts(
    request: Request,
    query: Filters,
    by: Annotated[
        Literal["day", "month", "year", "type", "country", "mode", "modality", "language"],
        Query(description="Count per start day, month or year, or per type, country…"),
    ] = "type",
) -> JSON:
    """How many events pass the filters, per day (month, year: dated events by their start
    day), type, country (each country an event involves), mode, modality or language."""
    with state_of(request).store() as store:
        if by == "day" or by == "month" or by == "year":
            totals: dict[str, int] = {}
            for bar in store.timeline(query.filter, by):
                key = bar.day.isoformat()[: {"day": 10, "month": 7, "year": 4}[by]]
                totals[key] = totals.get(key, 0) + bar.count
            rows = sorted(totals.items())
        else:
            rows = store.count_events(query.filter, by)
    return {"by": by, "counts": [{"key": k, "count": n} for k, n in rows]}


@router.get("/timeline", tags=["counts"])
def timeline(
    request: Request,
    query: Filters,
    bucket: Annotated[Literal["day", "month", "year"], Query()] = "day",
) -> JSON:
    """Events per start day (month, year) and type: the bars of a timeline."""
    with state_of(request).store() as store:
        bars = store.timeline(query.filter, bucket)
    return {
        "bucket": bucket,
        "bars": [{"day": b.day.isoformat(), "type": b.type, "count": b.count} for b in bars],
    }


@router.get("/map", tags=["events"])
def map_points(request: Request, query: Filters) -> JSON:
    """Events with coordinates that pass the filters, at most `map_max_points` (settings):
    enough to draw and link a marker each."""
    state = state_of(request)
    most = state.settings.map_max_points
    with state.store() as store:
        points = store.map_points(query.filter, limit=most + 1)
    return {
        "points": [point_json(p) for p in points[:most]],
        "truncated": len(points) > most,
    }


@router.get("/reviews", tags=["reviews"])
def review_log(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=10000)] = 200,
) -> JSON:
    """The latest reviews of any event, newest first: who changed what, when."""
    with state_of(request).store() as store:
        return {"reviews": [to_jsonable(r) for r in reviews(store, limit=limit)]}


@router.get(
    "/reviews/gold",
    tags=["reviews"],
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
def review_gold(request: Request) -> StreamingResponse:
    """The reviewed documents as gold (JSONL, the format of GOLD.md): reviewed events are
    required, rejected ones absent, unreviewed ones optional — `chronique eval` scores it."""
    with state_of(request).store() as store:
        lines = [json.dumps(line, ensure_ascii=False) + "\n" for line in gold_lines(store)]

    def body() -> Iterator[bytes]:
        for line in lines:
            yield line.encode("utf-8")

    return StreamingResponse(
        body(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="reviewed-gold.jsonl"'},
    )
