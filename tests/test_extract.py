"""Extraction on hand-built French sentences (our own words), with the real spaCy model."""

from __future__ import annotations

from typing import Any

import pytest

from chronique.extract import Extractor
from chronique.extract.drafts import DraftReport
from chronique.nlp import Annotator
from chronique.records import Document


@pytest.fixture(scope="module")
def extract(fr_pack: Any, fr_nlp: Any) -> Any:
    annotator = Annotator(fr_pack.spacy_models)
    annotator._nlp = fr_nlp  # share the session's model instead of loading it again
    extractor = Extractor(fr_pack)

    def run(text: str) -> list[DraftReport]:
        doc = Document(id="t", text=text)
        return list(extractor(next(iter(annotator.annotate([doc])))).reports)

    return run


def only(reports: list[DraftReport], type_: str) -> DraftReport:
    found = [r for r in reports if r.type == type_]
    assert len(found) == 1, [(r.type, r.trigger.text) for r in reports]
    return found[0]


def test_nominal_trigger_with_agent_complement_and_demonym(extract: Any) -> None:
    r = only(extract("Des bombardements de l'aviation russe ont frappé la ville jeudi."), "ASSAULT")
    assert r.trigger.text == "bombardements"
    assert r.mode == "aerial"
    assert r.actors[0].lemmas[0] == "aviation"
    assert "russe" in r.actors[0].demonyms


def test_multiword_trigger_and_quantity_head(extract: Any) -> None:
    text = (
        "Selon des témoins, plusieurs milliers de soldats turcs ont pris position "
        "près de la frontière."
    )
    r = only(extract(text), "MOBILIZE")
    assert r.trigger.text == "pris position"
    assert r.actors[0].lemmas[0] == "soldat"
    assert "turcs" in r.actors[0].demonyms
    assert r.attribution[0].name.lower().startswith("témoin")


def test_reporting_verb_source_and_relay(extract: Any) -> None:
    text = (
        "Des sources sécuritaires ont affirmé à l'AFP que des rebelles avaient attaqué un convoi."
    )
    r = only(extract(text), "ASSAULT")
    names = [s.name for s in r.attribution]
    assert names[0] == "sources sécuritaires"
    assert r.attribution[0].kind == "anonymous"
    assert names[1] == "AFP" and r.attribution[1].kind == "agency"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Les deux ministres seront reçus et discuteront de la crise.", "planned"),
        ("Trois soldats auraient été tués par des rebelles.", "alleged"),
        ("Le gouvernement pourrait accepter la proposition.", "possible"),
        ("Les négociateurs n'ont pas signé l'accord.", "negated"),
        ("L'armée a bombardé les positions rebelles.", "asserted"),
    ],
)
def test_modality(extract: Any, text: str, modality: str) -> None:
    reports = extract(text)
    assert reports, text
    assert reports[0].modality == modality


def test_passive_target_and_holder(extract: Any) -> None:
    r = only(extract("Deux villages tenus par des insurgés auraient été visés."), "ASSAULT")
    assert r.passive_without_agent
    assert r.recipients[0].lemmas[0] == "insurgé"


def test_reciprocal_talks_between_two_parties(extract: Any) -> None:
    r = only(extract("Des diplomates français et allemands ont discuté lundi."), "CONSULT")
    assert r.reciprocal
    assert set(r.actors[0].demonyms) >= {"français", "allemands"}


def test_repeated_headline_is_read_once_and_marked(extract: Any) -> None:
    text = "Raid aérien sur Alep\n\nRaid aérien sur Alep\n\nUn raid a visé Alep mardi."
    reports = extract(text)
    heads = [r for r in reports if r.headline]
    assert len(heads) == 1


def test_demonstrative_marks_anaphora(extract: Any) -> None:
    reports = extract("L'armée a lancé une offensive. Les rebelles ont condamné cette offensive.")
    offensives = [r for r in reports if r.trigger.text == "offensive"]
    assert [r.anaphoric for r in offensives] == [False, True]


def test_size_lowest_figure(extract: Any) -> None:
    r = only(
        extract("Des frappes ont fait au moins 20 morts et une dizaine de blessés."), "ASSAULT"
    )
    assert r.size is not None
    assert (r.size.dead, r.size.injured) == (20, 10)


def test_non_events_stay_quiet(extract: Any) -> None:
    assert extract("Il fera beau demain sur toute la région.") == []
