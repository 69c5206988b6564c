"""Small helpers every scorer shares: text folding, codes, dates, spans and ratios.

GOLD.md compares text "case-folded, whitespace collapsed", and treats `null` fields of
gold as "not scored". Keeping those conventions in one place means the event, place,
time and actor scorers cannot drift apart on them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]

_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# Typographic apostrophes and the ASCII one are the same letter for a reader; sources mix
# them ("l’OSDH" in one wire copy, "l'OSDH" in another), so attribution names fold them.
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})


def normalise_text(text: str) -> str:
    """The text every offset refers to: NFC, Windows line ends turned into "\\n"."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def fold(text: str) -> str:
    """Case-folded, whitespace-collapsed, NFC text: the comparison form of GOLD.md step 2."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def tokens(text: str) -> tuple[str, ...]:
    """Word tokens of folded text (apostrophes folded), for token-boundary overlap."""
    return tuple(_WORD.findall(fold(text).translate(_APOSTROPHES)))


def contains_tokens(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    """True when `shorter` is a non-empty contiguous run of `longer`."""
    if not shorter or len(shorter) > len(longer):
        return False
    width = len(shorter)
    return any(
        tuple(longer[i : i + width]) == tuple(shorter) for i in range(len(longer) - width + 1)
    )


def code(value: object) -> str | None:
    """A country / sector / modality code in comparison form, or None when not given."""
    if value is None:
        return None
    text = str(value).strip()
    return text.upper() if text else None


def as_mapping(value: object) -> Mapping[str, Any]:
    """A JSON object, or an empty one: a malformed prediction entry scores as "said nothing"."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: object) -> list[Any]:
    """A JSON list; `null` (annotated as none) and anything else become []."""
    return list(value) if isinstance(value, (list, tuple)) else []


def parse_date(value: object) -> dt.date | None:
    """An ISO date (or datetime, whose day is kept); None when absent or unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


def span_of(entry: Mapping[str, Any]) -> tuple[int, int] | None:
    """The (start, end) character offsets of an entry, or None when it has no usable ones."""
    start, end = entry.get("start"), entry.get("end")
    # bool is an int subclass; `true` offsets are a producer bug, not a position.
    if (
        isinstance(start, int)
        and isinstance(end, int)
        and not isinstance(start, bool)
        and not isinstance(end, bool)
        and start < end
    ):
        return (start, end)
    return None


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters two half-open spans share (0 when disjoint)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass(slots=True)
class Ratio:
    """A share of checks passed; `value` is None when nothing was checked."""

    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.hits += int(ok)

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives of one detection task."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float | None:
        # GOLD.md step 7: precision with no prediction is null, not 0 or 1.
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        # 2tp / (2tp + fp + fn) equals the harmonic mean when both exist, and is 0 (not
        # undefined) when the system predicted nothing but there was something to find.
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None
