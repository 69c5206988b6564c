"""The linker on events built by hand (no spaCy), on SQLite and PostgreSQL: which reports
become one event, with which reasons and sources, and at what cost."""

from __future__ import annotations

import dataclasses
import datetime as dt

import link_helpers
from chronique.link import Linker
from chronique.records import Document, Event, Place
from chronique.settings import Settings
from chronique.store import Store
from link_helpers import HOMS, IDLEB, document, event

target, store = link_helpers.target, link_helpers.store

FRIDAY = dt.date(2024, 3, 8)


def _add(store: Store, *pairs: tuple[Document, list[Event]]) -> Linker:
    store.add_batch(list(pairs))
    linker = Linker(store)
    linker.link_documents(d.id for d, _ in pairs)
    return linker


def _by_documents(store: Store) -> list[list[str]]:
    """Each stored event as the sorted ids of the documents that tell it."""
    return sorted(sorted({r.document_id for r in e.reports}) for e in store.events())


def test_a_french_and_an_english_report_become_one_event(store: Store) -> None:
    fr = document(
        "Des frappes russes ont tué 12 civils vendredi à Idleb, selon l'OSDH.", agency="ATS"
    )
    en = document(
        "Russian air strikes killed 12 civilians in Idlib on Friday, the Syrian Observatory "
        "for Human Rights said.",
        language="en",
        agency="Reuters",
    )
    _add(
        store,
        (fr, [event(fr, "frappes", source="OSDH", dead=12)]),
        (en, [event(en, "air strikes", source="SOHR", dead=12)]),
    )
    (linked,) = store.events()
    assert linked.id == event(fr, "frappes").id  # the first report's event keeps its id
    assert {r.document_id for r in linked.reports} == {fr.id, en.id}
    # "OSDH via ATS" and "SOHR via Reuters" are one source.
    assert linked.sources == ("OSDH",) and linked.corroboration == 1
    assert linked.claims == ()  # they agree
    assert [o.document_id for o in linked.outlets] == [fr.id, en.id]
    (reason,) = linked.link_reasons
    assert "same type family ATTACK (ASSAULT)" in reason
    assert "actors share RUS/MIL" in reason and "dates overlap (2024-03-08)" in reason
    assert "same place (Idlib)" in reason and "evidence similarity" in reason
    assert store.counts()["events"] == 1 and store.counts()["reports"] == 2


def test_independent_sources_count_and_relays_do_not(store: Store) -> None:
    a = document("Des frappes russes ont tué 12 civils vendredi à Idleb, selon l'OSDH.")
    b = document("L'aviation russe a bombardé Idleb vendredi, tuant 15 civils, selon l'ONU.")
    c = document(
        "Selon l'OSDH, 12 civils ont péri vendredi sous les frappes russes à Idleb.",
        agency="ATS",
    )
    _add(
        store,
        (a, [event(a, "frappes", source="OSDH", dead=12)]),
        (b, [event(b, "bombardé", source="ONU", dead=15)]),
        (c, [event(c, "frappes", source="OSDH", dead=12)]),
    )
    (linked,) = store.events()
    assert linked.sources == ("OSDH", "UN")
    assert linked.corroboration == 2  # OSDH via AFP and via ATS is one source
    assert {(c.source, c.size.dead if c.size else None) for c in linked.claims} == {
        ("OSDH", 12),
        ("UN", 15),
    }


def test_a_denial_is_a_claim_not_a_confirmation(store: Store) -> None:
    a = document("Des frappes russes ont tué 12 civils vendredi à Idleb, selon l'OSDH.")
    b = document("Moscou a démenti vendredi toute frappe russe sur Idleb.", agency="ATS")
    _add(
        store,
        (a, [event(a, "frappes", source="OSDH", dead=12)]),
        (b, [event(b, "frappe", modality="denied")]),
    )
    (linked,) = store.events()
    assert linked.corroboration == 1 and linked.modality == "asserted"
    assert {(c.source, c.modality) for c in linked.claims} == {
        ("OSDH", "asserted"),
        ("them", "denied"),  # the denying party, named as its report names it
    }


