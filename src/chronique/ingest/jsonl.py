"""Reader for JSONL / NDJSON dumps: one article object per line.

Fields: "text" (required), "url", "published" (ISO date or datetime), "title",
"publisher", "agency", "language", "id" (the producer's own id, kept in meta as
"external_id": the Document id stays the hash of the text). Unknown fields are ignored.
A bad line becomes a Rejection with its line number and the rest of the file goes on.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from chronique.records import Document, Rejection
from chronique.settings import Settings

from .build import STAGE, Overrides, build_document
from .text import DEFAULT_MAX_BYTES

_SKIP_CHUNK = 1 << 20


class BadRecord(ValueError):
    """A JSONL line that is not an article; the message is the human reason."""


def parse_published(value: object) -> tuple[dt.date | None, str | None]:
    """(date, datetime text when a time was given) from an ISO date or datetime string."""
    if value is None:
        return None, None
    if not isinstance(value, str):
        raise BadRecord(f"bad published date {value!r}: expected an ISO date string")
    text = value.strip()
    if not text:
        return None, None
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        pass
    try:
        # The calendar day as written (in the article's own time zone), not shifted to UTC.
        return dt.datetime.fromisoformat(text).date(), text
    except ValueError:
        raise BadRecord(
            f"bad published date {value!r}: expected ISO 8601 (2015-10-07 or "
            "2015-10-07T14:30:00+02:00)"
        ) from None


def parse_record(line: bytes) -> dict[str, Any]:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRecord(f"not valid UTF-8 (byte {error.start}); JSON lines must be UTF-8") from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadRecord(f"invalid JSON: {error.msg} (column {error.colno})") from None
    except (ValueError, RecursionError) as error:  # huge integers, absurd nesting
        raise BadRecord(f"invalid JSON: {error}") from None
    if not isinstance(record, dict):
        raise BadRecord(f"expected a JSON object, got {type(record).__name__}")
    return record


def _string_field(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecord(f'field "{name}" must be a string, got {type(value).__name__}')
    return value.strip() or None


def _document(line: bytes, source: str, overrides: Overrides | None) -> Document | Rejection:
    record = parse_record(line)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadRecord('no text: the "text" field is missing, empty or not a string')
    published, published_at = parse_published(record.get("published"))
    meta: dict[str, str] = {}
    if published_at:
        meta["published_datetime"] = published_at
    external_id = record.get("id")
    if isinstance(external_id, (str, int)) and not isinstance(external_id, bool):
        meta["external_id"] = str(external_id)
    return build_document(
        text,
        source=source,
        raw_sha256=hashlib.sha256(line).hexdigest(),
        overrides=overrides,
        title=_string_field(record, "title"),
        url=_string_field(record, "url"),
        publisher=_string_field(record, "publisher"),
        agency=_string_field(record, "agency"),
        published=published,
        language=_string_field(record, "language"),
        meta=meta,
    )


def _skip_rest_of_line(handle: IO[bytes]) -> None:
    while True:
        chunk = handle.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def read_jsonl(
    path: str | os.PathLike[str],
    *,
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    settings: Settings | None = None,
) -> Iterator[Document | Rejection]:
    """Yield a Document or a Rejection per non-blank line; `max_bytes` caps one line.

    `settings` is accepted for the reader signature; JSONL has no settings of its own.
    """
    path = Path(path)
    number = 0
    try:
        with path.open("rb") as handle:
            while True:
                # Read at most one byte past the limit: an endless line is never loaded whole.
                raw = handle.readline(max_bytes + 1)
                if not raw:
                    return
                number += 1
                source = f"{path}:{number}"
                if len(raw) > max_bytes and not raw.endswith(b"\n"):
                    _skip_rest_of_line(handle)
                    yield Rejection(STAGE, f"line too long: over {max_bytes} bytes", source)
                    continue
                line = raw.rstrip(b"\r\n")
                if number == 1 and line.startswith(codecs.BOM_UTF8):
                    line = line[len(codecs.BOM_UTF8) :]
                if not line.strip():
                    continue  # blank lines (a trailing newline, spacing) are not records
                try:
                    yield _document(line, source, overrides)
                except BadRecord as error:
                    yield Rejection(STAGE, str(error), source)
    except OSError as error:
        where = f"{path}:{number}" if number else str(path)
        yield Rejection(STAGE, f"cannot read file: {error.strerror or error}", where)
