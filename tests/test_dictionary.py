import datetime as dt
from pathlib import Path

import pytest

from chronique.errors import ChroniqueError
from chronique.resolve.dictionary import ActorDictionary

TSV = """phrase\tcode\tsector\tvalid_from\tvalid_to
AHMED_AL-SHARAA\tSYR\tREB\t\t2024-12-07
AHMED AL-SHARAA\tSYR\tGOV\t2024-12-08\t
CONSEIL LOCAL DE DOUMA\tSYR\tOPP\t\t
DOUMA\tSYR\t\t\t
"""


def _write(tmp_path: Path, text: str, name: str = "a.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_dated_rows_and_defaults(tmp_path: Path) -> None:
    d = ActorDictionary.load([_write(tmp_path, TSV)])
    before = d.entry("Ahmed al-Sharaa", dt.date(2024, 1, 1))
    after = d.entry("ahmed   al-sharaa", dt.date(2025, 1, 1))
    assert before is not None and before.sector == "REB"
    assert after is not None and after.sector == "GOV"
    assert d.entry("ahmed al-sharaa", None) is None  # only dated rows, no date to choose


def test_longest_phrase_wins_on_whole_words(tmp_path: Path) -> None:
    d = ActorDictionary.load([_write(tmp_path, TSV)])
    found = d.matches("Le conseil local de Douma a protesté; Doumayr n'a rien dit.", None)
    assert [(m.text, m.entry.sector) for m in found] == [("conseil local de Douma", "OPP")]


def test_later_file_wins_for_its_phrases(tmp_path: Path) -> None:
    first = _write(tmp_path, TSV)
    second = _write(tmp_path, "phrase\tcode\tsector\nDOUMA\tSYR\tGOV\n", "b.tsv")
    d = ActorDictionary.load([first, second])
    entry = d.entry("Douma", None)
    assert entry is not None and entry.sector == "GOV"
    assert len(d) == 4


def test_bad_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ChroniqueError, match="lacks column"):
        ActorDictionary.load([_write(tmp_path, "name\tcountry\nX\tFRA\n")])
    with pytest.raises(ChroniqueError, match="not a date"):
        ActorDictionary.load([_write(tmp_path, "phrase\tcode\tvalid_from\nX\tFRA\t2024/01/01\n")])
    with pytest.raises(ChroniqueError, match="cannot read"):
        ActorDictionary.load([tmp_path / "missing.tsv"])


def test_user_dictionary_outranks_built_in_lists(tmp_path: Path, pipeline: object) -> None:
    from chronique.pipeline import Coded, Pipeline
    from chronique.records import Document
    from chronique.settings import Settings

    path = _write(tmp_path, "phrase\tcode\tsector\nbrigade du Nord\tSYR\tUAF\n")
    custom = Pipeline(Settings(actor_dictionaries=(str(path),)))
    text = "La brigade du Nord a attaqué mardi un poste de l'armée près d'Alep."
    result = custom.code(Document(id="x", text=text, language="fr", published=dt.date(2024, 5, 15)))
    assert isinstance(result, Coded)
    actors = [a for e in result.events for a in e.actors]
    assert any(a.country == "SYR" and a.sector == "UAF" for a in actors), actors
