"""A run killed at random moments and run again ends where an uninterrupted run does.

`chronique run` codes a folder of a few hundred short generated articles (and some bad
inputs) in a subprocess that is killed with SIGKILL a few times — at a random moment of
start-up, just after a batch is stored (while it is linked to the stored events), and at a
random moment later — then run to completion. The store must hold
exactly what an uninterrupted run on a fresh store holds: the same documents, events,
reports and rejections, none twice. The articles are generated from sentences written
for this test.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from chronique.ingest import document_id

CHRONIQUE = Path(sys.executable).parent / "chronique"
ARTICLES = 240
KILLS = 3

FR_ACTORS = ("Des soldats", "Des rebelles", "Des policiers", "Des miliciens", "Des hommes armés")
FR_ACTS = (
    "ont attaqué {day} un poste de contrôle près de {place}",
    "ont arrêté {day} {n} manifestants dans le centre de {place}",
    "ont bombardé {day} plusieurs quartiers de {place}",
    "ont incendié {day} un marché à la sortie de {place}",
)
FR_SOURCES = ("a affirmé l'armée", "selon un responsable local", "a indiqué une ONG")
FR_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip
EN_ACTORS = ("Soldiers", "Rebel fighters", "Police officers", "Gunmen", "Militia members")
EN_ACTS = (
    "attacked a checkpoint near {place} on {day}",
    "arrested {n} protesters in central {place} on {day}",
    "shelled several districts of {place} on {day}",
    "set fire to a market outside {place} on {day}",
)
EN_SOURCES = ("the army said", "a local official said", "a rights group said")
# Places in many countries and dates spread over a year, as in a real corpus: the linker
# compares an event with those of its countries and days only.
PLACES = (
    "Gao", "Niamey", "Kharkiv", "Goma", "Khartoum", "Sanaa", "Tripoli", "Maiduguri",
    "Ouagadougou", "Bangui", "Juba", "Benghazi", "Homs", "Kandahar", "Peshawar", "Bamako",
    "Caracas", "Lahore", "Tunis", "Abidjan", "Dakar", "Conakry", "Bukavu", "Kinshasa",
    "Nairobi", "Lima", "Quito", "Yangon",
)  # fmt: skip


def article(number: int, edition: int = 0) -> str:
    """Article `number`; every eighth one retells the event of the one before in other
    words, as a second outlet would, so that the linker has events to join. `edition`
    varies the retelling's closing line only."""
    retold = number % 8 == 7
    base = number - 1 if retold else number
    place = PLACES[base % len(PLACES)]
    day = dt.date(2023, 1, 1) + dt.timedelta(days=base * 37 % 365)
    n = 3 + base * 7 % 87
    if base % 3 == 2:
        when = f"{day:%B} {day.day}, {day.year}"
        actor = EN_ACTORS[base % len(EN_ACTORS)]
        act = EN_ACTS[base % len(EN_ACTS)].format(place=place, day=when, n=n)
        source = EN_SOURCES[(base + retold) % len(EN_SOURCES)]
        if retold:
            return (
                f"{place}: {actor.lower()} blamed\n\n{actor} {act}, {source}.\n\n"
                f"Note {number}-{edition}.\n"
            )
        return (
            f"Violence near {place}\n\n{actor} {act}, {source}. At least {n} people were "
            f"hurt, according to hospital staff.\n\nBulletin {number}.\n"
        )
    when = f"le {day.day} {FR_MONTHS[day.month - 1]} {day.year}"
    actor = FR_ACTORS[base % len(FR_ACTORS)]
    act = FR_ACTS[base % len(FR_ACTS)].format(place=place, day=when, n=n)
    source = FR_SOURCES[(base + retold) % len(FR_SOURCES)]
    if retold:
        return (
            f"{place} : nouvel incident\n\n{actor} {act}, {source}.\n\nBrève {number}-{edition}.\n"
        )
    return (
        f"Violences près de {place}\n\n{actor} {act}, {source}. Au moins {n} personnes ont "
        f"été blessées, selon des sources hospitalières.\n\nDépêche {number}.\n"
    )


