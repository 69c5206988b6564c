"""Backup and restore: every row comes back, on either engine and across engines."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronique.cli import app
from chronique.errors import StoreError
from chronique.merge import merge_document
from chronique.records import (
    Actor,
    DateRange,
    Document,
    EventReport,
    Place,
    Rejection,
    Span,
    to_jsonable,
)
from chronique.store import EventFilter, Store
from chronique.store.backup import backup, restore
from chronique.store.pgtemp import TempPostgres

ENGINES = ["sqlite", "postgresql"]


def _target(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if engine == "sqlite":
        return str(tmp_path / f"{uuid.uuid4().hex[:8]}.db")
    server: TempPostgres = request.getfixturevalue("pg")
    return server.create_database("b_" + uuid.uuid4().hex[:12])


def _fill(target: str, n: int = 5) -> None:
    with Store(target) as store:
        batch = []
        for i in range(n):
            text = f"Des frappes russes ont visé Alep, rapport numéro {i}, « été » ."
            doc = Document(
                id=f"doc{i:03d}",
                text=text,
                agency="ATS",
                published=dt.date(2015, 10, 7),
                language="fr",
                source=f"mem/{i}.txt",
            )
            report = EventReport(
                document_id=doc.id,
                sentence=Span(0, len(text), text),
                trigger=Span(4, 11, "frappes"),
                type="ASSAULT",
                mode="aerial",
                actors=(Actor("russes", "RUS", "MIL"),),
                recipients=(Actor("rebelles", "SYR", "REB"),),
                place=Place("Alep", country="SYR", precision="city", lat=36.2, lon=37.16),
                date=DateRange(dt.date(2015, 10, 7 - i % 3), dt.date(2015, 10, 7), "day"),
            )
            batch.append((doc, merge_document(doc, [report])))
        store.add_batch(batch)
        store.add_rejection(Rejection("ingest", "empty file", "mem/empty.txt"))
        store.add_rejection(Rejection("ingest", "not text: binary", "mem/photo.jpg"))


def _snapshot(
    target: str,
) -> tuple[dict[str, int], list[object], list[tuple[str, str, str]], int]:
    with Store(target) as store:
        events = [to_jsonable(e) for e in store.events()]
        rejections = [(r.stage, r.reason, r.source) for r in store.rejections()]
        # Full-text search is derived data (not in the file): rebuilt as rows come back.
        found = len(list(store.events(EventFilter(q="Alep"))))
        return store.counts(), events, rejections, found


@pytest.mark.parametrize(("source", "destination"), [(a, b) for a in ENGINES for b in ENGINES])
def test_a_backup_restores_every_row_on_either_engine(
    source: str, destination: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    origin = _target(source, tmp_path, request)
    _fill(origin)
    file = tmp_path / "store.jsonl.gz"
    summary = backup(origin, file)
    assert summary.rows["documents"] == 5
    assert summary.rows["rejections"] == 2

    copy = _target(destination, tmp_path, request)
    restored = restore(copy, file)
    assert restored.rows["documents"] == 5
    assert _snapshot(copy) == _snapshot(origin)
    assert _snapshot(copy)[3] == 5
    # Counters move past the restored ids: the store goes on accepting new rows.
    with Store(copy) as store:
        store.add_rejection(Rejection("ingest", "too large", "mem/huge.txt"))
        assert len(store.rejections()) == 3


def test_restore_refuses_a_store_that_holds_data(tmp_path: Path) -> None:
    origin = str(tmp_path / "a.db")
    _fill(origin)
    file = tmp_path / "a.jsonl.gz"
    backup(origin, file)
    with pytest.raises(StoreError, match="already holds data"):
        restore(origin, file)


def test_a_file_that_is_not_a_backup_is_refused_with_its_reason(tmp_path: Path) -> None:
    plain = tmp_path / "notes.jsonl.gz"
    with gzip.open(plain, "wt") as f:
        f.write(json.dumps({"hello": "world"}) + "\n")
    with pytest.raises(StoreError, match="not a Chronique backup"):
        restore(str(tmp_path / "x.db"), plain)
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(b"this is not gzip")
    with pytest.raises(StoreError, match="not a readable backup"):
        restore(str(tmp_path / "y.db"), broken)


def test_a_truncated_backup_restores_nothing(tmp_path: Path) -> None:
    origin = str(tmp_path / "a.db")
    _fill(origin)
    file = tmp_path / "a.jsonl.gz"
    backup(origin, file)
    data = gzip.decompress(file.read_bytes()).decode()
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(data[: len(data) // 2].encode())[:-10])  # no gzip trailer
    copy = str(tmp_path / "copy.db")
    with pytest.raises(StoreError):
        restore(copy, cut)
    with Store(copy) as store:
        assert store.counts()["documents"] == 0  # all or nothing: one transaction


def test_cli_backup_and_restore(tmp_path: Path) -> None:
    origin = str(tmp_path / "a.db")
    _fill(origin, n=3)
    file = tmp_path / "b.jsonl.gz"
    runner = CliRunner()
    done = runner.invoke(app, ["backup", str(file), "--db", origin])
    assert done.exit_code == 0, done.output
    assert "backed up" in done.output
    copy = str(tmp_path / "copy.db")
    done = runner.invoke(app, ["restore", str(file), "--db", copy])
    assert done.exit_code == 0, done.output
    assert _snapshot(copy) == _snapshot(origin)
    again = runner.invoke(app, ["restore", str(file), "--db", copy])
    assert again.exit_code == 2
    missing = runner.invoke(app, ["backup", str(file), "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2
