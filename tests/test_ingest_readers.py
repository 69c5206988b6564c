import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest

from chronique.ingest import Overrides, read_jsonl, read_path, read_text_file
from chronique.records import Document, Rejection

ARTICLE = (
    "Un convoi visé près de Gao\n\nGAO (AFP) - Au moins 12 morts mercredi, a affirmé l'armée.\n"
)


def only(items: list[Document | Rejection]) -> Document | Rejection:
    assert len(items) == 1, items
    return items[0]


def document(items: list[Document | Rejection]) -> Document:
    item = only(items)
    assert isinstance(item, Document), item
    return item


def rejection(items: list[Document | Rejection]) -> Rejection:
    item = only(items)
    assert isinstance(item, Rejection), item
    assert item.stage == "ingest"
    return item


# --- text files ---------------------------------------------------------------------


def test_text_file_document(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = document(list(read_text_file(path)))
    assert doc.text == ARTICLE.replace("GAO (AFP) -", " " * len("GAO (AFP) -"))
    assert doc.title == "Un convoi visé près de Gao"
    assert doc.agency == "AFP"
    assert doc.meta["dateline"] == "GAO"
    assert doc.meta["encoding"] == "utf-8"
    assert doc.source == str(path)
    assert doc.raw_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.published is None and doc.language is None


def test_cp1252_file_decodes_french(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("L'été a été meurtrier à Alep – œuvre.\n".encode("cp1252"))
    doc = document(list(read_text_file(path)))
    assert "L'été a été meurtrier à Alep – œuvre." in doc.text
    assert doc.meta["encoding"] == "cp1252"


def test_latin1_fallback_for_bytes_cp1252_lacks(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    # One stray byte cp1252 leaves undefined in an otherwise ordinary Western text.
    body = "Un été meurtrier à Gao, selon des sources locales. " * 3
    path.write_bytes(body.encode("latin-1") + b"\x81\n")
    doc = document(list(read_text_file(path)))
    assert doc.text.startswith("Un été meurtrier à Gao")
    assert doc.meta["encoding"] == "latin-1"


def test_bom_is_dropped_and_id_matches_plain_file(tmp_path: Path) -> None:
    plain, bom, crlf = tmp_path / "plain.txt", tmp_path / "bom.txt", tmp_path / "crlf.txt"
    plain.write_bytes(ARTICLE.encode("utf-8"))
    bom.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    crlf.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    docs = [document(list(read_text_file(p))) for p in (plain, bom, crlf)]
    assert docs[1].text == docs[0].text and not docs[1].text.startswith("\ufeff")
    assert docs[2].text == docs[0].text
    assert len({d.id for d in docs}) == 1
    assert len({d.raw_sha256 for d in docs}) == 3  # the raw bytes differ


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    assert document(list(read_text_file(path))).agency == "AFP"


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  ", b"\xef\xbb\xbf \n"])
def test_empty_files_are_rejected(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert "empty" in rejection(list(read_text_file(path))).reason


def test_boilerplate_only_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "footer.txt"
    path.write_text("Partager\nLink\nMétéo\n/ATS\n", encoding="utf-8")
    assert "boilerplate" in rejection(list(read_text_file(path))).reason


def test_binary_files_are_rejected(tmp_path: Path) -> None:
    nul = tmp_path / "image.txt"
    nul.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in rejection(list(read_text_file(nul))).reason
    controls = tmp_path / "controls.txt"
    controls.write_bytes(bytes(range(1, 32)) * 20 + b"du texte")
    assert "control characters" in rejection(list(read_text_file(controls))).reason


def test_oversize_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 10, encoding="utf-8")
    reason = rejection(list(read_text_file(path, max_bytes=100))).reason
    assert reason.startswith("file too large") and "limit 100" in reason
    assert isinstance(only(list(read_text_file(path))), Document)


def test_missing_file_is_a_rejection_not_an_exception(tmp_path: Path) -> None:
    item = rejection(list(read_text_file(tmp_path / "absent.txt")))
    assert "cannot read" in item.reason


# --- JSONL ----------------------------------------------------------------------------


def test_jsonl_bad_lines_are_rejected_and_the_rest_goes_on(tmp_path: Path) -> None:
    good = {
        "text": ARTICLE,
        "url": "https://example.org/a",
        "published": "2024-03-05",
        "title": "Titre donné",
        "publisher": "Exemple",
        "agency": "reuters",
        "language": "fr",
        "id": "abc-1",
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"url": "https://example.org/no-text"}),
        "",
        json.dumps({"text": "Un texte.", "published": "le 5 mars"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Un texte.", "title": 12}),
        json.dumps({"text": "Des tirs à Homs.", "published": "2024-03-05T22:30:00+01:00"}),
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_jsonl(path))
    assert [type(i).__name__ for i in items] == [
        "Document", "Rejection", "Rejection", "Rejection",
        "Rejection", "Rejection", "Rejection", "Document",
    ]  # fmt: skip
    first, last = items[0], items[-1]
    assert isinstance(first, Document) and isinstance(last, Document)
    assert first.source == f"{path}:1"
    assert first.title == "Titre donné"  # the record's title wins over the text's headline
    assert first.agency == "Reuters"  # the record's agency, canonical spelling
    assert first.published == dt.date(2024, 3, 5)
    assert first.url == "https://example.org/a" and first.publisher == "Exemple"
    assert first.language == "fr"
    assert first.meta["external_id"] == "abc-1"
    assert first.meta["dateline"] == "GAO"
    assert first.raw_sha256 == hashlib.sha256(lines[0].encode()).hexdigest()
    assert last.source == f"{path}:9"
    assert last.published == dt.date(2024, 3, 5)  # the day as written, not shifted to UTC
    assert last.meta["published_datetime"] == "2024-03-05T22:30:00+01:00"
    reasons = {r.source.rsplit(":", 1)[1]: r.reason for r in items if isinstance(r, Rejection)}
    assert reasons["2"].startswith("invalid JSON")
    assert reasons["3"].startswith("no text")
    assert reasons["5"].startswith("bad published date")
    assert "JSON object" in reasons["6"]
    assert reasons["7"].startswith("no text")
    assert '"title" must be a string' in reasons["8"]


def test_jsonl_same_text_as_text_file_same_id(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text(ARTICLE, encoding="utf-8")
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(json.dumps({"text": ARTICLE.replace("\n", "\r\n")}) + "\n", "utf-8")
    assert document(list(read_text_file(txt))).id == document(list(read_jsonl(jsonl))).id


def test_jsonl_bom_invalid_utf8_and_long_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + json.dumps({"text": "Premier texte."}).encode()
        + b"\n"
        + b'{"text": "\xe9t\xe9"}\n'
        + json.dumps({"text": "x" * 500}).encode()
        + b"\n"
        + json.dumps({"text": "Dernier texte."}).encode()
    )
    items = list(read_jsonl(path, max_bytes=200))
    assert [type(i).__name__ for i in items] == ["Document", "Rejection", "Rejection", "Document"]
    assert isinstance(items[1], Rejection) and "UTF-8" in items[1].reason
    assert isinstance(items[2], Rejection) and items[2].reason.startswith("line too long")
    assert items[3].source == f"{path}:4"


def test_overrides_win_over_record_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    record = {"text": ARTICLE, "agency": "Reuters", "published": "2020-01-01", "language": "en"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    overrides = Overrides(published=dt.date(2015, 10, 7), agency="ats", language="fr")
    doc = document(list(read_jsonl(path, overrides=overrides)))
    assert (doc.agency, doc.published, doc.language) == ("ATS", dt.date(2015, 10, 7), "fr")


# --- dispatcher and folders ---------------------------------------------------------


def test_read_path_fills_metadata_and_agency_from_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = document(list(read_path(path, published=dt.date(2024, 3, 6), language="fr")))
    assert (doc.agency, doc.published, doc.language) == ("AFP", dt.date(2024, 3, 6), "fr")
    doc = document(list(read_path(str(path), agency="Reuters")))
    assert doc.agency == "Reuters"
    assert doc.meta["agencies"] == "AFP"  # what the text said stays visible


def test_folder_walk_order_hidden_and_unsupported(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "c.txt").write_text("Texte C.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Texte A.", encoding="utf-8")
    (tmp_path / "d.TXT").write_text("Texte D.", encoding="utf-8")
    (tmp_path / "e.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "f.jsonl").write_text(
        json.dumps({"text": "Texte F1."}) + "\n" + json.dumps({"text": "Texte F2."}) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "noext").write_text("Texte.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Caché.", encoding="utf-8")
    (tmp_path / ".cache" / "x.txt").write_text("Caché.", encoding="utf-8")
    (tmp_path / "README.md").write_text("Ce dossier contient des articles.", encoding="utf-8")
    items = list(read_path(tmp_path))
    sources = [Path(i.source or "").relative_to(tmp_path).as_posix() for i in items]
    assert sources == ["a.md", "b/c.txt", "d.TXT", "e.pdf", "f.jsonl:1", "f.jsonl:2", "noext"]
    unsupported = [i for i in items if isinstance(i, Rejection)]
    assert [r.reason for r in unsupported] == [
        "unsupported format: .pdf",
        "unsupported format: (no extension)",
    ]


def test_explicit_readme_is_read_and_unknown_path_rejected(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("Un texte nommé README.", encoding="utf-8")
    assert isinstance(only(list(read_path(readme))), Document)
    assert rejection(list(read_path(tmp_path / "absent"))).reason == "no such file or folder"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlinked_folder_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("Texte A.", encoding="utf-8")
    (tmp_path / "real" / "loop").symlink_to(tmp_path, target_is_directory=True)
    items = list(read_path(tmp_path))
    assert [type(i).__name__ for i in items] == ["Document", "Rejection"]
    assert "not followed" in items[1].reason if isinstance(items[1], Rejection) else False


def test_ingesting_twice_gives_the_same_documents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert list(read_path(tmp_path)) == list(read_path(tmp_path))
