"""The tables of cross-document linking (migration 4), read and written for chronique.link.

`LinkTables(store)` speaks SQL both engines accept, through the store's backend; callers
group its writes in `store.transaction()`. What the rows mean is told in migrations.py (v4).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chronique.records import Event
from chronique.store.codec import event_from_dict, event_to_dict

if TYPE_CHECKING:
    from chronique.store.core import Store

# Ids per `IN (…)` list: well under SQLite's limit of bound parameters.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Member:
    """An event as coded from one document, which is (or will be) part of a linked event."""

    event: Event
    document_id: str
    # Why it joined the linked event, in words; "" for the event's first member.
    reason: str = ""

    @property
    def id(self) -> str:
        return self.event.id


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the linker needs of a stored document besides its text."""

    id: str
    publisher: str | None
    url: str | None
    title: str | None
    published: dt.date | None
    agency: str | None
    language: str | None
    group_id: str | None  # its wire-copy group, once linked
    matched: str | None  # the copy it was matched with
    similarity: float | None

    @property
    def voice(self) -> str:
        """Who speaks when a report names no source: the agency, else the publisher."""
        return self.agency or self.publisher or f"document {self.id[:12]}"


@dataclass(frozen=True, slots=True)
class Decision:
    """An analyst's merge or split."""

    id: int
    action: str
    event_id: str
    members: tuple[str, ...]
    who: str
    why: str
    at: str


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _marks(items: Sequence[Any]) -> str:
    return ", ".join("?" * len(items))


def pair(a: str, b: str) -> tuple[str, str]:
    """A pair of members in the order `link_rules` keeps it."""
    return (a, b) if a < b else (b, a)


