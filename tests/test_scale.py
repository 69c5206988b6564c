"""Batches, worker processes and a Dask cluster give exactly the single-process result."""

from __future__ import annotations

import dataclasses
import json
import os
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chronique.cli import app
from chronique.ingest import read_path
from chronique.pipeline import Coded, Pipeline, RunSummary
from chronique.records import Document, Rejection
from chronique.scale import DaskCluster, Processes, ScaleError, ordered
from chronique.settings import Settings
from chronique.store import Store
from chronique.store.pgtemp import PostgresUnavailable, TempPostgres, shared_server

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


def _examples() -> list[Document]:
    return [
        d
        for d in read_path(EXAMPLES)
        if isinstance(d, Document) and (d.source or "").endswith(".txt")
    ]


def _corpus(copies: int) -> list[Document]:
    """The example articles, each in `copies` variants (distinct texts, distinct ids)."""
    out = []
    for k in range(copies):
        for d in _examples():
            text = d.text + f"\n\nMis à jour, version {k}."
            out.append(dataclasses.replace(d, id=f"{d.id}-{k}", text=text))
    return out


def _write_corpus(folder: Path, copies: int) -> Path:
    folder.mkdir()
    for n, d in enumerate(_corpus(copies)):
        (folder / f"{n:03d}.txt").write_text(d.text, encoding="utf-8")
    return folder


