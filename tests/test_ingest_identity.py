import unicodedata

from chronique.ingest import document_id, normalise


def test_normalise_line_ends_bom_and_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "été")
    assert normalise("\ufeffa\r\nb\rc\n" + decomposed) == "a\nb\nc\nété"


def test_normalise_is_idempotent() -> None:
    text = "\ufeffL'armée\r\na tiré.\r\n"
    assert normalise(normalise(text)) == normalise(text)


def test_same_text_same_id_whatever_the_form() -> None:
    base = "Des frappes ont visé Alep.\n\nAu moins 12 morts."
    variants = [
        base,
        base.replace("\n", "\r\n"),
        "\ufeff" + base,
        unicodedata.normalize("NFD", base),
        "  " + base.replace("\n\n", "\n \n") + "\n\n",
    ]
    assert len({document_id(v) for v in variants}) == 1
    assert len(document_id(base)) == 16
    assert all(c in "0123456789abcdef" for c in document_id(base))


def test_different_text_different_id() -> None:
    assert document_id("Des frappes ont visé Alep.") != document_id("Des frappes ont visé Homs.")
