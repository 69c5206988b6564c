"""Who may write: bearer tokens (API) or the token cookie of a signed-in browser (web).

The API is read-only until a token exists (`chronique token create`): every write route
answers 403 and says so. With tokens, a write needs an active token of a role that allows
it: 401 without one (or with an unknown or revoked one), 403 with too low a role.

The web UI signs in by pasting a token once; it is kept in an HttpOnly, SameSite=Strict
cookie, and every form also carries a field derived from it (CSRF), so another site can
neither read the token nor post a form with it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from chronique.api.state import AppState
from chronique.store.tokens import Role, Token, allows, has_active_tokens, verify_token

COOKIE = "chronique_token"
bearer = HTTPBearer(
    auto_error=False,
    description="A token from `chronique token create --role reviewer --name NAME`.",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def authorize(state: AppState, text: str | None, needed: Role) -> Token:
    """The token `text` if it may do what needs `needed`; else the HTTP error to answer."""
    with state.store() as store:
        if not has_active_tokens(store):
            raise HTTPException(
                403,
                "this server is read-only: no API token exists yet "
                "(create one with `chronique token create --role reviewer --name NAME`)",
            )
        if not text:
            raise HTTPException(
                401, "a bearer token is needed to write", {"WWW-Authenticate": "Bearer"}
            )
        token = verify_token(store, text)
    if token is None:
        raise HTTPException(401, "unknown or revoked token", {"WWW-Authenticate": "Bearer"})
    if not allows(token.role, needed):
        raise HTTPException(403, f"a {token.role} token cannot do this: it needs {needed}")
    return token


def require(needed: Role) -> Callable[..., Token]:
    """A dependency: the request's bearer token, allowed to do what needs `needed`."""

    def dependency(request: Request, credentials: Credentials) -> Token:
        text = credentials.credentials if credentials else None
        return authorize(request.app.state.chronique, text, needed)

    return dependency


def csrf_field(state: AppState, token_text: str) -> str:
    """The value web forms carry to prove they were served to the token's holder."""
    return hmac.new(state.form_key, token_text.encode("utf-8"), hashlib.sha256).hexdigest()


def web_token(request: Request, needed: Role, csrf: str | None) -> Token:
    """The signed-in browser's token for a form post, checked like a bearer token."""
    state: AppState = request.app.state.chronique
    text = request.cookies.get(COOKIE) or ""
    token = authorize(state, text, needed)
    if not csrf or not hmac.compare_digest(csrf, csrf_field(state, text)):
        raise HTTPException(403, "this form is stale or was not served by Chronique: reload it")
    return token
