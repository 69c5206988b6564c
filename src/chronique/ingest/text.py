"""Reader for one plain-text article (.txt, .text, .md)."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from chronique.records import Document, Rejection
from chronique.settings import Settings

from .build import STAGE, Overrides, build_document
from .decode import NotText, decode_bytes

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # far above any article; guards against a stray dump


def read_text_file(
    path: str | os.PathLike[str],
    *,
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    settings: Settings | None = None,
) -> Iterator[Document | Rejection]:
    """Yield one Document for the file, or one Rejection saying why not. Never raises.

    `settings` is accepted for the reader signature; plain text has no settings of its own.
    """
    path = Path(path)
    source = str(path)
    try:
        info = path.stat()
        # Checked before reading so that a FIFO does not block and a huge file is not loaded.
        if not stat.S_ISREG(info.st_mode):
            yield Rejection(STAGE, "not a regular file", source)
            return
        if info.st_size > max_bytes:
            yield Rejection(
                STAGE, f"file too large: {info.st_size} bytes (limit {max_bytes})", source
            )
            return
        data = path.read_bytes()
    except OSError as error:
        yield Rejection(STAGE, f"cannot read file: {error.strerror or error}", source)
        return
    if len(data) > max_bytes:  # the file grew between stat and read
        yield Rejection(STAGE, f"file too large: {len(data)} bytes (limit {max_bytes})", source)
        return
    try:
        decoded = decode_bytes(data)
    except NotText as error:
        yield Rejection(STAGE, str(error), source)
        return
    yield build_document(
        decoded.text,
        source=source,
        raw_sha256=hashlib.sha256(data).hexdigest(),
        overrides=overrides,
        meta={"encoding": decoded.encoding},
    )
