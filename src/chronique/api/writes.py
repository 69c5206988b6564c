"""The write routes of the REST API: reviews of events (reviewer) and tokens (admin)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from chronique.api.auth import require
from chronique.api.state import AppState
from chronique.api.views import event_summary
from chronique.records import to_jsonable
from chronique.store import reviews as review
from chronique.store.codec import event_to_dict
from chronique.store.core import Store
from chronique.store.tokens import Role, Token, TokenError, create_token, list_tokens, revoke_token

router = APIRouter(prefix="/api")
JSON = dict[str, Any]
Reviewer = Annotated[Token, Depends(require("reviewer"))]
Admin = Annotated[Token, Depends(require("admin"))]


class ReviewIn(BaseModel):
    """One review of an event."""

    action: review.Action = Field(
        description="confirm: it stands as coded; correct: set `field` to `value`; reject: "
        "not an event; merge: `events` are the same event (kept: this one); split: undo "
        "the merges into this event."
    )
    field: str | None = Field(None, description="With correct: " + ", ".join(review.FIELDS) + ".")
    value: Any = Field(
        None,
        description='With correct: the new value as in the event\'s JSON, e.g. "alleged", '
        '{"start": "2015-10-06", "end": "2015-10-06", "precision": "day"}, '
        '[{"text": "l\'armée", "country": "SYR", "sector": "MIL"}].',
    )
    events: list[str] = Field(default_factory=list, description="With merge: the other events.")
    note: str | None = Field(None, description="Why, in the reviewer's words.")


class TokenIn(BaseModel):
    name: str = Field(description="Who or what uses the token.")
    role: Role = "reviewer"


def apply_review(store: Store, event_id: str, body: ReviewIn, who: str) -> JSON:
    """Apply one review to the event and log it; the result says what the store now holds."""
    found = store.event(event_id)
    if found is None:
        raise HTTPException(404, f"no single event with id {event_id!r}")
    try:
        if body.action == "confirm":
            done = review.confirm(store, found.id, who=who, note=body.note)
            return {"review": to_jsonable(done), "event": event_to_dict(found)}
        if body.action == "correct":
            if not body.field:
                raise review.ReviewError("a correction names its field")
            fixed, done = review.correct(
                store, found.id, body.field, body.value, who=who, note=body.note
            )
            return {"review": to_jsonable(done), "event": event_to_dict(fixed)}
        if body.action == "reject":
            done = review.reject(store, found.id, who=who, note=body.note)
            return {"review": to_jsonable(done), "event": None}
        if body.action == "merge":
            merged = review.merge(store, found.id, body.events, who=who, note=body.note)
            return {"event": event_to_dict(merged)}
        parts = review.split(store, found.id, who=who, note=body.note)
        return {"events": [event_summary(e) for e in parts]}
    except review.UnknownEvent as exc:
        raise HTTPException(404, str(exc)) from exc
    except review.ReviewError as exc:
        raise HTTPException(400, str(exc)) from exc


@router.post("/events/{event_id}/reviews", tags=["reviews"], status_code=201)
def post_review(request: Request, event_id: str, body: ReviewIn, token: Reviewer) -> JSON:
    """Review an event (reviewer or admin token): confirm, correct a field, reject, merge,
    split. The change is applied to the stored event and logged with who and when."""
    state: AppState = request.app.state.chronique
    with state.store() as store:
        return apply_review(store, event_id, body, token.name)


@router.get("/tokens", tags=["tokens"])
def tokens(request: Request, token: Admin) -> JSON:
    """Every token (active or revoked), without secrets. Admin only."""
    state: AppState = request.app.state.chronique
    with state.store() as store:
        return {"tokens": [to_jsonable(t) for t in list_tokens(store)]}


@router.post("/tokens", tags=["tokens"], status_code=201)
def new_token(request: Request, body: TokenIn, token: Admin) -> JSON:
    """Create a token; the answer holds its text, shown this once. Admin only."""
    state: AppState = request.app.state.chronique
    with state.store() as store:
        try:
            made, text = create_token(store, body.name, body.role)
        except TokenError as exc:
            raise HTTPException(400, str(exc)) from exc
    return {"token": to_jsonable(made), "text": text}


@router.delete("/tokens/{token_id}", tags=["tokens"])
def delete_token(request: Request, token_id: str, token: Admin) -> JSON:
    """Revoke a token (it stays listed, revoked). Admin only."""
    state: AppState = request.app.state.chronique
    with state.store() as store:
        try:
            gone = revoke_token(store, token_id)
        except TokenError as exc:
            raise HTTPException(404, str(exc)) from exc
    return {"revoked": True, "token": to_jsonable(gone)}
