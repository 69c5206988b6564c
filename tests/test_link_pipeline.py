"""Many reports, one event, end to end: the test corpus (tests/link_corpus.py) through the
real pipeline (spaCy, resolution, the store, the linker), as JSONL on SQLite and PostgreSQL
and as web pages and a WARC crawl; then analysts' decisions, re-runs, a re-link, and the
CLI (`show`, `nearby`, `merge`, `split`, `link`)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import link_helpers
from chronique.cli import app
from chronique.link import merge_events, split_event
from chronique.records import Event
from chronique.store import Store
from link_corpus import (
    ARTICLES,
    LATE_COPY,
    WIRE,
    write_feeds,
    write_jsonl,
    write_pages,
    write_warc,
)

target = link_helpers.target
pytestmark = pytest.mark.slow
runner = CliRunner()

URLS = {a.url: a.key for a in (*ARTICLES, LATE_COPY)}
WIRE_SET = frozenset(WIRE)
SARAQEB = frozenset({"saraqeb_fr", "saraqeb_en", "saraqeb_denial"})
TALBISEH = frozenset({"talbiseh_ats", "talbiseh_afp"})


def _run(pipeline: Any, store: Store, *paths: Path) -> None:
    summary = pipeline.run(list(pipeline.read(list(paths))), store)
    assert summary.rejections == []


def _keys(store: Store) -> dict[str, str]:
    """Document id → article key, through the document's URL."""
    rows = store.backend.rows("SELECT id, url FROM documents")
    return {r[0]: URLS[r[1]] for r in rows}


Key = tuple[frozenset[str], str]


def _events(store: Store) -> dict[Key, Event]:
    """The stored events, by the articles that tell them and "TYPE/first actor's country"
    (unique in this corpus)."""
    keys = _keys(store)
    found: dict[Key, Event] = {}
    for event in store.events():
        who = event.actors[0].country if event.actors else "-"
        key = (frozenset(keys[r.document_id] for r in event.reports), f"{event.type}/{who}")
        assert key not in found, key
        found[key] = event
    return found


def _strike(events: dict[Key, Event]) -> Event:
    (strike,) = [e for (k, t), e in events.items() if k >= WIRE_SET and t == "ASSAULT/RUS"]
    return strike


def _check_corpus(store: Store) -> dict[Key, Event]:
    """The expected events. (A batch is linked in the order of its documents' ids, so which
    copy of the dispatch leads its group is not the order of the corpus.)"""
    events = _events(store)
    assert sorted((sorted(k), t) for k, t in events) == sorted(
        (sorted(k), t)
        for k, t in [
            (WIRE_SET, "ASSAULT/RUS"),  # the Russian strikes
            (WIRE_SET, "ASSAULT/SYR"),  # the rebels' attack the same day
            (SARAQEB, "ASSAULT/SYR"),  # French, English and the denial
            (frozenset({"saraqeb_denial"}), "REJECT/SYR"),  # the denial as a statement
            (TALBISEH, "ASSAULT/SYR"),
            (frozenset({"maarat_monday"}), "ASSAULT/SYR"),  # same place, four days apart:
            (frozenset({"maarat_friday"}), "ASSAULT/SYR"),  # two raids
        ]
    )
    keys = _keys(store)
    ids = {v: k for k, v in keys.items()}
    for event in (e for (k, _), e in events.items() if k == WIRE_SET):
        # Three outlets of one dispatch: one source, three places it appeared.
        assert event.corroboration == 1 and event.sources == ("OSDH",)
        assert sorted(keys[o.document_id] for o in event.outlets) == sorted(WIRE)
        (group,) = {o.wire_group for o in event.outlets}  # one group of copies
        assert group in {ids[k] for k in WIRE}
        assert {o.publisher for o in event.outlets} == {
            "La Gazette du Rhône",
            "Le Quotidien des Alpes",
            "L'Écho du Littoral",
        }
        assert all("wire copy of document" in reason for reason in event.link_reasons)
    saraqeb = events[(SARAQEB, "ASSAULT/SYR")]
    assert saraqeb.corroboration == 2  # the OSDH and the Syrian Civil Defence
    assert sorted(saraqeb.sources) == ["OSDH", "Syrian Civil Defence"]
    claims = {(c.source, c.modality, c.size.dead if c.size else None) for c in saraqeb.claims}
    assert {("OSDH", "asserted", 12), ("Syrian Civil Defence", "asserted", 15)} <= claims
    assert {m for _, m, _ in claims} == {"asserted", "denied"}
    assert saraqeb.place is not None and saraqeb.place.country == "SYR"
    assert len(saraqeb.link_reasons) == 2  # two reports joined the first one
    for reason in saraqeb.link_reasons:
        assert "same type family ATTACK (ASSAULT)" in reason and "evidence similarity" in reason
        assert "dates overlap (2024-03-08)" in reason
    talbiseh = events[(TALBISEH, "ASSAULT/SYR")]
    assert talbiseh.corroboration == 1 and talbiseh.sources == ("OSDH",)  # via ATS and AFP
    assert "km apart" in talbiseh.link_reasons[0]
    for key in ("maarat_monday", "maarat_friday"):
        assert events[(frozenset({key}), "ASSAULT/SYR")].outlets == ()  # not linked
    assert store.counts()["documents"] == len(ARTICLES)
    return events


