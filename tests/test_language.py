from chronique.language import assign_language, detect
from chronique.records import Document, Rejection


def test_detects_french_and_english() -> None:
    fr = detect("Des frappes aériennes ont visé mercredi plusieurs villages du nord du pays.")
    en = detect("Air strikes hit several villages in the north of the country on Wednesday.")
    assert fr is not None and fr.code == "fr"
    assert en is not None and en.code == "en"


def test_nothing_to_judge() -> None:
    assert detect("  \n ") is None


def test_language_without_a_pack_is_rejected_with_reason() -> None:
    doc = Document(id="x", text="Luftangriffe trafen am Mittwoch mehrere Dörfer im Norden.")
    result = assign_language(doc, ["fr"], 0.5, "fr")
    assert isinstance(result, Rejection)
    assert result.stage == "language" and "'de'" in result.reason


def test_given_language_wins_and_low_confidence_falls_back() -> None:
    doc = Document(id="x", text="Des frappes.", language="fr")
    assert assign_language(doc, ["fr"], 0.5, "fr") == doc
    short = Document(id="y", text="OK")
    result = assign_language(short, ["fr"], 0.99, "fr")
    assert isinstance(result, Document) and result.language == "fr"
