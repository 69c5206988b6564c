"""API hardening: headers, CORS, body and rate limits, hashed tokens, roles on every write
route, no 500 from generated requests, and injection payloads on every parameter of every
read route failing safely (no 500, no change in the store, payload escaped in HTML)."""

from __future__ import annotations

import base64
import hashlib
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's TestClient warns about its httpx
    from fastapi.testclient import TestClient

from chronique.api import create_app
from chronique.settings import Settings
from chronique.store import Store
from chronique.store.synthetic import SyntheticEvents
from chronique.store.tokens import create_token

PAYLOADS = (
    "' OR '1'='1",
    "1; DROP TABLE events; --",
    "x' UNION SELECT id, hash, salt FROM api_tokens --",
    '") OR 1=1 --',
    "%' AND 1=0 UNION SELECT sqlite_version() --",
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
)
HTML_PAGES = ("/map", "/events", "/timeline", "/documents", "/sources", "/reviews", "/login")
# What a write route needs, and the smallest body it accepts.
WRITE_ROLE = {
    ("POST", "/api/events/{event_id}/reviews"): "reviewer",
    ("POST", "/api/tokens"): "admin",
    ("DELETE", "/api/tokens/{token_id}"): "admin",
    ("GET", "/api/tokens"): "admin",  # a read, but of who may write: admin only
}
BODIES: dict[str, Any] = {
    "/api/events/{event_id}/reviews": {"action": "confirm", "note": "vu"},
    "/api/tokens": {"name": "bot", "role": "reader"},
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("security") / "events.db"
    with Store(str(path)) as store:
        store.add_batch(list(SyntheticEvents(seed=3).documents(300)))
    return path


def _snapshot(path: Path) -> dict[str, Any]:
    """Row counts and a digest of every table's rows: any change shows."""
    with Store(str(path)) as store:
        tables = [
            r[0]
            for r in store.backend.rows(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                "AND name NOT LIKE '%fts%'"
            )
        ]
        out: dict[str, Any] = {}
        for table in sorted(tables):
            rows = store.backend.rows(f"SELECT * FROM {table}")
            if table == "api_tokens":  # last_used_at moves with every authorised request
                rows = [r[:-1] for r in rows]
            out[table] = (
                len(rows),
                hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest(),
            )
        return out


@pytest.fixture()
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db))) as test_client:
        yield test_client


def _event_id(path: Path) -> str:
    with Store(str(path)) as store:
        return str(store.backend.rows("SELECT id FROM events ORDER BY id LIMIT 1")[0][0])


def test_secure_headers_on_pages_api_errors_and_docs(client: TestClient) -> None:
    for url in ("/map", "/events", "/api/events", "/openapi.json", "/api/nowhere", "/docs"):
        response = client.get(url)
        assert response.headers["x-content-type-options"] == "nosniff", url
        assert response.headers["x-frame-options"] == "DENY", url
        assert response.headers["referrer-policy"] == "no-referrer", url
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        scripts = re.search(r"script-src ([^;]*)", policy)
        assert scripts is not None and "unsafe-inline" not in scripts.group(1), url
    page = client.get("/map").text
    # The UI's own pages have no inline script the policy would block: only data blocks.
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    docs = client.get("/docs")
    inline = re.findall(r"<script>(.*?)</script>", docs.text, re.S)
    assert inline
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in docs.headers["content-security-policy"]


def test_cors_is_off_by_default_and_on_for_the_origins_set(db: Path) -> None:
    evil = {"Origin": "https://evil.example"}
    with TestClient(create_app(str(db))) as plain:
        assert "access-control-allow-origin" not in plain.get("/api/events", headers=evil).headers
        preflight = plain.options(
            "/api/tokens", headers={**evil, "Access-Control-Request-Method": "POST"}
        )
        assert "access-control-allow-origin" not in preflight.headers
    allowed = Settings(api_cors_origins=("https://dash.example",))
    with TestClient(create_app(str(db), settings=allowed)) as open_app:
        ok = open_app.get("/api/events", headers={"Origin": "https://dash.example"})
        assert ok.headers["access-control-allow-origin"] == "https://dash.example"
        assert (
            "access-control-allow-origin" not in open_app.get("/api/events", headers=evil).headers
        )


