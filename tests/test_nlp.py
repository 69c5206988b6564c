from typing import Any

from chronique.nlp import Annotator, sentences, split_paragraphs
from chronique.records import Document


def test_split_paragraphs_keeps_offsets() -> None:
    text = "Titre\n\n  Premier paragraphe.\nSuite.\n \n\nDernier."
    parts = split_paragraphs(text)
    assert [p for _, p in parts] == ["Titre", "Premier paragraphe.\nSuite.", "Dernier."]
    for start, para in parts:
        assert text[start : start + len(para)] == para


def test_paragraphs_do_not_run_together(fr_pack: Any, fr_nlp: Any) -> None:
    annotator = Annotator(fr_pack.spacy_models)
    annotator._nlp = fr_nlp
    text = "Frappes sur Alep\n\nPhoto: Keystone\n\nL'armée a bombardé la ville mardi."
    annotated = next(iter(annotator.annotate([Document(id="x", text=text)])))
    found = [
        (p.start + s.start_char, s.text) for p in annotated.paragraphs for s in sentences(p.doc)
    ]
    assert found[0] == (0, "Frappes sur Alep")
    assert all(text[start : start + len(s)] == s for start, s in found)
    assert found[-1][1] == "L'armée a bombardé la ville mardi."


def test_hyphenated_demonyms_stay_in_one_sentence(fr_nlp: Any) -> None:
    doc = fr_nlp("Mais ces discussions russo-américaines n'avaient pas abouti.")
    assert len(sentences(doc)) == 1
    assert len(sentences(fr_nlp("Frappes sur Alep"))) == 1


def test_model_preference_takes_the_first_installed() -> None:
    from chronique.langpack import load_pack
    from chronique.nlp import installed_model

    pack = load_pack("en")
    assert pack.dependency_scheme == "clear"
    chosen = installed_model(pack.spacy_models)
    assert chosen is not None
    # Official models come first; the renamed copy is the fallback this project pins.
    assert pack.spacy_models.index(chosen) == min(
        pack.spacy_models.index(n) for n in pack.spacy_models if installed_model([n])
    )
    assert installed_model(["no_such_model_xx"]) is None
