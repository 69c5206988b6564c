"""Events of our own writing for the export, digest and Python API tests, and the stores
they are kept in (a SQLite file, or a database of a real PostgreSQL server).

Every sentence below was written for these tests. The events cover what the exports must
carry: reciprocal and one-sided events, civilians as targets, places of every precision
(and none), date ranges of every precision (and none), casualty figures that disagree
between reports, attribution chains, and text with quotes, a tab and markup.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from chronique.records import (
    Actor,
    DatePrecision,
    DateRange,
    Document,
    Event,
    EventReport,
    Modality,
    Place,
    Size,
    Source,
    Span,
)
from chronique.store import Store
from chronique.store.pgtemp import TempPostgres

PUBLISHED = dt.date(2024, 5, 15)

# One article per list: its paragraphs (blank lines between them).
ARTICLES: dict[str, list[str]] = {
    "wire": [
        "Des frappes aériennes russes ont touché mardi le marché de Maarat al-Noomane, "
        "tuant au moins 12 civils, selon l'Observatoire syrien des droits de l'homme.",
        "Le gouvernement syrien et les rebelles ont discuté la semaine dernière d'une trêve "
        'à Genève, a indiqué un diplomate, qui parle de « progrès, "réels" mais lents ».',
        "Des manifestants ont brandi mercredi à Paris une pancarte "
        "« <script>alert('x')</script> » devant l'ambassade.",
    ],
    "follow": [
        "Le bilan des frappes sur Maarat al-Noomane est monté à 15 morts, selon des "
        "secouristes cités par l'AFP.",
        "Washington accuse\tMoscou d'avoir armé des milices, selon des sources diplomatiques.",
        "Les policiers maliens ont arrêté en avril un journaliste à Bamako.",
        "Des hommes armés ont attaqué mercredi un village du nord-est du Nigeria.",
    ],
}


def document(name: str) -> Document:
    text = "\n\n".join(ARTICLES[name])
    return Document(
        id=f"doc-{name}",
        text=text,
        title=ARTICLES[name][0][:40],
        agency="AFP",
        published=PUBLISHED,
        language="fr",
        source=f"{name}.txt",
    )


def span_of(doc: Document, words: str, within: Span | None = None) -> Span:
    start = doc.text.index(words, within.start if within else 0)
    return Span(start, start + len(words), words)


def report(
    doc: Document,
    sentence_start: str,
    trigger: str,
    type: str,
    *,
    mode: str | None = None,
    size: Size | None = None,
    attribution: Sequence[Source] = (),
    modality: Modality = "asserted",
    confidence: float = 0.7,
) -> EventReport:
    """A report whose sentence is the paragraph that starts with `sentence_start`."""
    paragraph = next(p for p in doc.text.split("\n\n") if p.startswith(sentence_start))
    sentence = span_of(doc, paragraph)
    return EventReport(
        document_id=doc.id,
        sentence=sentence,
        trigger=span_of(doc, trigger, sentence),
        type=type,
        mode=mode,
        size=size,
        attribution=tuple(attribution),
        modality=modality,
        confidence=confidence,
    )


def place(
    text: str,
    country: str,
    precision: str,
    lat: float | None = None,
    lon: float | None = None,
    *,
    name: str | None = None,
    geonames_id: int | None = None,
    admin1: str | None = None,
) -> Place:
    return Place(
        text=text,
        name=name,
        geonames_id=geonames_id,
        lat=lat,
        lon=lon,
        country=country,
        admin1=admin1,
        precision=precision,  # type: ignore[arg-type]
    )


def day(start: dt.date, end: dt.date | None = None, precision: DatePrecision = "day") -> DateRange:
    return DateRange(start, end or start, precision)


def sample_events() -> tuple[list[Document], list[Event]]:
    """The test articles and their events (ids e1…e6)."""
    wire, follow = document("wire"), document("follow")
    osdh = Source("l'Observatoire syrien des droits de l'homme", "OSDH", "monitor")
    strikes = Event(
        id="e1000000000000aa",
        type="ASSAULT",
        mode="aerial",
        actors=(Actor("Des frappes aériennes russes", "RUS", "MIL"),),
        recipients=(Actor("civils", "SYR", "CVL"),),
        place=place(
            "Maarat al-Noomane",
            "SYR",
            "city",
            35.6437,
            36.6712,
            name="Maarat al-Numan",
            geonames_id=169389,
            admin1="Idlib",
        ),
        date=day(dt.date(2024, 5, 14)),
        modality="asserted",
        reports=(
            report(
                wire,
                "Des frappes",
                "frappes",
                "ASSAULT",
                mode="aerial",
                size=Size(dead=12),
                attribution=[osdh],
                confidence=0.8,
            ),
            report(
                follow,
                "Le bilan",
                "frappes",
                "ASSAULT",
                mode="aerial",
                size=Size(dead=15),
                attribution=[
                    Source("des secouristes", "secouristes", "witness"),
                    Source("l'AFP", "AFP", "agency"),
                ],
            ),
        ),
        sources=("OSDH", "secouristes"),
        corroboration=2,
        merge_reasons=("report 'frappes' retells it (same type, actors, place)",),
    )
    talks = Event(
        id="e2000000000000bb",
        type="CONSULT",
        mode=None,
        actors=(
            Actor("Le gouvernement syrien", "SYR", "GOV"),
            Actor("les rebelles", "SYR", "REB"),
        ),
        recipients=(),
        place=place("Genève", "CHE", "city", 46.2022, 6.1457, name="Geneva", geonames_id=2660646),
        date=day(dt.date(2024, 5, 6), dt.date(2024, 5, 12), "week"),
        modality="asserted",
        reports=(
            report(
                wire,
                "Le gouvernement",
                "discuté",
                "CONSULT",
                attribution=[Source("un diplomate", "diplomate", "anonymous")],
            ),
        ),
        sources=("diplomate",),
    )
    protest = Event(
        id="e3000000000000cc",
        type="PROTEST",
        mode="demo",
        actors=(Actor("Des manifestants", "FRA", "CVL"),),
        recipients=(),
        place=place("Paris", "FRA", "city", 48.8534, 2.3488, name="Paris", geonames_id=2988507),
        date=day(PUBLISHED),
        modality="asserted",
        reports=(report(wire, "Des manifestants", "brandi", "PROTEST", mode="demo"),),
    )
    accusation = Event(
        id="e4000000000000dd",
        type="ACCUSE",
        mode=None,
        actors=(Actor("Washington", "USA", "GOV"),),
        recipients=(Actor("Moscou", "RUS", "GOV"),),
        place=None,
        date=None,
        modality="alleged",
        reports=(
            report(
                follow,
                "Washington",
                "accuse",
                "ACCUSE",
                modality="alleged",
                attribution=[
                    Source("des sources diplomatiques", "sources diplomatiques", "anonymous")
                ],
            ),
        ),
        sources=("sources diplomatiques",),
    )
    arrest = Event(
        id="e5000000000000ee",
        type="COERCE",
        mode="arrest",
        actors=(Actor("Les policiers maliens", "MLI", "COP"),),
        recipients=(Actor("un journaliste", "MLI", "JRN"),),
        place=place("Bamako", "MLI", "city", 12.6500, -8.0000, name="Bamako", geonames_id=2460596),
        date=day(dt.date(2024, 4, 1), dt.date(2024, 4, 30), "month"),
        modality="asserted",
        reports=(
            report(
                follow, "Les policiers", "arrêté", "COERCE", mode="arrest", size=Size(arrested=1)
            ),
        ),
    )
    raid = Event(
        id="e6000000000000ff",
        type="ASSAULT",
        mode=None,
        actors=(Actor("Des hommes armés", None, "UAF"),),
        recipients=(Actor("un village", "NGA", "CVL"),),
        place=place("nord-est du Nigeria", "NGA", "region", 11.8, 13.15),
        date=day(PUBLISHED),
        modality="asserted",
        reports=(report(follow, "Des hommes armés", "attaqué", "ASSAULT"),),
    )
    return [wire, follow], [strikes, talks, protest, accusation, arrest, raid]


def store_sample(store: Store) -> list[Event]:
    """Store the sample (events with the document of their first report); return the
    events as the store gives them back."""
    docs, events = sample_events()
    # One batch: every document is in before the reports that cite it.
    store.add_batch([(d, [e for e in events if e.reports[0].document_id == d.id]) for d in docs])
    return list(store.events())


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    server: TempPostgres = request.getfixturevalue("pg")
    return server.create_database("x_" + uuid.uuid4().hex[:12])


@pytest.fixture
def stored(target: str) -> Iterator[tuple[Store, list[Event]]]:
    """A store holding the sample, and its events as read back from it."""
    with Store(target) as store:
        yield store, store_sample(store)


def test_the_sample_spans_point_into_their_documents() -> None:
    docs, events = sample_events()
    texts = {d.id: d.text for d in docs}
    for event in events:
        for r in event.reports:
            text = texts[r.document_id]
            assert text[r.sentence.start : r.sentence.end] == r.sentence.text
            assert text[r.trigger.start : r.trigger.end] == r.trigger.text
            assert r.sentence.start <= r.trigger.start < r.trigger.end <= r.sentence.end


def test_the_store_gives_the_sample_back_unchanged(
    stored: tuple[Store, list[Event]],
) -> None:
    _, read = stored
    _, written = sample_events()
    assert {e.id: e for e in read} == {e.id: e for e in written}
