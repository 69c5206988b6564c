"""The web UI: server-rendered pages, each with a JSON twin.

Every page is a Jinja2 template rendered from a plain JSON dictionary; the same path with
`.json` (or `?format=json`) returns that dictionary. Templates autoescape everything, so
article text (sentences, titles, names) always shows as text, never as markup.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from chronique.api.auth import COOKIE, csrf_field, web_token
from chronique.api.evidence import segments
from chronique.api.params import FILTERS, EventQuery, encode_cursor, event_query
from chronique.api.state import AppState
from chronique.api.views import document_json, event_detail, event_summary, point_json
from chronique.api.writes import ReviewIn, apply_review
from chronique.ontology import load_ontology
from chronique.records import MODALITIES, to_jsonable
from chronique.store.core import Bucket
from chronique.store.reviews import FIELDS, reviews
from chronique.store.tokens import verify_token
from chronique.web.timeline import chart

HERE = Path(__file__).resolve().parent
# Autoescape on for every template, whatever its name: article text is untrusted.
templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
)
router = APIRouter(include_in_schema=False)
Filters = Annotated[EventQuery, Depends(event_query)]
JSON = dict[str, Any]


def wants_html(request: Request) -> bool:
    """Whether the request is for a page (not the API, a JSON twin, or a static file)."""
    path = request.url.path
    return not (
        path.startswith(("/api/", "/static/", "/openapi"))
        or path.endswith(".json")
        or request.query_params.get("format") == "json"
    )


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.chronique
    return state


def _signed_in(request: Request) -> JSON | None:
    """The signed-in browser's token (name, role) and its form field, or None."""
    text = request.cookies.get(COOKIE)
    if not text:
        return None
    state = _state(request)
    with state.store() as store:
        token = verify_token(store, text)
    if token is None:
        return None
    return {"name": token.name, "role": token.role, "csrf": csrf_field(state, text)}


def render(request: Request, template: str, data: JSON, status: int = 200) -> Response:
    """The page, or its JSON twin: `data` as is."""
    if not wants_html(request):
        return JSONResponse(data, status)
    context = {
        "data": data,
        "user": _signed_in(request),
        "filter_help": FILTERS,
        "types": sorted(load_ontology().types),
        "modalities": MODALITIES,
        "path": request.url.path,
    }
    return templates.TemplateResponse(request, template, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", {"status": status, "error": message}, status)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/map", 302)


def _filters(query: EventQuery) -> JSON:
    return {k: v for k, v in query.values.items() if k != "limit"}


@router.get("/map")
@router.get("/map.json")
def map_page(request: Request, query: Filters) -> Response:
    state = _state(request)
    most = state.settings.map_max_points
    with state.store() as store:
        points = store.map_points(query.filter, limit=most + 1)
        total = store.total(query.filter, most=state.settings.page_count_max)
    data = {
        "filters": _filters(query),
        "points": [point_json(p) for p in points[:most]],
        "truncated": len(points) > most,
        "events": total,
        "events_capped": total >= state.settings.page_count_max,
    }
    return render(request, "map.html", data)


@router.get("/timeline")
@router.get("/timeline.json")
def timeline_page(request: Request, query: Filters, bucket: Bucket = "day") -> Response:
    with _state(request).store() as store:
        bars = store.timeline(query.filter, bucket)
    data = {"filters": _filters(query), "bucket": bucket, "chart": chart(bars, bucket)}
    return render(request, "timeline.html", data)


@router.get("/events")
@router.get("/events.json")
def events_page(request: Request, query: Filters) -> Response:
    most = _state(request).settings.page_count_max
    with _state(request).store() as store:
        page = store.page(query.filter, query.size)
        total = store.total(query.filter, most=most)
    cursor = encode_cursor(page.next) if page.next else None
    data = {
        "filters": _filters(query),
        "total": total,
        "total_capped": total >= most,
        "events": [event_summary(e) for e in page.events],
        "next": query.link(request.url.path, cursor=cursor) if cursor else None,
    }
    return render(request, "events.html", data)


def _editable(data: JSON) -> JSON:
    """The correctable fields' current values, as the review forms prefill them."""
    shown: JSON = {}
    for name in FIELDS:
        value = data.get(name)
        if name in ("place", "date") and isinstance(value, dict):
            value = {k: v for k, v in value.items() if v is not None}
        elif name in ("actors", "recipients") and isinstance(value, list):
            value = [{k: v for k, v in a.items() if v is not None} for a in value]
        shown[name] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown


