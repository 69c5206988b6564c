"""The gazetteer benchmark's parts on a small dump (the measurements belong to `make bench`):
its generated files are valid GeoNames dumps that the loader takes without an error."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import gazetteer as bench  # noqa: E402


def test_generated_dump_is_geonames_shaped(tmp_path: Path) -> None:
    samples = bench.write_dump(tmp_path, 300, 900)
    lines = (tmp_path / "allCountries.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 300 and all(len(line.split("\t")) == 19 for line in lines)
    alternates = (tmp_path / "alternateNamesV2.txt").read_text(encoding="utf-8").splitlines()
    assert len(alternates) == 900 and all(len(line.split("\t")) == 10 for line in alternates)
    assert samples["present"] and len(samples["absent"]) == 3 * len(samples["present"])
    again = tmp_path / "again"
    again.mkdir()
    assert bench.write_dump(again, 300, 900) == samples  # seeded: every run the same


def test_small_run_reports_load_and_latency() -> None:
    report = bench.run(2000, 6000, lookups=40, cities=15000)
    assert report["loaded"]["places"]["rows"] == 2000
    assert report["loaded"]["alternate_names"]["rows"] > 5000
    assert report["store_places"] > 2000
    for kind in ("exact_hit", "exact_miss", "fuzzy_miss_in_story_country", "fuzzy_miss_anywhere"):
        figures = report["lookup"][kind]
        assert figures["n"] == 40 and 0 <= figures["p50_ms"] <= figures["p99_ms"]
