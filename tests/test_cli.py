"""The CLI end to end on our own example articles (a real SQLite file, the real model)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from chronique.cli import app
from conftest import SEED_GOLD, need_shared

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


def test_run_events_show_and_rerun(tmp_path: Path) -> None:
    db = tmp_path / "ex.db"
    first = runner.invoke(app, ["run", str(EXAMPLES), "--db", str(db), "--quiet"])
    assert first.exit_code == 0, first.output
    assert "document(s) coded" in first.output
    listed = runner.invoke(app, ["events", "--db", str(db), "--json"])
    assert listed.exit_code == 0, listed.output
    events = json.loads(listed.stdout)
    assert len(events) >= 10
    assert all(e["reports"] and e["reports"][0]["sentence"]["text"] for e in events)
    assert {"ASSAULT", "PROTEST"} <= {e["type"] for e in events}
    again = runner.invoke(app, ["run", str(EXAMPLES), "--db", str(db), "--quiet"])
    assert "0 document(s) coded" in again.output
    relisted = json.loads(runner.invoke(app, ["events", "--db", str(db), "--json"]).stdout)
    assert len(relisted) == len(events)
    shown = runner.invoke(app, ["show", events[0]["id"][:10], "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "according to" in shown.output
    filtered = json.loads(
        runner.invoke(app, ["events", "--db", str(db), "--json", "--type", "PROTEST"]).stdout
    )
    assert filtered and all(e["type"] == "PROTEST" for e in filtered)


def test_bad_inputs_are_rejections_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "ok.txt").write_text(
        "L'armée a bombardé mardi des positions rebelles près d'Alep, selon l'OSDH.\n",
        encoding="utf-8",
    )
    db = tmp_path / "r.db"
    result = runner.invoke(app, ["run", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "1 document(s) coded" in result.output
    listed = runner.invoke(app, ["rejections", "--db", str(db)])
    assert "3 rejection(s)" in listed.output
    assert "unsupported format: .pdf" in listed.output


def test_bad_date_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(EXAMPLES), "--published", "07/10/2015"])
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output


def test_eval_json_and_predictions(tmp_path: Path) -> None:
    need_shared(SEED_GOLD)
    preds = tmp_path / "p.jsonl"
    result = runner.invoke(app, ["eval", str(SEED_GOLD), "--json", "--predictions", str(preds)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["documents"] == 1 and scores["events"]["f1"] is not None
    line = json.loads(preds.read_text(encoding="utf-8").splitlines()[0])
    assert line["events"] and "sentence" in line["events"][0]
