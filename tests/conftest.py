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


PG_SKIPPED = (
    "\n" + "!" * 78 + "\n!!! PostgreSQL server binaries unavailable: the PostgreSQL half of "
    "these tests is SKIPPED.\n!!! Install Debian's 'postgresql' package (make test does it as "
    "root). Reason: {}\n" + "!" * 78
)


@pytest.fixture(scope="session")
def pg() -> Any:
    """One throwaway PostgreSQL server for the session (chronique.store.pgtemp), shared by
    every test that runs against both engines; a loud skip where it cannot start."""
    import warnings

    from chronique.store.pgtemp import PostgresUnavailable, shared_server

    try:
        return shared_server()
    except PostgresUnavailable as exc:
        warnings.warn(PG_SKIPPED.format(exc), stacklevel=1)
        pytest.skip(PG_SKIPPED.format(exc))


Scored = dict[str, tuple[list[Any], dict[str, Any]]]


def code_gold(pipeline: Any, folder: Path, names: Any) -> Scored:
    """Gold and predictions of each gold file, coded once for per-file and overall gates."""
    from chronique.evaluate import load_gold
    from chronique.predict import predict

    out: Scored = {}
    for name in names:
        gold = load_gold(folder / name)
        out[name] = (gold, dict(predict(pipeline, gold)))
    return out


def score_together(scored: Scored) -> dict[str, Any]:
    """The event scores of every file of `scored` counted as one gold set."""
    from chronique.evaluate import score

    gold = [line for g, _ in scored.values() for line in g]
    predictions = {k: v for _, p in scored.values() for k, v in p.items()}
    return dict(score(gold, predictions)["events"])


def need_shared(path: Path) -> None:
    """The shared corpus sits beside the clone in CI; say so plainly when it does not."""
    if not path.exists():
        pytest.skip(f"{path} is not here (CI has ../shared beside the clone)")
