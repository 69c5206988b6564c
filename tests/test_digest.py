"""The daily digest: the day's events by country, most corroborated first, as HTML and
text, written by `chronique digest` and mailed to a real SMTP server the test runs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import socketserver
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronique.cli import app
from chronique.digest import build_digest, compose, day_events, render_html, render_text
from chronique.digest.mail import DigestMailError, send_digest
from chronique.records import Event
from chronique.settings import Settings
from chronique.store import Store
from test_export_sample import PUBLISHED, day, place, sample_events

runner = CliRunner()


def digest_events() -> tuple[list, list[Event]]:
    """The sample, plus what makes a digest interesting on PUBLISHED (2024-05-15): three
    events in France, one better corroborated than the others; one in Nigeria; one with no
    place; and a week-long event overlapping the day, which a daily digest leaves out."""
    docs, events = sample_events()
    protest = next(e for e in events if e.id.startswith("e3"))
    lyon = dataclasses.replace(
        protest,
        id="e7000000000000aa",
        place=place("Lyon", "FRA", "city", 45.75, 4.85, name="Lyon"),
        corroboration=3,
        sources=("préfecture", "syndicats", "témoins"),
    )
    lille = dataclasses.replace(protest, id="e8000000000000bb", place=place("Lille", "FRA", "city"))
    unplaced = dataclasses.replace(protest, id="e9000000000000cc", place=None)
    weekly = dataclasses.replace(
        protest,
        id="ea000000000000dd",
        place=place("Marseille", "FRA", "city"),
        date=day(dt.date(2024, 5, 13), dt.date(2024, 5, 19), "week"),
    )
    return docs, [*events, lyon, lille, unplaced, weekly]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "events.db"
    docs, events = digest_events()
    with Store(path) as store:
        store.add_batch(
            [(d, [e for e in events if e.reports[0].document_id == d.id]) for d in docs]
        )
    return path


def test_digest_groups_by_country_and_ranks_by_corroboration(db: Path) -> None:
    with Store(db) as store:
        found = day_events(store, PUBLISHED, Settings.load())
        digest = build_digest(found, PUBLISHED)
    assert [(s.code, len(s.events)) for s in digest.sections] == [
        ("FRA", 3),
        ("NGA", 1),
        (None, 1),
    ]
    assert digest.total == 5
    france = digest.sections[0]
    assert france.name == "France"
    assert [e.id[:2] for e in france.events] == ["e7", "e3", "e8"]  # Lyon: 3 sources
    # The week-long Marseille event and the day-before strikes are not the day's.
    ids = {e.id[:2] for s in digest.sections for e in s.events}
    assert "ea" not in ids and "e1" not in ids
    # A weekly digest setting lets the week-long event in.
    wide = dataclasses.replace(Settings.load(), digest_max_range_days=7)
    with Store(db) as store:
        assert "ea000000000000dd" in {e.id for e in day_events(store, PUBLISHED, wide)}


def test_text_and_html_render_counts_evidence_and_escape_markup(db: Path) -> None:
    with Store(db) as store:
        digest = build_digest(day_events(store, PUBLISHED), PUBLISHED)
    text = render_text(digest)
    assert text.startswith("Chronique: events of 2024-05-15\n5 event(s) in 3 place(s)")
    assert "== France (FRA): 3 event(s) ==" in text
    assert "== Nigeria (NGA): 1 event(s) ==" in text
    assert "== Place not reported: 1 event(s) ==" in text
    assert text.index("France") < text.index("Nigeria") < text.index("Place not reported")
    assert "according to: préfecture, syndicats, témoins" in text
    assert "[brandi]" in text  # the trigger, marked in its sentence
    assert "<script>alert('x')</script>" in text  # plain text shows the text as written
    html = render_html(digest)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert html.count('<li class="event"') == 5
    assert '<section class="country" data-country="FRA">' in html
    assert "<mark>brandi</mark>" in html
    empty = render_text(build_digest([], dt.date(2024, 1, 1)))
    assert "0 event(s)" in empty and "No event is dated to this day" in empty


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for smtplib: greet, EHLO, MAIL, RCPT, DATA, QUIT."""

    server: _SMTPServer

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self.reply("220 localhost test SMTP ready")
        envelope: dict[str, object] = {"rcpt": []}
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                self.reply("250-localhost")
                self.reply("250 8BITMIME")
            elif verb == "HELO":
                self.reply("250 localhost")
            elif verb == "MAIL":
                envelope["from"] = command
                self.reply("250 OK")
            elif verb == "RCPT":
                envelope["rcpt"].append(command)  # type: ignore[attr-defined]
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                envelope["data"] = b"".join(lines)
                self.server.received.append(envelope)
                self.reply("250 OK: queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")


class _SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.received: list[dict[str, object]] = []


@pytest.fixture
def smtp() -> Iterator[_SMTPServer]:
    server = _SMTPServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_cli_writes_both_files_and_mails_a_multipart_alternative(
    db: Path, tmp_path: Path, smtp: _SMTPServer
) -> None:
    out_dir = tmp_path / "digests"
    port = smtp.server_address[1]
    result = runner.invoke(
        app,
        ["digest", "--date", "2024-05-15", "--db", str(db), "--out-dir", str(out_dir),
         "--send", "--to", "desk@example.org", "--to", "night@example.org",
         "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--from", "veille@example.org"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "5 event(s) on 2024-05-15 in 2 countr(ies)" in result.output
    html = (out_dir / "digest-2024-05-15.html").read_text(encoding="utf-8")
    text = (out_dir / "digest-2024-05-15.txt").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html and "== France (FRA): 3 event(s) ==" in text

    assert len(smtp.received) == 1
    envelope = smtp.received[0]
    assert "veille@example.org" in str(envelope["from"])
    assert len(envelope["rcpt"]) == 2  # type: ignore[arg-type]
    message = email.message_from_bytes(envelope["data"], policy=default_policy)  # type: ignore[arg-type]
    assert isinstance(message, EmailMessage)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "Chronique: 5 event(s) on 2024-05-15"
    assert message["From"] == "veille@example.org"
    assert message["To"] == "desk@example.org, night@example.org"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert parts[0].get_content_charset() == parts[1].get_content_charset() == "utf-8"
    assert {p["Content-Transfer-Encoding"] for p in parts} == {"quoted-printable"}
    assert envelope["data"].isascii()  # type: ignore[attr-defined]
    # The parts decode to exactly the files written, accents and all (SMTP ends lines CRLF).
    assert parts[0].get_content().replace("\r\n", "\n") == text
    assert parts[1].get_content().replace("\r\n", "\n") == html


def test_send_errors_are_reported_not_swallowed(db: Path, tmp_path: Path) -> None:
    digest = build_digest([], PUBLISHED)
    with pytest.raises(DigestMailError, match="no recipient"):
        compose(digest, sender="a@example.org", to=[])
    closed = _SMTPServer()
    port = closed.server_address[1]
    closed.server_close()  # nothing listens there any more
    with pytest.raises(DigestMailError, match=f"127.0.0.1:{port}"):
        message = compose(digest, sender="a@example.org", to=["b@example.org"])
        send_digest(message, "127.0.0.1", port, 5)
    result = runner.invoke(app, ["digest", "--db", str(db), "--send", "--out-dir", str(tmp_path)])
    assert result.exit_code == 2 and "--send needs at least one --to" in result.output
