"""Analysts' decisions: merge events the linker kept apart, split one it should not have made.

Both are stored with who, when and why (`link_decisions`), and turned into rules about
pairs of members — the events as coded from one document — that the linker obeys on
every later run, `chronique link` (a re-link) included: members an analyst merged stay
together ("together"), members an analyst split never meet again ("apart"). The latest
decision about a pair holds, so a merge undoes an earlier split of the same events.
"""

from __future__ import annotations

from collections.abc import Sequence

from chronique.link.linker import Linker, now
from chronique.link.rules import LinkError
from chronique.records import Event
from chronique.settings import Settings
from chronique.store.core import Store
from chronique.store.links import Decision, LinkTables, Member


def _members(tables: LinkTables, event_id: str) -> tuple[str, list[Member]]:
    """The exact event id and its members (one, itself, for an event of one document)."""
    stored = tables.events([event_id]).get(event_id)
    if stored is None:
        event = tables.store.event(event_id)  # an unambiguous prefix, as the CLI takes
        stored = tables.events([event.id]).get(event.id) if event else None
    if stored is None:
        raise LinkError(f"no single event with id {event_id!r} in {tables.store.location}")
    document_id, event = stored
    return event.id, tables.members(event.id) or [Member(event, document_id)]


def _check(who: str, reason: str) -> None:
    if not who.strip():
        raise LinkError("say who decides (--by NAME): decisions are signed")
    if not reason.strip():
        raise LinkError("say why (--why TEXT): the next analyst will want to know")


def merge_events(
    store: Store,
    keep_id: str,
    other_ids: Sequence[str],
    *,
    who: str,
    reason: str,
    settings: Settings | None = None,
) -> Event:
    """Merge the events `other_ids` into `keep_id` (which keeps its id); return the result.

    Every member of these events is put "together" with every other, for good.
    """
    _check(who, reason)
    if not other_ids:
        raise LinkError("name at least one event to merge into the one kept")
    linker = Linker(store, settings)
    tables = linker.tables
    with store.transaction():
        keep, kept = _members(tables, keep_id)
        others: list[tuple[str, list[Member]]] = []
        for other_id in other_ids:
            found = _members(tables, other_id)
            if found[0] == keep or found[0] in (o for o, _ in others):
                raise LinkError(f"event {other_id!r} is named twice (or is the one kept)")
            others.append(found)
        everyone = [m.id for m in kept] + [m.id for _, ms in others for m in ms]
        at = now()
        decision = tables.add_decision("merge", keep, everyone, who, reason, at)
        why = f"analyst decision #{decision}: merged by {who} on {at[:10]}: {reason}"
        members = list(kept)
        for _, group in others:
            members.append(Member(group[0].event, group[0].document_id, why))
            members.extend(group[1:])
        return linker.write(members, drop=[keep, *(o for o, _ in others)])


def split_event(
    store: Store,
    event_id: str,
    *,
    who: str,
    reason: str,
    settings: Settings | None = None,
) -> list[Event]:
    """Undo the merges into `event_id`: each member becomes an event again, as it was coded
    from its document, and no two of them are linked again (unless an analyst merges them).
    """
    _check(who, reason)
    linker = Linker(store, settings)
    tables = linker.tables
    with store.transaction():
        exact, members = _members(tables, event_id)
        if len(members) < 2:
            raise LinkError(
                f"event {exact} was not merged from several events: there is nothing to split"
            )
        tables.add_decision("split", exact, [m.id for m in members], who, reason, now())
        store.remove_event(exact)
        tables.delete_members(exact)
        for member in members:
            store.put_event(member.document_id, member.event)
        return [m.event for m in members]


def history(store: Store, event: Event) -> list[Decision]:
    """The decisions about this event's members, oldest first."""
    tables = LinkTables(store)
    members = tables.members(event.id)
    return tables.decisions([m.id for m in members] or [event.id])
