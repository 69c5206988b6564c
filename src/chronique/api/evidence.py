"""The evidence of a report: which words of its sentence are the trigger, actors, place.

Offsets are the document's (as every span of a record); `segments` cuts the sentence into
plain and marked runs for the event page, which escapes each run's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from chronique.records import EventReport

# When marks overlap, the first kind here wins the characters they share.
KINDS: tuple[str, ...] = ("trigger", "actor", "recipient", "place", "source")


@dataclass(frozen=True, slots=True)
class Mark:
    """A marked span of the document: its offsets, what it is, its words."""

    start: int
    end: int
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of a sentence: its text and its mark (None: plain text)."""

    text: str
    kind: str | None


def marks(report: EventReport) -> list[Mark]:
    """The marks inside the report's sentence, in text order."""
    sentence = report.sentence
    out = [Mark(report.trigger.start, report.trigger.end, "trigger", report.trigger.text)]
    spans = [("actor", a.start, a.end, a.text) for a in report.actors]
    spans += [("recipient", a.start, a.end, a.text) for a in report.recipients]
    if report.place is not None:
        spans.append(("place", report.place.start, report.place.end, report.place.text))
    for kind, start, end, text in spans:
        # A role filled from another sentence (a target named earlier) has no words here.
        if start is not None and end is not None and sentence.start <= start < end <= sentence.end:
            out.append(Mark(start, end, kind, text))
    for source in report.attribution:
        # Attribution links carry their words, not offsets: found in the sentence, if there.
        at = sentence.text.find(source.text) if source.text else -1
        if at >= 0:
            start = sentence.start + at
            out.append(Mark(start, start + len(source.text), "source", source.text))
    return sorted(out, key=lambda m: (m.start, KINDS.index(m.kind)))


def segments(report: EventReport) -> list[Segment]:
    """The report's sentence as runs of plain and marked text."""
    sentence = report.sentence
    labels: list[str | None] = [None] * len(sentence.text)
    for mark in sorted(marks(report), key=lambda m: -KINDS.index(m.kind)):
        for i in range(mark.start - sentence.start, mark.end - sentence.start):
            if 0 <= i < len(labels):
                labels[i] = mark.kind
    out: list[Segment] = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            out.append(Segment(sentence.text[start:i], labels[start]))
            start = i
    return out
