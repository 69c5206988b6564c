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
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
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


class Store:
    """Chronique's event store. Use as a context manager or call `close()`."""

    def __init__(self, target: Path | str) -> None:
        self.backend: Backend = connect(target)
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
        db = self.backend
        new: list[str] = []
        now = _now()
        with db.transaction():
            for document, _ in documents:
                changed = db.execute(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    _document_row(document, now),
                )
                if changed:
                    new.append(document.id)
            rows = _Rows()
            fresh = set(new)
            for document, events in documents:
                if document.id in fresh:
                    fresh.discard(document.id)  # the same document twice in one batch: once
                    for event in events:
                        rows.add(document.id, event)
            db.executemany(
                "INSERT INTO events (id, document_id, type, mode, modality, place_country, "
                "date_start, date_end, date_precision, corroboration, place_lat, place_lon, "
                "geo_cell, sort_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows.events,
            )
            db.executemany("INSERT INTO event_data VALUES (?, ?)", rows.data)
            db.executemany("INSERT INTO event_actors VALUES (?, ?, ?, ?)", rows.actors)
            db.executemany(
                "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
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
            db.executemany(
                "INSERT INTO rejections (stage, reason, source, created_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(r.stage, r.reason, r.source, now) for r in rejections],
            )
        return new

    def add_rejection(self, rejection: Rejection) -> None:
        self.add_batch([], [rejection])

    # -- reading ------------------------------------------------------------------------
    def _max_span(self) -> int:
        rows = self.backend.rows("SELECT value FROM store_stats WHERE name = 'max_date_span_days'")
        return int(rows[0][0]) if rows else 0

    def _select(
        self, columns: str, flt: EventFilter, *, geo: bool = False
    ) -> tuple[str, list[Any]]:
        """`SELECT columns FROM …` the events that pass `flt`, and its arguments.

        With a country, the query starts from `event_countries` (`c`), which holds the
        country's events in list order; otherwise from `events` (`e`) and its indexes.
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
        return (sql + (" WHERE " + " AND ".join(where) if where else "")), args

    def events(self, flt: EventFilter | None = None) -> Iterator[Event]:
        """Events in date order (undated last), filtered; `limit`/`offset` give a page."""
        flt = flt or EventFilter()
        sql, args = self._select("d.data", flt)
        # The sort key is the tail of the index the query starts from, whichever it is:
        # the rows come out in order and the scan stops at the page's end.
        t = "c" if flt.country else "e"
        event_id = "c.event_id" if flt.country else "e.id"
        sql += f" ORDER BY {t}.sort_day, {t}.document_id, {event_id}" + _page(flt)
        for row in self.backend.stream(sql, args):
            yield event_from_dict(json.loads(row[0]))

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
        )
        rows = self.backend.rows(sql + f" LIMIT {int(limit)}", args)
        return [
            MapPoint(r[0], r[1], r[2], r[3], float(r[4]), float(r[5]), r[6], _day(r[7]), _day(r[8]))
            for r in rows
        ]

    def timeline(self, flt: EventFilter | None = None, bucket: Bucket = "day") -> list[DayCount]:
        """Events per start day (or month, or year) and type; dated events only.

        `since`/`until` bound the start day. Answered from the daily counts (`event_days`),
        unless the filter names a place box or a document, which only the events
        themselves can answer. A bucket's `day` is its first day.
        """
        flt = flt or EventFilter()
        width = _BUCKET_WIDTH[bucket]
        if flt.bbox is None and flt.document_id is None:
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

    def counts(self) -> dict[str, int]:
        return {
            table: int(self.backend.rows(f"SELECT count(*) FROM {table}")[0][0])
            for table in ("documents", "events", "reports", "rejections")
        }


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
