"""Fixtures and builders shared by the tests of chronique.link (tests/test_link_*.py).

`target` gives a fresh store on each engine, as in tests/test_store.py: a SQLite file, and a
new database on a real PostgreSQL server started in a temporary folder. The builders make
documents and their events by hand, without spaCy, for the tests that are about linking
rather than extraction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from chronique.merge import merge_document
from chronique.records import Actor, DateRange, Document, Event, EventReport, Place, Size, Source
from chronique.records import Span as TextSpan
from chronique.store import Store
from chronique.store.pgtemp import TempPostgres

IDLEB = Place("Idleb", name="Idlib", country="SYR", precision="city", lat=35.93, lon=36.63)
SARAQEB = Place("Saraqeb", name="Saraqib", country="SYR", precision="city", lat=35.86, lon=36.81)
HOMS = Place("Homs", name="Homs", country="SYR", precision="city", lat=34.72, lon=36.73)


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


def document(
    text: str,
    *,
    language: str = "fr",
    day: dt.date = dt.date(2024, 3, 8),
    agency: str | None = "AFP",
    publisher: str | None = None,
) -> Document:
    return Document(
        id=hashlib.sha256(text.encode()).hexdigest()[:16],
        text=text,
        agency=agency,
        publisher=publisher,
        url=f"https://{(publisher or 'example').replace(' ', '-').lower()}.example/a",
        published=day,
        language=language,
        source="test",
    )


def event(
    doc: Document,
    trigger: str,
    *,
    type: str = "ASSAULT",
    mode: str | None = "aerial",
    actor: tuple[str, str] | None = ("RUS", "MIL"),
    place: Place | None = IDLEB,
    day: dt.date | None = dt.date(2024, 3, 8),
    source: str | None = None,
    modality: str = "asserted",
    dead: int | None = None,
) -> Event:
    """One event of `doc`, reported in the sentence that holds `trigger`."""
    start = doc.text.index(trigger)
    before = doc.text.rfind(".", 0, start) + 1
    end = doc.text.find(".", start)
    end = len(doc.text) if end < 0 else end + 1
    while doc.text[before] == " ":
        before += 1
    report = EventReport(
        document_id=doc.id,
        sentence=TextSpan(before, end, doc.text[before:end]),
        trigger=TextSpan(start, start + len(trigger), trigger),
        type=type,
        mode=mode,
        actors=(Actor("them", actor[0], actor[1]),) if actor else (),
        place=place,
        date=DateRange(day, day, "day") if day else None,
        size=Size(dead=dead) if dead is not None else None,
        modality=modality,  # type: ignore[arg-type]
        attribution=(Source(source, source, "monitor"),) if source else (),
        confidence=0.8,
    )
    return merge_document(doc, [report])[0]
