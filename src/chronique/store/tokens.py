"""Bearer tokens for the API's write routes, kept hashed in the store (migration 5).

A token reads `chq_<id>_<secret>`: the id finds its row, the secret is checked against a
salted SHA-256. The secret is 256 random bits, so a fast hash is enough — slow hashes
(scrypt) protect guessable passwords, and would cost every write request tens of
milliseconds. The full token is returned once, at creation, and never stored.

Roles rank reader < reviewer < admin: a reader token writes nothing, a reviewer reviews
events, an admin also manages tokens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal, cast

from chronique.errors import ChroniqueError
from chronique.store.core import Store

Role = Literal["reader", "reviewer", "admin"]
ROLES: tuple[Role, ...] = ("reader", "reviewer", "admin")
PREFIX = "chq"


class TokenError(ChroniqueError):
    """A token cannot be created or revoked as asked (unknown role, unknown token)."""


@dataclass(frozen=True, slots=True)
class Token:
    """A token as listed: everything but its secret."""

    id: str
    name: str
    role: Role
    created_at: str
    revoked_at: str | None
    last_used_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def allows(role: Role, needed: Role) -> bool:
    """Whether a token of `role` may do what needs `needed`."""
    return ROLES.index(role) >= ROLES.index(needed)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _digest(salt: str, secret: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode("utf-8")).hexdigest()


def create_token(store: Store, name: str, role: str) -> tuple[Token, str]:
    """A new token for `name` with `role`; returns it and the full token text (shown once)."""
    if role not in ROLES:
        raise TokenError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if not name.strip():
        raise TokenError("a token needs a name (who or what uses it)")
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_hex(16)
    created = _now()
    store.backend.execute(
        "INSERT INTO api_tokens (id, name, role, salt, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (token_id, name.strip(), role, salt, _digest(salt, secret), created),
    )
    token = Token(token_id, name.strip(), role, created, None, None)
    return token, f"{PREFIX}_{token_id}_{secret}"


def list_tokens(store: Store) -> list[Token]:
    rows = store.backend.rows(
        "SELECT id, name, role, created_at, revoked_at, last_used_at FROM api_tokens "
        "ORDER BY created_at, id"
    )
    return [Token(r[0], r[1], cast(Role, r[2]), r[3], r[4], r[5]) for r in rows]


def has_active_tokens(store: Store) -> bool:
    """Whether any token can write: with none, the API is read-only."""
    return bool(store.backend.rows("SELECT 1 FROM api_tokens WHERE revoked_at IS NULL LIMIT 1"))


def revoke_token(store: Store, token_id: str) -> Token:
    """Revoke a token by id (or by its full text); it stays listed, revoked."""
    token_id = _split(token_id)[0] if token_id.startswith(PREFIX + "_") else token_id
    changed = store.backend.execute(
        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        (_now(), token_id),
    )
    found = [t for t in list_tokens(store) if t.id == token_id]
    if not found:
        raise TokenError(f"no token with id {token_id!r}")
    if not changed:
        raise TokenError(f"token {token_id} was already revoked on {found[0].revoked_at}")
    return found[0]


def _split(text: str) -> tuple[str, str]:
    parts = text.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return "", ""
    return parts[1], parts[2]


def verify_token(store: Store, text: str) -> Token | None:
    """The active token `text` is, or None (unknown, malformed, wrong secret, revoked)."""
    token_id, secret = _split(text)
    if not token_id:
        return None
    rows = store.backend.rows(
        "SELECT salt, hash, name, role, created_at, revoked_at FROM api_tokens WHERE id = ?",
        (token_id,),
    )
    if not rows:
        return None
    salt, digest, name, role, created, revoked = rows[0]
    if not hmac.compare_digest(_digest(salt, secret), digest) or revoked is not None:
        return None
    used = _now()
    store.backend.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", (used, token_id))
    return Token(token_id, name, cast(Role, role), created, None, used)
