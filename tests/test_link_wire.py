"""Wire copies: one dispatch on several sites is grouped (MinHash + LSH bands in the store),
signatures are computed once, and groups grow as copies arrive. Both engines."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import link_helpers
from chronique.link import Linker
from chronique.link.wire import WireCopies, shingles
from chronique.settings import Settings
from chronique.store import Store
from link_corpus import BY_KEY, WIRE
from link_helpers import document

target, store = link_helpers.target, link_helpers.store


def _docs(*keys: str) -> list[Any]:
    return [document(BY_KEY[k].text, publisher=BY_KEY[k].publisher) for k in keys]


def _groups(store: Store) -> dict[str, str]:
    return dict(store.backend.rows("SELECT document_id, group_id FROM wire_copies"))


def test_copies_with_edits_are_one_group_and_other_stories_are_not(store: Store) -> None:
    docs = _docs(*WIRE, "saraqeb_fr", "maarat_monday", "maarat_friday")
    store.add_batch([(d, []) for d in docs])
    stats = Linker(store).link_documents(d.id for d in docs)
    assert stats.documents == 6 and stats.wire_copies == 2
    groups = _groups(store)
    first = docs[0].id
    # New headline, a dropped paragraph, a footer, a word changed: still copies of the first.
    assert [groups[d.id] for d in docs[:3]] == [first, first, first]
    # Two raids told in the same words a week apart are two stories.
    assert [groups[d.id] for d in docs[3:]] == [d.id for d in docs[3:]]
    matched = dict(store.backend.rows("SELECT document_id, similarity FROM wire_copies"))
    assert 0.5 <= matched[docs[1].id] < 0.8 and matched[docs[2].id] > 0.8


def test_a_late_copy_joins_its_group(store: Store) -> None:
    gazette, alpes, echo = _docs(*WIRE)
    store.add_batch([(gazette, []), (alpes, [])])
    Linker(store).link_pending()
    store.add_batch([(echo, [])])
    stats = Linker(store).link_pending()
    assert stats.documents == 1 and stats.wire_copies == 1
    assert _groups(store)[echo.id] == gazette.id


def test_signatures_are_computed_once(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _docs(*WIRE, "talbiseh_ats")
    store.add_batch([(d, []) for d in docs])
    made: list[str] = []
    original = WireCopies.signature

    def counted(self: WireCopies, text: str) -> Any:
        made.append(text)
        return original(self, text)

    monkeypatch.setattr(WireCopies, "signature", counted)
    Linker(store).link_pending()
    assert len(made) == 4
    before = _groups(store)
    Linker(store).relink()
    assert len(made) == 4  # the re-link read them from the store
    assert _groups(store) == before
    # Other shingles make other signatures: a re-link with them computes them again.
    wider = dataclasses.replace(Settings.load(), wire_copy_shingle_words=4)
    Linker(store, wider).relink()
    assert len(made) == 8
    assert _groups(store) == before


def test_shingles_ignore_case_accents_and_punctuation() -> None:
    assert shingles("Frappes RUSSES, à Idleb !", 3) == shingles("frappes russes a idleb", 3)
    assert shingles("deux mots", 3) == {b"deux mots"}
    assert shingles("", 3) == set()


def test_a_document_meets_only_documents_that_share_a_band(store: Store) -> None:
    """No pass over the store: 60 unrelated documents, then one more; the band index
    returns its copy only."""
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"]
    filler = [document(" ".join(f"{words[i % 9]}{n}x{i}" for i in range(80))) for n in range(60)]
    store.add_batch([(d, []) for d in filler])
    Linker(store).link_pending()
    copy = document(filler[17].text + " Fin de la dépêche.")
    store.add_batch([(copy, [])])
    linker = Linker(store)
    signature = linker.wire.signature_of(copy.id)
    assert signature is not None
    found = linker.tables.band_matches(linker.wire.band_keys(signature), copy.id, 1000)
    assert found == [filler[17].id]
