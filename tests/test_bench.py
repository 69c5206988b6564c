"""The benchmark's parts on small inputs: the measurements themselves belong to `make bench`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from chronique.ingest import read_path
from chronique.records import Document
from chronique.store import Store
from chronique.store.codec import _plain
from chronique.store.synthetic import COUNTRY_SHARES, SyntheticEvents

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import queries  # noqa: E402


def test_corpus_is_big_enough_varied_and_ingestible(tmp_path: Path) -> None:
    paths = corpus.write(tmp_path, 60_000)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert sum(len(t.encode()) for t in texts) >= 60_000
    assert len(set(texts)) == len(texts)  # no text twice: no cache sees a repeat
    docs = [d for p in paths for d in read_path(p) if isinstance(d, Document)]
    assert len(docs) == len(paths) and len({d.id for d in docs}) == len(docs)
    # The scrape cleaner still has boilerplate to remove, as in the examples.
    assert any("newsletter" in t for t in texts)
    assert not any("newsletter" in d.text for d in docs)
    assert corpus.build(10_000) == corpus.build(10_000)  # seeded: every run the same


def test_synthetic_events_look_like_conflict_data() -> None:
    docs = list(SyntheticEvents(seed=3).documents(3000))
    events = [e for _, batch in docs for e in batch]
    assert len(events) == 3000 and len({e.id for e in events}) == 3000
    countries = Counter(e.place.country for e in events if e.place)
    top = {c for c, _ in countries.most_common(5)}
    assert top <= set(COUNTRY_SHARES) and "UKR" in top
    types = Counter(e.type for e in events)
    assert types.most_common(1)[0][0] == "ASSAULT"
    located = [e.place for e in events if e.place and e.place.lat is not None]
    assert len(located) > 0.7 * len(events)
    assert all(-90 <= p.lat <= 90 and -180 <= p.lon <= 180 for p in located if p.lon)
    undated = sum(1 for e in events if e.date is None)
    assert 0 < undated < 0.1 * len(events)
    assert docs[0][1] == next(iter(SyntheticEvents(seed=3).documents(10)))[1]  # seeded


def test_fast_json_encoding_is_the_records_own() -> None:
    from chronique.records import to_jsonable

    for _, batch in SyntheticEvents(seed=5).documents(200):
        for event in batch:
            assert _plain(event) == to_jsonable(event)


@pytest.mark.slow
def test_pipeline_events_encode_as_the_records_own(pipeline: object) -> None:
    from chronique.records import to_jsonable

    examples = [d for d in read_path(BENCH.parent / "examples") if isinstance(d, Document)]
    coded = [pipeline.code(d) for d in examples]  # type: ignore[attr-defined]
    events = [e for c in coded if hasattr(c, "events") for e in c.events]
    assert events
    for event in events:
        assert _plain(event) == to_jsonable(event)


def test_query_benchmark_measures_every_view(tmp_path: Path) -> None:
    with Store(tmp_path / "q.db") as store:
        spent = queries.load([store], 3000)
        assert store.counts()["events"] == 3000 and spent["sqlite"] > 0
        kinds = queries.workload(15)
        measured = queries.measure(store, kinds, warmup=2)
        # The queries find events: a benchmark of empty answers would measure nothing.
        answers = {name: sum(len(q(store)) for q in qs) for name, qs in kinds.items()}
    assert set(measured) == {"map", "timeline", "list"}
    assert all(answers[name] > 0 for name in measured), answers
    for stats in measured.values():
        assert 0 < stats["p50_ms"] <= stats["p95_ms"] <= stats["max_ms"]
        assert stats["queries"] == 15


@pytest.mark.slow
def test_end_to_end_measurement_times_every_stage(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    corpus.write(folder, 8_000)
    done = subprocess.run(
        [sys.executable, str(BENCH / "throughput.py"), "e2e", str(folder), "--stages"],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["documents"] == len(list(folder.glob("*.txt"))) and result["events"] > 0
    stages = result["stage_seconds"]
    assert {"ingest", "language", "nlp", "extract", "resolve", "merge", "store"} <= set(stages)
    assert stages["nlp"] > stages["store"] > 0
    # The stages account for the run: what is left is small and never negative.
    assert 0 <= stages["other"] < 0.2 * result["seconds"]
