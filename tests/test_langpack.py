import pytest

from chronique.errors import LanguagePackError
from chronique.langpack import available_languages, load_pack

PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


def test_french_pack_loads_and_uses_plover_types() -> None:
    assert "fr" in available_languages()
    pack = load_pack("fr")
    types = {r.type for rules in pack.triggers.values() for r in rules}
    assert types <= PLOVER_TYPES
    assert pack.spacy_models[0] == "fr_core_news_md"
    # the most specific rule on a head comes first
    assert pack.triggers["assaut"][0].with_ == ("terrestre",)
    assert pack.numbers["dizaine"] == 10
    assert pack.reporting["affirmer"].kind == "verb"


def test_missing_pack_is_a_clear_error() -> None:
    with pytest.raises(LanguagePackError, match="no language pack for 'xx'"):
        load_pack("xx")


def test_every_plover_type_has_a_cameo_default_and_modes_map() -> None:
    from chronique.ontology import load_ontology

    onto = load_ontology()
    assert set(onto.types) == PLOVER_TYPES
    for name in PLOVER_TYPES:
        cameo = onto.cameo(name, None)
        assert cameo is not None and cameo.code.isdigit(), name
    aerial = onto.cameo("ASSAULT", "aerial")
    assert aerial is not None and aerial.code == "195"
    unknown_mode = onto.cameo("ASSAULT", "no-such-mode")
    assert unknown_mode is not None and unknown_mode.code == "190"
