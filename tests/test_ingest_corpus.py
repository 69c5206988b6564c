"""Ingest on the real seed article (read in place, never copied) and on examples/."""

from pathlib import Path

import pytest

from chronique.ingest import clean, normalise, read_path
from chronique.records import Document, Rejection

SEED = Path("/work/shared/corpus/seed/000_9eecf87ea6d635ab.txt")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_seed_article() -> None:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (the shared corpus is not beside us)")
    raw = SEED.read_bytes()
    original = normalise(raw.decode("utf-8"))
    [item] = list(read_path(SEED))
    assert isinstance(item, Document), item
    assert item.agency == "ATS"
    assert item.title is not None
    headline = original.split("\n", 1)[0]
    assert item.title == headline
    assert len(item.text) == len(original)
    # Only blanks were written: every offset of the original still points at its character.
    assert all(a == b or b == " " for a, b in zip(original, item.text, strict=True))
    assert item.text.count(headline) == 1 and item.text.startswith(headline)
    for gone in ("Photo: Keystone", "/ATS", "Partager", "Link", "Météo", "Restez informé"):
        assert gone not in item.text, gone
    assert "newsletter" not in item.text
    for kept in (
        "L'Observatoire syrien des droits de l'homme",
        "Coordination",
        "n'avaient pas abouti.",
    ):
        assert kept in item.text
    reasons = [r.reason for r in clean(original).removed]
    assert reasons.count("repeated-headline") == 1


EXPECTED = {
    "01_syrie_idleb_marche.txt": ("ATS", None),
    "02_mali_gao_camp.txt": ("AFP", "GAO"),
    "03_ukraine_kharkiv_bombardements.txt": ("Reuters", "KHARKIV"),
    "04_soudan_el_facher_combats.txt": ("ATS", None),
}


def test_examples_ingest_cleanly() -> None:
    items = list(read_path(EXAMPLES))
    assert not [i for i in items if isinstance(i, Rejection)]
    docs = {Path(d.source or "").name: d for d in items if isinstance(d, Document)}
    assert set(docs) == {*EXPECTED, "articles.jsonl:1", "articles.jsonl:2"}  # README skipped
    for name, (agency, dateline) in EXPECTED.items():
        doc = docs[name]
        assert doc.agency == agency, name
        assert doc.meta.get("dateline") == dateline, name
        assert doc.title and not doc.title.endswith("."), name
        assert 150 <= len(doc.text.split()) <= 300, name
        for gone in ("Partager", "Photo", "Crédit", "inscrivez-vous", "Reportage"):
            assert gone not in doc.text, (name, gone)
    for key in ("articles.jsonl:1", "articles.jsonl:2"):
        doc = docs[key]
        assert doc.url and doc.url.startswith("https://example.org/")
        assert doc.published is not None and doc.agency in {"AFP", "Reuters"}
    assert len({d.id for d in docs.values()}) == len(docs)
