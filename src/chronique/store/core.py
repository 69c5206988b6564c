"""The event store: documents, events, reports, rejections, on SQLite or PostgreSQL.

`Store(target)` opens a SQLite file (the default, nothing to install) or, when `target` is a
`postgresql://` URL, a PostgreSQL database; either is migrated on open. A document and
everything derived from it land in one transaction, so a run stopped at any moment resumes
cleanly: a document already in the store is skipped.

Besides the event list, the store answers the queries behind the views — the map
(`map_points`) and the timeline (`timeline`) — with indexes that keep them interactive on
a million events (benchmarks/queries.py measures them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import random
import re
import string
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from chronique.errors import StoreError
from chronique.records import Document, Event, Rejection
from chronique.store.backend import Backend, Row
from chronique.store.codec import event_from_dict, event_to_dict
from chronique.store.migrations import MIGRATIONS, Dialect


@dataclass(frozen=True, slots=True)
class BBox:
    """A map viewport in degrees (west ≤ east; a box across the antimeridian is two boxes)."""

    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Filters of `Store.events`, `map_points` and `timeline`; None means no filter."""

    type: str | None = None
    # ISO alpha-3 code of the place or of an actor or recipient.
    country: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    document_id: str | None = None
    bbox: BBox | None = None
    limit: int | None = None
    offset: int = 0
    mode: str | None = None
    # Who acts (actor) or is acted upon (recipient): ISO alpha-3 country, PLOVER sector.
    actor_country: str | None = None
    actor_sector: str | None = None
    recipient_country: str | None = None
    recipient_sector: str | None = None
    modality: str | None = None
    min_corroboration: int | None = None
    # A source of the event: the origin of a report's attribution chain ("OSDH") or the
    # agency of a report's document ("ATS"); any case.
    source: str | None = None
    # The language of one of the event's documents (ISO 639-1).
    language: str | None = None
    # Words that all occur in the event's text (evidence, trigger, actors, place, sources),
    # case and accents ignored.
    q: str | None = None
    # Keyset pagination: only events after this sort key (`SortKey`, from `Store.page`).
    after: SortKey | None = None


# Where an event sits in the list's order: (sort day, document id, event id). A page ends
# with one; the next page starts after it, with no OFFSET to scan past.
SortKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Page:
    """A page of events and the sort key to continue after it (None: no more events)."""

    events: list[Event]
    next: SortKey | None


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A stored document without its text, and how many events it reports."""

    id: str
    title: str | None
    url: str | None
    publisher: str | None
    agency: str | None
    published: dt.date | None
    language: str | None
    source: str | None
    events: int


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One event on the map: what, where, when — enough to draw and link a marker."""

    id: str
    type: str
    mode: str | None
    modality: str
    lat: float
    lon: float
    country: str | None
    date_start: dt.date | None
    date_end: dt.date | None


@dataclass(frozen=True, slots=True)
class DayCount:
    """How many events of one type start on one day: a bar of the timeline."""

    day: dt.date
    type: str
    count: int


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@lru_cache(maxsize=8192)
def _iso_day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _day(value: Any) -> dt.date | None:
    # Cached: a map of 5000 events repeats a few hundred days; parsing was a fifth of it.
    return _iso_day(value) if value else None


def connect(target: Path | str) -> Backend:
    """The backend for `target`: a postgresql:// URL, or else a SQLite path."""
    text = str(target)
    from chronique.store.postgres import is_postgres_url

    if is_postgres_url(text):
        from chronique.store.postgres import PostgresBackend

        return PostgresBackend(text)
    from chronique.store.sqlite import SQLiteBackend

    return SQLiteBackend(text)


def store_exists(target: Path | str) -> bool:
    """Whether there is a store to read at `target` (a server is assumed to be there)."""
    from chronique.store.postgres import is_postgres_url

    return is_postgres_url(str(target)) or Path(target).exists()


# How many times a batch is tried when the server aborts it for a deadlock.
_TRANSIENT_ATTEMPTS = 5


