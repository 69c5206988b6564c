"""Analysts' merges and splits: stored with who, when and why, and obeyed by every later
link run — a re-link of the whole store included — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

import link_helpers
from chronique.link import Linker, LinkError, history, merge_events, split_event
from chronique.records import Document, Event
from chronique.store import Store
from link_helpers import HOMS, document, event

target, store = link_helpers.target, link_helpers.store


def _link(store: Store, *pairs: tuple[Document, list[Event]]) -> None:
    store.add_batch(list(pairs))
    Linker(store).link_documents(d.id for d, _ in pairs)


def _groups(store: Store) -> list[list[str]]:
    """Each stored event as the sorted ids of its reports' documents."""
    return sorted(sorted({r.document_id for r in e.reports}) for e in store.events())


def _same_strike() -> list[tuple[Document, list[Event]]]:
    fr = document("Des frappes russes ont tué 12 civils vendredi à Idleb, selon l'OSDH.")
    en = document(
        "Russian air strikes killed 12 civilians in Idlib on Friday, a monitor said.",
        language="en",
        agency="Reuters",
    )
    return [
        (fr, [event(fr, "frappes", source="OSDH")]),
        (en, [event(en, "air strikes", source="SOHR")]),
    ]


def test_a_split_restores_the_events_and_is_never_undone(store: Store) -> None:
    (fr, fr_events), (en, en_events) = _same_strike()
    _link(store, (fr, fr_events), (en, en_events))
    (linked,) = store.events()
    restored = split_event(store, linked.id[:10], who="alice", reason="two strikes, not one")
    # As each document coded them, exactly.
    assert restored == [fr_events[0], en_events[0]]
    assert sorted(store.events(), key=lambda e: e.id) == sorted(restored, key=lambda e: e.id)
    Linker(store).relink()
    assert _groups(store) == sorted([[fr.id], [en.id]])
    # A third report of the strike joins one of them, never both.
    third = document("Frappes russes meurtrières vendredi à Idleb, dit l'OSDH.", agency="ATS")
    _link(store, (third, [event(third, "Frappes", source="OSDH")]))
    assert _groups(store) == sorted([sorted([fr.id, third.id]), [en.id]])
    (decision,) = history(store, store.event(en_events[0].id) or en_events[0])
    assert (decision.action, decision.who, decision.why) == (
        "split",
        "alice",
        "two strikes, not one",
    )
    assert set(decision.members) == {fr_events[0].id, en_events[0].id}


def test_a_merge_stays_with_the_id_kept(store: Store) -> None:
    a = document("Des frappes russes ont visé Idleb vendredi.")
    b = document("Des obus ont frappé Homs samedi, selon des témoins.")
    ea = event(a, "frappes")
    eb = event(b, "obus", place=HOMS, day=dt.date(2024, 3, 9), actor=("SYR", "MIL"))
    _link(store, (a, [ea]), (b, [eb]))
    assert len(list(store.events())) == 2  # nothing in common: two events
    merged = merge_events(store, eb.id, [ea.id[:8]], who="bob", reason="one operation")
    assert merged.id == eb.id
    assert [r.document_id for r in merged.reports] == [b.id, a.id]
    assert merged.link_reasons[0].startswith("analyst decision #")
    assert "merged by bob" in merged.link_reasons[0] and "one operation" in merged.link_reasons[0]
    assert [e.id for e in store.events()] == [eb.id]
    Linker(store).relink()
    (again,) = store.events()
    assert again.id == eb.id and {r.document_id for r in again.reports} == {a.id, b.id}
    assert len(again.link_reasons) == 1 and "merged by bob" in again.link_reasons[0]
    (decision,) = history(store, again)
    assert (decision.action, decision.event_id, decision.who) == ("merge", eb.id, "bob")


def test_a_merge_after_a_split_wins(store: Store) -> None:
    (fr, fr_events), (en, en_events) = _same_strike()
    _link(store, (fr, fr_events), (en, en_events))
    (linked,) = store.events()
    split_event(store, linked.id, who="alice", reason="not sure")
    merge_events(store, en_events[0].id, [fr_events[0].id], who="carol", reason="it is one")
    Linker(store).relink()
    (again,) = store.events()
    assert again.id == en_events[0].id
    assert [d.action for d in history(store, again)] == ["split", "merge"]


def test_unclear_requests_are_refused(store: Store) -> None:
    (fr, fr_events), (en, en_events) = _same_strike()
    store.add_batch([(fr, fr_events), (en, en_events)])  # not linked: two events
    with pytest.raises(LinkError, match="nothing to split"):
        split_event(store, fr_events[0].id, who="a", reason="b")
    with pytest.raises(LinkError, match="no single event"):
        merge_events(store, "nope", [fr_events[0].id], who="a", reason="b")
    with pytest.raises(LinkError, match="named twice"):
        merge_events(store, fr_events[0].id, [fr_events[0].id], who="a", reason="b")
    with pytest.raises(LinkError, match="--by"):
        merge_events(store, fr_events[0].id, [en_events[0].id], who=" ", reason="b")
    with pytest.raises(LinkError, match="--why"):
        split_event(store, fr_events[0].id, who="a", reason="")
    assert len(list(store.events())) == 2  # nothing changed
