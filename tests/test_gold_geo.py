"""The geoparsing gold of our own writing (tests/gold/geo/): an evaluation gate.

48 French and English paragraphs to develop on (`dev.jsonl`), 24 held out (`test.jsonl`:
we read its scores, never tune on its texts), every place annotated in GOLD.md's `places`
format (see tests/gold/geo/README.md). The floors are issue 5's targets: toponym F1 0.85,
country accuracy 0.97, accuracy within 161 km 0.85.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

GOLD = Path(__file__).resolve().parent / "gold" / "geo"
FLOORS = {"f1": 0.85, "country_accuracy": 0.97, "acc161": 0.85}


@pytest.mark.parametrize("name", ["dev.jsonl", "test.jsonl"])
def test_geoparse_gold_gate(pipeline: Any, name: str) -> None:
    from chronique.evaluate import load_gold, score
    from chronique.predict import predict

    gold = load_gold(GOLD / name)
    assert len(gold) >= (40 if name == "dev.jsonl" else 20)
    places = score(gold, dict(predict(pipeline, gold)))["places"]
    for measure, floor in FLOORS.items():
        assert places[measure] >= floor, places