class Store:
    """Chronique's event store. Use as a context manager or call `close()`."""

    def __init__(self, target: Path | str) -> None:
        self.backend: Backend = connect(target)
        self._depth = 0  # open `transaction()` blocks: only the outermost one commits
        try:
            self.migrate()
        except BaseException:
            self.backend.close()
            raise

    @property
    def dialect(self) -> Dialect:
        return self.backend.dialect

    @property
    def location(self) -> str:
        return self.backend.location

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.backend.close()

    # -- schema -------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply the migrations this database has not recorded; return their versions."""
        db = self.backend
        with db.migration_lock():
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            done = {row[0] for row in db.rows("SELECT version FROM schema_migrations")}
            applied = []
            for migration in MIGRATIONS:
                if migration.version in done:
                    continue
                try:
                    db.apply_migration(migration, _now())
                except Exception as exc:
                    raise StoreError(
                        f"migration {migration.version} failed on {db.location}: {exc}"
                    ) from exc
                applied.append(migration.version)
        return applied

    def migrations(self) -> list[tuple[int, str, str]]:
        rows = self.backend.rows(
            "SELECT version, name, applied_at FROM schema_migrations ORDER BY 1"
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def optimize(self) -> None:
        """Refresh the query planner's statistics; worth it after a large load."""
        self.backend.optimize()

    # -- writing ------------------------------------------------------------------------
    def has_document(self, document_id: str) -> bool:
        rows = self.backend.rows("SELECT 1 FROM documents WHERE id = ?", (document_id,))
        return bool(rows)

    def known_documents(self, document_ids: Iterable[str]) -> set[str]:
        """Which of these documents the store already holds (one query per 500 ids)."""
        ids = list(dict.fromkeys(document_ids))
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self.backend.rows(f"SELECT id FROM documents WHERE id IN ({marks})", chunk)
            found.update(r[0] for r in rows)
        return found

    def add_document(self, document: Document, events: Sequence[Event]) -> bool:
        """Store a document with its events; False (and no change) if it is already there."""
        return bool(self.add_batch([(document, events)]))

    def add_batch(
        self,
        documents: Sequence[tuple[Document, Sequence[Event]]],
        rejections: Sequence[Rejection] = (),
    ) -> list[str]:
        """Store documents with their events, and rejections, in one transaction.

        Returns the ids of the documents that were new; one already stored is left as it is,
        with its events. One transaction per batch, and one statement per table for all the
        batch's rows, is what makes the store keep up with several workers.
        """
        # Two writers on PostgreSQL can deadlock on the shared counters their triggers keep
        # (tag_counts, daily counts): the server aborts one transaction, which is then
        # simply run again, as PostgreSQL's manual advises. Inside a caller's transaction
        # the caller decides.
        attempts = 1 if self._depth else _TRANSIENT_ATTEMPTS
        for attempt in range(1, attempts + 1):
            try:
                return self._add_batch_once(documents, rejections)
            except Exception as exc:
                if attempt == attempts or not self.backend.is_transient(exc):
                    raise
                time.sleep(random.uniform(0.01, 0.1) * attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _add_batch_once(
        self,
        documents: Sequence[tuple[Document, Sequence[Event]]],
        rejections: Sequence[Rejection],
    ) -> list[str]:
        db = self.backend
        new: list[str] = []
        now = _now()
        with self.transaction():
            # Many rows per statement; RETURNING names those that were new (a document
            # another writer stored first is left alone, with its events).
            inserted: set[str] = set()
            for k in range(0, len(documents), _DOCUMENTS_PER_INSERT):
                chunk = documents[k : k + _DOCUMENTS_PER_INSERT]
                values = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(chunk))
                inserted.update(
                    str(row[0])
                    for row in db.rows(
                        f"INSERT INTO documents VALUES {values} ON CONFLICT DO NOTHING "
                        "RETURNING id",
                        [v for document, _ in chunk for v in _document_row(document, now)],
                    )
                )
            for document, _ in documents:
                if document.id in inserted:
                    inserted.discard(document.id)  # in input order, once each
                    new.append(document.id)
            rows = _Rows()
            fresh = set(new)
            for document, events in documents:
                if document.id in fresh:
                    fresh.discard(document.id)  # the same document twice in one batch: once
                    for event in events:
                        rows.add(document.id, event)
            self._write_rows(rows)
            db.executemany(
                "INSERT INTO rejections (stage, reason, source, created_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(r.stage, r.reason, r.source, now) for r in rejections],
            )
        return new

    def add_rejection(self, rejection: Rejection) -> None:
        self.add_batch([], [rejection])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside commits together or not at all; blocks may nest (the outermost
        one commits), so `put_event` and `remove_event` join a caller's transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with self.backend.transaction():
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0

    def put_event(self, document_id: str, event: Event) -> None:
        """Insert `event`, or replace the stored event of the same id, with every row
        derived from it (actors, countries, reports, daily and monthly counts, JSON).

        `document_id` is the document the event is listed under (for a linked event, its
        first member's). A report can belong to one event only: putting an event whose
        report another event holds fails, rather than leaving that event without it.
        """
        with self.transaction():
            self._delete_event(event.id)
            rows = _Rows()
            rows.add(document_id, event)
            try:
                self._write_rows(rows, strict=True)
            except Exception as exc:  # sqlite3 and psycopg raise their own integrity errors
                raise StoreError(
                    f"cannot store event {event.id}: a report of it belongs to another event, "
                    f"or its document {document_id} is not stored ({exc})"
                ) from exc

    def remove_event(self, event_id: str) -> Event | None:
        """Remove one event (by its exact id) and its derived rows; return it, or None."""
        with self.transaction():
            return self._delete_event(event_id)

    def _delete_event(self, event_id: str) -> Event | None:
        db = self.backend
        found = db.rows(
            "SELECT e.document_id, d.data FROM events e JOIN event_data d ON d.event_id = e.id "
            "WHERE e.id = ?",
            (event_id,),
        )
        if not found:
            return None
        event = event_from_dict(json.loads(found[0][1]))
        # The counts this event added, recomputed from its stored JSON as `_Rows` made them.
        old = _Rows()
        old.add(found[0][0], event)
        for table, period, counts in (
            ("event_days", "day", old.days),
            ("event_months", "month", old.months),
        ):
            keys = [(n, *key) for key, n in counts.items()]
            db.executemany(
                f"UPDATE {table} SET n = n - ? WHERE country = ? AND {period} = ? AND type = ?",
                keys,
            )
            db.executemany(
                f"DELETE FROM {table} WHERE country = ? AND {period} = ? AND type = ? AND n <= 0",
                list(counts),
            )
        # The derived rows named here, then the event; tables added by later migrations
        # that reference `events` go with it by their ON DELETE CASCADE.
        for table in ("event_data", "event_actors", "reports", "event_countries"):
            db.execute(f"DELETE FROM {table} WHERE event_id = ?", (event_id,))
        db.execute("DELETE FROM events WHERE id = ?", (event_id,))
        return event

    def _write_rows(self, rows: _Rows, *, strict: bool = False) -> None:
        """Insert the rows of `rows` into every table; inside a transaction."""
        db = self.backend
        db.executemany(
            "INSERT INTO events (id, document_id, type, mode, modality, place_country, "
            "date_start, date_end, date_precision, corroboration, place_lat, place_lon, "
            "geo_cell, sort_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows.events,
        )
        db.executemany("INSERT INTO event_data VALUES (?, ?)", rows.data)
        db.executemany("INSERT INTO event_actors VALUES (?, ?, ?, ?)", rows.actors)
        db.executemany(
            "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)"
            + ("" if strict else " ON CONFLICT DO NOTHING"),
            rows.reports,
        )
        db.executemany("INSERT INTO event_countries VALUES (?, ?, ?, ?, ?)", rows.countries)
        for table, period, counts in (
            ("event_days", "day", rows.days),
            ("event_months", "month", rows.months),
        ):
            db.executemany(
                f"INSERT INTO {table} (country, {period}, type, n) VALUES (?, ?, ?, ?) "
                f"ON CONFLICT (country, {period}, type) DO UPDATE SET n = {table}.n + "
                "excluded.n",
                [(*key, n) for key, n in counts.items()],
            )
        if rows.span:
            db.execute(
                "INSERT INTO store_stats VALUES ('max_date_span_days', ?) "
                "ON CONFLICT (name) DO UPDATE SET value = CASE "
                "WHEN excluded.value > store_stats.value THEN excluded.value "
                "ELSE store_stats.value END",
                (rows.span,),
            )

    # -- reading ------------------------------------------------------------------------
    def _max_span(self) -> int:
        rows = self.backend.rows("SELECT value FROM store_stats WHERE name = 'max_date_span_days'")
        return int(rows[0][0]) if rows else 0

    def _select(
        self, columns: str, flt: EventFilter, *, geo: bool = False, limited: bool = False
    ) -> tuple[str, list[Any]]:
        """`SELECT columns FROM …` the events that pass `flt`, and its arguments.

        With a country, the query starts from `event_countries` (`c`), which holds the
        country's events in list order; otherwise from `events` (`e`) and its indexes.
        `limited`: the query stops after a few rows (a page, a map), which decides how
        filters on actors, sources, languages and words are read (`_member`).
        """
        where: list[str] = []
        args: list[Any] = []
        if flt.country:
            sql = f"SELECT {columns} FROM event_countries c JOIN events e ON e.id = c.event_id"
            where.append("c.country = ?")
            args.append(flt.country.upper())
            t = "c"
        else:
            sql = f"SELECT {columns} FROM events e"
            t = "e"
        if "d.data" in columns:
            sql += " JOIN event_data d ON d.event_id = e.id"
        key = f"{t}.sort_day"
        if flt.type:
            where.append(f"{t}.type = ?")
            args.append(flt.type.upper())
        if flt.since:
            # The event overlaps the period: it ends on or after `since`. Bounding its start
            # too (no range is longer than the longest stored) lets the index skip the past.
            where.append(f"{key} >= ? AND e.date_end >= ?")
            earliest = flt.since - dt.timedelta(days=self._max_span())
            args += [earliest.isoformat(), flt.since.isoformat()]
        if flt.until:
            where.append(f"{key} <= ?")  # undated events sort after any date: never match
            args.append(flt.until.isoformat())
        if flt.document_id:
            where.append("e.document_id = ?")
            args.append(flt.document_id)
        if geo:
            where.append("e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL")
        if flt.bbox:
            cells = _cells(flt.bbox)
            if cells is not None:
                where.append(f"e.geo_cell IN ({', '.join(str(c) for c in cells)})")
            where.append("e.place_lat BETWEEN ? AND ? AND e.place_lon BETWEEN ? AND ?")
            args += [flt.bbox.south, flt.bbox.north, flt.bbox.west, flt.bbox.east]
        for column, value in (
            ("mode", flt.mode),
            ("modality", flt.modality),
        ):
            if value:
                where.append(f"e.{column} = ?")
                args.append(value)
        if flt.min_corroboration is not None:
            where.append("e.corroboration >= ?")
            args.append(flt.min_corroboration)
        for role, country, sector in (
            ("actor", flt.actor_country, flt.actor_sector),
            ("recipient", flt.recipient_country, flt.recipient_sector),
        ):
            if country or sector:
                parts, given = ["a.role = ?"], [role]
                if country:
                    parts.append("a.country = ?")
                    given.append(country.upper())
                if sector:
                    parts.append("a.sector = ?")
                    given.append(sector.upper())
                ids = f"SELECT a.event_id FROM event_actors a WHERE {' AND '.join(parts)}"
                where.append(self._member(ids, "a.event_id = e.id", given, limited))
                args += given
        for kind, value in (("source", flt.source), ("language", flt.language)):
            if value:
                ids = "SELECT g.event_id FROM event_tags g WHERE g.kind = ? AND g.value = ?"
                given = [kind, value.strip().translate(_ASCII_LOWER)]
                where.append(self._member(ids, "g.event_id = e.id", given, limited))
                args += given
        words = _search_words(flt.q) if flt.q else []
        if words:
            if self.dialect == "sqlite":
                ids = (
                    "SELECT s.event_id FROM event_fts f JOIN event_data s ON s.rowid = f.rowid "
                    "WHERE event_fts MATCH ?"
                )
                # Each word quoted: FTS5 query syntax (AND, NEAR, *, ^) stays out of it.
                given = [" ".join(f'"{w}"' for w in words)]
            else:
                ids = (
                    "SELECT s.event_id FROM event_data s "
                    "WHERE s.search @@ plainto_tsquery('simple', ?)"
                )
                given = [" ".join(words)]
            where.append(self._member(ids, "s.event_id = e.id", given, limited))
            args += given
        if flt.after:
            event_id = "c.event_id" if t == "c" else "e.id"
            where.append(f"({key}, {t}.document_id, {event_id}) > (?, ?, ?)")
            args += list(flt.after)
        return (sql + (" WHERE " + " AND ".join(where) if where else "")), args

    def _member(self, ids: str, link: str, args: list[Any], limited: bool) -> str:
        """The condition "the event is among those `ids` selects" (`link` ties a row of
        `ids` to the event `e`), in the form that reads least.

        A query that reads every match (a count) takes them as a set. A page takes a few
        matches as a set too, and checks the list against it; many are never collected:
        each event the list reads is looked up, and the scan stops at the page's end, which
        comes soon when many match. Counting up to `MEMBER_SET_MAX` matches (one index
        range) tells which case this is. (300,000 events, a word in every one: a page in
        1 ms by lookups, 2.2 s by collecting the set; a rare word: 5 ms as a set, 2.7 s by
        lookups — measured on SQLite.)
        """
        if limited:
            found = self.backend.rows(
                f"SELECT count(*) FROM ({ids} LIMIT {MEMBER_SET_MAX}) AS m", args
            )
            if int(found[0][0]) >= MEMBER_SET_MAX:
                return f"EXISTS ({ids} AND {link})"
        return f"e.id IN ({ids})"

    def _keyed(self, flt: EventFilter) -> Iterator[tuple[SortKey, Event]]:
        """The events of `flt` in list order, each with its sort key."""
        # The sort key is the tail of the index the query starts from, whichever it is:
        # the rows come out in order and the scan stops at the page's end.
        t = "c" if flt.country else "e"
        event_id = "c.event_id" if flt.country else "e.id"
        order = f"{t}.sort_day, {t}.document_id, {event_id}"
        sql, args = self._select(f"d.data, {order}", flt, limited=flt.limit is not None)
        sql += f" ORDER BY {order}" + _page(flt)
        for row in self.backend.stream(sql, args):
            yield (row[1], row[2], row[3]), event_from_dict(json.loads(row[0]))

    def events(self, flt: EventFilter | None = None) -> Iterator[Event]:
        """Events in date order (undated last), filtered; `limit`/`offset` give a page."""
        for _, event in self._keyed(flt or EventFilter()):
            yield event

    def page(self, flt: EventFilter, size: int) -> Page:
        """`size` events of `flt` (after `flt.after`), and the key to continue after them."""
        rows = list(self._keyed(dataclasses.replace(flt, limit=size + 1)))
        more = len(rows) > size
        return Page([e for _, e in rows[:size]], rows[size - 1][0] if more and size else None)

    def map_points(self, flt: EventFilter | None = None, limit: int = 5000) -> list[MapPoint]:
        """Events with coordinates, filtered (bbox, country, type, dates), at most `limit`.

        A map shows a bounded number of markers; past `limit` which events come back is up
        to the database (ask for a smaller box or a shorter period to see them all).
        """
        sql, args = self._select(
            "e.id, e.type, e.mode, e.modality, e.place_lat, e.place_lon, e.place_country, "
            "e.date_start, e.date_end",
            flt or EventFilter(),
            geo=True,
            limited=True,
        )
        rows = self.backend.rows(sql + f" LIMIT {int(limit)}", args)
        return [
            MapPoint(r[0], r[1], r[2], r[3], float(r[4]), float(r[5]), r[6], _day(r[7]), _day(r[8]))
            for r in rows
        ]

    def timeline(self, flt: EventFilter | None = None, bucket: Bucket = "day") -> list[DayCount]:
        """Events per start day (or month, or year) and type; dated events only.

        `since`/`until` bound the start day. Answered from the daily counts (`event_days`),
        unless the filter names more than a type, a country and dates (a place box, a
        document, an actor, words…), which only the events themselves can answer. A
        bucket's `day` is its first day.
        """
        flt = dataclasses.replace(flt or EventFilter(), limit=None, offset=0, after=None)
        width = _BUCKET_WIDTH[bucket]
        if _counted(flt):
            # Months are counted apart; they answer when the period is made of whole months.
            whole_months = (flt.since is None or flt.since.day == 1) and (
                flt.until is None or (flt.until + dt.timedelta(days=1)).day == 1
            )
            monthly = bucket != "day" and whole_months
            table, period = ("event_months", "month") if monthly else ("event_days", "day")
            where = ["country = ?"]
            args: list[Any] = [flt.country.upper() if flt.country else ALL_COUNTRIES]
            if flt.type:
                where.append("type = ?")
                args.append(flt.type.upper())
            chars = 7 if monthly else 10  # 2015-10 or 2015-10-07
            if flt.since:
                where.append(f"{period} >= ?")
                args.append(flt.since.isoformat()[:chars])
            if flt.until:
                where.append(f"{period} <= ?")
                args.append(flt.until.isoformat()[:chars])
            sql = (
                f"SELECT substr({period}, 1, {width}), type, sum(n) FROM {table} WHERE "
                + " AND ".join(where)
            )
        else:
            sql, args = self._select(
                f"substr(e.date_start, 1, {width}), e.type, count(*)",
                dataclasses.replace(flt, since=None),
            )
            sql += (" AND " if " WHERE " in sql else " WHERE ") + "e.date_start IS NOT NULL"
            if flt.since:
                sql += " AND e.date_start >= ?"
                args.append(flt.since.isoformat())
        rows = self.backend.rows(sql + " GROUP BY 1, 2 ORDER BY 1, 2", args)
        return [DayCount(_bucket_day(r[0]), r[1], int(r[2])) for r in rows if r[2]]

    def event(self, event_id: str) -> Event | None:
        """One event by id, or by an unambiguous id prefix."""
        # A range rather than LIKE 'prefix%': SQLite's LIKE ignores case, so no index
        # serves it, and this lookup must stay instant on a million events.
        for prefix in dict.fromkeys([event_id, event_id.lower()]):
            rows = self.backend.rows(
                "SELECT data FROM event_data WHERE event_id >= ? AND event_id < ? LIMIT 2",
                (prefix, prefix + "\U0010ffff"),
            )
            if len(rows) == 1:
                return event_from_dict(json.loads(rows[0][0]))
        return None

    def document(self, document_id: str) -> Document | None:
        rows = self.backend.rows(
            "SELECT id, text, title, url, publisher, agency, published, language, source, "
            "raw_sha256 FROM documents WHERE id = ?",
            (document_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return Document(
            id=r[0],
            text=r[1],
            title=r[2],
            url=r[3],
            publisher=r[4],
            agency=r[5],
            published=_day(r[6]),
            language=r[7],
            source=r[8],
            raw_sha256=r[9],
        )

    def rejections(self) -> list[Rejection]:
        rows = self.backend.rows("SELECT stage, reason, source FROM rejections ORDER BY id")
        return [Rejection(r[0], r[1], r[2]) for r in rows]

    def count_events(self, flt: EventFilter | None, by: CountKey) -> list[tuple[str, int]]:
        """How many events of `flt` there are per type, country, mode, modality or
        language, most first. An event counts once for each country it involves (place,
        actors, recipients) and each language of its documents."""
        flt = dataclasses.replace(flt or EventFilter(), limit=None, offset=0, after=None)
        if by in ("type", "mode", "modality"):
            sql, args = self._select(f"coalesce(e.{by}, ''), count(*)", flt)
        elif by == "country" and dataclasses.replace(flt, type=None, until=None) == EventFilter():
            # The per-country index holds type and start day: no event needs reading.
            where, args = ["n.sort_day <= ?"], [(flt.until or dt.date.max).isoformat()]
            if flt.type:
                where.append("n.type = ?")
                args.append(flt.type.upper())
            sql = "SELECT n.country, count(*) FROM event_countries n WHERE " + " AND ".join(where)
        elif by == "country":
            inner, args = self._select("e.id", flt)
            sql = f"SELECT n.country, count(*) FROM event_countries n WHERE n.event_id IN ({inner})"
        elif by == "language" and flt == EventFilter():
            sql, args = "SELECT name, n FROM tag_counts WHERE kind = 'language' AND n > 0", []
            rows = self.backend.rows(sql + " ORDER BY 2 DESC, 1", args)
            return [(str(r[0]), int(r[1])) for r in rows]
        elif by == "language":
            inner, args = self._select("e.id", flt)
            sql = (
                "SELECT g.name, count(*) FROM event_tags g WHERE g.kind = 'language' "
                f"AND g.event_id IN ({inner})"
            )
        else:
            raise ValueError(f"cannot count events by {by!r}")
        rows = self.backend.rows(sql + " GROUP BY 1 ORDER BY 2 DESC, 1", args)
        return [(str(r[0]), int(r[1])) for r in rows]

    def total(self, flt: EventFilter | None = None, *, most: int | None = None) -> int:
        """How many events pass `flt` (its limit, offset and cursor aside); counting stops
        at `most` when given (a page says "10000+": the exact count can take seconds)."""
        flt = dataclasses.replace(flt or EventFilter(), limit=None, offset=0, after=None)
        if most is None:
            sql, args = self._select("count(*)", flt)
        else:
            inner, args = self._select("1", flt, limited=True)
            sql = f"SELECT count(*) FROM ({inner} LIMIT {int(most)}) AS counted"
        return int(self.backend.rows(sql, args)[0][0])

    def documents(
        self,
        *,
        after: str | None = None,
        limit: int = 50,
        language: str | None = None,
        agency: str | None = None,
    ) -> list[DocumentSummary]:
        """Stored documents in id order (after the id `after`), without their text."""
        where, args = [], []
        if after:
            where.append("d.id > ?")
            args.append(after)
        if language:
            where.append("d.language = ?")
            args.append(language.lower())
        if agency:
            where.append("lower(d.agency) = ?")
            args.append(agency.strip().translate(_ASCII_LOWER))
        # Events that cite the document, merged across documents or not: its reports.
        rows = self.backend.rows(
            "SELECT d.id, d.title, d.url, d.publisher, d.agency, d.published, d.language, "
            "d.source, (SELECT count(DISTINCT r.event_id) FROM reports r "
            "WHERE r.document_id = d.id) FROM documents d"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY d.id LIMIT {int(limit)}",
            args,
        )
        return [
            DocumentSummary(r[0], r[1], r[2], r[3], r[4], _day(r[5]), r[6], r[7], int(r[8]))
            for r in rows
        ]

    def document_events(self, document_id: str) -> list[str]:
        """The ids of the events that have a report in the document, in text order."""
        rows = self.backend.rows(
            "SELECT event_id, min(sentence_start) FROM reports WHERE document_id = ? "
            "GROUP BY event_id ORDER BY 2, 1",
            (document_id,),
        )
        return [r[0] for r in rows]

    def sources(self, limit: int = 500) -> list[tuple[str, int]]:
        """Sources (attribution origins and agencies) with their number of events."""
        rows = self.backend.rows(
            "SELECT name, n FROM tag_counts WHERE kind = 'source' AND n > 0 "
            f"ORDER BY 2 DESC, 1 LIMIT {int(limit)}"
        )
        return [(str(r[0]), int(r[1])) for r in rows]

    def counts(self) -> dict[str, int]:
        return {
            table: int(self.backend.rows(f"SELECT count(*) FROM {table}")[0][0])
            for table in ("documents", "events", "reports", "rejections")
        }


# Rows per INSERT of documents: 11 parameters each, well under SQLite's 32,766.
_DOCUMENTS_PER_INSERT = 100


def _document_row(document: Document, now: str) -> Row:
    return (
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
        now,
    )


Bucket = Literal["day", "month", "year"]
# Characters of an ISO date that name its bucket: 2015-10-07, 2015-10, 2015.
_BUCKET_WIDTH: dict[str, int] = {"day": 10, "month": 7, "year": 4}


@lru_cache(maxsize=8192)
def _bucket_day(text: str) -> dt.date:
    """The first day of a bucket from its ISO prefix (cached: a timeline repeats its days)."""
    return dt.date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)


# The sort day of an undated event: after every real date, so undated events list last.
UNDATED = "9999-12-31"
# The `event_days` rows that count every event, whatever its countries.
ALL_COUNTRIES = "*"
# A viewport of more squares than this is read without the square index: it covers so much
# of the map that the first `limit` events in it are found at once anyway.
MAX_CELLS = 400


def _cell(lat: float, lon: float) -> int:
    """The number of the 1°×1° square holding (lat, lon); as migration 2 computes it."""
    return min(math.floor(lat + 90), 179) * 360 + min(math.floor(lon + 180), 359)


def _cells(box: BBox) -> list[int] | None:
    """The squares a box touches, or None when they are too many to list."""
    south, north = max(box.south, -90.0), min(box.north, 90.0)
    west, east = max(box.west, -180.0), min(box.east, 180.0)
    if south > north or west > east:
        return []
    rows = range(_cell(south, 0) // 360, _cell(north, 0) // 360 + 1)
    cols = range(_cell(0, west) % 360, _cell(0, east) % 360 + 1)
    if len(rows) * len(cols) > MAX_CELLS:
        return None
    return [r * 360 + c for r in rows for c in cols]


class _Rows:
    """The rows of a batch's events, for every table they go into."""

    def __init__(self) -> None:
        self.events: list[Row] = []
        self.data: list[Row] = []
        self.actors: list[Row] = []
        self.reports: list[Row] = []
        self.countries: list[Row] = []
        self.days: Counter[tuple[str, str, str]] = Counter()
        self.months: Counter[tuple[str, str, str]] = Counter()
        self.span = 0

    def add(self, document_id: str, event: Event) -> None:
        place, date = event.place, event.date
        lat, lon = (place.lat, place.lon) if place else (None, None)
        sort_day = date.start.isoformat() if date else UNDATED
        self.events.append(
            (
                event.id,
                document_id,
                event.type,
                event.mode,
                event.modality,
                place.country if place else None,
                date.start.isoformat() if date else None,
                date.end.isoformat() if date else None,
                date.precision if date else None,
                event.corroboration,
                lat,
                lon,
                _cell(lat, lon) if lat is not None and lon is not None else None,
                sort_day,
            )
        )
        self.data.append((event.id, json.dumps(event_to_dict(event), ensure_ascii=False)))
        parties = [("actor", a) for a in event.actors] + [
            ("recipient", a) for a in event.recipients
        ]
        self.actors += [(event.id, role, a.country, a.sector) for role, a in parties]
        self.reports += [
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
        ]
        countries = {a.country for _, a in parties if a.country}
        if place and place.country:
            countries.add(place.country)
        self.countries += [
            (c, event.type, sort_day, document_id, event.id) for c in sorted(countries)
        ]
        if date:
            self.span = max(self.span, (date.end - date.start).days)
            day = date.start.isoformat()
            for country in (ALL_COUNTRIES, *countries):
                self.days[(country, day, event.type)] += 1
                self.months[(country, day[:7], event.type)] += 1


CountKey = Literal["type", "country", "mode", "modality", "language"]
# Filters on actors, sources, languages and words matching fewer events than this are read
# as a set of ids; more, and each listed event is looked up (`Store._member`).
MEMBER_SET_MAX = 5000
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _counted(flt: EventFilter) -> bool:
    """Whether the daily counts answer `flt`: it filters on type, country, dates only."""
    rest = dataclasses.replace(
        flt, type=None, country=None, since=None, until=None, limit=None, offset=0, after=None
    )
    return rest == EventFilter()


def _search_words(text: str) -> list[str]:
    """The words of a search, lowercased and without accents, as both indexes fold them."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.findall(r"\w+", folded)


def _page(flt: EventFilter) -> str:
    sql = ""
    if flt.limit:
        sql += f" LIMIT {int(flt.limit)}"
    elif flt.offset:
        # SQLite takes OFFSET only after a LIMIT; the largest one means none, on both.
        sql += " LIMIT 9223372036854775807"
    if flt.offset:
        sql += f" OFFSET {int(flt.offset)}"
    return sql
