"""Loading gold files, and the assignment solver the event matching rests on."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from chronique.evaluate import load_gold
from chronique.evaluation.assignment import max_matching, max_weight_assignment


def write_jsonl(path: Path, *documents: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
    return path


# --- load_gold --------------------------------------------------------------------------


def test_text_file_resolves_from_the_nearest_ancestor_that_holds_it(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    decomposed = unicodedata.normalize("NFD", "Frappes à Alep.\r\nDeuxième ligne.")
    (shared / "corpus").mkdir(parents=True)
    (shared / "corpus" / "a.txt").write_bytes(decomposed.encode("utf-8"))
    gold = write_jsonl(
        shared / "gold" / "set" / "gold.jsonl",
        {
            "id": "a",
            "text_file": "corpus/a.txt",
            "language": "fr",
            "published": "2015-10-07",
            "agency": "ATS",
            "publisher": None,
            "events": [{"type": "ASSAULT", "trigger": "Frappes"}],
        },
    )
    (document,) = load_gold(gold)
    # NFC and "\n" line ends, so offsets agree with the pipeline's normalised text.
    assert document.text == "Frappes à Alep.\nDeuxième ligne."
    assert unicodedata.is_normalized("NFC", document.text)
    assert document.published == dt.date(2015, 10, 7)
    assert (document.language, document.agency, document.publisher) == ("fr", "ATS", None)
    assert document.events == ({"type": "ASSAULT", "trigger": "Frappes"},)
    assert document.raw["text_file"] == "corpus/a.txt"


def test_absent_null_and_empty_lists_stay_distinct(tmp_path: Path) -> None:
    gold = write_jsonl(
        tmp_path / "g.jsonl",
        {"id": "a", "text": "x", "events": None, "times": [], "published": None},
    )
    (document,) = load_gold(gold)
    assert document.events == () and document.times == ()  # annotated as none
    assert document.places is None and document.actors is None  # not annotated
    assert document.published is None
    assert document.non_political == () and document.times_excluded == ()


def test_missing_text_file_is_an_error(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "g.jsonl", {"id": "a", "text_file": "nowhere.txt"})
    with pytest.raises(FileNotFoundError, match=r"nowhere\.txt"):
        load_gold(gold)


@pytest.mark.parametrize(
    "line",
    [
        "not json",
        '{"text": "no id"}',
        '{"id": "a"}',
        '{"id": "a", "text": "x", "events": {"type": "ASSAULT"}}',
        '{"id": "a", "text": "x", "published": "yesterday"}',
        '{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}',
    ],
)
def test_malformed_gold_lines_are_reported(tmp_path: Path, line: str) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"g\.jsonl:\d"):
        load_gold(gold)


# --- assignment -------------------------------------------------------------------------


def brute_force(weights: list[list[int]]) -> int:
    rows, cols = len(weights), len(weights[0])
    best = 0
    # Every partial injection rows -> columns, by permuting columns padded with "none".
    for perm in itertools.permutations([*range(cols), *([None] * rows)], rows):
        best = max(best, sum(weights[r][c] for r, c in enumerate(perm) if c is not None))
    return best


def test_assignment_matches_brute_force_on_random_matrices() -> None:
    rng = random.Random(7)
    for _ in range(300):
        rows, cols = rng.randint(1, 4), rng.randint(1, 4)
        weights = [
            [rng.choice([0, 0, rng.randint(1, 9)]) for _ in range(cols)] for _ in range(rows)
        ]
        pairs = max_weight_assignment(weights)
        assert len({r for r, _ in pairs}) == len(pairs) == len({c for _, c in pairs})
        assert all(weights[r][c] > 0 for r, c in pairs)
        assert sum(weights[r][c] for r, c in pairs) == brute_force(weights), weights


def test_assignment_edge_cases() -> None:
    assert max_weight_assignment([]) == []
    assert max_weight_assignment([[]]) == []
    assert max_weight_assignment([[0, 0], [0, 0]]) == []
    assert max_weight_assignment([[5], [7], [1]]) == [(1, 0)]
    assert max_matching([[True, True], [True, False]]) == 2
    with pytest.raises(ValueError):
        max_weight_assignment([[1, 2], [3]])