def test_the_corpus_gives_the_expected_events(pipeline: Any, target: str, tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl")
    with Store(target) as store:
        _run(pipeline, store, corpus)
        events = _check_corpus(store)
        saraqeb = events[(SARAQEB, "ASSAULT/SYR")]
        strike = _strike(events)
        monday = events[(frozenset({"maarat_monday"}), "ASSAULT/SYR")]
        friday = events[(frozenset({"maarat_friday"}), "ASSAULT/SYR")]
        # Analysts: the Saraqeb reports are three events; the two raids are one campaign.
        split_event(store, saraqeb.id, who="alice", reason="the denial is about another day")
        merge_events(store, monday.id, [friday.id], who="bob", reason="one raid, misdated")
        after = {k: e.id for k, e in _events(store).items()}
        # A re-run with a late wire copy: decisions hold, the copy joins its dispatch.
        late = write_jsonl(tmp_path / "late.jsonl", (LATE_COPY,))
        _run(pipeline, store, corpus, late)
        events = _events(store)
        assert len(_strike(events).outlets) == 4 and _strike(events).id == strike.id
        assert (frozenset({"saraqeb_fr"}), "ASSAULT/SYR") in events
        assert (frozenset({"saraqeb_en"}), "ASSAULT/SYR") in events
        assert (frozenset({"saraqeb_denial"}), "ASSAULT/SYR") in events
        merged = events[(frozenset({"maarat_monday", "maarat_friday"}), "ASSAULT/SYR")]
        assert merged.id == monday.id
        grown = {k: e.id for k, e in events.items()}
    # The CLI re-links everything: the same events as linked batch by batch.
    relinked = runner.invoke(app, ["link", "--db", target])
    assert relinked.exit_code == 0, relinked.output
    assert "document(s) linked" in relinked.output
    with Store(target) as store:
        assert {k: e.id for k, e in _events(store).items()} == grown
    # The dispatch's two events now have a fourth outlet; the rest is as the analysts left it.
    assert set(after) - set(grown) == {(WIRE_SET, "ASSAULT/RUS"), (WIRE_SET, "ASSAULT/SYR")}


def test_the_cli_explains_and_changes_links(pipeline: Any, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    with Store(db) as store:
        _run(pipeline, store, write_jsonl(tmp_path / "corpus.jsonl"))
        events = _events(store)
    strike = _strike(events)
    shown = runner.invoke(app, ["show", strike.id[:10], "--db", db])
    assert shown.exit_code == 0, shown.output
    for words in ("appeared in 3 document(s)", "Le Quotidien des Alpes", "wire copy of",
                  "corroboration 1 independent source(s); cited: OSDH", "linked: document",
                  "same type family ATTACK (ASSAULT)", "evidence similarity"):  # fmt: skip
        assert words in shown.output, words
    as_json = json.loads(runner.invoke(app, ["show", strike.id, "--db", db, "--json"]).stdout)
    assert len(as_json["outlets"]) == 3 and as_json["link_reasons"]
    # Co-location: the rebels' attack the same day in the same town, by other actors.
    near = runner.invoke(app, ["nearby", strike.id[:8], "--km", "25", "--hours", "24",
                               "--db", db, "--json"])  # fmt: skip
    assert near.exit_code == 0, near.output
    found = json.loads(near.stdout)
    assert [(n["event"]["actors"][0]["country"], n["km"], n["days_apart"]) for n in found] == [
        ("SYR", 0.0, 0)
    ]
    assert (
        "1 event(s) by other actors nearby"
        in runner.invoke(app, ["nearby", strike.id[:8], "--db", db]).output
    )
    # Split and merge from the command line, signed and explained.
    saraqeb = events[(SARAQEB, "ASSAULT/SYR")]
    split = runner.invoke(app, ["split", saraqeb.id[:8], "--by", "alice", "--why", "unsure",
                                "--db", db])  # fmt: skip
    assert split.exit_code == 0 and "split into 3 events" in split.output, split.output
    (other,) = {_id_of(db, "saraqeb_fr"), _id_of(db, "saraqeb_en")} - {saraqeb.id}
    merged = runner.invoke(app, ["merge", saraqeb.id[:8], other, "--by", "alice", "--why",
                                 "same shelling", "--db", db])  # fmt: skip
    assert merged.exit_code == 0, merged.output
    shown = runner.invoke(app, ["show", saraqeb.id, "--db", db]).output
    assert "decision #1: split by alice on" in shown and ": unsure" in shown
    assert "decision #2: merged by alice on" in shown and "linked: analyst decision #2" in shown
    twice = runner.invoke(app, ["split", strike.id, "--by", "x", "--why", "y", "--db", db])
    assert twice.exit_code == 0, twice.output
    nothing = runner.invoke(app, ["split", strike.id, "--by", "x", "--why", "y", "--db", db])
    assert nothing.exit_code == 2 and "nothing to split" in nothing.output


def _id_of(db: str, key: str) -> str:
    """The id of the event coded from one article of the corpus (its first ASSAULT)."""
    with Store(db) as store:
        keys = _keys(store)
        return next(
            e.id
            for e in store.events()
            if e.type == "ASSAULT" and {keys[r.document_id] for r in e.reports} == {key}
        )


@pytest.mark.parametrize("form", ["html", "warc", "feeds"])
def test_web_pages_a_crawl_and_feeds_give_the_same_events(
    pipeline: Any, tmp_path: Path, form: str
) -> None:
    writers = {
        "html": lambda: write_pages(tmp_path / "pages"),
        "warc": lambda: write_warc(tmp_path / "crawl.warc.gz"),
        "feeds": lambda: write_feeds(tmp_path / "feeds"),
    }
    path = writers[form]()
    with Store(tmp_path / f"{form}.db") as store:
        _run(pipeline, store, path)
        _check_corpus(store)


def test_a_stopped_run_is_linked_by_the_next(
    pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored but not linked (the run stopped in between): the next run links them first."""
    corpus = write_jsonl(tmp_path / "corpus.jsonl")
    with Store(tmp_path / "s.db") as store:
        off = dataclasses.replace(pipeline.settings, link_after_run=False)
        monkeypatch.setattr(pipeline, "settings", off)
        _run(pipeline, store, corpus)
        assert store.counts()["events"] == 14  # every document's events, none linked
        monkeypatch.undo()
        _run(pipeline, store)  # nothing new to code
        _check_corpus(store)
