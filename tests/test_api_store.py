"""The store's side of the API on both engines: the new filters, keyset pages, counts,
reviews and tokens, on SQLite and on a real PostgreSQL server (chronique.store.pgtemp).

No model here: the events are built by hand (tests/test_api.py's documents) and stored
with `add_batch`, like a run stores them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chronique.records import Event
from chronique.store import EventFilter, Store
from chronique.store.pgtemp import TempPostgres
from chronique.store.reviews import ReviewError, correct, gold_lines, reject, reviews
from chronique.store.tokens import (
    TokenError,
    create_token,
    has_active_tokens,
    list_tokens,
    revoke_token,
    verify_token,
)
from test_api import _ours


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        target = str(tmp_path / "store.db")
    else:
        server: TempPostgres = request.getfixturevalue("pg")
        target = server.create_database("api_" + uuid.uuid4().hex[:12])
    with Store(target) as s:
        s.add_batch(_ours())
        yield s


def _ids(store: Store, **given: Any) -> set[str]:
    return {e.id for e in store.events(EventFilter(**given))}


def _by_type(store: Store) -> dict[str, Event]:
    return {e.type: e for e in store.events()}


def test_filters_on_both_engines(store: Store) -> None:
    e = _by_type(store)
    protest, arrest, strike = e["PROTEST"].id, e["COERCE"].id, e["ASSAULT"].id
    assert _ids(store, mode="arrest") == {arrest}
    assert _ids(store, modality="alleged") == {arrest, strike}
    assert _ids(store, min_corroboration=2) == {protest}
    assert _ids(store, actor_country="fra") == {protest, arrest}
    assert _ids(store, actor_country="FRA", actor_sector="COP") == {arrest}
    assert _ids(store, actor_sector="MIL") == {strike}
    assert _ids(store, recipient_country="MLI", recipient_sector="REB") == {strike}
    assert _ids(store, recipient_sector="CVL", country="FRA") == {arrest}
    assert _ids(store, source="AFP") == {protest}
    assert _ids(store, source="Préfecture") == {protest}  # case of ASCII letters only
    assert _ids(store, source="WITNESSES") == {arrest}
    assert _ids(store, language="en") == {arrest}
    assert _ids(store, q="défilé") == _ids(store, q="DEFILE") == {protest}
    assert _ids(store, q="l'armée") == {strike}
    assert _ids(store, q="lyon") == {protest, arrest}
    assert _ids(store, q="lyon arrested") == {arrest}
    assert _ids(store, q="Lyon", type="PROTEST", country="FRA") == {protest}
    assert _ids(store, q="!!!") == _ids(store)  # no word: no filter


def test_keyset_pages_on_both_engines(store: Store) -> None:
    everything = [e.id for e in store.events()]
    for flt in (EventFilter(), EventFilter(country="FRA"), EventFilter(type="PROTEST")):
        seen: list[str] = []
        page = store.page(flt, 1)
        while True:
            seen += [e.id for e in page.events]
            if page.next is None:
                break
            page = store.page(dataclasses.replace(flt, after=page.next), 1)
        assert seen == [i for i in everything if i in _ids(store, **_given(flt))]


def _given(flt: EventFilter) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(flt).items() if v not in (None, 0)}


def test_counts_documents_sources_on_both_engines(store: Store) -> None:
    assert dict(store.count_events(None, "type")) == {"PROTEST": 1, "COERCE": 1, "ASSAULT": 1}
    assert dict(store.count_events(EventFilter(modality="alleged"), "country")) == {
        "FRA": 1,
        "MLI": 1,
    }
    assert dict(store.count_events(None, "language")) == {"fr": 2, "en": 1}
    assert dict(store.count_events(EventFilter(type="COERCE"), "country")) == {"FRA": 1}
    until = EventFilter(until=dt.date(2024, 5, 14))
    assert dict(store.count_events(until, "country")) == {"FRA": 1, "MLI": 1}
    assert store.total(None, most=2) == 2 and store.total(None) == 3
    assert store.total(EventFilter(country="FRA")) == 2
    assert dict(store.sources()) == {"AFP": 1, "Reuters": 1, "préfecture": 1, "witnesses": 1}
    docs = store.documents(limit=10)
    assert len(docs) == 3 and all(d.events == 1 for d in docs)
    assert [d.id for d in store.documents(after=docs[0].id)] == [d.id for d in docs[1:]]
    assert store.documents(language="en")[0].agency == "Reuters"
    assert store.document_events(docs[0].id)
    # The timeline reads the daily counts, or the events when a filter needs them.
    bars = store.timeline(EventFilter(modality="alleged"), "day")
    assert [(b.day, b.type) for b in bars] == [
        (dt.date(2024, 5, 10), "ASSAULT"),
        (dt.date(2024, 5, 15), "COERCE"),
    ]
    # Counts follow removals (tags go with their event, and their counts with them).
    store.remove_event(_by_type(store)["PROTEST"].id)
    assert dict(store.sources()) == {"Reuters": 1, "witnesses": 1}
    assert dict(store.count_events(None, "language")) == {"fr": 1, "en": 1}


def test_reviews_keep_search_and_tags_right_on_both_engines(store: Store) -> None:
    strike = _by_type(store)["ASSAULT"]
    place = {"text": "Tombouctou", "country": "MLI", "lat": 16.77, "lon": -3.0}
    fixed, review = correct(store, strike.id, "place", place, who="alice", note="map")
    assert fixed.place is not None and fixed.place.text == "Tombouctou"
    assert review.before["text"] == "Gao" and review.after["text"] == "Tombouctou"
    assert _ids(store, q="tombouctou") == {strike.id}
    assert _ids(store, modality="alleged", bbox=None, country="MLI") == {strike.id}
    correct(store, strike.id, "modality", "denied", who="alice")
    assert _ids(store, modality="denied") == {strike.id}
    with pytest.raises(ReviewError, match="not one of"):
        correct(store, strike.id, "modality", "certain", who="alice")
    with pytest.raises(ReviewError, match="alpha-3"):
        correct(store, strike.id, "actors", [{"text": "x", "country": "Mali"}], who="alice")
    reject(store, strike.id, who="bob", note="duplicate of a wire story")
    assert store.event(strike.id) is None
    assert _ids(store, q="tombouctou") == set() and _ids(store, actor_country="MLI") == set()
    assert [r.action for r in reviews(store)] == ["reject", "correct", "correct"]
    assert [line["events"] for line in gold_lines(store)] == [[]]


def test_tokens_on_both_engines(store: Store) -> None:
    assert not has_active_tokens(store)
    token, text = create_token(store, "alice", "reviewer")
    assert has_active_tokens(store) and text.startswith(f"chq_{token.id}_")
    found = verify_token(store, text)
    assert found is not None and found.role == "reviewer" and found.last_used_at
    assert verify_token(store, text[:-1] + ("A" if text[-1] != "A" else "B")) is None
    assert verify_token(store, "Bearer nonsense") is None
    with pytest.raises(TokenError, match="unknown role"):
        create_token(store, "eve", "owner")
    revoke_token(store, token.id)
    assert verify_token(store, text) is None and not has_active_tokens(store)
    with pytest.raises(TokenError, match="already revoked"):
        revoke_token(store, token.id)
    assert [t.revoked_at is not None for t in list_tokens(store)] == [True]
