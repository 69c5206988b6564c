"""Reading gold files (GOLD.md): one JSON document per line, text inline or in `text_file`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chronique.evaluation.common import JSON, normalise_text

Entries = tuple[JSON, ...]


@dataclass(frozen=True)
class GoldDocument:
    """One gold document.

    The four scored lists are None when the key is absent (*not annotated*: that list is
    not scored for this document) and a tuple, possibly empty, when present (`null` and
    `[]` both mean *annotated as none*). Entries stay the raw JSON objects: the scorers
    read only the fields GOLD.md names, and every extra field (`comment`, `cameo`, …)
    remains at hand for whoever inspects a result.
    """

    id: str
    text: str
    language: str | None
    published: dt.date | None
    agency: str | None
    publisher: str | None
    raw: JSON = field(repr=False, compare=False)
    events: Entries | None = None
    places: Entries | None = None
    times: Entries | None = None
    actors: Entries | None = None
    # Spans and incidents that only adjust the counts (see GOLD.md conventions and step 7).
    non_political: Entries = ()
    places_optional: Entries = ()
    times_excluded: Entries = ()


def load_gold(path: Path) -> list[GoldDocument]:
    """Read a gold JSONL file; raise ValueError (with the line number) on a malformed line."""
    path = Path(path)
    documents: list[GoldDocument] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{where}: not JSON ({error})") from error
            if not isinstance(raw, dict):
                raise ValueError(f"{where}: a gold line must be a JSON object")
            document = _document(raw, path, where)
            # Predictions are keyed by document id, so a repeated id would score one
            # document's predictions against another's gold.
            if document.id in seen:
                raise ValueError(f"{where}: duplicate document id {document.id!r}")
            seen.add(document.id)
            documents.append(document)
    return documents


def _document(raw: JSON, gold_path: Path, where: str) -> GoldDocument:
    doc_id = raw.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise ValueError(f"{where}: missing or empty 'id'")
    return GoldDocument(
        id=doc_id,
        text=_text(raw, gold_path, where),
        language=_optional_str(raw, "language", where),
        published=_published(raw, where),
        agency=_optional_str(raw, "agency", where),
        publisher=_optional_str(raw, "publisher", where),
        raw=raw,
        events=_entries(raw, "events", where),
        places=_entries(raw, "places", where),
        times=_entries(raw, "times", where),
        actors=_entries(raw, "actors", where),
        non_political=_entries(raw, "non_political", where) or (),
        places_optional=_entries(raw, "places_optional", where) or (),
        times_excluded=_entries(raw, "times_excluded", where) or (),
    )


def _text(raw: Mapping[str, Any], gold_path: Path, where: str) -> str:
    if isinstance(raw.get("text"), str):
        return normalise_text(raw["text"])
    text_file = raw.get("text_file")
    if not isinstance(text_file, str) or not text_file:
        raise ValueError(f"{where}: a gold document needs 'text' or 'text_file'")
    return normalise_text(resolve_text_file(gold_path, text_file).read_text(encoding="utf-8"))


def resolve_text_file(gold_path: Path, text_file: str) -> Path:
    """Find `text_file` under the nearest ancestor of the gold file's folder that holds it.

    GOLD.md makes `text_file` relative to `shared/`; searching upward (rather than
    hard-coding "shared") keeps gold files movable into sub-folders or copies of the tree.
    """
    start = gold_path.resolve().parent
    for folder in (start, *start.parents):
        candidate = folder / text_file
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"text_file {text_file!r} of {gold_path} not found in {start} or any parent folder"
    )


def _optional_str(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"{where}: {key!r} must be a string or null")


def _published(raw: Mapping[str, Any], where: str) -> dt.date | None:
    value = raw.get("published")
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{where}: 'published' must be an ISO date or null")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as error:
        raise ValueError(f"{where}: 'published' {value!r} is not an ISO date") from error


def _entries(raw: Mapping[str, Any], key: str, where: str) -> Entries | None:
    if key not in raw:
        return None
    value = raw[key]
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError(f"{where}: {key!r} must be a list of objects or null")
    return tuple(value)
