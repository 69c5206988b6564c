"""The linking benchmark's parts on a small input (the measurement belongs to `make bench`)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import linking  # noqa: E402


def test_stories_come_in_wire_copies_with_their_events() -> None:
    made = linking.Stories(seed=5).documents(120)
    assert len(made) == 120 and len({d.id for d, _ in made}) == 120  # no two the same text
    assert linking.Stories(seed=5).documents(120) == made  # seeded
    for doc, events in made:
        assert events and all(r.document_id == doc.id for e in events for r in e.reports)
        for event in events:
            report = event.reports[0]
            assert doc.text[report.sentence.start : report.sentence.end] == report.sentence.text
    stories = {doc.source.split(":")[1] for doc, _ in made if doc.source}
    assert len(stories) < 60  # several copies a story


def test_the_report_counts_copies_and_merges() -> None:
    report = linking.run(60, seed=5)
    wire, full = report["duplicate_detection"], report["duplicate_detection_and_merge"]
    assert wire["documents"] == full["documents"] == 60
    assert wire["wire_copies"] == full["wire_copies"] > 20
    assert full["events_joined"] > 0 and full["events_after"] < full["events_in"]
    assert report["duplicate_detection_seconds_per_10k_documents"] > 0
