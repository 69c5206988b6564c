"""The REST API and the web pages' JSON twins, on a real SQLite store.

The store holds the seed article coded by the real pipeline (published 2015-10-07, ATS)
and three short documents of our own with events built by hand, so that every filter has
something to keep and something to leave out: a French protest in Lyon (with a <script>
in its text), an English arrest in Lyon the next day, and a Malian air strike near Gao.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, settings

with warnings.catch_warnings():
    # Starlette's TestClient warns that it will move to httpx2; the httpx it uses is pinned.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from chronique.api import create_app
from chronique.records import (
    Actor,
    DateRange,
    Document,
    Event,
    EventReport,
    Place,
    Source,
    Span,
)
from chronique.store import Store
from conftest import SEED_TEXT, need_shared

LYON = Place(
    "Lyon", name="Lyon", geonames_id=2996944, lat=45.75, lon=4.85, country="FRA", precision="city"
)
GAO = Place(
    "Gao", name="Gao", geonames_id=2457163, lat=16.27, lon=-0.04, country="MLI", precision="city"
)


def _document(text: str, *, language: str, agency: str | None, day: dt.date) -> Document:
    return Document(
        id=hashlib.sha256(text.encode()).hexdigest()[:16],
        text=text,
        title=text.split(".")[0][:60],
        url="https://example.org/" + language,
        agency=agency,
        published=day,
        language=language,
        source="test",
    )


def _event(
    document: Document,
    trigger: str,
    type: str,
    mode: str | None,
    actors: tuple[Actor, ...],
    recipients: tuple[Actor, ...],
    place: Place,
    day: dt.date,
    *,
    modality: Any = "asserted",
    source: Source | None = None,
    corroboration: int = 1,
) -> Event:
    at = document.text.index(trigger)
    report = EventReport(
        document_id=document.id,
        sentence=Span(0, len(document.text), document.text),
        trigger=Span(at, at + len(trigger), trigger),
        type=type,
        mode=mode,
        actors=actors,
        recipients=recipients,
        place=place,
        date=DateRange(day, day, "day"),
        modality=modality,
        attribution=(source,) if source else (),
    )
    return Event(
        id=hashlib.sha1(f"{document.id}:{trigger}".encode()).hexdigest()[:16],
        type=type,
        mode=mode,
        actors=actors,
        recipients=recipients,
        place=place,
        date=report.date,
        modality=modality,
        reports=(report,),
        sources=(source.name,) if source else (),
        corroboration=corroboration,
    )


def _ours() -> list[tuple[Document, list[Event]]]:
    protest = _document(
        "Des manifestants ont défilé à Lyon mardi <script>alert('x')</script> selon la préfecture.",
        language="fr",
        agency="AFP",
        day=dt.date(2024, 5, 14),
    )
    at = protest.text.index("manifestants")
    crowd = Actor("Des manifestants", "FRA", "CVL", start=at - 4, end=at + 12)
    at = protest.text.index("Lyon")
    in_lyon = dataclasses.replace(LYON, start=at, end=at + 4)
    arrest = _document(
        "Police arrested twelve protesters in Lyon on Wednesday, according to witnesses.",
        language="en",
        agency="Reuters",
        day=dt.date(2024, 5, 15),
    )
    strike = _document(
        "L'armée malienne aurait frappé un camp de rebelles près de Gao vendredi.",
        language="fr",
        agency=None,
        day=dt.date(2024, 5, 11),
    )
    return [
        (
            protest,
            [
                _event(
                    protest,
                    "défilé",
                    "PROTEST",
                    "demo",
                    (crowd,),
                    (),
                    in_lyon,
                    dt.date(2024, 5, 14),
                    source=Source("la préfecture", "préfecture", "official"),
                    corroboration=2,
                )
            ],
        ),
        (
            arrest,
            [
                _event(
                    arrest,
                    "arrested",
                    "COERCE",
                    "arrest",
                    (Actor("Police", "FRA", "COP"),),
                    (Actor("twelve protesters", "FRA", "CVL"),),
                    LYON,
                    dt.date(2024, 5, 15),
                    modality="alleged",
                    source=Source("witnesses", "witnesses", "witness"),
                )
            ],
        ),
        (
            strike,
            [
                _event(
                    strike,
                    "frappé",
                    "ASSAULT",
                    "aerial",
                    (Actor("L'armée malienne", "MLI", "MIL"),),
                    (Actor("rebelles", "MLI", "REB"),),
                    GAO,
                    dt.date(2024, 5, 10),
                    modality="alleged",
                )
            ],
        ),
    ]


@pytest.fixture(scope="session")
def api_db(pipeline: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed coded by the pipeline, plus our three documents; built once per session."""
    need_shared(SEED_TEXT)
    path = tmp_path_factory.mktemp("api") / "api.db"
    with Store(path) as store:
        items = list(pipeline.read([SEED_TEXT], published=dt.date(2015, 10, 7), agency="ATS"))
        pipeline.run(items, store)
        store.add_batch(_ours())
    return path


