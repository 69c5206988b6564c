"""Web archives: archived HTML pages become documents; a broken archive keeps what it read.

The archives are written by the tests with warcio; the pages and stories are invented.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from chronique.ingest import read_path, read_warc
from chronique.records import Document, Rejection

STORIES = (
    (
        "Affrontements à la frontière",
        "Des affrontements ont opposé lundi des gardes-frontières à un groupe armé près du "
        "poste de Kalam, a annoncé le ministère de l'Intérieur dans un communiqué.",
    ),
    (
        "Talks resume in Vardel",
        "Negotiators from both parties met again on Tuesday in the coastal town of Vardel, "
        "the mediators said, after three weeks without any contact between the delegations.",
    ),
    (
        "Grève dans les hôpitaux de Sarn",
        "Les infirmiers des hôpitaux publics de Sarn ont cessé le travail jeudi pour "
        "protester contre la suppression de deux cents postes annoncée par la direction.",
    ),
)


def html(title: str, paragraph: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta property='og:site_name' content='Archive Test'>"
        f"<meta name='date' content='2024-05-13'>"
        f"<script>var s = 'script-text-of-the-archive';</script></head>"
        f"<body><nav><a href='/'>Accueil</a></nav><article><h1>{title}</h1>"
        f"<p>{paragraph}</p><p>{paragraph.replace('a', 'à', 1)}</p></article></body></html>"
    ).encode()


def response(writer: WARCWriter, uri: str, body: bytes, *, status: str = "200 OK",
             content_type: str = "text/html; charset=utf-8",
             extra: list[tuple[str, str]] | None = None) -> None:  # fmt: skip
    headers = StatusAndHeaders(
        status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), http_headers=headers
    )
    writer.write_record(record)


def archive(path: Path, *, gz: bool) -> list[bytes]:
    """A crawl of three articles among the usual other records; returns the pages' bytes."""
    pages = [html(title, paragraph) for title, paragraph in STORIES]
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.test")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(
                "https://news.test/a", "request", payload=io.BytesIO(b""), http_headers=request
            )
        )
        response(writer, "https://news.test/a", pages[0])
        response(writer, "https://news.test/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(300),
                 content_type="image/png")  # fmt: skip
        response(writer, "https://news.test/old", b"", status="301 Moved Permanently",
                 extra=[("Location", "https://news.test/a")])  # fmt: skip
        response(writer, "https://news.test/missing", html("Introuvable", "Page absente. " * 9),
                 status="404 Not Found")  # fmt: skip
        # A page served gzip-compressed: the archive keeps the bytes as they were sent.
        response(writer, "https://news.test/b", gzip.compress(pages[1]),
                 extra=[("Content-Encoding", "gzip")])  # fmt: skip
        resource = writer.create_warc_record(
            "https://news.test/c",
            "resource",
            payload=io.BytesIO(pages[2]),
            warc_content_type="text/html",
        )
        writer.write_record(resource)
    return pages


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_archived_pages_become_documents(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    pages = archive(path, gz=name.endswith(".gz"))
    items = list(read_path(path))
    docs = [i for i in items if isinstance(i, Document)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert [d.url for d in docs] == [
        "https://news.test/a",
        "https://news.test/b",
        "https://news.test/c",
    ]
    assert [d.title for d in docs] == [title for title, _ in STORIES]
    for doc, page, (_, paragraph) in zip(docs, pages, STORIES, strict=True):
        assert paragraph in doc.text
        assert "script-text" not in doc.text and "Accueil" not in doc.text
        assert doc.raw_sha256 == hashlib.sha256(page).hexdigest()
        assert doc.publisher == "Archive Test"
        assert doc.source is not None and doc.source.startswith(f"{path}@")
        assert doc.meta["warc_date"]
    # Each source names the record's offset: reading from there gives that record.
    offsets = [int(d.source.rsplit("@", 1)[1]) for d in docs if d.source]
    assert offsets == sorted(offsets) and offsets[0] > 0
    # Only the HTML page answered with an error is rejected; images, redirects, requests
    # and the archive's own info record are parts of the crawl, not articles.
    assert [r.reason for r in rejected] == ["HTTP status 404: not an article"]


def _cut_points(data: bytes, start: int) -> list[int]:
    span = len(data) - start
    return sorted({start + span * k // 7 for k in range(1, 7)} | {len(data) - 1})


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_a_truncated_archive_keeps_the_records_before_the_cut(tmp_path: Path, gz: bool) -> None:
    whole = tmp_path / ("whole.warc.gz" if gz else "whole.warc")
    archive(whole, gz=gz)
    data = whole.read_bytes()
    complete = [i for i in read_warc(whole) if isinstance(i, Document)]
    last_offset = int(str(complete[-1].source).rsplit("@", 1)[1])
    for cut in _cut_points(data, last_offset):
        path = tmp_path / f"cut{cut}.warc{'.gz' if gz else ''}"
        path.write_bytes(data[:cut])
        items = list(read_warc(path))
        docs = [i for i in items if isinstance(i, Document)]
        rejected = [i for i in items if isinstance(i, Rejection) and "404" not in i.reason]
        if cut == len(data) - 1:
            # Only the gzip trailer, or the blank line after the record, is cut: the record's
            # bytes are all there.
            assert [d.id for d in docs] == [d.id for d in complete] and not rejected
            continue
        assert [d.id for d in docs] == [d.id for d in complete[:-1]], cut
        assert len(rejected) == 1, (cut, items)
        assert "truncated" in rejected[0].reason or "broken archive" in rejected[0].reason


def test_a_cut_in_an_early_record_still_keeps_the_first_page(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    archive(whole, gz=True)
    first = next(i for i in read_warc(whole) if isinstance(i, Document))
    second_offset = int(
        str([i for i in read_warc(whole) if isinstance(i, Document)][1].source).rsplit("@")[1]
    )
    path = tmp_path / "early.warc.gz"
    path.write_bytes(whole.read_bytes()[: second_offset + 40])
    items = list(read_warc(path))
    assert [i.id for i in items if isinstance(i, Document)] == [first.id]
    assert sum(isinstance(i, Rejection) and "broken archive" in i.reason for i in items) == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "no HTML page in the archive (0 record(s))"),
        (b"<html><body><p>Not an archive.</p></body></html>", "broken archive after 0 record(s)"),
        (b"WARC/1.0\r\n", "truncated record: its header is incomplete"),
    ],
)
def test_files_that_are_no_archive_are_rejected(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(content)
    [item] = list(read_path(path))
    assert isinstance(item, Rejection) and reason in item.reason, item


def test_a_record_over_the_size_limit_is_rejected_and_the_next_one_read(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    archive(path, gz=False)
    items = list(read_warc(path, max_bytes=min(len(html(*story)) for story in STORIES) - 1))
    reasons = [i.reason for i in items if isinstance(i, Rejection)]
    assert sum("record too large" in r for r in reasons) == 3
