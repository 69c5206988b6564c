"""What every response and every write request of `chronique serve` goes through.

* Secure headers on every response: a Content-Security-Policy that allows scripts and
  styles from the server itself only (the web UI has no inline script: the map's points
  travel in a `<script type="application/json">` block, which is data, not code), no
  framing (clickjacking), no MIME sniffing, no Referer leaving the site. The Swagger page
  (/docs) is FastAPI's and has one inline script: it is allowed by its SHA-256 hash,
  computed from the page as served, so the exception is that script and nothing else.
* A limit on the size of request bodies (setting api_max_body_bytes), checked before the
  body reaches a route: 413 with the limit.
* Rate limits on write requests (POST, PUT, PATCH, DELETE): an in-memory token bucket
  per bearer token, signed-in browser or client address (settings api_write_rate_per_minute
  and api_write_burst): 429 with Retry-After. In memory: one server process, forgotten at
  restart — enough to stop a runaway script, not a distributed attack.
* CORS off unless the setting api_cors_origins names the origins allowed to read the API
  from a browser.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from chronique.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Pages whose inline scripts are allowed by hash: FastAPI's Swagger UI page only.
HASHED_PAGES = frozenset({"/docs"})
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)
# Swagger UI sets style attributes from its scripts; styles cannot run code.
_DOCS_STYLE = "style-src 'self' 'unsafe-inline'"


def secure_headers(policy: str = POLICY) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]


def docs_policy(body: bytes) -> str:
    """POLICY with the page's inline scripts allowed by their SHA-256 hashes."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(found).digest()).decode() + "'"
        for found in _INLINE_SCRIPT.findall(body)
    )
    return POLICY.replace("script-src 'self'", f"script-src 'self' {hashes}".rstrip()).replace(
        "style-src 'self'", _DOCS_STYLE
    )


class TokenBuckets:
    """One bucket per client: `burst` requests at once, refilled at `per_minute`."""

    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when the request may go ahead (and it is counted), else seconds to wait."""
        now = self.clock()
        with self._lock:
            tokens, then = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - then) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > 100_000:  # a flood of addresses: forget the full ones
                self._buckets = {k: v for k, v in self._buckets.items() if v[0] < self.burst}
            return (1.0 - tokens) / self.rate if self.rate > 0 else 3600.0


def client_key(scope: Scope) -> str:
    """Who is writing: the bearer token's id, the signed-in cookie, else the address."""
    headers = dict(scope.get("headers") or [])
    authorization = headers.get(b"authorization", b"").decode("latin-1")
    if authorization.lower().startswith("bearer "):
        # chq_<id>_<secret>: the id names the token; the secret is never kept.
        parts = authorization[7:].strip().split("_")
        return "token:" + (
            parts[1] if len(parts) == 3 else hashlib.sha256(authorization.encode()).hexdigest()[:16]
        )
    cookie = headers.get(b"cookie", b"")
    if b"chronique_token=" in cookie:
        return "cookie:" + hashlib.sha256(cookie).hexdigest()[:16]
    client = scope.get("client")
    return "ip:" + (str(client[0]) if client else "?")


async def _answer(
    send: Send, status: int, detail: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *secure_headers(),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware: it would buffer every streamed export)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.max_body = settings.api_max_body_bytes
        self.buckets = TokenBuckets(settings.api_write_rate_per_minute, settings.api_write_burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = str(scope.get("method", "GET")).upper()
        if method in WRITE_METHODS:
            wait = self.buckets.take(client_key(scope))
            if wait > 0:
                await _answer(
                    send,
                    429,
                    "too many write requests: slow down (settings api_write_rate_per_minute, "
                    "api_write_burst)",
                    [(b"retry-after", str(max(1, round(wait))).encode())],
                )
                return
        body_receive = await self._body(scope, receive, send)
        if body_receive is None:
            return
        await self.app(scope, body_receive, self._with_headers(scope, send))

    async def _body(self, scope: Scope, receive: Receive, send: Send) -> Receive | None:
        """What the app reads the body from: the body read here, whole, when it is within
        the limit; `receive` itself for requests that declare none; None once an error
        has been answered."""
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        too_big = (
            f"request body too large: the limit is {self.max_body} bytes "
            "(setting api_max_body_bytes)"
        )
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _answer(send, 400, "bad Content-Length header")
                return None
            if size > self.max_body:
                await _answer(send, 413, too_big)
                return None
            if size == 0:
                return receive
        elif b"chunked" not in headers.get(b"transfer-encoding", b""):
            return receive
        # Read it here, counting: a chunked body or a lying Content-Length is cut off at
        # the limit instead of being read whole by the route.
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_body:
                await _answer(send, 413, too_big)
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return _replay(b"".join(chunks), receive)

    def _with_headers(self, scope: Scope, send: Send) -> Send:
        path = str(scope.get("path", ""))
        if path not in HASHED_PAGES:

            async def add(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = _merged(message.get("headers") or [], secure_headers())
                await send(message)

            return add
        held: list[Message] = []

        async def hashed(message: Message) -> None:
            # The docs page is small and sent in one piece: hold it, hash its scripts.
            held.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                start, *bodies = held
                body = b"".join(m.get("body", b"") for m in bodies)
                policy = docs_policy(body)
                start["headers"] = _merged(start.get("headers") or [], secure_headers(policy))
                await send(start)
                await send({"type": "http.response.body", "body": body})

        return hashed


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect as usual

    return again


def _merged(
    headers: list[tuple[bytes, bytes]], ours: list[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    names = {name for name, _ in ours}
    return [(n, v) for n, v in headers if n.lower() not in names] + ours


def secure(app: FastAPI, settings: Settings) -> None:
    """Install the headers, body limit and rate limits, and CORS when origins are set.

    Called by `create_app`. CORS goes inside: a browser's preflight is a read, and the
    answers CORS makes get the secure headers too.
    """
    if settings.api_cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.api_cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityMiddleware, settings=settings)