@pytest.fixture
def db(api_db: Path, tmp_path: Path) -> Path:
    """A copy of the session's store that a test may write to."""
    copy = tmp_path / "api.db"
    shutil.copy(api_db, copy)
    return copy


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db))) as c:
        yield c


def _ids(client: TestClient, **params: Any) -> set[str]:
    """The ids of every event the list gives for `params`, following the cursor."""
    ids: list[str] = []
    cursor = None
    while True:
        answer = client.get("/api/events", params={**params, "limit": 500, "cursor": cursor})
        assert answer.status_code == 200, answer.text
        page = answer.json()
        ids += [e["id"] for e in page["events"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert len(ids) == len(set(ids))
    return set(ids)


def _all(db: Path) -> list[Event]:
    with Store(db) as store:
        return list(store.events())


def _expect(db: Path, keep: Any) -> set[str]:
    return {e.id for e in _all(db) if keep(e)}


def _countries(e: Event) -> set[str | None]:
    return {a.country for a in e.actors + e.recipients} | {e.place.country if e.place else None}


# Every filter, against the same filter computed in Python over every stored event.
FILTER_CASES: list[tuple[dict[str, Any], Any]] = [
    ({"type": "ASSAULT"}, lambda e: e.type == "ASSAULT"),
    ({"type": "assault"}, lambda e: e.type == "ASSAULT"),
    ({"mode": "aerial"}, lambda e: e.mode == "aerial"),
    ({"country": "SYR"}, lambda e: "SYR" in _countries(e)),
    ({"country": "fra"}, lambda e: "FRA" in _countries(e)),
    ({"actor_country": "RUS"}, lambda e: any(a.country == "RUS" for a in e.actors)),
    ({"actor_sector": "MIL"}, lambda e: any(a.sector == "MIL" for a in e.actors)),
    (
        {"actor_country": "FRA", "actor_sector": "COP"},
        lambda e: any(a.country == "FRA" and a.sector == "COP" for a in e.actors),
    ),
    ({"recipient_country": "SYR"}, lambda e: any(a.country == "SYR" for a in e.recipients)),
    ({"recipient_sector": "CVL"}, lambda e: any(a.sector == "CVL" for a in e.recipients)),
    ({"modality": "alleged"}, lambda e: e.modality == "alleged"),
    ({"modality": "planned"}, lambda e: e.modality == "planned"),
    ({"min_corroboration": 2}, lambda e: e.corroboration >= 2),
    ({"since": "2024-05-12"}, lambda e: e.date is not None and e.date.end >= dt.date(2024, 5, 12)),
    (
        {"until": "2015-10-01"},
        lambda e: e.date is not None and e.date.start <= dt.date(2015, 10, 1),
    ),
    (
        {"since": "2015-10-01", "until": "2015-10-31"},
        lambda e: (
            e.date is not None
            and e.date.end >= dt.date(2015, 10, 1)
            and e.date.start <= dt.date(2015, 10, 31)
        ),
    ),
    (
        {"bbox": "3,44,6,47"},
        lambda e: e.place is not None and e.place.lat is not None and e.place.country == "FRA",
    ),
    ({"bbox": "-5,10,5,20"}, lambda e: e.place is not None and e.place.country == "MLI"),
    ({"language": "en"}, lambda e: e.reports[0].trigger.text == "arrested"),
    ({"language": "FR"}, lambda e: e.reports[0].trigger.text != "arrested"),
    ({"type": "ASSAULT", "country": "MLI"}, lambda e: e.type == "ASSAULT" and e.place == GAO),
]


@pytest.mark.parametrize(
    ("params", "keep"), FILTER_CASES, ids=[urlencode(p) for p, _ in FILTER_CASES]
)
def test_every_filter_keeps_exactly_the_matching_events(
    client: TestClient, db: Path, params: dict[str, Any], keep: Any
) -> None:
    expected = _expect(db, keep)
    assert expected, f"the fixture store has no event for {params}: the test would prove nothing"
    assert expected != {e.id for e in _all(db)}, f"{params} keeps everything"
    assert _ids(client, **params) == expected


def test_source_filter_reads_attribution_origins_and_agencies(client: TestClient, db: Path) -> None:
    events = _all(db)
    osdh = {
        e.id
        for e in events
        if any(r.attribution and r.attribution[0].name == "OSDH" for r in e.reports)
    }
    assert osdh and _ids(client, source="OSDH") == osdh == _ids(client, source="osdh")
    # The seed's agency is ATS (a document's, not a chain's): all its events.
    ats = {e.id for e in events if e.date is None or e.date.start.year == 2015}
    assert _ids(client, source="ATS") == ats
    assert len(_ids(client, source="Reuters")) == 1  # the English document's agency
    assert len(_ids(client, source="witnesses")) == 1  # its attribution origin
    assert _ids(client, source="nobody") == set()


def test_full_text_search_ignores_case_and_accents(client: TestClient, db: Path) -> None:
    protest = _expect(db, lambda e: e.type == "PROTEST")
    assert _ids(client, q="defile LYON") == protest
    assert _ids(client, q="Défilé") == protest
    aviation = _expect(db, lambda e: any("aviation" in r.sentence.text for r in e.reports))
    assert aviation and _ids(client, q="aviation") == aviation
    # Words are all required; FTS syntax in the words is taken literally.
    assert _ids(client, q="aviation Lyon") == set()
    assert client.get("/api/events", params={"q": 'NEAR("x" AND) *'}).status_code == 200


def test_cursor_pagination_walks_the_whole_list_once(client: TestClient, db: Path) -> None:
    everything = [e.id for e in _all(db)]
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = client.get("/api/events", params={"limit": 4, "cursor": cursor}).json()
        assert page["count"] == len(page["events"]) <= 4
        seen += [e["id"] for e in page["events"]]
        pages += 1
        cursor = page["next"]
        if not cursor:
            break
    assert seen == everything  # the store's order, every event once
    assert pages == -(-len(everything) // 4)
    # The cursor is opaque, not an offset, and a forged one is refused.
    assert not cursor
    assert client.get("/api/events", params={"cursor": "not-a-cursor"}).status_code == 400
    # With a filter, the cursor continues that filter's list.
    first = client.get("/api/events", params={"country": "SYR", "limit": 2}).json()
    rest = client.get(
        "/api/events", params={"country": "SYR", "limit": 100, "cursor": first["next"]}
    ).json()
    both = [e["id"] for e in first["events"] + rest["events"]]
    assert set(both) == _ids(client, country="SYR") and len(both) == len(set(both))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "07/10/2015"}, "since"),
        ({"type": "PARTY"}, "PLOVER"),
        ({"modality": "sure"}, "modality"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "10,0,5,1"}, "bbox"),
        ({"country": "Syria"}, "alpha-3"),
        ({"min_corroboration": "two"}, "min_corroboration"),
        ({"limit": "0"}, "limit"),
        ({"since": "2015-10-08", "until": "2015-10-01"}, "until"),
    ],
)
def test_bad_filters_are_clear_400s(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    answer = client.get("/api/events", params=params)
    assert answer.status_code == 400
    assert message in answer.json()["detail"]


def test_one_event_has_its_reports_evidence_and_documents(client: TestClient, db: Path) -> None:
    event = next(
        e for e in _all(db) if e.type == "ASSAULT" and e.mode == "aerial" and len(e.reports) > 1
    )
    answer = client.get(f"/api/events/{event.id[:10]}")
    assert answer.status_code == 200
    data = answer.json()
    assert data["id"] == event.id and len(data["reports"]) == len(event.reports)
    for shown, report in zip(data["reports"], event.reports, strict=True):
        assert shown["document"]["title"] and shown["document"]["agency"] == "ATS"
        assert shown["chain"][-1] == "ATS"
        trigger = [m for m in shown["marks"] if m["kind"] == "trigger"]
        assert trigger == [
            {
                "start": report.trigger.start,
                "end": report.trigger.end,
                "kind": "trigger",
                "text": report.trigger.text,
            }
        ]
    first, report = data["reports"][0], event.reports[0]
    assert {"actor", "place"} <= {m["kind"] for m in first["marks"]}
    assert first["chain"] == [s.name for s in report.attribution] + ["ATS"]
    # Nearby: the seed's other events in western Syria on the same day.
    assert data["nearby"] and all(n["id"] != event.id for n in data["nearby"])
    assert client.get("/api/events/ffffffff").status_code == 404


def test_documents_sources_counts_map_timeline(client: TestClient, db: Path) -> None:
    docs = client.get("/api/documents", params={"limit": 2}).json()
    assert len(docs["documents"]) == 2 and docs["next"]
    rest = client.get("/api/documents", params={"cursor": docs["next"]}).json()
    assert len(docs["documents"]) + len(rest["documents"]) == 4 and rest["next"] is None
    seed = next(d for d in docs["documents"] + rest["documents"] if d["agency"] == "ATS")
    one = client.get(f"/api/documents/{seed['id']}").json()
    assert "frappes russes" in one["text"] and len(one["events"]) == seed["events"] >= 7
    assert client.get("/api/documents/nope").status_code == 404
    assert (
        client.get("/api/documents", params={"language": "en"}).json()["documents"][0]["agency"]
        == "Reuters"
    )

    names = {s["name"]: s["events"] for s in client.get("/api/sources").json()["sources"]}
    assert names["ATS"] >= 7 and names["OSDH"] >= 1 and names["AFP"] == 1

    events = _all(db)
    by_type = client.get("/api/counts", params={"by": "type"}).json()["counts"]
    assert {c["key"]: c["count"] for c in by_type} == {
        t: sum(e.type == t for e in events) for t in {e.type for e in events}
    }
    by_country = {
        c["key"]: c["count"]
        for c in client.get("/api/counts", params={"by": "country"}).json()["counts"]
    }
    assert by_country["FRA"] == 2 and by_country["MLI"] == 1
    assert by_country["SYR"] == sum("SYR" in _countries(e) for e in events)
    by_day = client.get("/api/counts", params={"by": "day", "since": "2024-01-01"}).json()
    assert by_day["counts"] == [
        {"key": "2024-05-10", "count": 1},
        {"key": "2024-05-14", "count": 1},
        {"key": "2024-05-15", "count": 1},
    ]
    by_language = client.get("/api/counts", params={"by": "language"}).json()["counts"]
    assert {c["key"]: c["count"] for c in by_language} == {"fr": len(events) - 1, "en": 1}
    assert client.get("/api/counts", params={"by": "colour"}).status_code == 422

    points = client.get("/api/map").json()
    located = [e for e in events if e.place and e.place.lat is not None]
    assert len(points["points"]) == len(located) and not points["truncated"]
    lyon = client.get("/api/map", params={"bbox": "4,45,5,46"}).json()["points"]
    assert {p["type"] for p in lyon} == {"PROTEST", "COERCE"}

    bars = client.get("/api/timeline", params={"bucket": "month"}).json()["bars"]
    assert sum(b["count"] for b in bars) == sum(e.date is not None for e in events)
    assert {b["day"] for b in bars} >= {"2015-10-01", "2024-05-01"}


def test_read_only_by_default_then_roles(client: TestClient, db: Path) -> None:
    event = next(e for e in _all(db) if e.type == "PROTEST")
    review = {"action": "confirm", "note": "checked against the prefecture"}
    url = f"/api/events/{event.id}/reviews"
    answer = client.post(url, json=review)
    assert answer.status_code == 403 and "read-only" in answer.json()["detail"]

    from chronique.store.tokens import create_token, revoke_token

    with Store(db) as store:
        _, reader = create_token(store, "rita", "reader")
        reviewer_token, reviewer = create_token(store, "alice", "reviewer")
        _, admin = create_token(store, "root", "admin")
    answer = client.post(url, json=review)
    assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"
    bad = {"Authorization": "Bearer chq_000000000000_wrong"}
    assert client.post(url, json=review, headers=bad).status_code == 401
    as_reader = {"Authorization": f"Bearer {reader}"}
    answer = client.post(url, json=review, headers=as_reader)
    assert answer.status_code == 403 and "reviewer" in answer.json()["detail"]
    assert client.get("/api/tokens", headers=as_reader).status_code == 403
    as_reviewer = {"Authorization": f"Bearer {reviewer}"}
    assert client.get("/api/tokens", headers=as_reviewer).status_code == 403
    answer = client.post(url, json=review, headers=as_reviewer)
    assert answer.status_code == 201
    assert answer.json()["review"]["who"] == "alice"

    as_admin = {"Authorization": f"Bearer {admin}"}
    listed = client.get("/api/tokens", headers=as_admin).json()["tokens"]
    assert {t["name"] for t in listed} == {"rita", "alice", "root"}
    assert all("hash" not in t and "salt" not in t for t in listed)
    made = client.post("/api/tokens", json={"name": "bob", "role": "reviewer"}, headers=as_admin)
    assert made.status_code == 201 and made.json()["text"].startswith("chq_")
    assert (
        client.post("/api/tokens", json={"name": "x", "role": "god"}, headers=as_admin).status_code
        == 422
    )
    gone = client.delete(f"/api/tokens/{reviewer_token.id}", headers=as_admin)
    assert gone.status_code == 200 and gone.json()["token"]["revoked_at"]
    assert client.post(url, json=review, headers=as_reviewer).status_code == 401
    with Store(db) as store:
        # Only salted hashes are stored: the token text appears nowhere in the database.
        rows = store.backend.rows("SELECT id, name, role, salt, hash FROM api_tokens")
        assert reviewer not in json.dumps(rows) and reviewer.split("_")[2] not in json.dumps(rows)
        revoke_token(store, next(t["id"] for t in listed if t["name"] == "root"))
    assert client.get("/api/tokens", headers=as_admin).status_code == 401


def _reviewer(db: Path) -> dict[str, str]:
    from chronique.store.tokens import create_token

    with Store(db) as store:
        _, text = create_token(store, "alice", "reviewer")
    return {"Authorization": f"Bearer {text}"}


def test_a_correction_persists_in_every_view_and_survives_a_rerun(db: Path, pipeline: Any) -> None:
    headers = _reviewer(db)
    event = next(
        e for e in _all(db) if e.type == "ASSAULT" and e.mode == "aerial" and len(e.reports) > 1
    )
    with TestClient(create_app(str(db))) as client:
        url = f"/api/events/{event.id}/reviews"
        fixes = [
            ("modality", "alleged"),
            ("date", {"start": "2015-10-06", "end": "2015-10-07", "precision": "week"}),
            (
                "place",
                {
                    "text": "Hama",
                    "name": "Hama",
                    "country": "SYR",
                    "lat": 35.13,
                    "lon": 36.75,
                    "precision": "city",
                },
            ),
            ("actors", [{"text": "l'aviation russe", "country": "RUS", "sector": "MIL"}]),
            ("type", {"type": "COERCE", "mode": "seize"}),
            ("mode", None),
        ]
        for field, value in fixes:
            answer = client.post(
                url, json={"action": "correct", "field": field, "value": value}, headers=headers
            )
            assert answer.status_code == 201, answer.text
        bad = client.post(
            url, json={"action": "correct", "field": "modality", "value": "sure"}, headers=headers
        )
        assert bad.status_code == 400 and "modality" in bad.json()["detail"]
        bad = client.post(
            url, json={"action": "correct", "field": "colour", "value": 1}, headers=headers
        )
        assert bad.status_code == 400
        shown = client.get(f"/api/events/{event.id}").json()
        assert shown["modality"] == "alleged" and shown["type"] == "COERCE"
        assert shown["mode"] is None and shown["place"]["text"] == "Hama"
        assert shown["date"]["precision"] == "week"
        assert [r["field"] for r in shown["reviews"]] == [f for f, _ in reversed(fixes)]
        assert shown["reviews"][-1]["before"] == "asserted"
        # The lists, map and counts read the corrected event.
        assert event.id in _ids(client, type="COERCE", modality="alleged", bbox="36,35,37,36")
        assert event.id not in _ids(client, type="ASSAULT")

    # A rerun on the same article: the document is known, the correction stays.
    with Store(db) as store:
        again = pipeline.run(
            list(pipeline.read([SEED_TEXT], published=dt.date(2015, 10, 7), agency="ATS")), store
        )
        assert again.documents == 0 and again.skipped == 1
        kept = store.event(event.id)
    assert kept is not None and kept.modality == "alleged" and kept.type == "COERCE"


def test_reject_removes_the_event_and_gold_exports_the_reviews(db: Path) -> None:
    headers = _reviewer(db)
    events = _all(db)
    seed = [e for e in events if e.reports[0].document_id == events[0].reports[0].document_id]
    seed_doc = seed[0].reports[0].document_id
    rejected, confirmed = seed[0], seed[1]
    with TestClient(create_app(str(db))) as client:
        before = len(_ids(client))
        url = f"/api/events/{rejected.id}/reviews"
        answer = client.post(url, json={"action": "reject", "note": "background"}, headers=headers)
        assert answer.status_code == 201 and answer.json()["event"] is None
        assert client.get(f"/api/events/{rejected.id}").status_code == 404
        assert len(_ids(client)) == before - 1
        client.post(
            f"/api/events/{confirmed.id}/reviews", json={"action": "confirm"}, headers=headers
        )
        log = client.get("/api/reviews").json()["reviews"]
        assert [(r["action"], r["event_id"]) for r in log] == [
            ("confirm", confirmed.id),
            ("reject", rejected.id),
        ]
        assert log[1]["before"]["id"] == rejected.id  # the whole event is kept in the log
        answer = client.get("/api/reviews/gold")
        assert answer.headers["content-type"].startswith("application/x-ndjson")
        text = answer.text
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["id"] for line in lines] == [seed_doc]
    gold = lines[0]
    assert gold["published"] == "2015-10-07" and gold["agency"] == "ATS"
    assert "frappes russes" in gold["text"]
    by_id = {e["id"]: e for e in gold["events"]}
    assert rejected.id not in by_id
    assert by_id[confirmed.id]["optional"] is False
    assert "confirm by alice" in by_id[confirmed.id]["comment"]
    assert all(e["optional"] for i, e in by_id.items() if i != confirmed.id)
    assert len(by_id) == len(seed) - 1
    # It is a gold file `chronique eval` reads.
    from chronique.evaluation.gold import load_gold

    path = db.parent / "gold.jsonl"
    path.write_text(text, encoding="utf-8")
    (loaded,) = load_gold(path)
    assert loaded.id == seed_doc


