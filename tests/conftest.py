"""Shared fixtures: the real French model and pipeline, loaded once per test session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_TEXT = SHARED / "corpus" / "seed" / "000_9eecf87ea6d635ab.txt"
SEED_GOLD = SHARED / "gold" / "seed.jsonl"


@pytest.fixture(scope="session")
def pipeline() -> Any:
    from chronique.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def fr_pack() -> Any:
    from chronique.langpack import load_pack

    return load_pack("fr")


@pytest.fixture(scope="session")
def fr_nlp(fr_pack: Any) -> Any:
    from chronique.nlp import load_model

    return load_model(fr_pack.spacy_models)


def need_shared(path: Path) -> None:
    """The shared corpus sits beside the clone in CI; say so plainly when it does not."""
    if not path.exists():
        pytest.skip(f"{path} is not here (CI has ../shared beside the clone)")
