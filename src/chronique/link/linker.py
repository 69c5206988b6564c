"""The linker: newly stored documents join their wire copies, their events join the events
other documents already tell.

For each document, in the order documents were stored, and in one transaction each:

1. wire copies (wire.py): the document joins the group of its nearest copy, if any;
2. for each event coded from it (a *member*), the candidates are
   - the events of its wire copies, and
   - the events of the same type family, involving one of its countries, starting within
     its date range give or take the tolerance — one indexed query (`event_countries`),
     never a pass over the store;
   only events of documents linked before count, so the result is the same whether the
   documents come one by one or all at once (`relink`);
3. analysts' decisions come first: a member with a "together" rule joins its partner's
   event whatever the tests say; an event holding a member it must stay "apart" from is
   no candidate;
4. each candidate is compared (compare.py), then the evidence sentences of those that pass
   (evidence.py); the member joins the most similar one above `link_min_similarity`,
   with the reasons in words; otherwise it stays an event of its own.

A member that joins leaves `events` (its row is kept in `event_members`, with the reason),
and the event it joins is rewritten from all its members (compose.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from chronique.link.compare import Comparer
from chronique.link.compose import compose
from chronique.link.evidence import Encoder, Evidence, evidence
from chronique.link.rules import LinkRules, load_rules
from chronique.link.wire import WireCopies, WireMatch
from chronique.records import Event
from chronique.settings import Settings
from chronique.store.core import Store
from chronique.store.links import DocumentInfo, LinkTables, Member

# Documents linked per transaction: a commit each would cost more than the linking of most
# documents; a stopped run loses at most this many documents' links (linked again next run).
DOCUMENTS_PER_TRANSACTION = 64
# The PostgreSQL advisory lock that keeps two linkers of one store from interleaving.
_PG_LINK_LOCK = 0x4C_49_4E_4B  # "LINK"


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class LinkStats:
    """What a link run did."""

    documents: int = 0
    wire_copies: int = 0  # documents that joined a group of copies
    events: int = 0  # members looked at
    joined: int = 0  # members that joined another event
    forced: int = 0  # of which by an analyst's decision
    compared: int = 0  # candidate pairs compared
    sentences_embedded: int = 0
    embedding_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Candidate:
    event: Event
    document_id: str  # the document the event is listed under
    copy_of: str | None  # the wire copy it came through, if any


class Linker:
    def __init__(
        self, store: Store, settings: Settings | None = None, encode: Encoder | None = None
    ) -> None:
        self.store = store
        self.settings = settings or Settings.load()
        self.tables = LinkTables(store)
        self.rules: LinkRules = load_rules()
        self.wire = WireCopies(self.tables, self.settings)
        self.evidence = Evidence(self.tables, encode, self.settings.link_embedding_threads)
        self.comparer = Comparer(
            self.rules, self.settings.link_max_km, self.settings.link_date_tolerance_days
        )
        self.stats = LinkStats()
        # Stored events and their members as decoded in this transaction, by event id: a
        # story told by many documents is one event with many reports, a candidate of every
        # new copy; decoding it for each comparison made linking quadratic. Kept in step by
        # `write`, dropped at each transaction's end (another writer may change them then).
        self._events: dict[str, tuple[str, Event]] = {}
        self._members: dict[str, list[Member]] = {}

    def _stored(self, ids: Sequence[str]) -> dict[str, tuple[str, Event]]:
        """`LinkTables.events`, through this transaction's cache."""
        missing = [i for i in ids if i not in self._events]
        if missing:
            self._events.update(self.tables.events(missing))
        return {i: self._events[i] for i in ids if i in self._events}

    def _event_members(self, event_id: str) -> list[Member]:
        """`LinkTables.members`, through this transaction's cache."""
        found = self._members.get(event_id)
        if found is None:
            found = self._members[event_id] = self.tables.members(event_id)
        return found

    def _forget(self) -> None:
        self._events.clear()
        self._members.clear()

    # -- entry points ---------------------------------------------------------------------
    def link_pending(self) -> LinkStats:
        """Link every stored document not linked yet (after a run that was stopped)."""
        return self.link_documents(self.tables.unlinked_documents())

    def link_documents(self, document_ids: Iterable[str]) -> LinkStats:
        """Link these stored documents, in this order; ones already linked are skipped."""
        ids = list(dict.fromkeys(document_ids))
        infos = self.tables.documents(ids)
        # Not stored (rejected), or linked already: skipped.
        todo = [i for i in ids if i in infos and infos[i].group_id is None]
        for start in range(0, len(todo), DOCUMENTS_PER_TRANSACTION):
            try:
                with self.store.transaction():
                    self._lock()
                    for document_id in todo[start : start + DOCUMENTS_PER_TRANSACTION]:
                        self._link_document(document_id)
            finally:
                self._forget()
        self.stats.sentences_embedded = self.evidence.encoded
        self.stats.embedding_seconds = round(self.evidence.seconds, 2)
        return self.stats

    def relink(self) -> LinkStats:
        """Undo every automatic link and link the whole store again, in the order it was
        linked before (after a change of settings); analysts' decisions hold as before."""
        self._forget()
        with self.store.transaction():
            self._lock()
            for event_id in self.tables.linked_event_ids():
                members = self.tables.members(event_id)
                self.store.remove_event(event_id)
                self.tables.delete_members(event_id)
                for member in members:
                    self.store.put_event(member.document_id, member.event)
            self.tables.unlink_all()
        return self.link_pending()

    # -- one document ---------------------------------------------------------------------
    def _lock(self) -> None:
        if self.store.dialect == "postgresql":
            self.store.backend.execute("SELECT pg_advisory_xact_lock(?)", (_PG_LINK_LOCK,))

    def _link_document(self, document_id: str) -> None:
        match = self.wire.assign(document_id, self.tables.next_seq())
        if match is None:
            return
        self.stats.documents += 1
        if match.matched is not None:
            self.stats.wire_copies += 1
        for event_id in self.tables.document_event_ids(document_id):
            stored = self._stored([event_id]).get(event_id)
            if stored is None or self.tables.member_events([event_id]):
                continue  # an analyst's rule already put it with another of this document
            self.stats.events += 1
            self._link_member(Member(stored[1], document_id), match)

    def _link_member(self, member: Member, match: WireMatch) -> None:
        rules = self.tables.rules(member.id)
        forced = self._forced(member, rules)
        if forced is not None:
            target, reason = forced
            self.stats.forced += 1
        else:
            best = self._best(member, match, rules)
            if best is None:
                self._refresh_single(member)
                return
            target, reason = best
        self.stats.joined += 1
        self._join(member, target, reason)

    def _forced(
        self, member: Member, rules: dict[str, tuple[str, int]]
    ) -> tuple[_Candidate, str] | None:
        """The event of a member this one must be with, by an analyst's decision."""
        partners = sorted(other for other, (rule, _) in rules.items() if rule == "together")
        if not partners:
            return None
        where = self.tables.member_events(partners)
        for partner in partners:
            event_id = where.get(partner, partner)
            found = self._stored([event_id]).get(event_id)
            if found is None or not self._linked(found[0]):
                continue
            decision = rules[partner][1]
            for d in self.tables.decisions([member.id]):
                if d.id == decision:
                    why = f"analyst decision #{d.id}: merged by {d.who} on {d.at[:10]}: {d.why}"
                    break
            else:
                why = f"analyst decision #{decision}"
            return _Candidate(found[1], found[0], None), why
        return None

    def _linked(self, document_id: str) -> bool:
        info = self.tables.documents([document_id]).get(document_id)
        return info is not None and info.group_id is not None

    def _candidates(self, member: Member, match: WireMatch) -> list[_Candidate]:
        event = member.event
        copies = {
            event_id: match.matched or match.group_id
            for event_id in self.tables.group_events(match.group_id, member.document_id)
        }
        blocked: list[str] = []
        # The block's countries: where it happened; when that is not known, who took part.
        # (Every event with a Russian actor that day would be too wide a block for a strike
        # placed in Idleb.)
        if event.place and event.place.country:
            countries = [event.place.country]
        else:
            countries = sorted({a.country for a in (*event.actors, *event.recipients) if a.country})
        if event.date and countries:
            slack = dt.timedelta(days=self.settings.link_date_tolerance_days)
            span = dt.timedelta(days=self.tables.max_span_days())
            limit = self.settings.link_max_candidates
            blocked = self.tables.blocked_events(
                countries,
                self.rules.family_types(event.type),
                (event.date.start - slack - span).isoformat(),
                (event.date.end + slack).isoformat(),
                (event.date.start - slack).isoformat(),
                limit,
            )
            if len(blocked) >= limit:
                self.stats.notes.append(
                    f"event {event.id}: more than {limit} candidates (setting "
                    "link_max_candidates); the latest were compared"
                )
        ids = [i for i in dict.fromkeys([*copies, *blocked]) if i != event.id]
        found = self._stored(ids)
        own = {r.document_id for r in event.reports}
        out = []
        for event_id in ids:
            if event_id not in found:
                continue
            listed_under, candidate = found[event_id]
            # Two events of one document were kept apart by the document's own merge.
            if own & {r.document_id for r in candidate.reports}:
                continue
            out.append(_Candidate(candidate, listed_under, copies.get(event_id)))
        return out

    def _best(
        self, member: Member, match: WireMatch, rules: dict[str, tuple[str, int]]
    ) -> tuple[_Candidate, str] | None:
        apart = {other for other, (rule, _) in rules.items() if rule == "apart"}
        passed: list[tuple[_Candidate, tuple[str, ...]]] = []
        for candidate in self._candidates(member, match):
            if apart and self._members_of(candidate.event) & apart:
                continue
            self.stats.compared += 1
            fit = self.comparer.compare(candidate.event, member.event)
            if fit.ok:
                passed.append((candidate, fit.reasons))
        if not passed:
            return None
        languages = self._languages([member.event, *(c.event for c, _ in passed)])
        limit, words = self.settings.link_max_evidence, self.settings.link_max_sentence_words
        mine = evidence(member.event, languages, limit, words)
        best: tuple[tuple[float, str], _Candidate, tuple[str, ...], float] | None = None
        # The events of wire copies first: one that fits ends the search (its sentences are
        # the member's own, alike without a model call); the others only if none does.
        for copies in (True, False):
            for candidate, reasons in passed:
                if (candidate.copy_of is not None) != copies:
                    continue
                theirs = evidence(candidate.event, languages, limit, words)
                score = self.evidence.similarity(mine, theirs)
                key = (-score, candidate.event.id)  # the most similar, then the first listed
                if score >= self.settings.link_min_similarity and (best is None or key < best[0]):
                    best = (key, candidate, reasons, score)
            if best is not None:
                break
        if best is None:
            return None
        _, candidate, reasons, score = best
        info = self.tables.documents([member.document_id]).get(member.document_id)
        said = [*reasons, f"evidence similarity {score:.2f}"]
        if candidate.copy_of:
            copy = f"wire copy of document {candidate.copy_of[:12]}"
            if match.similarity is not None:
                copy += f" (shingle similarity {match.similarity:.2f})"
            said.insert(0, copy)
        return candidate, f"{_name(member.document_id, info)}: " + "; ".join(said)

    def _members_of(self, event: Event) -> set[str]:
        members = self._event_members(event.id)
        return {m.id for m in members} if members else {event.id}

    def _languages(self, events: Sequence[Event]) -> dict[str, str | None]:
        ids = [r.document_id for e in events for r in e.reports]
        return {k: v.language for k, v in self.tables.documents(ids).items()}

    # -- writing --------------------------------------------------------------------------
    def _join(self, member: Member, target: _Candidate, reason: str) -> None:
        members = self._event_members(target.event.id) or [Member(target.event, target.document_id)]
        joined = [*members, Member(member.event, member.document_id, reason)]
        # An analyst who merged events chose which one stays: its id leads.
        keep = self._kept(joined)
        if keep is not None and keep != joined[0].id:
            # The member that led until now is in the event for the reason the kept one
            # came with (the analyst's decision).
            lead = next(m for m in joined if m.id == keep)
            rest = [m if m.reason else dataclasses.replace(m, reason=lead.reason) for m in joined]
            joined = [dataclasses.replace(lead, reason=""), *(m for m in rest if m.id != keep)]
        self.write(joined, drop=[member.id, target.event.id])

    def _kept(self, members: Sequence[Member]) -> str | None:
        ids = {m.id for m in members}
        merges = [d for d in self.tables.decisions(sorted(ids)) if d.action == "merge"]
        for decision in reversed(merges):
            if decision.event_id in ids:
                return decision.event_id
        return None

    def write(self, members: Sequence[Member], drop: Sequence[str] = ()) -> Event:
        """Store the linked event of `members` (the first leads), removing the events in
        `drop` first; one member is stored as an event of its own."""
        documents = self._documents(members)
        event = compose(members, documents, self.rules)
        # The usual join: the event keeps its id and its members, one more comes last. Its
        # members' rows stay as they are; only the newcomer's is written.
        before = self._members.get(event.id) if event.id in drop else None
        kept = (
            len(before)
            if before
            and len(before) < len(members)
            and [_row(m) for m in before] == [_row(m) for m in members[: len(before)]]
            else 0
        )
        for event_id in dict.fromkeys(drop):
            self.store.remove_event(event_id)
            self._events.pop(event_id, None)
            if not (kept and event_id == event.id):
                self.tables.delete_members(event_id)
                self._members.pop(event_id, None)
        self.store.put_event(members[0].document_id, event)
        self._events[event.id] = (members[0].document_id, event)
        if len(members) > 1:
            self.tables.save_members(event.id, members[kept:], now(), start=kept)
            self._members[event.id] = list(members)
        return event

    def _documents(self, members: Sequence[Member]) -> dict[str, DocumentInfo]:
        return self.tables.documents([r.document_id for m in members for r in m.event.reports])

    def _refresh_single(self, member: Member) -> None:
        """An event that stays on its own still has its sources counted like any other."""
        updated = compose([member], self._documents([member]), self.rules)
        event = member.event
        if (updated.corroboration, updated.claims) != (event.corroboration, event.claims):
            self.store.put_event(member.document_id, updated)
            self._events[updated.id] = (member.document_id, updated)


def _row(member: Member) -> tuple[str, str, str]:
    """What a member's stored row says besides its event: whether it can stay as it is."""
    return (member.id, member.document_id, member.reason)


def _name(document_id: str, info: DocumentInfo | None) -> str:
    who = ", ".join(x for x in (info.publisher, info.language) if x) if info else ""
    return f"document {document_id[:12]}" + (f" ({who})" if who else "")