def _events_json(db: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["events", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    return sorted(json.loads(result.stdout), key=lambda e: e["id"])


@pytest.mark.slow
def test_code_many_is_code_one_by_one(pipeline: Pipeline) -> None:
    docs = _corpus(2)
    german = Document(id="de", text="Die Armee hat am Mittwoch die Stadt bombardiert, heißt es.")
    docs.append(german)
    assert pipeline.code_many(docs) == [pipeline.code(d) for d in docs]


def _items() -> list[Document | Rejection]:
    docs = _corpus(2)
    german = Document(
        id="de",
        text="Die Armee hat am Mittwoch mehrere Dörfer im Norden des Landes bombardiert, "
        "berichteten Augenzeugen der Nachrichtenagentur.",
        source="de.txt",
    )
    # An ingest rejection, a document without a language pack (kept, not coded), and copies
    # of documents met earlier in the same run: each must come out as in a plain loop.
    return [
        Rejection("ingest", "empty: the text is blank", "empty.txt"),
        *docs[:5],
        german,
        docs[1],
        *docs[5:],
        german,
        docs[0],
    ]


def _run(
    pipeline: Pipeline, items: list[Document | Rejection], db: Path, **kw: Any
) -> tuple[RunSummary, list[tuple[str, str]], list[Any], list[Rejection]]:
    seen: list[tuple[str, str]] = []

    def tick(item: Document | Rejection, result: Coded | Rejection | None) -> None:
        name = item.id if isinstance(item, Document) else item.source
        seen.append((name, type(result).__name__))

    with Store(db) as store:
        summary = pipeline.run(items, store, on_item=tick, **kw)
        return summary, seen, list(store.events()), store.rejections()


@pytest.mark.slow
def test_run_is_the_same_whatever_the_batch_size(pipeline: Pipeline, tmp_path: Path) -> None:
    items = _items()
    one = _run(pipeline, items, tmp_path / "1.db", batch_size=1)
    summary = one[0]
    assert summary.documents == len({i.id for i in items if isinstance(i, Document)}) - 1
    # Skipped: two copies, and the German copy (the first was stored, uncoded).
    assert summary.skipped == 3 and len(summary.rejections) == 2
    assert one[1][0] == ("empty.txt", "Rejection") and one[1][-1][1] == "NoneType"
    for size in (3, 16):
        assert _run(pipeline, items, tmp_path / f"{size}.db", batch_size=size) == one
    # A rerun codes nothing: everything is in the store.
    again = _run(pipeline, items, tmp_path / "16.db")[0]
    assert again.documents == 0 and again.skipped == len(items) - 1


def test_a_rejected_copy_is_rejected_again(tmp_path: Path) -> None:
    """A document rejected before the language stage is not stored: its copy later in the
    run is coded again and rejected again, as in a plain loop (no model is loaded)."""
    pipeline = Pipeline(Settings(max_document_chars=20))
    long = Document(id="long", text="Un texte bien trop long pour ces réglages.", source="l.txt")
    for size in (1, 16):
        summary, seen, _, rejections = _run(
            pipeline, [long, long], tmp_path / f"{size}.db", batch_size=size
        )
        assert seen == [("long", "Rejection"), ("long", "Rejection")]
        assert len(summary.rejections) == 2 and len(rejections) == 1
        assert summary.skipped == 0


def test_ordered_keeps_order_and_reads_ahead_only_a_window() -> None:
    read: list[int] = []

    class Later:
        def __init__(self, value: list[Any]) -> None:
            self.value = value

        def result(self) -> list[Any]:
            return self.value

    def batches() -> Iterator[list[Any]]:
        for n in range(10):
            read.append(n)
            yield [n] if n % 3 else []

    out = []
    for result in ordered(lambda b: Later([x * 10 for x in b]), batches(), window=3):
        out.append(result)
        assert len(read) - len(out) <= 3  # never more than the window in flight
    assert out == [[] if n % 3 == 0 else [n * 10] for n in range(10)]


@pytest.mark.slow
def test_two_worker_processes_give_the_single_process_result(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    items = _items()
    alone = _run(pipeline, items, tmp_path / "alone.db", batch_size=4)
    with Processes(pipeline.settings, workers=2) as pool:
        pids = pool.warm()
        together = _run(pipeline, items, tmp_path / "pool.db", engine=pool, batch_size=4)
    assert together == alone
    assert len(pids) == 2 and os.getpid() not in pids


def test_bad_workers_and_unreachable_cluster_are_clear_errors() -> None:
    with pytest.raises(ScaleError, match="at least 1"):
        Processes(Settings(), workers=0)
    with pytest.raises(ScaleError, match="cannot reach the Dask scheduler"):
        DaskCluster("tcp://127.0.0.1:9", Settings(), timeout="2s")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def pg_url() -> str:
    try:
        server: TempPostgres = shared_server()
    except PostgresUnavailable as exc:
        message = f"!!! PostgreSQL unavailable, the cluster→PostgreSQL run is SKIPPED: {exc}"
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    return server.create_database("t_" + uuid.uuid4().hex[:12])


@pytest.mark.slow
def test_cli_workers_and_dask_cluster_export_the_same_events(
    tmp_path: Path, cluster: str, pg_url: str
) -> None:
    """`chronique run` alone, with --workers 2 (SQLite) and on a Dask LocalCluster of two
    processes writing to PostgreSQL: `chronique events --json` is the same, byte for byte."""
    corpus = _write_corpus(tmp_path / "in", copies=8)  # 32 documents: several batches
    alone, pooled = str(tmp_path / "alone.db"), str(tmp_path / "pool.db")
    runs = {
        alone: [],
        pooled: ["--workers", "2"],
        pg_url: ["--cluster", cluster],
    }
    for db, extra in runs.items():
        result = runner.invoke(app, ["run", str(corpus), "--db", db, "--quiet", *extra])
        assert result.exit_code == 0, result.output
        assert "32 document(s) coded" in result.output, result.output
    expected = _events_json(alone)
    assert len(expected) >= 30
    assert _events_json(pooled) == expected
    assert _events_json(pg_url) == expected
    # A rerun on the cluster adds nothing: the store knows every document.
    again = runner.invoke(app, ["run", str(corpus), "--db", pg_url, "-q", "--cluster", cluster])
    assert "0 document(s) coded" in again.output and "32 already in the store" in again.output


def test_workers_and_cluster_together_are_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["run", str(EXAMPLES), "--workers", "2", "--cluster", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code != 0 and "do not go together" in result.output
