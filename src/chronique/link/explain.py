"""What `chronique show` says about an event's links: outlets, sources, claims, decisions."""

from __future__ import annotations

from collections.abc import Sequence

from chronique.records import Claim, Event, Size
from chronique.store.links import Decision


def _size(size: Size | None) -> str:
    if size is None:
        return "no figures"
    parts = [
        f"{n} {what}"
        for n, what in ((size.dead, "dead"), (size.injured, "injured"), (size.arrested, "arrested"))
        if n is not None
    ]
    return ", ".join(parts) or "no figures"


def _claim(claim: Claim) -> str:
    docs = ", ".join(d[:12] for d in claim.documents)
    return f"{claim.source}: {claim.modality}, {_size(claim.size)} (document {docs})"


def link_lines(event: Event, decisions: Sequence[Decision] = ()) -> list[str]:
    """Lines to print after an event's reports (plain text, no markup)."""
    lines: list[str] = []
    if event.outlets:
        lines.append(f"  appeared in {len(event.outlets)} document(s):")
        for outlet in event.outlets:
            where = ", ".join(
                x
                for x in (
                    outlet.publisher,
                    outlet.agency,
                    outlet.language,
                    outlet.published.isoformat() if outlet.published else None,
                    outlet.url,
                )
                if x
            )
            copy = (
                f"; wire copy of {outlet.wire_group[:12]}"
                if outlet.wire_group and outlet.wire_group != outlet.document_id
                else ""
            )
            lines.append(f"    {outlet.document_id[:12]}  {where or '-'}{copy}")
    if event.outlets or event.corroboration > 1:
        named = "; ".join(event.sources) or "the outlets themselves"
        lines.append(f"  corroboration {event.corroboration} independent source(s); cited: {named}")
    if event.claims:
        lines.append("  claims (the sources disagree; each version kept):")
        lines += [f"    {_claim(c)}" for c in event.claims]
    lines += [f"  linked: {reason}" for reason in event.link_reasons]
    for d in decisions:
        verb = "merged" if d.action == "merge" else "split"
        lines.append(f"  decision #{d.id}: {verb} by {d.who} on {d.at[:10]}: {d.why}")
    return lines
