"""Reader for web archives (.warc, .warc.gz): every archived HTML page becomes a Document.

A response record with an HTML payload (or a resource record holding HTML) is read like a
saved page (`webpage.page_document`), with the record's target URI as the document's url.
Requests, metadata, revisits and non-HTML payloads (images, scripts, styles) are parts of a
crawl, not articles, and are passed over; an HTML page answered with an HTTP error is
rejected with its status.

A truncated or corrupt archive keeps every record read before the damage: the broken
record, or the unreadable rest of the file, becomes one Rejection. A document's source is
`archive.warc.gz@OFFSET`, the byte offset of its record (`warcio extract FILE OFFSET`
prints it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader

from chronique.records import Document, Rejection
from chronique.settings import Settings

from .build import STAGE, Overrides
from .markup import charset_of
from .text import DEFAULT_MAX_BYTES
from .webpage import page_document

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024
# Longest WARC or HTTP header line read. warcio reads a header line until its newline, so a
# gzip bomb of zeros (no newline in gigabytes) was read whole into memory (22 GB seen); no
# real header line comes near a megabyte (a long URL is a few kilobytes).
MAX_HEADER_LINE = 1 << 20


class TooMuchData(Exception):
    """The archive decompresses to more than the setting max_decompressed_bytes allows."""


class _BoundedReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's reader with a cap on header lines and on the bytes decompressed in all.

    A gzip member can expand a thousandfold: a 2 MB .warc.gz can hold 2 GB of one record.
    Memory is bounded by the line cap and by the size limit on a payload; the total cap
    bounds the time spent inflating (every record is read through to check it is whole).
    """

    def __init__(self, stream: Any, max_total: int) -> None:
        super().__init__(stream)
        self.max_total = max_total
        self.total = 0

    def readline(self, length: int | None = None) -> bytes:
        cap = MAX_HEADER_LINE if length is None else min(length, MAX_HEADER_LINE)
        line: bytes = super().readline(cap)
        return line

    def _process_read(self, data: bytes) -> None:
        super()._process_read(data)
        self.total += self.buff_size
        if self.total > self.max_total:
            raise TooMuchData(
                f"archive decompresses to over {self.max_total} bytes "
                "(setting max_decompressed_bytes): a gzip bomb, or split the archive"
            )


def _content_type(record: Any) -> str | None:
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        value = record.http_headers.get_header("Content-Type")
    else:
        value = record.rec_headers.get_header("Content-Type")
    return str(value) if value else None


def _is_html(content_type: str | None) -> bool:
    return bool(content_type) and str(content_type).split(";")[0].strip().lower() in _HTML_TYPES


def _status(record: Any) -> int:
    if record.rec_type != "response":
        return 200  # a resource record is the content itself, with no HTTP exchange
    try:
        return int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return 0


def _drain(stream: Any) -> None:
    while stream.read(_CHUNK):
        pass


def _damage(record: Any) -> str | None:
    """Why a fully read record is incomplete, or None. warcio stops quietly at the end of a
    cut-off file, so what is missing has to be counted here."""
    if record.rec_headers.get_header("Content-Length") is None:
        return "truncated record: its header is incomplete"
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return f"truncated record: its last {missing} bytes are missing"
    return None


def _page(
    record: Any,
    archive: ArchiveIterator,
    source: str,
    max_bytes: int,
    settings: Settings,
    overrides: Overrides | None,
) -> Document | Rejection | None:
    """One record to a Document or a Rejection; None for records that are not pages."""
    content_type = _content_type(record)
    page = record.rec_type in ("response", "resource") and _is_html(content_type)
    payload = record.content_stream().read(max_bytes + 1) if page else b""
    _drain(record.raw_stream)  # the rest of the record, to know whether it is all there
    where = f"{source}@{archive.get_record_offset()}"
    damage = _damage(record)
    if damage is not None:
        return Rejection(STAGE, damage, where)
    if not page:
        return None
    status = _status(record)
    if 300 <= status < 400:
        return None  # a redirect: the page itself is another record, or was not archived
    if not 200 <= status < 300:
        return Rejection(STAGE, f"HTTP status {status}: not an article", where)
    if len(payload) > max_bytes:
        return Rejection(STAGE, f"record too large: over {max_bytes} bytes", where)
    url = record.rec_headers.get_header("WARC-Target-URI")
    meta = {"warc_date": str(record.rec_headers.get_header("WARC-Date") or "")}
    return page_document(
        payload,
        source=where,
        settings=settings,
        url=str(url) if url else None,
        charset=charset_of(content_type),
        overrides=overrides,
        meta={k: v for k, v in meta.items() if v},
    )


def read_warc(
    path: str | os.PathLike[str],
    *,
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    settings: Settings | None = None,
) -> Iterator[Document | Rejection]:
    """Yield a Document or a Rejection per archived HTML page. Never raises.

    `max_bytes` caps one record's payload, not the archive: archives are large by nature.
    """
    path = Path(path)
    source = str(path)
    settings = settings or Settings.load()
    try:
        handle = path.open("rb")
        size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        yield Rejection(STAGE, f"cannot read file: {error.strerror or error}", source)
        return
    with handle:
        archive = ArchiveIterator(handle)
        # Swapped in before the first record is read: the iterator reads through `reader`.
        archive.reader = _BoundedReader(archive.fh, settings.max_decompressed_bytes)
        records = pages = 0
        try:
            for record in archive:
                records += 1
                found = _page(record, archive, source, max_bytes, settings, overrides)
                if found is not None:
                    pages += 1
                    yield found
        except TooMuchData as error:
            yield Rejection(STAGE, f"after {records} record(s): {error}", source)
            return
        # warcio raises whatever its readers meet on damaged input (EOFError, zlib.error,
        # ArchiveLoadFailed, even AttributeError on a cut gzip member); each is the same
        # fact for the user: the archive is broken from here on.
        except Exception as error:
            # warcio quotes the line it failed on: a megabyte of binary for a bomb of zeros.
            said = str(error)
            said = said if len(said) <= 200 else said[:200] + "…"
            yield Rejection(
                STAGE,
                f"broken archive after {records} record(s), at byte {archive.offset}: "
                f"{type(error).__name__}: {said}",
                source,
            )
            return
        if archive.offset < size:
            # A cut gzip member or bytes that are no record: warcio stops without a word.
            yield Rejection(
                STAGE,
                f"broken archive after {records} record(s): bytes {archive.offset}–{size} "
                "could not be read as WARC records (truncated or not a WARC file)",
                source,
            )
        elif not pages:
            yield Rejection(STAGE, f"no HTML page in the archive ({records} record(s))", source)
