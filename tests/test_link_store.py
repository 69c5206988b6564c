"""The store's write side for linking: put_event / remove_event keep every derived row right,
on SQLite and on PostgreSQL; migration 4 is there."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import link_helpers
from chronique.errors import StoreError
from chronique.records import Claim, Outlet, Place, Size
from chronique.store import BBox, EventFilter, Store
from chronique.store.migrations import MIGRATIONS
from link_helpers import HOMS, document, event

target, store = link_helpers.target, link_helpers.store

KYIV = Place("Kyiv", name="Kyiv", country="UKR", precision="city", lat=50.45, lon=30.52)


def _rows(store: Store, table: str, event_id: str) -> int:
    return int(
        store.backend.rows(f"SELECT count(*) FROM {table} WHERE event_id = ?", (event_id,))[0][0]
    )


def test_migration_4_is_recorded(store: Store) -> None:
    versions = [m[0] for m in store.migrations()]
    assert 4 in versions and versions == sorted(m.version for m in MIGRATIONS)
    for table in ("wire_copies", "wire_bands", "event_members", "link_decisions", "link_rules"):
        assert store.backend.rows(f"SELECT count(*) FROM {table}")[0][0] == 0


def test_put_event_replaces_every_derived_row(store: Store) -> None:
    doc = document("Des frappes russes ont touché Idleb vendredi.")
    first = event(doc, "frappes")
    store.add_document(doc, [first])
    assert [b.count for b in store.timeline(EventFilter(country="RUS"))] == [1]
    # The same event, moved to another day, country and actor, with the linker's fields.
    moved = dataclasses.replace(
        first,
        place=KYIV,
        date=dataclasses.replace(first.date, start=dt.date(2024, 4, 1), end=dt.date(2024, 4, 1))
        if first.date
        else None,
        actors=(dataclasses.replace(first.actors[0], country="BLR"),),
        corroboration=3,
        outlets=(Outlet(doc.id, publisher="P", published=dt.date(2024, 3, 8)),),
        claims=(Claim("OSDH", "asserted", Size(dead=3), (doc.id,)),),
        link_reasons=("because",),
    )
    store.put_event(doc.id, moved)
    assert list(store.events()) == [moved]
    assert store.event(first.id) == moved  # the new fields survive the JSON round trip
    assert store.timeline(EventFilter(country="RUS")) == []
    assert store.timeline(EventFilter(country="SYR")) == []
    assert [(b.day, b.count) for b in store.timeline(EventFilter(country="BLR"))] == [
        (dt.date(2024, 4, 1), 1)
    ]
    assert [(b.day, b.count) for b in store.timeline(bucket="month")] == [(dt.date(2024, 4, 1), 1)]
    assert [p.id for p in store.map_points(EventFilter(bbox=BBox(30, 50, 31, 51)))] == [first.id]
    assert list(store.events(EventFilter(country="RUS"))) == []
    assert _rows(store, "event_countries", first.id) == 2  # BLR (actor), UKR (place)
    assert _rows(store, "reports", first.id) == 1
    assert store.counts() == {"documents": 1, "events": 1, "reports": 1, "rejections": 0}
    corr = store.backend.rows("SELECT corroboration FROM events WHERE id = ?", (first.id,))
    assert corr[0][0] == 3


def test_remove_event_takes_its_rows_and_counts(store: Store) -> None:
    a = document("Des frappes russes ont touché Idleb vendredi.")
    b = document("Un autre bombardement a visé Homs vendredi.")
    ea, eb = event(a, "frappes"), event(b, "bombardement", place=HOMS)
    store.add_batch([(a, [ea]), (b, [eb])])
    assert [x.count for x in store.timeline()] == [2]
    assert store.remove_event(ea.id) == ea
    assert store.remove_event(ea.id) is None
    assert list(store.events()) == [eb]
    assert [x.count for x in store.timeline()] == [1]
    assert [x.count for x in store.timeline(bucket="month")] == [1]
    for table in ("event_data", "event_actors", "reports", "event_countries"):
        assert _rows(store, table, ea.id) == 0
    # Its report is free again: another event may hold it.
    store.put_event(b.id, dataclasses.replace(eb, reports=eb.reports + ea.reports))
    assert store.counts()["reports"] == 2


def test_a_report_belongs_to_one_event(store: Store) -> None:
    a = document("Des frappes russes ont touché Idleb vendredi.")
    b = document("Un autre bombardement a visé Homs vendredi.")
    ea, eb = event(a, "frappes"), event(b, "bombardement", place=HOMS)
    store.add_batch([(a, [ea]), (b, [eb])])
    with pytest.raises(StoreError, match="report"):
        store.put_event(b.id, dataclasses.replace(eb, reports=eb.reports + ea.reports))
    assert {e.id: e for e in store.events()} == {ea.id: ea, eb.id: eb}  # nothing half-written


def test_nested_transactions_commit_or_roll_back_together(store: Store) -> None:
    a = document("Des frappes russes ont touché Idleb vendredi.")
    ea = event(a, "frappes")
    store.add_document(a, [ea])
    with pytest.raises(RuntimeError), store.transaction():
        store.remove_event(ea.id)
        store.put_event(a.id, dataclasses.replace(ea, corroboration=5))
        raise RuntimeError("stop")
    assert list(store.events()) == [ea]
    with store.transaction():
        store.put_event(a.id, dataclasses.replace(ea, corroboration=5))
    assert store.event(ea.id) == dataclasses.replace(ea, corroboration=5)