class LinkTables:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.backend

    # -- state ----------------------------------------------------------------------------
    def state(self, name: str) -> str | None:
        rows = self.db.rows("SELECT value FROM link_state WHERE name = ?", (name,))
        return str(rows[0][0]) if rows else None

    def set_state(self, name: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO link_state VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = "
            "excluded.value",
            (name, value),
        )

    # -- documents and wire copies --------------------------------------------------------
    def unlinked_documents(self) -> list[str]:
        """Stored documents not linked yet, in the order they were linked before (a re-link
        replays it), then in the order they were stored."""
        rows = self.db.rows(
            "SELECT d.id FROM documents d LEFT JOIN wire_copies w ON w.document_id = d.id "
            "WHERE w.group_id IS NULL ORDER BY w.seq NULLS LAST, d.ingested_at, d.id"
        )
        return [r[0] for r in rows]

    def documents(self, ids: Sequence[str]) -> dict[str, DocumentInfo]:
        found: dict[str, DocumentInfo] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            rows = self.db.rows(
                "SELECT d.id, d.publisher, d.url, d.title, d.published, d.agency, d.language, "
                "w.group_id, w.matched, w.similarity FROM documents d "
                f"LEFT JOIN wire_copies w ON w.document_id = d.id WHERE d.id IN ({_marks(chunk)})",
                chunk,
            )
            for r in rows:
                found[r[0]] = DocumentInfo(
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    dt.date.fromisoformat(r[4]) if r[4] else None,
                    r[5],
                    r[6],
                    r[7],
                    r[8],
                    None if r[9] is None else float(r[9]),
                )
        return found

    def text(self, document_id: str) -> str | None:
        rows = self.db.rows("SELECT text FROM documents WHERE id = ?", (document_id,))
        return str(rows[0][0]) if rows else None

    def signatures(self, ids: Sequence[str], params: str) -> dict[str, bytes]:
        """The stored signatures of these documents made with `params`."""
        found: dict[str, bytes] = {}
        for chunk in _chunks(list(ids)):
            rows = self.db.rows(
                "SELECT document_id, signature FROM wire_copies "
                f"WHERE params = ? AND document_id IN ({_marks(chunk)})",
                [params, *chunk],
            )
            found.update((r[0], bytes(r[1])) for r in rows)
        return found

    def save_signature(self, document_id: str, signature: bytes, params: str) -> None:
        """Keep a document's signature; a signature made with other settings is replaced
        and the document is unlinked (it has to be grouped again)."""
        self.db.execute(
            "INSERT INTO wire_copies (document_id, signature, params) VALUES (?, ?, ?) "
            "ON CONFLICT (document_id) DO UPDATE SET signature = excluded.signature, "
            "params = excluded.params, group_id = NULL, matched = NULL, similarity = NULL",
            (document_id, signature, params),
        )

    def next_seq(self) -> int:
        return int(self.db.rows("SELECT coalesce(max(seq), 0) + 1 FROM wire_copies")[0][0])

    def set_group(
        self,
        document_id: str,
        group_id: str,
        matched: str | None,
        similarity: float | None,
        seq: int,
        band_keys: Sequence[int],
    ) -> None:
        self.db.execute(
            "UPDATE wire_copies SET group_id = ?, matched = ?, similarity = ?, seq = ? "
            "WHERE document_id = ?",
            (group_id, matched, similarity, seq, document_id),
        )
        self.db.executemany(
            "INSERT INTO wire_bands VALUES (?, ?)", [(k, document_id) for k in band_keys]
        )

    def band_matches(self, band_keys: Sequence[int], document_id: str, limit: int) -> list[str]:
        """Linked documents sharing at least one LSH band with `document_id`."""
        if not band_keys:
            return []
        rows = self.db.rows(
            "SELECT DISTINCT b.document_id FROM wire_bands b "
            f"WHERE b.band_key IN ({_marks(band_keys)}) AND b.document_id != ? "
            f"LIMIT {int(limit)}",
            [*band_keys, document_id],
        )
        return sorted(r[0] for r in rows)

    def group_documents(self, group_id: str) -> list[str]:
        rows = self.db.rows(
            "SELECT document_id FROM wire_copies WHERE group_id = ? ORDER BY seq", (group_id,)
        )
        return [r[0] for r in rows]

    def unlink_all(self) -> None:
        """Forget every group, keeping the signatures and the order of linking: a re-link.
        (A signature made with other settings is recomputed when its document is linked.)"""
        self.db.execute("DELETE FROM wire_bands")
        self.db.execute("UPDATE wire_copies SET group_id = NULL, matched = NULL, similarity = NULL")

    # -- events ---------------------------------------------------------------------------
    def document_event_ids(self, document_id: str) -> list[str]:
        """The events listed under a document, in text order of their first report."""
        rows = self.db.rows(
            "SELECT r.event_id, min(r.trigger_start) FROM reports r "
            "JOIN events e ON e.id = r.event_id "
            "WHERE r.document_id = ? AND e.document_id = ? GROUP BY r.event_id ORDER BY 2, 1",
            (document_id, document_id),
        )
        return [r[0] for r in rows]

    def events(self, ids: Sequence[str]) -> dict[str, tuple[str, Event]]:
        """Stored events by exact id, each with the document it is listed under."""
        found: dict[str, tuple[str, Event]] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            rows = self.db.rows(
                "SELECT e.id, e.document_id, d.data FROM events e "
                f"JOIN event_data d ON d.event_id = e.id WHERE e.id IN ({_marks(chunk)})",
                chunk,
            )
            found.update((r[0], (r[1], event_from_dict(json.loads(r[2])))) for r in rows)
        return found

    def group_events(self, group_id: str, document_id: str) -> list[str]:
        """Events with a report in another linked document of a wire-copy group."""
        rows = self.db.rows(
            "SELECT DISTINCT r.event_id FROM wire_copies w "
            "JOIN reports r ON r.document_id = w.document_id "
            "WHERE w.group_id = ? AND w.document_id != ?",
            (group_id, document_id),
        )
        return sorted(r[0] for r in rows)

    def blocked_events(
        self,
        countries: Sequence[str],
        types: Sequence[str],
        first_day: str,
        last_day: str,
        ends_after: str,
        limit: int,
    ) -> list[str]:
        """Events of linked documents involving one of `countries`, of one of `types`,
        starting between the two days and ending on or after `ends_after`: the block a
        report's candidates come from, the latest first when there are more than `limit`."""
        rows = self.db.rows(
            "SELECT c.event_id, max(c.sort_day) FROM event_countries c "
            "JOIN events e ON e.id = c.event_id "
            "JOIN wire_copies w ON w.document_id = c.document_id "
            f"WHERE c.country IN ({_marks(countries)}) AND c.type IN ({_marks(types)}) "
            "AND c.sort_day BETWEEN ? AND ? AND e.date_end >= ? AND w.group_id IS NOT NULL "
            f"GROUP BY c.event_id ORDER BY 2 DESC, 1 LIMIT {int(limit)}",
            [*countries, *types, first_day, last_day, ends_after],
        )
        return sorted(r[0] for r in rows)

    def max_span_days(self) -> int:
        rows = self.db.rows("SELECT value FROM store_stats WHERE name = 'max_date_span_days'")
        return int(rows[0][0]) if rows else 0

    # -- members --------------------------------------------------------------------------
    def members(self, event_id: str) -> list[Member]:
        rows = self.db.rows(
            "SELECT data, document_id, reason FROM event_members WHERE event_id = ? ORDER BY seq",
            (event_id,),
        )
        return [Member(event_from_dict(json.loads(r[0])), r[1], r[2]) for r in rows]

    def member_events(self, member_ids: Sequence[str]) -> dict[str, str]:
        """The linked event each of these members is part of (members of none are absent)."""
        found: dict[str, str] = {}
        for chunk in _chunks(list(member_ids)):
            rows = self.db.rows(
                "SELECT member_id, event_id FROM event_members "
                f"WHERE member_id IN ({_marks(chunk)})",
                chunk,
            )
            found.update((r[0], r[1]) for r in rows)
        return found

    def linked_event_ids(self) -> list[str]:
        rows = self.db.rows("SELECT DISTINCT event_id FROM event_members ORDER BY 1")
        return [r[0] for r in rows]

    def save_members(
        self, event_id: str, members: Sequence[Member], now: str, *, start: int = 0
    ) -> None:
        """Write the rows of `members`, numbered from `start`, in place of any they had."""
        ids = [m.id for m in members]
        for chunk in _chunks(ids):
            self.db.execute(
                f"DELETE FROM event_members WHERE member_id IN ({_marks(chunk)})", chunk
            )
        self.db.executemany(
            "INSERT INTO event_members VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    m.id,
                    event_id,
                    m.document_id,
                    i,
                    json.dumps(event_to_dict(m.event), ensure_ascii=False),
                    m.reason,
                    now,
                )
                for i, m in enumerate(members, start)
            ],
        )

    def delete_members(self, event_id: str) -> None:
        self.db.execute("DELETE FROM event_members WHERE event_id = ?", (event_id,))

    # -- decisions and rules --------------------------------------------------------------
    def add_decision(
        self, action: str, event_id: str, members: Sequence[str], who: str, why: str, at: str
    ) -> int:
        rows = self.db.rows(
            "INSERT INTO link_decisions (action, event_id, who, why, at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (action, event_id, who, why, at),
        )
        decision = int(rows[0][0])
        self.db.executemany(
            "INSERT INTO link_decision_members VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(decision, m) for m in dict.fromkeys(members)],
        )
        rule = "together" if action == "merge" else "apart"
        pairs = {pair(a, b) for i, a in enumerate(members) for b in members[i + 1 :] if a != b}
        # The latest decision about a pair is the one that holds.
        self.db.executemany(
            "INSERT INTO link_rules VALUES (?, ?, ?, ?) ON CONFLICT (member_a, member_b) "
            "DO UPDATE SET rule = excluded.rule, decision_id = excluded.decision_id",
            [(a, b, rule, decision) for a, b in sorted(pairs)],
        )
        return decision

    def rules(self, member_id: str) -> dict[str, tuple[str, int]]:
        """Every rule about a member: the other member → (rule, decision id)."""
        rows = self.db.rows(
            "SELECT member_b, rule, decision_id FROM link_rules WHERE member_a = ? "
            "UNION ALL SELECT member_a, rule, decision_id FROM link_rules WHERE member_b = ?",
            (member_id, member_id),
        )
        return {r[0]: (r[1], int(r[2])) for r in rows}

    def decisions(self, member_ids: Sequence[str]) -> list[Decision]:
        """The decisions that concern any of these members, oldest first."""
        ids: set[int] = set()
        for chunk in _chunks(list(member_ids)):
            rows = self.db.rows(
                "SELECT decision_id FROM link_decision_members "
                f"WHERE member_id IN ({_marks(chunk)})",
                chunk,
            )
            ids.update(int(r[0]) for r in rows)
        found: list[Decision] = []
        for decision in sorted(ids):
            row = self.db.rows(
                "SELECT id, action, event_id, who, why, at FROM link_decisions WHERE id = ?",
                (decision,),
            )[0]
            members = self.db.rows(
                "SELECT member_id FROM link_decision_members WHERE decision_id = ? ORDER BY 1",
                (decision,),
            )
            found.append(
                Decision(
                    int(row[0]),
                    row[1],
                    row[2],
                    tuple(m[0] for m in members),
                    row[3],
                    row[4],
                    row[5],
                )
            )
        return found

    # -- sentence vectors -----------------------------------------------------------------
    def vectors(self, keys: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for chunk in _chunks(list(keys)):
            rows = self.db.rows(
                "SELECT sentence_key, vector FROM link_vectors "
                f"WHERE sentence_key IN ({_marks(chunk)})",
                chunk,
            )
            found.update((r[0], bytes(r[1])) for r in rows)
        return found

    def save_vectors(self, items: Sequence[tuple[str, bytes]]) -> None:
        self.db.executemany(
            "INSERT INTO link_vectors VALUES (?, ?) ON CONFLICT DO NOTHING", list(items)
        )


def sentence_key(language: str | None, text: str) -> str:
    """The key of a sentence's vector: its language and its text, hashed."""
    raw = f"{language or ''}\x00{text}".encode()
    return hashlib.sha1(raw).hexdigest()[:24]
