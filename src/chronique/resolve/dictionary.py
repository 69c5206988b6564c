"""User actor dictionaries: a TSV of phrase → country, sector, optional date range.

Analysts bring their own actors (the militia leader who changed sides, the local council
that is GOV in one year and OPP the next). A dictionary is a TSV with a header:

    phrase	code	sector	valid_from	valid_to
    AHMED AL-SHARAA	SYR	REB		2024-12-07
    AHMED AL-SHARAA	SYR	GOV	2024-12-08

`phrase` is matched case-insensitively on whole words ("_" stands for a space); `code` is
an ISO 3166 alpha-3 country or IGO/NGO/IMG/UNK; `sector` may be empty. A row with dates
applies on those days (inclusive); a row without dates is the phrase's default, used when
no dated row covers the document's date. Dictionaries are layered over the built-in lists:
the last file given wins for a phrase it defines. Extra columns are ignored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from chronique.errors import ChroniqueError


@dataclass(frozen=True, slots=True)
class DictionaryEntry:
    phrase: str
    country: str | None
    sector: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: str

    def covers(self, day: dt.date | None) -> bool:
        if self.valid_from is None and self.valid_to is None:
            return True
        if day is None:
            return False
        return (self.valid_from is None or day >= self.valid_from) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class DictionaryMatch:
    start: int
    end: int
    text: str
    entry: DictionaryEntry


def _date(value: str, where: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ChroniqueError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from exc


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChroniqueError(f"cannot read actor dictionary {path}: {exc}") from exc
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = {"phrase", "code"} - set(reader.fieldnames or ())
    if missing:
        raise ChroniqueError(
            f"actor dictionary {path} lacks column(s) {', '.join(sorted(missing))}: "
            "the header must have phrase, code and optionally sector, valid_from, valid_to"
        )
    for lineno, row in enumerate(reader, start=2):
        yield lineno, {k: (v or "") for k, v in row.items() if k is not None}


class ActorDictionary:
    """Phrases of one or more user dictionaries, matched longest first."""

    def __init__(self, entries: Sequence[DictionaryEntry] = ()) -> None:
        by_phrase: dict[str, list[DictionaryEntry]] = {}
        for entry in entries:
            by_phrase.setdefault(entry.phrase, []).append(entry)
        self._entries = by_phrase
        phrases = sorted(by_phrase, key=len, reverse=True)
        self._pattern = (
            re.compile(
                r"(?<!\w)("
                + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
                + r")(?!\w)",
                re.IGNORECASE,
            )
            if phrases
            else None
        )

    @classmethod
    def load(cls, paths: Sequence[Path]) -> ActorDictionary:
        """Read dictionaries in order; a later file's rows for a phrase replace earlier ones."""
        merged: dict[str, list[DictionaryEntry]] = {}
        for path in paths:
            mine: dict[str, list[DictionaryEntry]] = {}
            for lineno, row in _rows(path):
                phrase = " ".join(row["phrase"].replace("_", " ").split()).casefold()
                if not phrase:
                    continue
                where = f"{path}:{lineno}"
                code = row.get("code", "").strip().upper() or None
                sector = row.get("sector", "").strip().upper() or None
                mine.setdefault(phrase, []).append(
                    DictionaryEntry(
                        phrase,
                        code,
                        sector,
                        _date(row.get("valid_from", ""), where),
                        _date(row.get("valid_to", ""), where),
                        where,
                    )
                )
            merged.update(mine)
        return cls([e for entries in merged.values() for e in entries])

    def __len__(self) -> int:
        return sum(len(v) for v in self._entries.values())

    def entry(self, phrase: str, day: dt.date | None) -> DictionaryEntry | None:
        """The row for `phrase` on `day`: a dated row covering it, else the default row."""
        rows = self._entries.get(" ".join(phrase.split()).casefold(), [])
        dated = [r for r in rows if (r.valid_from or r.valid_to) and r.covers(day)]
        if dated:
            return dated[0]
        return next((r for r in rows if r.valid_from is None and r.valid_to is None), None)

    def matches(self, text: str, day: dt.date | None) -> list[DictionaryMatch]:
        """Every phrase of the dictionary in `text` that has a row for `day`, longest first."""
        if self._pattern is None:
            return []
        out = []
        for m in self._pattern.finditer(text):
            entry = self.entry(m.group(1), day)
            if entry is not None:
                out.append(DictionaryMatch(m.start(1), m.end(1), m.group(1), entry))
        return out
