"""Dispatch a path to its reader: a file by extension, or a folder walked in sorted order."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from chronique.records import Document, Rejection

from .build import STAGE, Overrides
from .jsonl import read_jsonl
from .text import DEFAULT_MAX_BYTES, read_text_file


class Reader(Protocol):
    def __call__(
        self,
        path: str | os.PathLike[str],
        *,
        overrides: Overrides | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> Iterator[Document | Rejection]: ...


READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".md": read_text_file,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}
# A folder of articles often carries its own documentation; reading a README as a news
# story would invent a document. Only skipped while walking: a file named explicitly is read.
SKIPPED_STEMS = frozenset({"readme", "license", "licence", "notice", "changelog", "copying"})


def walk(root: Path) -> Iterator[Path | Rejection]:
    """Files under `root`, depth first in name order; hidden entries skipped, symlinked
    folders not followed (a link back up would loop forever)."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError as error:
        yield Rejection(STAGE, f"cannot list folder: {error.strerror or error}", str(root))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = root / entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from walk(path)
            elif entry.is_symlink() and entry.is_dir():
                yield Rejection(STAGE, "symbolic link to a folder: not followed", str(path))
            elif Path(entry.name).stem.casefold() in SKIPPED_STEMS:
                continue
            else:
                yield path
        except OSError as error:
            yield Rejection(STAGE, f"cannot read entry: {error.strerror or error}", str(path))


def read_file(
    path: Path, *, overrides: Overrides | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | Rejection]:
    """Read one file with the reader its extension names, or reject the format."""
    reader = READERS.get(path.suffix.casefold())
    if reader is None:
        shown = path.suffix or "(no extension)"
        yield Rejection(STAGE, f"unsupported format: {shown}", str(path))
        return
    yield from reader(path, overrides=overrides, max_bytes=max_bytes)


def read_path(
    path: str | os.PathLike[str],
    *,
    published: dt.date | None = None,
    agency: str | None = None,
    language: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | Rejection]:
    """Read a file or a folder (recursively) into Documents and Rejections. Never raises on
    bad input. `published`/`agency`/`language` win over what the sources say."""
    root = Path(path)
    overrides = Overrides(published=published, agency=agency, language=language)
    if root.is_dir():
        for item in walk(root):
            if isinstance(item, Rejection):
                yield item
            else:
                yield from read_file(item, overrides=overrides, max_bytes=max_bytes)
    elif root.exists():
        yield from read_file(root, overrides=overrides, max_bytes=max_bytes)
    else:
        yield Rejection(STAGE, "no such file or folder", str(root))
