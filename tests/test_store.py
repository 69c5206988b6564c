"""The store, on both engines: every test runs on SQLite and on a real PostgreSQL server.

The server is Debian's PostgreSQL, started by the tests in a temporary folder
(`chronique.store.pgtemp`); `make test` installs the package when it is missing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chronique.merge import merge_document
from chronique.records import Actor, DateRange, Document, Event, EventReport, Place, Rejection, Span
from chronique.store import BBox, EventFilter, Store
from chronique.store.migrations import MIGRATIONS
from chronique.store.pgtemp import TempPostgres
from chronique.store.postgres import redact
from chronique.store.sqlite import SQLiteBackend


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh, empty store lives: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    server: TempPostgres = request.getfixturevalue("pg")
    return server.create_database("t_" + uuid.uuid4().hex[:12])


@pytest.fixture
def store(target: str) -> Iterator[Store]:
    with Store(target) as s:
        yield s


def _doc(text: str = "Des frappes russes ont visé Alep mercredi.", n: int = 0) -> Document:
    return Document(
        id=f"d{n:03d}{len(text)}",
        text=text,
        agency="AFP",
        published=dt.date(2015, 10, 7),
        language="fr",
        source="mem",
    )


def _events(
    doc: Document,
    *,
    type: str = "ASSAULT",
    day: dt.date | None = dt.date(2015, 10, 7),
    place: Place | None = None,
    actor: str = "RUS",
) -> list[Event]:
    report = EventReport(
        document_id=doc.id,
        sentence=Span(0, len(doc.text), doc.text),
        trigger=Span(4, 11, "frappes"),
        type=type,
        mode="aerial" if type == "ASSAULT" else None,
        actors=(Actor("russes", actor, "MIL"),),
        recipients=(Actor("rebelles", "SYR", "REB"),),
        place=place or Place("Alep", country="SYR", precision="city", lat=36.2, lon=37.16),
        date=DateRange(day, day, "day") if day else None,
    )
    return merge_document(doc, [report])


def test_both_engines_are_exercised(target: str, store: Store) -> None:
    # Guards the fixture: a PostgreSQL run really talks to PostgreSQL.
    assert store.dialect == ("postgresql" if target.startswith("postgresql://") else "sqlite")


def test_migrations_are_recorded_and_not_reapplied(target: str) -> None:
    with Store(target) as store:
        assert [m[0] for m in store.migrations()] == [m.version for m in MIGRATIONS]
    with Store(target) as store:
        assert store.migrate() == []
        assert len(store.migrations()) == len(MIGRATIONS)


def test_a_version_1_store_is_migrated_and_its_coordinates_backfilled(target: str) -> None:
    """A store written before migration 2 gets the new columns filled from its JSON."""
    doc = _doc()
    event = _events(doc)[0]
    from chronique.store.core import _document_row, _Rows, connect

    backend = connect(target)
    backend.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL)"
    )
    backend.apply_migration(MIGRATIONS[0], "2025-01-01T00:00:00+00:00")
    with backend.transaction():
        backend.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _document_row(doc, "2025-01-01T00:00:00+00:00"),
        )
        # Version 1's tables: no coordinates, sort key or country index yet.
        rows = _Rows()
        rows.add(doc.id, event)
        v1_row = (*rows.events[0][:10], rows.data[0][1])  # the JSON was the last column
        backend.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", v1_row)
        backend.executemany("INSERT INTO event_actors VALUES (?, ?, ?, ?)", rows.actors)
    backend.close()
    with Store(target) as store:
        assert [m[0] for m in store.migrations()] == [m.version for m in MIGRATIONS]
        points = store.map_points(EventFilter(bbox=BBox(37, 36, 38, 37)))
        assert [(p.id, p.lat, p.lon) for p in points] == [(event.id, 36.2, 37.16)]
        assert list(store.events()) == [event]
        # The backfilled country index and daily counts answer like freshly written ones.
        assert list(store.events(EventFilter(country="RUS"))) == [event]
        assert [(b.day, b.count) for b in store.timeline(EventFilter(country="SYR"))] == [
            (dt.date(2015, 10, 7), 1)
        ]
        later = _doc(n=9)
        store.add_document(later, _events(later, day=dt.date(2015, 10, 7)))
        assert sum(b.count for b in store.timeline()) == 2


def test_a_failed_migration_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    backend = SQLiteBackend(path)
    backend.execute("CREATE TABLE documents (id TEXT)")  # in the way of migration 1
    backend.close()
    with pytest.raises(Exception, match="migration 1 failed"):
        Store(path)
    tables = {
        r[0]
        for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert "events" not in tables  # migration 1 rolled back as a whole


def test_roundtrip_and_idempotent_insert(store: Store) -> None:
    doc = _doc()
    events = _events(doc)
    assert store.add_document(doc, events)
    assert not store.add_document(doc, events)
    assert store.counts() == {"documents": 1, "events": 1, "reports": 1, "rejections": 0}
    back = list(store.events())
    assert back == events
    assert store.event(events[0].id[:6]) == events[0]
    assert store.event("zz") is None
    stored = store.document(doc.id)
    assert stored is not None and stored.published == doc.published
    assert stored.text == doc.text and stored.agency == "AFP"


def test_a_batch_is_one_transaction_and_skips_known_documents(store: Store) -> None:
    first, second = _doc(n=1), _doc(n=2)
    assert store.add_batch([(first, _events(first))]) == [first.id]
    new = store.add_batch(
        [(first, _events(first, type="PROTEST")), (second, _events(second)), (second, [])],
        [Rejection("ingest", "empty", "x.txt")],
    )
    assert new == [second.id]
    # The known document kept its events; the repeated one was stored once.
    assert {e.type for e in store.events(EventFilter(document_id=first.id))} == {"ASSAULT"}
    assert store.counts()["events"] == 2
    assert store.known_documents([first.id, second.id, "nope"]) == {first.id, second.id}
    bad = _doc(n=3)
    broken = _events(bad)
    with pytest.raises(Exception):  # noqa: B017 - sqlite3 and psycopg raise their own
        store.add_batch([(bad, broken), (_doc(n=4), broken)])  # the same event id twice
    assert not store.has_document(bad.id)  # nothing of the failed batch was kept


def test_filters(store: Store) -> None:
    doc = _doc()
    store.add_document(doc, _events(doc))
    assert len(list(store.events(EventFilter(type="assault")))) == 1
    assert len(list(store.events(EventFilter(type="PROTEST")))) == 0
    assert len(list(store.events(EventFilter(country="RUS")))) == 1  # an actor's country
    assert len(list(store.events(EventFilter(country="syr")))) == 1  # the place's
    assert len(list(store.events(EventFilter(country="FRA")))) == 0
    assert len(list(store.events(EventFilter(since=dt.date(2015, 10, 8))))) == 0
    assert len(list(store.events(EventFilter(until=dt.date(2015, 10, 7))))) == 1
    assert len(list(store.events(EventFilter(bbox=BBox(37, 36, 38, 37))))) == 1
    assert len(list(store.events(EventFilter(bbox=BBox(2, 48, 3, 49))))) == 0


def _fill(store: Store) -> list[Event]:
    """Twelve documents: dated and undated events, in several countries and types."""
    events: list[Event] = []
    for n in range(12):
        doc = _doc(f"Texte numéro {n}.", n)
        day = None if n % 5 == 4 else dt.date(2015, 10, 1 + n % 3)
        kind = ("ASSAULT", "PROTEST", "COERCE")[n % 3]
        place = Place("Kyiv", country="UKR", precision="city", lat=50.45, lon=30.52)
        made = _events(doc, type=kind, day=day, place=place if n % 2 else None)
        store.add_document(doc, made)
        events += made
    return events


def test_event_order_and_pages(store: Store) -> None:
    events = _fill(store)
    expected = sorted(
        events,
        key=lambda e: (
            e.date is None,
            e.date.start.isoformat() if e.date else "",
            e.reports[0].document_id,
            e.id,
        ),
    )
    assert list(store.events()) == expected
    pages = [list(store.events(EventFilter(limit=5, offset=o))) for o in (0, 5, 10)]
    assert [e for page in pages for e in page] == expected
    assert list(store.events(EventFilter(offset=10))) == expected[10:]
    assert store.events(EventFilter(limit=1)).__next__() == expected[0]


def test_map_points(store: Store) -> None:
    events = _fill(store)
    ukraine = store.map_points(EventFilter(bbox=BBox(22, 44, 40, 53)))
    assert sorted(p.id for p in ukraine) == sorted(
        e.id for e in events if e.place and e.place.country == "UKR"
    )
    assert all(p.lat == 50.45 and p.lon == 30.52 and p.country == "UKR" for p in ukraine)
    protests = store.map_points(EventFilter(type="PROTEST", country="UKR"))
    assert protests and all(p.type == "PROTEST" and p.country == "UKR" for p in protests)
    # The country filter is the place's or a party's: every event has a Russian actor.
    assert len(store.map_points(EventFilter(country="RUS"))) == len(events)
    assert len(store.map_points(limit=3)) == 3
    undated = [p for p in store.map_points() if p.date_start is None]
    assert len(undated) == sum(1 for e in events if e.date is None)


def test_timeline(store: Store) -> None:
    events = _fill(store)
    counts: dict[tuple[dt.date, str], int] = {}
    for e in events:
        if e.date:
            counts[(e.date.start, e.type)] = counts.get((e.date.start, e.type), 0) + 1
    bars = store.timeline()
    assert [(b.day, b.type, b.count) for b in bars] == sorted((*k, v) for k, v in counts.items())
    window = store.timeline(EventFilter(since=dt.date(2015, 10, 2), until=dt.date(2015, 10, 2)))
    assert {b.day for b in window} == {dt.date(2015, 10, 2)}
    assert sum(b.count for b in store.timeline(EventFilter(country="UKR"))) == sum(
        1 for e in events if e.date and e.place and e.place.country == "UKR"
    )
    # A period of whole months is read from the monthly counts, any other from the daily.
    part = store.timeline(EventFilter(since=dt.date(2015, 10, 2)), "month")
    assert sum(b.count for b in part) == sum(n for (day, _), n in counts.items() if day.day >= 2)
    whole = store.timeline(EventFilter(since=dt.date(2015, 10, 1), until=dt.date(2015, 10, 31)))
    assert sum(b.count for b in whole) == sum(counts.values())
    by_month = store.timeline(bucket="month")
    assert {b.day for b in by_month} == {dt.date(2015, 10, 1)}
    assert {b.type: b.count for b in by_month} == {
        t: sum(n for (_, kind), n in counts.items() if kind == t) for t in {k[1] for k in counts}
    }
    assert [(b.day, b.count) for b in store.timeline(EventFilter(type="assault"), "year")] == [
        (dt.date(2015, 1, 1), sum(n for (_, kind), n in counts.items() if kind == "ASSAULT"))
    ]
    # A box or a document is answered from the events themselves, the same way.
    boxed = store.timeline(EventFilter(bbox=BBox(22, 44, 40, 53)), "month")
    assert sum(b.count for b in boxed) == sum(
        1 for e in events if e.date and e.place and e.place.lat == 50.45
    )


def test_rejections_are_kept_once_in_order(store: Store) -> None:
    first = Rejection("ingest", "empty: the text is blank", "a.txt")
    second = Rejection("language", "language 'de' has no language pack", "b.txt")
    store.add_rejection(first)
    store.add_rejection(second)
    store.add_rejection(first)
    assert store.rejections() == [first, second]


def test_concurrent_writers_lose_nothing(target: str) -> None:
    """Two connections writing at once (two runs on one store): every document lands."""
    Store(target).close()  # migrate once, before the writers start
    errors: list[BaseException] = []

    def write(offset: int) -> None:
        try:
            with Store(target) as store:
                for n in range(offset, offset + 20):
                    doc = _doc(f"Texte {n}.", n)
                    store.add_document(doc, _events(doc))
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k * 20,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store(target) as store:
        assert store.counts()["documents"] == 40 and store.counts()["events"] == 40


def test_same_data_same_answers_on_both_engines(tmp_path: Path, pg: TempPostgres) -> None:
    lite = Store(tmp_path / "a.db")
    post = Store(pg.create_database("t_" + uuid.uuid4().hex[:12]))
    with lite, post:
        _fill(lite)
        _fill(post)
        for flt in (EventFilter(), EventFilter(country="UKR"), EventFilter(type="COERCE")):
            assert list(lite.events(flt)) == list(post.events(flt))
            assert lite.timeline(flt) == post.timeline(flt)
            assert sorted(lite.map_points(flt), key=str) == sorted(post.map_points(flt), key=str)
        assert lite.counts() == post.counts()


def test_postgres_url_password_is_never_printed() -> None:
    assert redact("postgresql://ana:s3cret@db.example.org:5432/ev") == (
        "postgresql://ana:***@db.example.org:5432/ev"
    )
    assert redact("postgresql://ana@/ev?host=/tmp/x") == "postgresql://ana@/ev?host=/tmp/x"


def test_unreachable_postgres_is_a_clear_error(tmp_path: Path) -> None:
    from chronique.errors import StoreError

    url = f"postgresql://nobody:pw@/none?host={tmp_path}&connect_timeout=2"
    with pytest.raises(StoreError, match=r"cannot open store postgresql://nobody:\*\*\*@"):
        Store(url)


def _plan(store: Store, sql: str, args: list[Any]) -> str:
    if store.dialect == "sqlite":
        rows = store.backend.rows("EXPLAIN QUERY PLAN " + sql, args)
        return "\n".join(str(r[-1]) for r in rows)
    # On a table this small any plan is cheap: rule out the ones that ignore the indexes,
    # to ask what the indexes *can* serve (a Sort would remain if they cannot give the order).
    switches = ("enable_seqscan", "enable_bitmapscan", "enable_sort")
    for name in switches:
        store.backend.execute(f"SET {name} = off")
    rows = store.backend.rows("EXPLAIN " + sql, args)
    for name in switches:
        store.backend.execute(f"RESET {name}")
    return "\n".join(str(r[0]) for r in rows)


def _listing(flt: EventFilter) -> str:
    t, key = ("c", "c.event_id") if flt.country else ("e", "e.id")
    return f" ORDER BY {t}.sort_day, {t}.document_id, {key} LIMIT 50"


@pytest.mark.parametrize(
    ("flt", "index"),
    [
        (EventFilter(), "events_list"),
        (EventFilter(type="PROTEST"), "events_type_list"),
        (EventFilter(country="UKR", since=dt.date(2015, 10, 2)), "event_countries"),
        (EventFilter(country="UKR", type="PROTEST"), "event_countries_type"),
        (EventFilter(since=dt.date(2015, 10, 2), until=dt.date(2015, 10, 3)), "events_list"),
    ],
)
def test_a_page_is_read_in_index_order(store: Store, flt: EventFilter, index: str) -> None:
    """No sort of every matching event before LIMIT: what keeps the list fast at a million
    events (benchmarks/queries.py measures it)."""
    _fill(store)
    store.optimize()
    sql, args = store._select("d.data", flt)
    plan = _plan(store, sql + _listing(flt), args)
    assert index in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan


def test_a_viewport_reads_its_map_squares(store: Store) -> None:
    _fill(store)
    store.optimize()
    flt = EventFilter(bbox=BBox(29, 49, 32, 52), since=dt.date(2015, 10, 2))
    sql, args = store._select("e.id", flt, geo=True)
    if store.dialect == "sqlite":
        # INDEXED BY fails with "no query solution" if the index cannot serve the query.
        plan = _plan(
            store, sql.replace("FROM events e", "FROM events e INDEXED BY events_cell"), args
        )
    else:
        # On a toy table the date indexes are as cheap: hide them (rolled back) to ask
        # whether the square index serves the viewport.
        with pytest.raises(RuntimeError), store.backend.transaction():
            store.backend.execute("DROP INDEX events_list, events_type_list")
            plan = _plan(store, sql, args)
            raise RuntimeError("roll back")
    assert "events_cell" in plan, plan
    assert [p.id for p in store.map_points(flt)]  # and finds the Kyiv events
