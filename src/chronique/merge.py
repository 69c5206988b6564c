"""Reports of one event become one Event (within a document, for now).

Three ways a report is not a new event in wire copy:
- the headline repeats an event of the body ("Assaut terrestre en plus des frappes
  russes…" then "des bombardements … accompagnés par un assaut terrestre");
- a demonstrative refers back ("cet assaut terrestre", "ces discussions");
- an agentless passive details the previous event ("Quatre positions tenues par des
  rebelles auraient été visées") — it also lends its targets to the events it details.
Every decision is recorded as a reason on the event so `chronique show` can explain it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from chronique.records import Actor, Document, Event, EventReport, Place

# An elaboration is looked for this many sentences after the event it details.
_ELABORATION_WINDOW = 2


@dataclass(slots=True)
class _Group:
    reports: list[EventReport]
    reasons: list[str] = field(default_factory=list)

    @property
    def primary(self) -> EventReport:
        return self.reports[0]


def _countries(actors: Sequence[Actor]) -> set[str]:
    return {a.country for a in actors if a.country}


def compatible(a: EventReport, b: EventReport) -> bool:
    """Could `a` and `b` report the same event? Same type, no contradicting mode or actors."""
    if a.type != b.type:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    ca, cb = _countries(a.actors), _countries(b.actors)
    if ca and cb and not ca & cb:
        return False
    if a.date and b.date and (a.date.end < b.date.start or b.date.end < a.date.start):
        return False
    pa, pb = _told_place(a), _told_place(b)
    return not (pa and pb and pa.country and pb.country and pa.country != pb.country)


def _told_place(report: EventReport) -> Place | None:
    """The place the report's own words give: one inferred from its paragraph or the story
    (resolve/place.py, locate_reports) tells no two reports apart."""
    place = report.place
    return place if place is not None and place.inferred is None else None


def _affinity(a: EventReport, b: EventReport, lead: int) -> int:
    """How well headline report `b` fits body event `a`; `lead` is the first body paragraph
    with an event — a headline sums up the lead, not the background further down."""
    score = 2 if a.paragraph == lead else 0
    score += 2 if a.lemma and a.lemma == b.lemma else 0
    score += 1 if a.mode and a.mode == b.mode else 0
    score += 1 if _countries(a.actors) & _countries(b.actors) else 0
    return score


def _share_targets(reports: list[EventReport]) -> list[EventReport]:
    """An agentless passive lends its targets to the same-type events just before it."""
    out = list(reports)
    for i, detail in enumerate(out):
        if not detail.elaboration or not detail.recipients:
            continue
        for j in range(i - 1, -1, -1):
            before = out[j]
            if before.paragraph != detail.paragraph or before.headline:
                break
            if before.sentence.start < detail.sentence.start - 2000:
                break
            if before.type == detail.type and not before.recipients:
                out[j] = replace(before, recipients=detail.recipients)
    return out


def merge_document(document: Document, reports: Sequence[EventReport]) -> list[Event]:
    """Group one document's reports into events."""
    ordered = _share_targets(sorted(reports, key=lambda r: (r.headline is False, r.trigger.start)))
    body = [r for r in ordered if not r.headline]
    heads = [r for r in ordered if r.headline]
    groups: list[_Group] = []
    for report in body:
        target = _antecedent(groups, report)
        if target is None and report.demonstrative:
            # "cette attaque" with nothing before it to refer to: it points outside the
            # document (an earlier story), so it is no new event here.
            continue
        if target is not None:
            if report.anaphoric:
                why = "refers back (demonstrative or definite noun)"
            elif report.elaboration and not report.actors:
                why = "details it (passive)"
            else:
                why = "retells it (same type, actors, modality; nothing sets it apart)"
            target.reports.append(report)
            target.reasons.append(f"report '{report.trigger.text}' {why}")
        else:
            groups.append(_Group([report]))
    lead = min((g.primary.paragraph for g in groups), default=0)
    for report in heads:
        candidates = [g for g in groups if compatible(g.primary, report)]
        if candidates:
            best = max(candidates, key=lambda g: _affinity(g.primary, report, lead))
            best.reports.append(report)
            best.reasons.append(f"headline '{report.trigger.text}' repeats it")
        else:
            groups.append(_Group([report]))
    return [_event(document, g) for g in sorted(groups, key=lambda g: g.primary.trigger.start)]


def _antecedent(groups: list[_Group], report: EventReport) -> _Group | None:
    if report.anaphoric:
        for group in reversed(groups):
            if compatible(group.primary, report):
                return group
    if report.elaboration and not report.actors:
        for group in reversed(groups[-_ELABORATION_WINDOW - 1 :]):
            last = group.reports[-1]
            if last.paragraph == report.paragraph and group.primary.type == report.type:
                return group
    for group in reversed(groups):
        if _retold(group.primary, report):
            return group
    return None


def _retold(first: EventReport, later: EventReport) -> bool:
    """A later sentence telling the same event again: same type, same mode or none, same
    modality, the same actors (or none named), and nothing that tells them apart (a date, a
    place, a target of its own)."""
    if not compatible(first, later) or first.modality != later.modality:
        return False
    if first.mode != later.mode:
        return False
    if later.actors and first.actors and _countries(first.actors) != _countries(later.actors):
        return False
    if first.date and later.date and first.date != later.date:
        return False
    told, retold = _told_place(first), _told_place(later)
    if told and retold and told.country != retold.country:
        return False
    return not (
        first.recipients
        and later.recipients
        and _countries(first.recipients) != _countries(later.recipients)
    )


def event_id(document_id: str, report: EventReport) -> str:
    key = f"{document_id}:{report.trigger.start}:{report.trigger.end}:{report.type}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _event(document: Document, group: _Group) -> Event:
    primary = group.primary
    recipients = primary.recipients or next(
        (r.recipients for r in group.reports if r.recipients), ()
    )
    # A place some report tells beats one inferred for the primary report.
    told = (p for r in (primary, *group.reports) if (p := _told_place(r)) is not None)
    inferred = (r.place for r in (primary, *group.reports) if r.place is not None)
    place = next(told, None) or next(inferred, None)
    date = primary.date or next((r.date for r in group.reports if r.date), None)
    # The sources the document cites; one document is one independent report whatever it
    # cites, so corroboration across documents is the cross-document merge's to count.
    originals = list(dict.fromkeys(r.attribution[0].name for r in group.reports if r.attribution))
    return Event(
        id=event_id(document.id, primary),
        type=primary.type,
        mode=primary.mode or next((r.mode for r in group.reports if r.mode), None),
        actors=primary.actors,
        recipients=recipients,
        place=place,
        date=date,
        modality=primary.modality,
        reports=tuple(group.reports),
        sources=tuple(originals),
        corroboration=1,
        merge_reasons=tuple(group.reasons),
    )