# Decorators apply bottom-up: the .json route is tried first, or the id would take it.
@router.get("/events/{event_id}")
@router.get("/events/{event_id}.json")
def event_page(request: Request, event_id: str) -> Response:
    state = _state(request)
    with state.store() as store:
        event = store.event(event_id)
        if event is None:
            raise HTTPException(404, f"no single event with id {event_id!r}")
        data = event_detail(store, event, state.settings)
    for report, shown in zip(event.reports, data["reports"], strict=True):
        shown["segments"] = [to_jsonable(s) for s in segments(report)]
    data["editable"] = _editable(data)
    data["modes"] = list(load_ontology().types[event.type].modes)
    return render(request, "event.html", data)


@router.post("/events/{event_id}/review")
def review_form(
    request: Request,
    event_id: str,
    action: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    field: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    events: Annotated[str, Form()] = "",
) -> Response:
    """A review form of the event page: applied like the API's, then back to the event."""
    token = web_token(request, "reviewer", csrf)
    parsed: Any = value
    if action == "correct" and value.strip():
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            if field not in ("type", "mode", "modality", "date"):
                raise HTTPException(400, f"{field}: the value is not JSON ({exc})") from exc
    elif action == "correct":
        parsed = None
    try:
        body = ReviewIn.model_validate(
            {
                "action": action,
                "field": field or None,
                "value": parsed,
                "note": note.strip() or None,
                "events": [e for e in events.replace(",", " ").split() if e],
            }
        )
    except ValueError as exc:
        raise HTTPException(400, f"not a review: {exc}") from exc
    with _state(request).store() as store:
        result = apply_review(store, event_id, body, token.name)
    event = result.get("event")
    if isinstance(event, dict):
        return RedirectResponse(f"/events/{event['id']}", 303)
    return RedirectResponse("/reviews", 303)


@router.get("/documents")
@router.get("/documents.json")
def documents_page(request: Request, cursor: str | None = None) -> Response:
    size = _state(request).settings.api_page_size
    with _state(request).store() as store:
        found = store.documents(after=cursor or None, limit=size + 1)
    more = len(found) > size
    data = {
        "documents": [document_json(d) for d in found[:size]],
        "next": f"{request.url.path}?cursor={found[size - 1].id}" if more else None,
    }
    return render(request, "documents.html", data)


# Decorators apply bottom-up: the .json route is tried first, or the id would take it.
@router.get("/documents/{document_id}")
@router.get("/documents/{document_id}.json")
def document_page(request: Request, document_id: str) -> Response:
    with _state(request).store() as store:
        document = store.document(document_id)
        if document is None:
            raise HTTPException(404, f"no document with id {document_id!r}")
        events = [store.event(i) for i in store.document_events(document.id)]
    data = document_json(document, text=True)
    data["events"] = [event_summary(e) for e in events if e is not None]
    return render(request, "document.html", data)


@router.get("/sources")
@router.get("/sources.json")
def sources_page(request: Request) -> Response:
    with _state(request).store() as store:
        data = {"sources": [{"name": n, "events": c} for n, c in store.sources()]}
    return render(request, "sources.html", data)


@router.get("/reviews")
@router.get("/reviews.json")
def reviews_page(request: Request) -> Response:
    with _state(request).store() as store:
        data = {"reviews": [to_jsonable(r) for r in reviews(store, limit=200)]}
    return render(request, "reviews.html", data)


@router.get("/login")
@router.get("/login.json")
def login_page(request: Request) -> Response:
    return render(request, "login.html", {"error": None})


@router.post("/login")
def login(request: Request, token: Annotated[str, Form()]) -> Response:
    """Sign this browser in with a token: kept in an HttpOnly, SameSite=Strict cookie."""
    with _state(request).store() as store:
        found = verify_token(store, token)
    if found is None:
        return render(request, "login.html", {"error": "unknown or revoked token"}, 401)
    response = RedirectResponse("/map", 303)
    response.set_cookie(
        COOKIE,
        token.strip(),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/map", 303)
    response.delete_cookie(COOKIE)
    return response
