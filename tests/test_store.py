import datetime as dt
from pathlib import Path

from chronique.merge import merge_document
from chronique.records import Actor, DateRange, Document, EventReport, Place, Rejection, Span
from chronique.store import EventFilter, Store
from chronique.store.migrations import MIGRATIONS


def _doc(text: str = "Des frappes russes ont visé Alep mercredi.") -> Document:
    return Document(
        id="d" + str(len(text)),
        text=text,
        agency="AFP",
        published=dt.date(2015, 10, 7),
        language="fr",
        source="mem",
    )


def _events(doc: Document) -> list:  # type: ignore[type-arg]
    report = EventReport(
        document_id=doc.id,
        sentence=Span(0, len(doc.text), doc.text),
        trigger=Span(4, 11, "frappes"),
        type="ASSAULT",
        mode="aerial",
        actors=(Actor("russes", "RUS", "MIL"),),
        recipients=(Actor("rebelles", "SYR", "REB"),),
        place=Place("Alep", country="SYR", precision="city"),
        date=DateRange(dt.date(2015, 10, 7), dt.date(2015, 10, 7), "day"),
    )
    return merge_document(doc, [report])


def test_migrations_are_recorded_and_not_reapplied(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        assert [m[0] for m in store.migrations()] == [m.version for m in MIGRATIONS]
    with Store(path) as store:
        assert store.migrate() == []


def test_roundtrip_and_idempotent_insert() -> None:
    doc = _doc()
    events = _events(doc)
    with Store(":memory:") as store:
        assert store.add_document(doc, events)
        assert not store.add_document(doc, events)
        assert store.counts()["events"] == 1
        back = list(store.events())
        assert back == events
        assert store.event(events[0].id[:6]) == events[0]
        stored = store.document(doc.id)
        assert stored is not None and stored.published == doc.published


def test_filters() -> None:
    doc = _doc()
    with Store(":memory:") as store:
        store.add_document(doc, _events(doc))
        assert len(list(store.events(EventFilter(type="assault")))) == 1
        assert len(list(store.events(EventFilter(type="PROTEST")))) == 0
        assert len(list(store.events(EventFilter(country="RUS")))) == 1
        assert len(list(store.events(EventFilter(country="FRA")))) == 0
        assert len(list(store.events(EventFilter(since=dt.date(2015, 10, 8))))) == 0
        assert len(list(store.events(EventFilter(until=dt.date(2015, 10, 7))))) == 1


def test_rejections_are_kept_once() -> None:
    with Store(":memory:") as store:
        r = Rejection("ingest", "empty: the text is blank", "a.txt")
        store.add_rejection(r)
        store.add_rejection(r)
        assert store.rejections() == [r]
