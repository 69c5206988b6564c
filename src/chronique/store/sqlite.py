"""The default store: one SQLite file, migrated on open, written one document per transaction.

A document and everything derived from it land together or not at all, so a run stopped at
any moment resumes cleanly: a document already in the store is skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chronique.errors import StoreError
from chronique.records import Document, Event, Rejection
from chronique.store.codec import event_from_dict, event_to_dict
from chronique.store.migrations import MIGRATIONS


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Filters of `Store.events`; None means no filter."""

    type: str | None = None
    country: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    document_id: str | None = None
    limit: int | None = None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """Chronique's SQLite store. Use as a context manager or call `close()`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(str(self.path), timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            self.db.execute("PRAGMA journal_mode = WAL")
        self.migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- schema -------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply the migrations this database has not recorded; return their versions."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in self.db.execute("SELECT version FROM schema_migrations")}
        applied = []
        for migration in MIGRATIONS:
            if migration.version in done:
                continue
            try:
                with self.db:
                    self.db.executescript("BEGIN;" + migration.sql + ";")
                    self.db.execute(
                        "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                        (migration.version, migration.name, _now()),
                    )
            except sqlite3.Error as exc:
                raise StoreError(f"migration {migration.version} failed: {exc}") from exc
            applied.append(migration.version)
        return applied

    def migrations(self) -> list[tuple[int, str, str]]:
        rows = self.db.execute("SELECT version, name, applied_at FROM schema_migrations ORDER BY 1")
        return [(r[0], r[1], r[2]) for r in rows]

    # -- writing ------------------------------------------------------------------------
    def has_document(self, document_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row is not None

    def add_document(self, document: Document, events: Sequence[Event]) -> bool:
        """Store a document with its events; False (and no change) if it is already there."""
        with self.db:
            cur = self.db.execute(
                "INSERT OR IGNORE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document.id,
                    document.source,
                    document.url,
                    document.title,
                    document.publisher,
                    document.agency,
                    document.published.isoformat() if document.published else None,
                    document.language,
                    document.raw_sha256,
                    document.text,
                    _now(),
                ),
            )
            if cur.rowcount == 0:
                return False
            for event in events:
                self._insert_event(document.id, event)
        return True

    def _insert_event(self, document_id: str, event: Event) -> None:
        self.db.execute(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event.id,
                document_id,
                event.type,
                event.mode,
                event.modality,
                event.place.country if event.place else None,
                event.date.start.isoformat() if event.date else None,
                event.date.end.isoformat() if event.date else None,
                event.date.precision if event.date else None,
                event.corroboration,
                json.dumps(event_to_dict(event), ensure_ascii=False),
            ),
        )
        self.db.executemany(
            "INSERT INTO event_actors VALUES (?, ?, ?, ?)",
            [(event.id, "actor", a.country, a.sector) for a in event.actors]
            + [(event.id, "recipient", a.country, a.sector) for a in event.recipients],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    event.id,
                    r.document_id,
                    r.sentence.start,
                    r.sentence.end,
                    r.trigger.start,
                    r.trigger.end,
                    r.type,
                )
                for r in event.reports
            ],
        )

    def add_rejection(self, rejection: Rejection) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR IGNORE INTO rejections (stage, reason, source, created_at) "
                "VALUES (?, ?, ?, ?)",
                (rejection.stage, rejection.reason, rejection.source, _now()),
            )

    # -- reading ------------------------------------------------------------------------
    def events(self, flt: EventFilter | None = None) -> Iterator[Event]:
        flt = flt or EventFilter()
        where: list[str] = []
        args: list[Any] = []
        if flt.type:
            where.append("e.type = ?")
            args.append(flt.type.upper())
        if flt.country:
            where.append(
                "(e.place_country = ? OR e.id IN (SELECT event_id FROM event_actors "
                "WHERE country = ?))"
            )
            args += [flt.country.upper()] * 2
        if flt.since:
            where.append("e.date_end >= ?")
            args.append(flt.since.isoformat())
        if flt.until:
            where.append("e.date_start <= ?")
            args.append(flt.until.isoformat())
        if flt.document_id:
            where.append("e.document_id = ?")
            args.append(flt.document_id)
        sql = "SELECT e.data FROM events e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.date_start IS NULL, e.date_start, e.document_id, e.id"
        if flt.limit:
            sql += f" LIMIT {int(flt.limit)}"
        for row in self.db.execute(sql, args):
            yield event_from_dict(json.loads(row[0]))

    def event(self, event_id: str) -> Event | None:
        """One event by id, or by an unambiguous id prefix."""
        rows = self.db.execute(
            "SELECT data FROM events WHERE id LIKE ? LIMIT 2", (event_id + "%",)
        ).fetchall()
        if len(rows) != 1:
            return None
        return event_from_dict(json.loads(rows[0][0]))

    def document(self, document_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            return None
        return Document(
            id=row["id"],
            text=row["text"],
            title=row["title"],
            url=row["url"],
            publisher=row["publisher"],
            agency=row["agency"],
            published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
            language=row["language"],
            source=row["source"],
            raw_sha256=row["raw_sha256"],
        )

    def rejections(self) -> list[Rejection]:
        rows = self.db.execute("SELECT stage, reason, source FROM rejections ORDER BY id")
        return [Rejection(r[0], r[1], r[2]) for r in rows]

    def counts(self) -> dict[str, int]:
        return {
            table: int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("documents", "events", "reports", "rejections")
        }
