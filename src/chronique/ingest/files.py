"""Read one input file's bytes, within the size limit, or say why not."""

from __future__ import annotations

import stat
from pathlib import Path

from chronique.records import Rejection

from .build import STAGE


def read_limited(path: Path, max_bytes: int) -> bytes | Rejection:
    """The file's bytes, or a Rejection: not a regular file, too large, unreadable."""
    source = str(path)
    try:
        info = path.stat()
        # Checked before reading so that a FIFO does not block and a huge file is not loaded.
        if not stat.S_ISREG(info.st_mode):
            return Rejection(STAGE, "not a regular file", source)
        if info.st_size > max_bytes:
            return Rejection(
                STAGE, f"file too large: {info.st_size} bytes (limit {max_bytes})", source
            )
        data = path.read_bytes()
    except OSError as error:
        return Rejection(STAGE, f"cannot read file: {error.strerror or error}", source)
    if len(data) > max_bytes:  # the file grew between stat and read
        return Rejection(STAGE, f"file too large: {len(data)} bytes (limit {max_bytes})", source)
    return data