def corpus(folder: Path) -> None:
    folder.mkdir()
    texts = [article(i) for i in range(ARTICLES)]
    for i in range(7, ARTICLES, 8):
        # Each retelling gets an id that sorts before its original's: a run stopped after
        # storing them, before linking them, must not link them in id order the next time.
        edition = 0
        while document_id(texts[i]) > document_id(texts[i - 1]):
            edition += 1
            texts[i] = article(i, edition)
    for i, text in enumerate(texts):
        (folder / f"a{i:04d}.txt").write_text(text, encoding="utf-8")
    # Inputs that are rejected at each stage, and a copy, mixed in with the articles.
    (folder / "a0100-copy.txt").write_text(texts[100], encoding="utf-8")
    (folder / "a0150-empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "a0151-binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "a0152-scan.pdf").write_bytes(b"%PDF-1.4 not read")
    (folder / "a0200-de.txt").write_text(
        "Soldaten haben am Montag einen Kontrollpunkt in der Nähe der Stadt angegriffen, "
        "teilte die Armee mit. Mindestens zwölf Menschen wurden dabei verletzt.\n",
        encoding="utf-8",
    )
    (folder / "a0250-page.html").write_text(
        "<html><head><title>Violences près de Kidal</title></head><body><article>"
        "<h1>Violences près de Kidal</h1><p>Des hommes armés ont attaqué mardi un poste de "
        "contrôle près de Kidal, a affirmé l'armée, qui n'a pas donné de bilan.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )


def run(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    command = [str(CHRONIQUE), "run", str(folder), "--db", str(db), "--quiet"]
    command += ["--published", "2024-05-15"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finish(process: subprocess.Popen[bytes]) -> None:
    _, stderr = process.communicate(timeout=900)
    assert process.returncode == 0, stderr.decode(errors="replace")[-3000:]


def stored_documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created, or not migrated yet


def snapshot(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as conn:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return sorted(conn.execute(sql).fetchall())

        return {
            "documents": rows("SELECT id, source, raw_sha256, language FROM documents"),
            "events": rows("SELECT id, document_id, type, modality FROM events"),
            "event_data": rows("SELECT event_id, data FROM event_data"),
            "reports": rows("SELECT event_id, document_id, trigger_start FROM reports"),
            "actors": rows("SELECT event_id, role, country, sector FROM event_actors"),
            "countries": rows("SELECT country, event_id FROM event_countries"),
            "days": rows("SELECT country, day, type, n FROM event_days"),
            "rejections": rows("SELECT stage, source, reason FROM rejections"),
        }


@pytest.mark.slow
def test_killed_runs_resume_to_the_same_store(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    corpus(folder)
    reference = tmp_path / "reference.db"
    finish(run(folder, reference))
    expected = snapshot(reference)
    assert len(expected["documents"]) == ARTICLES + 2  # + the page and the German article
    assert expected["events"] and len(expected["reports"]) > ARTICLES
    assert len(expected["rejections"]) == 4  # empty, binary, pdf, German (no pack)

    seed = int(os.environ.get("CHRONIQUE_RESUME_SEED", time.time_ns() % 100_000))
    rng = random.Random(seed)
    db = tmp_path / "killed.db"
    kills: list[int] = []
    for attempt in range(KILLS):
        before = stored_documents(db)
        process = run(folder, db)
        if attempt == 0:
            # Any moment of start-up: migrating, loading the models, the first batch.
            time.sleep(rng.uniform(0.0, 4.0))
        else:
            # Once this run stored a batch: at once (while the batch is being linked to the
            # events already stored), then at a random moment later.
            deadline = time.monotonic() + 120
            while stored_documents(db) <= before and process.poll() is None:
                assert time.monotonic() < deadline, "the run stored nothing in 2 minutes"
                time.sleep(0.02)
            if attempt > 1:
                time.sleep(rng.uniform(0.0, 1.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.communicate()
        kills.append(stored_documents(db))
    finish(run(folder, db))
    found = snapshot(db)
    context = f"seed {seed}; documents stored at each kill: {kills}"
    print(context)  # shown by pytest -s, or with a failure
    assert kills[-1] < len(expected["documents"]), f"no run was cut short ({context})"
    for table, rows in expected.items():
        assert found[table] == rows, f"{table} differs ({context})"
