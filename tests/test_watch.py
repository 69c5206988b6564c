"""`chronique watch`: conditional polling of feeds served by a real local HTTP server.

The server (http.server in a thread) serves a feed that the tests change between polls, and
answers 304 when the request's validators match. Stories are written for these tests.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.server
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from chronique.commands.watch import describe, parse_every, poll_feed
from chronique.ingest import read_feed_url
from chronique.ingest.fetch import FetchError, fetch
from chronique.records import Document, Rejection
from chronique.store import Store, feeds
from chronique.store.pgtemp import TempPostgres

ITEMS = {
    "gao": (
        "Attaque d'un village près de Gao",
        "Des hommes armés ont attaqué lundi un village près de Gao, a affirmé l'armée "
        "malienne dans un communiqué publié le soir même.",
    ),
    "marek": (
        "Rebels shell Marek",
        "Rebel fighters shelled the town of Marek on Monday, killing two civilians, the "
        "regional governor said.",
    ),
    "dakar": (
        "Douze manifestants arrêtés à Dakar",
        "La police a arrêté mardi douze manifestants dans le centre de Dakar, selon un "
        "communiqué du ministère de l'Intérieur.",
    ),
}


def rss(*keys: str) -> bytes:
    items = "".join(
        f"<item><title>{ITEMS[k][0]}</title><link>https://veille.test/{k}</link>"
        f'<guid isPermaLink="false">veille-{k}</guid>'
        f"<pubDate>Tue, 14 May 2024 09:00:00 +0000</pubDate>"
        f"<description>{ITEMS[k][1]}</description></item>"
        for k in keys
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Veille</title><link>https://veille.test/</link>{items}</channel></rss>"
    ).encode()


class FeedServer(http.server.BaseHTTPRequestHandler):
    """Serves `body` at /feed.xml with an ETag and a Last-Modified that change with it."""

    body: ClassVar[bytes] = b""
    version: ClassVar[int] = 0
    honour_validators: ClassVar[bool] = True
    status: ClassVar[int] = 200
    requests: ClassVar[list[dict[str, str]]] = []

    @classmethod
    def publish(cls, body: bytes) -> None:
        cls.body = body
        cls.version += 1

    @classmethod
    def etag(cls) -> str:
        return '"' + hashlib.sha256(cls.body).hexdigest()[:12] + '"'

    @classmethod
    def last_modified(cls) -> str:
        return email.utils.formatdate(1_715_000_000 + cls.version * 3600, usegmt=True)

    def do_GET(self) -> None:
        cls = type(self)
        cls.requests.append({"path": self.path, **dict(self.headers.items())})
        if self.path != "/feed.xml" or cls.status != 200:
            self.send_error(cls.status if cls.status != 200 else 404)
            return
        matches = self.headers.get("If-None-Match") == cls.etag() or (
            self.headers.get("If-Modified-Since") == cls.last_modified()
        )
        if cls.honour_validators and matches:
            self.send_response(304)
            self.send_header("ETag", cls.etag())
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(cls.body)))
        self.send_header("ETag", cls.etag())
        self.send_header("Last-Modified", cls.last_modified())
        self.end_headers()
        self.wfile.write(cls.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    FeedServer.body, FeedServer.version, FeedServer.requests = b"", 0, []
    FeedServer.honour_validators, FeedServer.status = True, 200
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "watch.db")
    server: TempPostgres = request.getfixturevalue("pg")
    return server.create_database("w_" + uuid.uuid4().hex[:12])


# --- the interval ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400), ("1h30m", 5400), (" 5M ", 300)],
)
def test_every_parses_intervals(text: str, seconds: int) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "15 minutes", "0s", "-5m", "m", "1.5h"])
def test_every_refuses_what_is_not_an_interval(text: str) -> None:
    with pytest.raises(ValueError, match="not an interval"):
        parse_every(text)


# --- fetching ----------------------------------------------------------------------------


def _fetch(url: str, **kwargs: Any) -> Any:
    options: dict[str, Any] = {"timeout": 5, "max_bytes": 1_000_000, "user_agent": "test/1"}
    return fetch(url, **{**options, **kwargs})


def test_conditional_get_answers_304_when_validators_match(server: str) -> None:
    FeedServer.publish(rss("gao"))
    first = _fetch(f"{server}/feed.xml")
    assert first.status == 200 and first.body == rss("gao")
    assert first.etag == FeedServer.etag() and first.last_modified == FeedServer.last_modified()
    assert first.content_type == "application/rss+xml; charset=utf-8"
    again = _fetch(f"{server}/feed.xml", etag=first.etag, last_modified=first.last_modified)
    assert again.status == 304 and again.body == b""
    assert again.etag == first.etag and again.last_modified == first.last_modified
    sent = FeedServer.requests[-1]
    assert sent["If-None-Match"] == first.etag
    assert sent["If-Modified-Since"] == first.last_modified
    assert sent["User-Agent"] == "test/1"
    FeedServer.publish(rss("gao", "dakar"))
    changed = _fetch(f"{server}/feed.xml", etag=first.etag, last_modified=first.last_modified)
    assert changed.status == 200 and changed.etag != first.etag


def test_fetch_errors_say_why(server: str) -> None:
    FeedServer.publish(rss("gao", "marek", "dakar"))
    with pytest.raises(FetchError, match="feed too large"):
        _fetch(f"{server}/feed.xml", max_bytes=100)
    with pytest.raises(FetchError, match="HTTP 404"):
        _fetch(f"{server}/elsewhere.xml")
    with pytest.raises(FetchError, match="not an http"):
        _fetch("file:///etc/passwd")
    FeedServer.status = 503
    with pytest.raises(FetchError, match="HTTP 503"):
        _fetch(f"{server}/feed.xml")
    with pytest.raises(FetchError, match="cannot reach"):
        _fetch("http://127.0.0.1:9/feed.xml", timeout=2)


def test_a_feed_url_is_read_once_without_watching(server: str) -> None:
    FeedServer.publish(rss("gao", "dakar"))
    items = list(read_feed_url(f"{server}/feed.xml"))
    assert [i.url for i in items if isinstance(i, Document)] == [
        "https://veille.test/gao",
        "https://veille.test/dakar",
    ]
    FeedServer.status = 500
    [failed] = list(read_feed_url(f"{server}/feed.xml"))
    assert isinstance(failed, Rejection) and "HTTP 500" in failed.reason


# --- the feed state in the store -------------------------------------------------------------


def test_feed_state_and_items_are_kept_in_the_store(target: str) -> None:
    url = "https://veille.test/feed.xml"
    with Store(target) as store:
        assert feeds.feed_state(store, url) == feeds.FeedState(url)
        state = feeds.FeedState(url, etag='"a1"', last_modified="Mon", polled_at="t1", status=200)
        feeds.record_poll(store, state, {"k1": "doc1", "k2": None})
        assert feeds.feed_state(store, url) == state
        assert feeds.seen_items(store, url, ["k1", "k2", "k3"]) == {"k1", "k2"}
        assert feeds.seen_items(store, "https://other.test/", ["k1"]) == set()
        # A later poll updates the state and adds items; an item taken before keeps its record.
        later = feeds.FeedState(url, etag='"b2"', polled_at="t2", status=304)
        feeds.record_poll(store, later, {"k1": "other", "k3": "doc3"})
        assert feeds.feed_state(store, url) == later
        assert feeds.item_count(store, url) == 3
        rows = store.backend.rows(
            "SELECT item_key, document_id FROM feed_items WHERE feed_url = ? ORDER BY 1", (url,)
        )
        assert rows == [("k1", "doc1"), ("k2", None), ("k3", "doc3")]
        assert [s.url for s in feeds.feed_states(store)] == [url]
        many = [f"m{i}" for i in range(1200)]
        feeds.record_poll(store, later, dict.fromkeys(many))
        assert len(feeds.seen_items(store, url, many)) == 1200
    with Store(target) as store:  # reopened: migrated once, the state is still there
        assert feeds.feed_state(store, url) == later


# --- polling ------------------------------------------------------------------------------


@pytest.mark.slow
def test_polls_ingest_only_new_items(server: str, tmp_path: Path, pipeline: Any) -> None:
    url = f"{server}/feed.xml"
    FeedServer.publish(rss("gao", "marek"))
    with Store(tmp_path / "w.db") as store:
        first = poll_feed(url, store, pipeline)
        assert first.error is None and first.status == 200
        assert (first.items, first.new) == (2, 2)
        assert first.summary is not None and first.summary.documents == 2
        assert first.summary.events >= 2
        counts = store.counts()
        assert counts["documents"] == 2
        docs = store.backend.rows("SELECT url, source FROM documents ORDER BY url")
        assert docs == [
            ("https://veille.test/gao", f"{url}#veille-gao"),
            ("https://veille.test/marek", f"{url}#veille-marek"),
        ]
        state = feeds.feed_state(store, url)
        assert state.etag == FeedServer.etag() and state.status == 200 and state.error is None

        # Unchanged: the validators go back, the server answers 304, nothing is parsed.
        second = poll_feed(url, store, pipeline)
        assert second.status == 304 and second.summary is None
        assert FeedServer.requests[-1]["If-None-Match"] == state.etag
        assert describe(second) == f"{url}: not modified"
        assert store.counts() == counts

        # The feed changes: one item more, one gone. Only the new one is coded.
        FeedServer.publish(rss("dakar", "gao"))
        third = poll_feed(url, store, pipeline)
        assert (third.status, third.items, third.new) == (200, 2, 1)
        assert third.summary is not None and third.summary.documents == 1
        assert store.counts()["documents"] == 3
        assert describe(third).startswith(f"{url}: 2 item(s), 1 new: 1 document(s) coded")

        # A server that ignores validators sends the whole feed again: nothing is new.
        FeedServer.honour_validators = False
        fourth = poll_feed(url, store, pipeline)
        assert (fourth.status, fourth.new) == (200, 0)
        assert store.counts()["documents"] == 3
        assert feeds.item_count(store, url) == 3

        # A failing server is recorded, and the validators kept for the next poll.
        FeedServer.status = 500
        fifth = poll_feed(url, store, pipeline)
        assert fifth.error is not None and "HTTP 500" in fifth.error
        failed = feeds.feed_state(store, url)
        assert failed.error == fifth.error and failed.etag == FeedServer.etag()


@pytest.mark.slow
def test_a_page_that_is_no_feed_is_rejected_and_recorded(
    server: str, tmp_path: Path, pipeline: Any
) -> None:
    FeedServer.publish(b"<html><body><p>Maintenance en cours.</p></body></html>")
    url = f"{server}/feed.xml"
    with Store(tmp_path / "w.db") as store:
        result = poll_feed(url, store, pipeline)
        assert result.error is not None and result.error.startswith("not an RSS or Atom feed")
        assert feeds.feed_state(store, url).etag is None  # the next poll fetches it whole
        assert [r.source for r in store.rejections()] == [url]


@pytest.mark.slow
def test_watch_command_once(server: str, tmp_path: Path) -> None:
    from chronique.cli import app

    url = f"{server}/feed.xml"
    db = str(tmp_path / "cli.db")
    FeedServer.publish(rss("gao"))
    runner = CliRunner()
    done = runner.invoke(app, ["watch", url, "--once", "--db", db, "--every", "30s"])
    assert done.exit_code == 0, done.output
    assert f"{url}: 1 item(s), 1 new: 1 document(s) coded" in done.output
    again = runner.invoke(app, ["watch", url, "--once", "--db", db])
    assert again.exit_code == 0 and f"{url}: not modified" in again.output
    FeedServer.status = 500
    failed = runner.invoke(app, ["watch", url, "--once", "--db", db, "-q"])
    assert failed.exit_code == 1 and "HTTP 500" in failed.output
    bad = runner.invoke(app, ["watch", "ftp://x.test/feed", "--once", "--db", db])
    assert bad.exit_code == 2 and "not an http(s) URL" in bad.output