def test_what_tells_two_events_apart(store: Store) -> None:
    base = document("Des frappes russes ont visé Idleb vendredi.")
    later = document("De nouvelles frappes russes ont visé Idleb lundi.")
    far = document("Des frappes russes ont visé Homs vendredi, loin au sud.")
    other_actor = document("Des frappes turques ont visé Idleb vendredi.")
    planned = document("Des frappes russes sur Idleb sont prévues vendredi.")
    _add(
        store,
        (base, [event(base, "frappes")]),
        (later, [event(later, "frappes", day=FRIDAY + dt.timedelta(days=3))]),
        (far, [event(far, "frappes", place=HOMS)]),  # 135 km away
        (other_actor, [event(other_actor, "frappes", actor=("TUR", "MIL"))]),
        (planned, [event(planned, "frappes", modality="planned")]),
    )
    assert len(list(store.events())) == 5
    assert all(not e.link_reasons for e in store.events())


def test_two_events_of_one_document_stay_two(store: Store) -> None:
    doc = document("Des frappes russes ont visé Idleb vendredi. D'autres frappes ont suivi.")
    copy = document("Des frappes russes ont visé Idleb vendredi, selon des témoins.")
    first, second = event(doc, "frappes"), event(doc, "autres frappes")
    _add(store, (doc, [first, second]), (copy, [event(copy, "frappes")]))
    assert _by_documents(store) == sorted([sorted([doc.id, copy.id]), [doc.id]])


def test_linking_one_by_one_equals_linking_all_at_once(store: Store, target: str) -> None:
    texts = [
        ("Des frappes russes ont tué 12 civils vendredi à Idleb, selon l'OSDH.", IDLEB, "RUS"),
        ("Russian strikes killed 12 civilians in Idlib on Friday.", IDLEB, "RUS"),
        ("Des obus turcs sont tombés vendredi sur Homs.", HOMS, "TUR"),
        ("Turkish shells hit Homs on Friday, witnesses said.", HOMS, "TUR"),
        ("L'aviation russe a de nouveau frappé Idleb vendredi soir.", IDLEB, "RUS"),
    ]
    docs = []
    for text, place, country in texts:
        doc = document(text, language="en" if text.isascii() else "fr")
        trigger = text.split()[1]
        docs.append((doc, [event(doc, trigger, place=place, actor=(country, "MIL"))]))
    for pair in docs:  # one batch per document, as a run stores them
        _add(store, pair)
    one_by_one = [(e.id, e.reports) for e in store.events()]
    Linker(store).relink()
    assert [(e.id, e.reports) for e in store.events()] == one_by_one
    assert len(one_by_one) == 2


def test_candidates_come_from_a_block_not_the_whole_store(store: Store) -> None:
    """80 reports of one type: two a day on 40 days (two days apart), one in Syria and one
    in Ukraine. The block (family, country, days) holds no other report: nothing compared."""
    kyiv = Place("Kyiv", name="Kyiv", country="UKR", precision="city", lat=50.45, lon=30.52)
    pairs = []
    for n in range(40):
        day = FRIDAY + dt.timedelta(days=2 * n)
        for place, actor in ((IDLEB, ("RUS", "MIL")), (kyiv, ("RUS", "GOV"))):
            words = " ".join(f"mot{n}{place.text}{i}" for i in range(20))  # no wire copies
            doc = document(f"Des frappes russes ont visé {place.text}. {words}.")
            pairs.append((doc, [event(doc, "frappes", day=day, place=place, actor=actor)]))
    store.add_batch(pairs)
    stats = Linker(store).link_documents(d.id for d, _ in pairs)
    assert stats.events == 80 and stats.wire_copies == 0
    assert stats.compared == 0 and stats.joined == 0 and stats.sentences_embedded == 0


def test_a_wider_tolerance_from_the_settings_links_more(store: Store) -> None:
    a = document("Des frappes russes ont visé Idleb vendredi.")
    b = document("Des frappes russes ont visé Idleb lundi, selon des témoins.")
    store.add_batch(
        [(a, [event(a, "frappes")]), (b, [event(b, "frappes", day=FRIDAY + dt.timedelta(3))])]
    )
    Linker(store).link_pending()
    assert len(list(store.events())) == 2
    wide = dataclasses.replace(Settings.load(), link_date_tolerance_days=3)
    Linker(store, wide).relink()
    (linked,) = store.events()
    assert "dates 3 days apart" in linked.link_reasons[0]


def test_no_place_or_no_country_is_no_block(store: Store) -> None:
    a = document("Des frappes ont visé un village vendredi.")
    b = document("Un village a été visé par des frappes vendredi.")
    _add(
        store,
        (a, [event(a, "frappes", place=None, actor=None)]),
        (b, [event(b, "frappes", place=Place("un village"), actor=None)]),
    )
    assert len(list(store.events())) == 2  # nothing to block on: not linked
