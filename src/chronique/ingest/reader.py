"""Dispatch a path to its reader: a file by extension, or a folder walked in sorted order."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from chronique.records import Document, Rejection
from chronique.settings import Settings

from .build import STAGE, Overrides
from .feeds import read_feed_file
from .jsonl import read_jsonl
from .text import DEFAULT_MAX_BYTES, read_text_file
from .warc import read_warc
from .webpage import read_html_file


class Reader(Protocol):
    def __call__(
        self,
        path: str | os.PathLike[str],
        *,
        overrides: Overrides | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        settings: Settings | None = None,
    ) -> Iterator[Document | Rejection]: ...


READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".md": read_text_file,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".xhtml": read_html_file,
    ".xml": read_feed_file,
    ".rss": read_feed_file,
    ".atom": read_feed_file,
    ".warc": read_warc,
    ".warc.gz": read_warc,
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


def file_format(path: Path) -> str:
    """The extension that names a file's reader: the last one, or the last two when they
    are one format (".warc.gz"); "" when the file has none."""
    double = "".join(path.suffixes[-2:]).casefold()
    return double if double in READERS else path.suffix.casefold()


def read_file(
    path: Path,
    *,
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    settings: Settings | None = None,
) -> Iterator[Document | Rejection]:
    """Read one file with the reader its extension names, or reject the format."""
    kind = file_format(path)
    reader = READERS.get(kind)
    if reader is None:
        shown = kind or "(no extension)"
        yield Rejection(STAGE, f"unsupported format: {shown}", str(path))
        return
    yield from reader(path, overrides=overrides, max_bytes=max_bytes, settings=settings)


def read_path(
    path: str | os.PathLike[str],
    *,
    published: dt.date | None = None,
    agency: str | None = None,
    language: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    settings: Settings | None = None,
) -> Iterator[Document | Rejection]:
    """Read a file or a folder (recursively) into Documents and Rejections. Never raises on
    bad input. `published`/`agency`/`language` win over what the sources say; `settings`
    (default: the packaged ones) tunes the web page reader."""
    root = Path(path)
    overrides = Overrides(published=published, agency=agency, language=language)
    settings = settings or Settings.load()
    if root.is_dir():
        for item in walk(root):
            if isinstance(item, Rejection):
                yield item
            else:
                yield from read_file(
                    item, overrides=overrides, max_bytes=max_bytes, settings=settings
                )
    elif root.exists():
        yield from read_file(root, overrides=overrides, max_bytes=max_bytes, settings=settings)
    else:
        yield Rejection(STAGE, "no such file or folder", str(root))
