"""The French gold of our own writing (tests/gold/fr/): an evaluation gate.

`dev*.jsonl` is what we develop against; `test.jsonl` is held out (we read its scores, never
its texts, when changing the extractor). The floors sit a little under the measured scores so
that a regression fails CI; README and the issue notes give the current figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

GOLD = Path(__file__).resolve().parent / "gold" / "fr"
FLOORS = {
    # file: (event F1, attribution accuracy, modality accuracy)
    "dev.jsonl": (0.78, 0.8, 0.9),
    "test.jsonl": (0.70, 0.75, 0.9),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_french_gold_gate(pipeline: Any, name: str) -> None:
    from chronique.evaluate import load_gold, score
    from chronique.predict import predict

    gold = load_gold(GOLD / name)
    events = score(gold, dict(predict(pipeline, gold)))["events"]
    f1, attribution, modality = FLOORS[name]
    assert events["f1"] >= f1, events
    assert events["attribution_accuracy"] >= attribution, events
    assert events["modality_accuracy"] >= modality, events