def test_merge_and_split_go_through_the_linker(db: Path) -> None:
    pytest.importorskip("chronique.link.decisions")
    headers = _reviewer(db)
    events = _all(db)
    protest = next(e for e in events if e.type == "PROTEST")
    arrest = next(e for e in events if e.type == "COERCE")
    with TestClient(create_app(str(db))) as client:
        answer = client.post(
            f"/api/events/{protest.id}/reviews",
            json={"action": "merge", "events": [arrest.id], "note": "one day in Lyon"},
            headers=headers,
        )
        assert answer.status_code == 201, answer.text
        assert len(answer.json()["event"]["reports"]) == 2
        assert client.get(f"/api/events/{arrest.id}").status_code == 404
        answer = client.post(
            f"/api/events/{protest.id}/reviews",
            json={"action": "split", "note": "two events"},
            headers=headers,
        )
        assert answer.status_code == 201, answer.text
        assert client.get(f"/api/events/{arrest.id}").status_code == 200
        actions = [r["action"] for r in client.get("/api/reviews").json()["reviews"]]
        assert actions == ["split", "merge"]


def test_pages_and_their_json_twins(client: TestClient, db: Path) -> None:
    for path in ("/map", "/timeline", "/events", "/documents", "/sources", "/reviews"):
        page = client.get(path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        twin = client.get(path + ".json")
        assert (
            twin.status_code == 200
            and twin.json() == client.get(path, params={"format": "json"}).json()
        )
    listed = client.get("/events.json", params={"type": "ASSAULT"}).json()
    assert (
        listed["total"] == len(listed["events"]) == len(_expect(db, lambda e: e.type == "ASSAULT"))
    )
    event = _all(db)[0]
    assert client.get(f"/events/{event.id}.json").json()["id"] == event.id
    assert client.get(f"/events/{event.id}", params={"format": "json"}).json()["id"] == event.id
    assert client.get("/events", params={"since": "yesterday"}).status_code == 400
    assert "is not a date" in client.get("/events", params={"since": "yesterday"}).text
    # Empty form fields mean "no filter" (a GET form sends them all).
    empty = client.get("/events.json", params={"type": "", "since": "", "q": ""}).json()
    assert empty["total"] == len(_all(db))


def test_article_text_is_escaped(client: TestClient, db: Path) -> None:
    protest = next(e for e in _all(db) if e.type == "PROTEST")
    for path in (
        f"/events/{protest.id}",
        f"/documents/{protest.reports[0].document_id}",
        "/events",
        "/map",
    ):
        html = client.get(path).text
        assert "<script>alert(" not in html, path
    page = client.get(f"/events/{protest.id}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert '<mark class="trigger">défilé</mark>' in page
    assert '<mark class="place">Lyon</mark>' in page


def test_docs_are_served_offline_and_exports_answer(client: TestClient) -> None:
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {
        "/api/events",
        "/api/events/{event_id}",
        "/api/documents",
        "/api/sources",
        "/api/counts",
        "/api/reviews/gold",
        "/api/export.{fmt}",
    } <= set(spec["paths"])
    geojson = client.get("/api/export.geojson", params={"country": "FRA"})
    assert geojson.status_code == 200
    features = geojson.json()["features"]
    assert len(features) == 2 and features[0]["geometry"]["coordinates"] == [4.85, 45.75]
    csv = client.get("/api/export.acled", params={"type": "ASSAULT"})
    assert csv.status_code == 200 and csv.text.startswith("event_id_cnty,event_date")
    assert client.get("/api/export.pdf").status_code == 404


def test_generated_requests_never_fail_the_server(api_db: Path) -> None:
    """Requests generated from the OpenAPI schema (schemathesis) for every read route:
    whatever the parameters, a clear 4xx at worst, never a 5xx."""
    import schemathesis
    from hypothesis import given

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(str(api_db)))
    operations = [r.ok() for r in schema.include(method="GET").get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.text[:300])

        check()


def test_token_commands(db: Path) -> None:
    from typer.testing import CliRunner

    from chronique.cli import app

    runner = CliRunner()
    made = runner.invoke(
        app, ["token", "create", "--role", "reviewer", "--name", "alice", "--db", str(db)]
    )
    assert made.exit_code == 0, made.output
    text = made.stdout.strip().splitlines()[0]
    assert text.startswith("chq_") and "not shown again" in made.stderr
    with Store(db) as store:
        from chronique.store.tokens import verify_token

        token = verify_token(store, text)
    assert token is not None and token.role == "reviewer"
    listed = runner.invoke(app, ["token", "list", "--db", str(db)])
    assert token.id in listed.stdout and "alice" in listed.stdout and text not in listed.stdout
    bad = runner.invoke(app, ["token", "create", "--role", "owner", "--name", "x", "--db", str(db)])
    assert bad.exit_code == 2 and "unknown role" in bad.output
    gone = runner.invoke(app, ["token", "revoke", token.id, "--db", str(db)])
    assert gone.exit_code == 0 and "revoked" in gone.output
    assert "revoked" in runner.invoke(app, ["token", "list", "--db", str(db)]).stdout
    missing = runner.invoke(app, ["serve", "--db", str(db.parent / "none.db")])
    assert missing.exit_code == 2 and "no store" in missing.output


def test_web_review_forms_need_the_token_cookie_and_the_form_field(db: Path) -> None:
    import re

    headers = _reviewer(db)
    token = headers["Authorization"].split()[1]
    event = next(e for e in _all(db) if e.type == "PROTEST")
    form = {"action": "correct", "field": "modality", "value": "alleged"}
    with TestClient(create_app(str(db)), follow_redirects=False) as client:
        # Not signed in: no cookie, no write.
        assert client.post(f"/events/{event.id}/review", data=form).status_code == 401
        wrong = client.post("/login", data={"token": token + "x"})
        assert wrong.status_code == 401 and "unknown or revoked" in wrong.text
        signed = client.post("/login", data={"token": token})
        assert signed.status_code == 303 and "httponly" in signed.headers["set-cookie"].lower()
        assert "samesite=strict" in signed.headers["set-cookie"].lower()
        page = client.get(f"/events/{event.id}").text
        field = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
        assert field is not None and "alice (reviewer)" in page
        # Signed in, but the form was not served by this server: refused.
        forged = client.post(f"/events/{event.id}/review", data={**form, "csrf": "0" * 64})
        assert forged.status_code == 403 and "stale" in forged.text
        done = client.post(f"/events/{event.id}/review", data={**form, "csrf": field[1]})
        assert done.status_code == 303 and done.headers["location"] == f"/events/{event.id}"
        assert client.get(f"/api/events/{event.id}").json()["modality"] == "alleged"
        bad = client.post(
            f"/events/{event.id}/review",
            data={**form, "field": "place", "value": "{not json", "csrf": field[1]},
        )
        assert bad.status_code == 400 and "not JSON" in bad.text
        client.post("/logout")
        assert "Sign in to review" in client.get(f"/events/{event.id}").text
