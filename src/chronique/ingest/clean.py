"""The scrape cleaner: masks boilerplate with spaces instead of cutting it out.

Masking keeps the cleaned text exactly as long as its input, so every character offset
(gold annotations, sentence spans, highlights in the web UI) still points at the same
character of the original article. Removed pieces are listed with their reason, and what
they tell us (title, wire agency, dateline city) is returned as metadata.

The input should already be `identity.normalise`d: the cleaner never changes length, so it
cannot normalise for you.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from chronique.records import Span

from .rules import Rules, footer_key, load_rules

RemovalReason = Literal["credit", "footer", "signature", "dateline", "repeated-headline"]

# A line longer than this is a paragraph of the article, whatever words it contains: real
# footers and credits are short, and masking a paragraph would lose events.
MAX_BOILERPLATE_LINE = 400
# Datelines open the story; looking further down would take a quoted "(AFP)" for one.
DATELINE_LINES = 3
# A headline is short and does not end like a sentence.
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
_SENTENCE_END = (".", ",", ";", ":")


@dataclass(frozen=True, slots=True)
class Removal:
    """One masked piece of the input: where it was, what it said, and why it went."""

    span: Span
    reason: RemovalReason


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The cleaner's result. `text` has the input's length; `agencies` is in text order."""

    text: str
    title: str | None
    agency: str | None
    agencies: tuple[str, ...]
    dateline: str | None
    dateline_detail: str | None
    removed: tuple[Removal, ...]


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    masked: bool = False

    @property
    def stripped(self) -> str:
        return self.text.strip()


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    for part in text.split("\n"):
        lines.append(_Line(start, start + len(part), part))
        start += len(part) + 1
    return lines


def _trimmed_span(text: str, start: int, end: int) -> Span:
    # Record the visible piece, not the blanks around it, so the span text reads well.
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return Span(start + left, start + right, piece[left:right])


def looks_like_headline(line: str) -> bool:
    """Short, has letters, and does not end like a sentence."""
    stripped = line.strip()
    return (
        0 < len(stripped) <= MAX_TITLE_CHARS
        and len(stripped.split()) <= MAX_TITLE_WORDS
        and any(ch.isalpha() for ch in stripped)
        and (not stripped.endswith(_SENTENCE_END) or stripped.endswith("..."))
    )


class _Cleaner:
    def __init__(self, text: str, rules: Rules) -> None:
        self.text = text
        self.rules = rules
        self.lines = _lines(text)
        self.removed: list[Removal] = []
        self.found: list[tuple[int, str]] = []  # (offset, agency) so text order can be kept
        self.title: str | None = None
        self.dateline: str | None = None
        self.dateline_detail: str | None = None

    def remove(self, start: int, end: int, reason: RemovalReason) -> None:
        self.removed.append(Removal(_trimmed_span(self.text, start, end), reason))

    def remove_line(self, line: _Line, reason: RemovalReason) -> None:
        line.masked = True
        self.remove(line.start, line.end, reason)

    def note_agencies(self, offset: int, match: re.Match[str]) -> None:
        # Offsets of each name, not of the match, so "ats/afp" keeps ATS first.
        base = offset + match.start("agencies")
        for position, name in self.rules.agencies_in(match.group("agencies")):
            self.found.append((base + position, name))

    def body(self) -> list[_Line]:
        return [line for line in self.lines if not line.masked and line.stripped]

    def classify_lines(self) -> None:
        for line in self.lines:
            stripped = line.stripped
            if not stripped or len(stripped) > MAX_BOILERPLATE_LINE:
                continue
            # Credits first: "Photo: AFP" is a picture credit, not the story's agency.
            if any(p.fullmatch(stripped) for p in self.rules.credit):
                self.remove_line(line, "credit")
            elif self.rules.is_footer_phrase(stripped) or any(
                p.fullmatch(stripped) for p in self.rules.footer
            ):
                self.remove_line(line, "footer")
            else:
                for pattern in self.rules.signature:
                    match = pattern.fullmatch(stripped)
                    if match:
                        self.remove_line(line, "signature")
                        # fullmatch ran on the stripped line: shift by the leading blanks.
                        indent = len(line.text) - len(line.text.lstrip())
                        self.note_agencies(line.start + indent, match)
                        break

    def find_dateline(self) -> _Line | None:
        for line in self.body()[:DATELINE_LINES]:
            offset = len(line.text) - len(line.text.lstrip())
            for pattern in self.rules.dateline:
                match = pattern.match(line.text, offset)
                if match:
                    self.remove(line.start + match.start(), line.start + match.end(), "dateline")
                    self.note_agencies(line.start, match)
                    city = match.group("city")
                    detail = match.group("detail")
                    self.dateline = city.strip() if city else None
                    self.dateline_detail = detail.strip() if detail else None
                    return line
        return None

    def find_title(self, dateline_line: _Line | None) -> None:
        body = self.body()
        if not body or body[0] is dateline_line or not looks_like_headline(body[0].text):
            return
        self.title = body[0].stripped
        key = footer_key(self.title)
        for line in body[1:]:
            if footer_key(line.text) == key:
                self.remove_line(line, "repeated-headline")

    def find_signature_end(self) -> None:
        body = self.body()
        if not body:
            return
        last = body[-1]
        for pattern in self.rules.signature_end:
            match = pattern.search(last.text)
            if match:
                self.remove(last.start + match.start(), last.start + match.end(), "signature")
                self.note_agencies(last.start, match)
                return

    def masked_text(self) -> str:
        chars = list(self.text)
        for removal in self.removed:
            for i in range(removal.span.start, removal.span.end):
                # Line breaks stay: they carry the paragraph structure the parser needs.
                if chars[i] not in "\n\r":
                    chars[i] = " "
        return "".join(chars)

    def run(self) -> Cleaned:
        self.classify_lines()
        dateline_line = self.find_dateline()
        self.find_title(dateline_line)
        self.find_signature_end()
        ordered = sorted(self.found, key=lambda found: found[0])
        agencies = tuple(dict.fromkeys(name for _, name in ordered))
        return Cleaned(
            text=self.masked_text(),
            title=self.title,
            agency=agencies[0] if agencies else None,
            agencies=agencies,
            dateline=self.dateline,
            dateline_detail=self.dateline_detail,
            removed=tuple(sorted(self.removed, key=lambda r: r.span.start)),
        )


def clean(text: str, rules: Rules | None = None) -> Cleaned:
    """Mask scrape boilerplate in `text` (same length out) and read title/agency/dateline."""
    return _Cleaner(text, rules if rules is not None else load_rules()).run()
