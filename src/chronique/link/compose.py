"""One event out of its members: the events coded from each document that tells it.

The first member gives the event its id, type and modality (a later report does not
rename an event the analyst may already cite); the place and the date are the most
precise any member gives; every report is kept; outlets, sources, corroboration and
claims are counted over all of them (sources.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from chronique.link.rules import LinkRules
from chronique.link.sources import corroborate
from chronique.records import DateRange, Event, Outlet, Place
from chronique.store.links import DocumentInfo, Member

_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _finest_place(places: Sequence[Place | None], rules: LinkRules) -> Place | None:
    known = [
        (rules.precision_rank.get(p.precision or "", 99), i, p) for i, p in enumerate(places) if p
    ]
    return min(known, key=lambda t: t[:2])[2] if known else None


def _finest_date(dates: Sequence[DateRange | None]) -> DateRange | None:
    known = [
        (_DATE_RANK.get(d.precision, 9), (d.end - d.start).days, i, d)
        for i, d in enumerate(dates)
        if d
    ]
    return min(known, key=lambda t: t[:3])[3] if known else None


def outlets(members: Sequence[Member], documents: Mapping[str, DocumentInfo]) -> tuple[Outlet, ...]:
    seen: dict[str, Outlet] = {}
    for member in members:
        for report in member.event.reports:
            if report.document_id in seen:
                continue
            info = documents.get(report.document_id)
            seen[report.document_id] = (
                Outlet(
                    document_id=info.id,
                    publisher=info.publisher,
                    url=info.url,
                    title=info.title,
                    published=info.published,
                    agency=info.agency,
                    language=info.language,
                    wire_group=info.group_id,
                )
                if info
                else Outlet(report.document_id)
            )
    return tuple(seen.values())


def compose(
    members: Sequence[Member], documents: Mapping[str, DocumentInfo], rules: LinkRules
) -> Event:
    """The linked event of `members` (the first one leads); one member: itself, with its
    sources counted the same way as a linked event's."""
    first = members[0].event
    events = [m.event for m in members]
    reports = tuple(r for e in events for r in e.reports)
    counted = corroborate(reports, documents, rules)
    if len(members) == 1:
        return dataclasses.replace(
            first,
            sources=counted.sources,
            corroboration=counted.count,
            claims=counted.claims,
        )
    return dataclasses.replace(
        first,
        mode=first.mode or next((e.mode for e in events if e.mode), None),
        actors=first.actors or next((e.actors for e in events if e.actors), ()),
        recipients=first.recipients or next((e.recipients for e in events if e.recipients), ()),
        place=_finest_place([e.place for e in events], rules),
        date=_finest_date([e.date for e in events]),
        reports=reports,
        sources=counted.sources,
        corroboration=counted.count,
        merge_reasons=tuple(r for e in events for r in e.merge_reasons),
        outlets=outlets(members, documents),
        claims=counted.claims,
        link_reasons=tuple(m.reason for m in members[1:] if m.reason),
    )