def test_request_bodies_over_the_limit_are_refused_before_the_route(db: Path) -> None:
    small = Settings(api_max_body_bytes=2_000)
    with TestClient(create_app(str(db), settings=small)) as client:
        big = b'{"name": "' + b"x" * 5_000 + b'"}'
        declared = client.post(
            "/api/tokens", content=big, headers={"Content-Type": "application/json"}
        )
        assert declared.status_code == 413 and "api_max_body_bytes" in declared.text

        def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
            yield b'{"name": "'
            for _ in range(10):
                yield b"x" * 1_000
            yield b'"}'

        streamed = client.post(
            "/api/tokens", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert streamed.status_code == 413
        # A body within the limit reaches the route (403: no token exists yet).
        assert client.post("/api/tokens", json={"name": "a"}).status_code in (401, 403)


def test_write_requests_are_rate_limited_per_client(db: Path) -> None:
    tight = Settings(api_write_rate_per_minute=1.0, api_write_burst=3)
    with TestClient(create_app(str(db), settings=tight)) as client:
        codes = [client.post("/api/tokens", json={"name": "a"}).status_code for _ in range(5)]
        assert codes[:3] != [429] * 3 and codes[3:] == [429, 429], codes
        limited = client.post("/api/tokens", json={"name": "a"})
        assert int(limited.headers["retry-after"]) >= 1
        # Another token is another bucket; reads are never limited.
        other = client.post(
            "/api/tokens", json={"name": "a"}, headers={"Authorization": "Bearer chq_abc_def"}
        )
        assert other.status_code != 429
        assert all(client.get("/api/events").status_code == 200 for _ in range(10))


def test_tokens_are_stored_hashed(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "tokens.db"
    copy.write_bytes(db.read_bytes())
    with Store(str(copy)) as store:
        _, text = create_token(store, "alice", "admin")
        secret = text.split("_", 2)[2]
        dump = "\n".join(repr(row) for row in store.backend.rows("SELECT * FROM api_tokens"))
    assert secret not in dump and text not in dump
    assert secret.encode() not in copy.read_bytes()


def _roles_db(db: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "roles.db"
    path.write_bytes(db.read_bytes())
    with Store(str(path)) as store:
        texts = {
            role: create_token(store, role, role)[1] for role in ("reader", "reviewer", "admin")
        }
    return path, texts


def test_every_write_route_of_the_spec_needs_its_role(db: Path, tmp_path: Path) -> None:
    path, texts = _roles_db(db, tmp_path)
    event_id = _event_id(path)
    with TestClient(create_app(str(path))) as client:
        spec = client.get("/openapi.json").json()
        writes = {
            (method.upper(), route)
            for route, operations in spec["paths"].items()
            for method in operations
            if method.upper() in ("POST", "PUT", "PATCH", "DELETE")
        }
        # Every write route of the spec is one we know the role of: a new one must be added.
        assert writes and writes <= set(WRITE_ROLE), writes - set(WRITE_ROLE)
        for (method, route), needed in WRITE_ROLE.items():
            with Store(str(path)) as store:  # a fresh token to revoke on every try
                victim = create_token(store, "victim", "reader")[0].id
            url = route.format(event_id=event_id, token_id=victim)
            body = BODIES.get(route)

            def call(
                token: str | None, url: str = url, method: str = method, body: Any = body
            ) -> int:
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                return client.request(method, url, json=body, headers=headers).status_code

            assert call(None) == 401, (method, route)
            assert call("chq_nope_nope") == 401, (method, route)
            assert call(texts["reader"]) == 403, (method, route)
            reviewer = call(texts["reviewer"])
            if needed == "admin":
                assert reviewer == 403, (method, route)
            else:
                assert reviewer < 300, (method, route, reviewer)
            assert call(texts["admin"]) < 300, (method, route)


def test_web_form_writes_need_a_signed_in_reviewer(db: Path, tmp_path: Path) -> None:
    path, texts = _roles_db(db, tmp_path)
    event_id = _event_id(path)
    with TestClient(create_app(str(path))) as client:
        form = {"action": "confirm", "csrf": "forged"}
        assert client.post(f"/events/{event_id}/review", data=form).status_code in (401, 403)
        client.cookies.set("chronique_token", texts["reader"])
        assert client.post(f"/events/{event_id}/review", data=form).status_code == 403
        client.cookies.set("chronique_token", texts["reviewer"])
        # The right role but a forged form field: refused (CSRF).
        assert client.post(f"/events/{event_id}/review", data=form).status_code == 403


def test_injection_payloads_on_every_read_parameter_fail_safely(db: Path, tmp_path: Path) -> None:
    path, _ = _roles_db(db, tmp_path)
    before = _snapshot(path)
    with TestClient(create_app(str(path))) as client:
        spec = client.get("/openapi.json").json()
        tried = 0
        for route, operations in spec["paths"].items():
            get = operations.get("get")
            if get is None:
                continue
            params = get.get("parameters", [])
            for payload in PAYLOADS:
                url = re.sub(r"\{event_id\}|\{document_id\}", payload.replace("\\", r"\\"), route)
                url = url.replace("{fmt}", "plover")
                answer = client.get(url)
                assert answer.status_code < 500, (url, answer.text[:300])
                tried += 1
                for param in params:
                    if param["in"] != "query":
                        continue
                    answer = client.get(url.split("?")[0], params={param["name"]: payload})
                    assert answer.status_code < 500, (route, param["name"], payload)
                    tried += 1
        # The web pages read the same filters; their HTML must carry the payload escaped.
        names = ("q", "country", "type", "source", "since", "bbox", "cursor", "language")
        for page in HTML_PAGES:
            for payload in PAYLOADS:
                for name in names:
                    answer = client.get(
                        page, params={name: payload}, headers={"Accept": "text/html"}
                    )
                    assert answer.status_code < 500, (page, name, payload)
                    if "<" in payload:
                        assert payload not in answer.text, (page, name, payload)
                    tried += 1
    assert tried > 500
    assert _snapshot(path) == before


def test_generated_requests_on_every_route_never_get_a_500(db: Path, tmp_path: Path) -> None:
    """schemathesis on the whole spec, writes included, with an admin token (and a rate
    limit too high to hide a route behind 429s)."""
    import schemathesis

    path, texts = _roles_db(db, tmp_path)
    roomy = Settings(api_write_rate_per_minute=100_000, api_write_burst=100_000)
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(str(path), settings=roomy))
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 15
    auth = {"Authorization": f"Bearer {texts['admin']}"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            response = case.call(headers=auth)
            assert response.status_code < 500, (
                case.method,
                case.path,
                case.query,
                response.text[:300],
            )

        check()
