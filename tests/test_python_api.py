"""The Python API: `import chronique` is cheap; `chronique.Pipeline`, `chronique.document`,
`chronique.open_store` (SQLite and PostgreSQL) and `chronique.events_frame` work together."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import chronique
import test_export_sample
from test_export_sample import sample_events, store_sample

# The sample's store fixtures: a SQLite file, then a PostgreSQL database.
target = test_export_sample.target

HEAVY = ("spacy", "pandas", "pyarrow", "jinja2", "fastapi", "chronique.pipeline", "yaml")


def test_import_chronique_loads_nothing_heavy() -> None:
    code = (
        "import sys, chronique\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == ""


def test_public_names_load_lazily_and_are_listed() -> None:
    assert chronique.__version__
    for name in chronique.__all__:
        assert getattr(chronique, name) is not None, name
    assert "events_frame" in dir(chronique)
    from chronique.pipeline import Pipeline
    from chronique.store import EventFilter

    assert chronique.Pipeline is Pipeline and chronique.EventFilter is EventFilter
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        chronique.nothing  # noqa: B018


def test_document_is_built_as_ingest_builds_it() -> None:
    from chronique.ingest import document_id

    text = "Des soldats ont pris position à Kidal lundi.\r\n"
    doc = chronique.document(text, published=dt.date(2024, 5, 13), agency="afp", language="fr")
    assert isinstance(doc, chronique.Document)
    assert doc.id == document_id(text)
    assert (doc.published, doc.language, doc.source) == (dt.date(2024, 5, 13), "fr", "python")
    assert doc.agency == "AFP"  # canonical agency name, as `chronique run --agency afp`
    blank = chronique.document("   \n")
    assert isinstance(blank, chronique.Rejection) and "empty" in blank.reason


def test_open_store_round_trips_on_both_engines(target: str) -> None:
    with chronique.open_store(target) as store:
        events = store_sample(store)
        syria = list(store.events(chronique.EventFilter(country="SYR")))
    assert {e.id for e in syria} == {"e1000000000000aa", "e2000000000000bb"}
    assert len(events) == 6
    with chronique.open_store(target) as again:  # reopening migrates nothing, loses nothing
        assert again.counts()["events"] == 6


def test_open_store_takes_a_path(tmp_path: Path) -> None:
    with chronique.open_store(tmp_path / "new.db") as store:
        assert store.counts()["events"] == 0
    assert (tmp_path / "new.db").is_file()


def test_events_frame_is_one_typed_row_per_event() -> None:
    _, events = sample_events()
    frame = chronique.events_frame(events)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["id"]) == [e.id for e in events]
    assert str(frame["date_start"].dtype).startswith("datetime64")
    assert str(frame["dead"].dtype) == "Int64" and str(frame["lat"].dtype) == "float64"
    strikes = frame.set_index("id").loc["e1000000000000aa"]
    assert (strikes["type"], strikes["mode"], strikes["cameo"]) == ("ASSAULT", "aerial", "195")
    assert (strikes["actor_country"], strikes["recipient_sector"]) == ("RUS", "CVL")
    assert strikes["dead"] == 12 and strikes["reports"] == 2
    assert strikes["date_start"] == pd.Timestamp("2024-05-14")
    accusation = frame.set_index("id").loc["e4000000000000dd"]
    assert pd.isna(accusation["date_start"]) and pd.isna(accusation["lat"])
    parties = frame[["id", "actors"]].explode("actors")
    assert sorted(parties[parties["id"] == "e2000000000000bb"]["actors"]) == ["SYR/GOV", "SYR/REB"]
    assert chronique.events_frame([]).columns.tolist() == list(frame.columns)


@pytest.mark.slow
def test_pipeline_codes_a_text_and_the_store_keeps_it(pipeline: Any, tmp_path: Path) -> None:
    # `pipeline` is the session's chronique.Pipeline (tests/conftest.py): the same class.
    assert isinstance(pipeline, chronique.Pipeline)
    doc = chronique.document(
        "Des avions de l'armée ont bombardé mardi la ville de Kidal, selon des témoins.",
        published=dt.date(2024, 5, 15),
        language="fr",
    )
    assert isinstance(doc, chronique.Document)
    coded = pipeline.code(doc)
    assert isinstance(coded, chronique.Coded)
    assault = next(e for e in coded.events if e.type == "ASSAULT")
    assert assault.date is not None and assault.date.start == dt.date(2024, 5, 14)
    with chronique.open_store(tmp_path / "api.db") as store:
        assert store.add_document(coded.document, coded.events)
        frame = chronique.events_frame(store.events())
    assert "ASSAULT" in set(frame["type"])
