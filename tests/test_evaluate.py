"""Event scores of GOLD.md (steps 2–6), on small hand-built gold and predictions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chronique.evaluate import (
    GoldDocument,
    align_events,
    attribution_matches,
    format_table,
    load_gold,
    read_predictions,
    score,
    write_predictions,
)

TEXT = (
    "L'aviation russe a mené des bombardements mercredi sur Idleb. "
    "Des responsables américains et russes avaient discuté la semaine dernière. "
    "Un incendie a ravagé un entrepôt de Homs."
)
SEED = Path("/work/shared/gold/seed.jsonl")


def gold_doc(
    text: str = TEXT,
    doc_id: str = "d1",
    *,
    events: list[dict[str, Any]] | None = None,
    non_political: list[dict[str, Any]] | None = None,
) -> GoldDocument:
    """A gold document with an `events` list (None: the key is absent, not annotated)."""
    return GoldDocument(
        id=doc_id,
        text=text,
        language="fr",
        published=None,
        agency=None,
        publisher=None,
        raw={"id": doc_id, "text": text},
        events=None if events is None else tuple(events),
        non_political=tuple(non_political or ()),
    )


def sentence_of(fragment: str, text: str = TEXT) -> dict[str, int]:
    """Offsets of the sentence (". "-delimited) of `text` that holds `fragment`."""
    at = text.index(fragment)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", at)
    end = len(text) if end < 0 else end + 1
    return {"start": start, "end": end}


def actor(country: str | None, sector: str | None) -> dict[str, Any]:
    return {"text": "x", "country": country, "sector": sector}


def gold_event(event_type: str, trigger: str | None, **fields: Any) -> dict[str, Any]:
    return {"type": event_type, "trigger": trigger, **fields}


def predicted(event_type: str, fragment: str | None, **fields: Any) -> dict[str, Any]:
    """A predicted event from the sentence holding `fragment` (None: no sentence at all)."""
    event: dict[str, Any] = {"type": event_type, **fields}
    if fragment is not None:
        event["sentence"] = sentence_of(fragment)
    return event


def events_of(
    gold_events: list[dict[str, Any]],
    predictions: list[dict[str, Any]],
    **doc: Any,
) -> dict[str, Any]:
    result = score([gold_doc(events=gold_events, **doc)], {"d1": {"events": predictions}})
    section: dict[str, Any] = result["events"]
    return section


# --- step 2: matching -------------------------------------------------------------------


def test_trigger_must_lie_in_the_prediction_sentence() -> None:
    gold = [gold_event("ASSAULT", "bombardements")]
    right = events_of(gold, [predicted("ASSAULT", "bombardements")])
    assert (right["tp"], right["fp"], right["fn"]) == (1, 0, 0)
    wrong_sentence = events_of(gold, [predicted("ASSAULT", "avaient discuté")])
    assert (wrong_sentence["tp"], wrong_sentence["fp"], wrong_sentence["fn"]) == (0, 1, 1)
    wrong_type = events_of(gold, [predicted("COERCE", "bombardements")])
    assert (wrong_type["tp"], wrong_type["fp"], wrong_type["fn"]) == (0, 1, 1)


def test_trigger_comparison_is_case_folded_and_whitespace_collapsed() -> None:
    text = "Des BOMBARDEMENTS\n   massifs ont visé Alep."
    gold = gold_doc(text, events=[gold_event("ASSAULT", "bombardements massifs")])
    prediction = {"type": "ASSAULT", "sentence": {"start": 0, "end": len(text)}}
    result = score([gold], {"d1": {"events": [prediction]}})
    assert result["events"]["tp"] == 1


def test_any_of_several_sentences_may_hold_the_trigger() -> None:
    gold = [gold_event("ASSAULT", "bombardements")]
    prediction = predicted("ASSAULT", "avaient discuté")
    prediction["sentences"] = [sentence_of("avaient discuté"), sentence_of("bombardements")]
    assert events_of(gold, [prediction])["tp"] == 1


def test_sentence_text_is_used_when_offsets_are_missing() -> None:
    gold = [gold_event("ASSAULT", "bombardements")]
    prediction = {"type": "ASSAULT", "sentence": {"text": "des bombardements mercredi"}}
    assert events_of(gold, [prediction])["tp"] == 1


@pytest.mark.parametrize("trigger_field", [{"trigger": None}, {}])
def test_null_or_absent_trigger_matches_any_prediction_of_the_type(
    trigger_field: dict[str, Any],
) -> None:
    gold = [{"type": "CONSULT", **trigger_field}]
    anywhere = events_of(gold, [predicted("CONSULT", "incendie")])
    assert (anywhere["tp"], anywhere["fp"]) == (1, 0)
    # Even a prediction that says nothing about its sentence.
    assert events_of(gold, [predicted("CONSULT", None)])["tp"] == 1
    assert events_of(gold, [predicted("ASSAULT", None)])["tp"] == 0


def test_matching_is_one_to_one() -> None:
    gold = [gold_event("ASSAULT", "bombardements")]
    twice = [predicted("ASSAULT", "bombardements"), predicted("ASSAULT", "bombardements")]
    result = events_of(gold, twice)
    assert (result["tp"], result["fp"], result["fn"]) == (1, 1, 0)


def test_assignment_is_exact_not_greedy() -> None:
    # The first prediction could take either gold event; greedy in order would give it the
    # first one and strand the second prediction. The exact assignment matches both.
    text = "Des frappes et des bombardements. Des frappes seulement."
    gold = gold_doc(
        text,
        events=[gold_event("ASSAULT", "frappes"), gold_event("ASSAULT", "bombardements")],
    )
    predictions = [
        {"type": "ASSAULT", "sentence": {"start": 0, "end": 33}},
        {"type": "ASSAULT", "sentence": {"start": 34, "end": len(text)}},
    ]
    result = score([gold], {"d1": {"events": predictions}})["events"]
    assert (result["tp"], result["fp"], result["fn"]) == (2, 0, 0)


def test_assignment_prefers_required_gold_over_better_agreeing_optional() -> None:
    # Both gold events lie in the prediction's sentence; the optional one agrees better on
    # modality, but the required one must win (first criterion).
    gold = [
        gold_event("ASSAULT", "aviation russe", optional=True, modality="asserted"),
        gold_event("ASSAULT", "bombardements", modality="alleged"),
    ]
    result = events_of(gold, [predicted("ASSAULT", "bombardements", modality="asserted")])
    assert (result["tp"], result["fp"], result["fn"]) == (1, 0, 0)
    assert result["modality_accuracy"] == 0.0


def test_assignment_prefers_more_matches_then_better_agreement() -> None:
    gold = [
        gold_event("ASSAULT", None, actors=[actor("RUS", "MIL")]),
        gold_event("ASSAULT", None, actors=[actor("SYR", "MIL")]),
    ]
    predictions = [
        predicted("ASSAULT", "bombardements", actors=[actor("SYR", "MIL")]),
        predicted("ASSAULT", "bombardements", actors=[actor("RUS", "MIL")]),
    ]
    document = gold_doc(events=gold)
    alignment = align_events(document.text, gold, predictions)
    assert [(pair.gold, pair.prediction) for pair in alignment.pairs] == [(0, 1), (1, 0)]
    assert events_of(gold, predictions)["actor_f1"] == 1.0


# --- step 3: optional events ------------------------------------------------------------


def test_optional_gold_is_neither_rewarded_nor_punished() -> None:
    gold = [
        gold_event("ASSAULT", "bombardements", modality="asserted"),
        gold_event("CONSULT", "avaient discuté", optional=True, modality="asserted"),
    ]
    found = events_of(
        gold,
        [
            predicted("ASSAULT", "bombardements", modality="asserted"),
            predicted("CONSULT", "avaient discuté", modality="planned"),
        ],
    )
    # The CONSULT match enters no count and no argument score.
    assert (found["tp"], found["fp"], found["fn"]) == (1, 0, 0)
    assert found["modality_accuracy"] == 1.0
    missed = events_of(gold, [predicted("ASSAULT", "bombardements")])
    assert (missed["tp"], missed["fp"], missed["fn"]) == (1, 0, 0)


def test_only_optional_gold_leaves_nothing_to_measure() -> None:
    gold = [gold_event("CONSULT", "avaient discuté", optional=True)]
    result = events_of(gold, [predicted("CONSULT", "avaient discuté")])
    assert (result["tp"], result["fp"], result["fn"]) == (0, 0, 0)
    assert result["precision"] is None and result["recall"] is None and result["f1"] is None


def test_coding_a_non_political_incident_is_a_false_positive() -> None:
    non_political = [
        {"popcorn_type": "FIRE", "trigger": "incendie", "mentions": [{"text": "incendie"}]}
    ]
    result = events_of(
        [gold_event("ASSAULT", "bombardements")],
        [predicted("ASSAULT", "bombardements"), predicted("ASSAULT", "incendie")],
        non_political=non_political,
    )
    assert (result["tp"], result["fp"], result["fn"]) == (1, 1, 0)
    assert result["precision"] == 0.5


# --- step 4: P / R / F1 -----------------------------------------------------------------


def test_precision_recall_f1() -> None:
    gold = [
        gold_event("ASSAULT", "bombardements"),
        gold_event("CONSULT", "avaient discuté"),
    ]
    result = events_of(
        gold, [predicted("ASSAULT", "bombardements"), predicted("PROTEST", "incendie")]
    )
    assert (result["tp"], result["fp"], result["fn"]) == (1, 1, 1)
    assert result["precision"] == 0.5 and result["recall"] == 0.5 and result["f1"] == 0.5


def test_no_prediction_gives_null_precision_and_zero_f1() -> None:
    result = events_of([gold_event("ASSAULT", "bombardements")], [])
    assert result["precision"] is None
    assert result["recall"] == 0.0 and result["f1"] == 0.0
    assert result["actor_f1"] is None and result["date_accuracy"] is None


def test_predictions_on_a_document_annotated_with_no_events_are_false_positives() -> None:
    result = events_of([], [predicted("ASSAULT", "incendie")])
    assert (result["tp"], result["fp"], result["fn"]) == (0, 1, 0)
    assert result["precision"] == 0.0 and result["recall"] is None and result["f1"] == 0.0


def test_document_without_events_key_is_not_scored() -> None:
    unannotated = gold_doc(doc_id="d2")
    result = score([unannotated], {"d2": {"events": [predicted("ASSAULT", "incendie")]}})
    assert result == {"documents": 1}


# --- step 5: arguments ------------------------------------------------------------------


def test_actor_and_recipient_f1_pool_pairs_over_matched_events() -> None:
    gold = [
        gold_event(
            "ASSAULT",
            "bombardements",
            actors=[actor("RUS", "MIL")],
            recipients=[actor("SYR", "REB")],
        ),
        gold_event(
            "CONSULT",
            "avaient discuté",
            actors=[actor("USA", "GOV"), actor("RUS", "GOV")],
            recipients=[],
        ),
    ]
    predictions = [
        # Right actor, wrong recipient sector, plus an extra recipient.
        predicted(
            "ASSAULT",
            "bombardements",
            actors=[actor("RUS", "MIL")],
            recipients=[actor("SYR", "MIL"), actor("TUR", "MIL")],
        ),
        # One party of two, and a duplicate of it (pairs are compared as sets).
        predicted(
            "CONSULT",
            "avaient discuté",
            actors=[actor("USA", "GOV"), actor("USA", "GOV")],
        ),
    ]
    result = events_of(gold, predictions)
    # actors: tp 2 (RUS MIL, USA GOV), fp 0, fn 1 (RUS GOV) -> 4 / 5.
    assert result["actor_f1"] == pytest.approx(0.8)
    # recipients: tp 0, fp 2, fn 1 -> 0.
    assert result["recipient_f1"] == 0.0


def test_null_gold_actor_field_accepts_any_value() -> None:
    gold = [gold_event("ASSAULT", None, actors=[actor("ERI", None), actor(None, "COP")])]
    prediction = predicted("ASSAULT", None, actors=[actor("ERI", "GOV"), actor("FRA", "COP")])
    assert events_of(gold, [prediction])["actor_f1"] == 1.0


def test_unannotated_roles_are_not_scored() -> None:
    result = events_of(
        [gold_event("ASSAULT", "bombardements")],
        [predicted("ASSAULT", "bombardements", actors=[actor("RUS", "MIL")])],
    )
    assert result["actor_f1"] is None and result["recipient_f1"] is None


def test_place_country_accuracy() -> None:
    place = {"text": "Idleb", "country": "SYR", "precision": "city"}
    cases: list[tuple[dict[str, Any], dict[str, Any], float | None]] = [
        ({"place": place}, {"place": {"country": "SYR"}}, 1.0),
        ({"place": place}, {"place": {"country": "TUR"}}, 0.0),
        ({"place": place}, {}, 0.0),
        # `place: null` is annotated as no place: a prediction without one is right.
        ({"place": None}, {}, 1.0),
        ({"place": None}, {"place": {"country": "SYR"}}, 0.0),
        # A place whose country the annotator left null cannot be checked.
        ({"place": {"text": "Idleb", "country": None}}, {"place": {"country": "SYR"}}, None),
        ({}, {"place": {"country": "SYR"}}, None),
    ]
    for gold_fields, predicted_fields, expected in cases:
        result = events_of(
            [gold_event("ASSAULT", "bombardements", **gold_fields)],
            [predicted("ASSAULT", "bombardements", **predicted_fields)],
        )
        assert result["place_country_accuracy"] == expected, (gold_fields, predicted_fields)


def test_date_accuracy_wants_range_inside_gold_and_same_precision() -> None:
    week = {"start": "2015-09-28", "end": "2015-10-04", "precision": "week"}
    day = {"start": "2015-10-07", "end": "2015-10-07", "precision": "day"}
    cases = [
        (week, week, True),
        # A day inside the gold week is still the wrong precision.
        (week, {"start": "2015-09-30", "end": "2015-09-30", "precision": "day"}, False),
        # Same precision, but a different week.
        (week, {"start": "2015-10-05", "end": "2015-10-11", "precision": "week"}, False),
        # The range sticks out of the gold range.
        (week, {"start": "2015-09-27", "end": "2015-10-03", "precision": "week"}, False),
        (day, day, True),
        (day, None, False),
        (None, None, True),
        (None, day, False),
    ]
    for gold_date, predicted_date, expected in cases:
        prediction = predicted("ASSAULT", "bombardements")
        if predicted_date is not None:
            prediction["date"] = predicted_date
        result = events_of([gold_event("ASSAULT", "bombardements", date=gold_date)], [prediction])
        assert result["date_accuracy"] == float(expected), (gold_date, predicted_date)


def test_modality_and_size_accuracy() -> None:
    gold = [
        gold_event("ASSAULT", "bombardements", modality="alleged", size={"dead": 3}),
        gold_event("CONSULT", "avaient discuté", modality="asserted", size=None),
    ]
    predictions = [
        predicted(
            "ASSAULT", "bombardements", modality="alleged", size={"dead": 3, "injured": None}
        ),
        predicted("CONSULT", "avaient discuté", modality="planned", size={"arrested": 2}),
    ]
    result = events_of(gold, predictions)
    assert result["modality_accuracy"] == 0.5
    assert result["size_accuracy"] == 0.5


ATTRIBUTION = [
    {
        "text": "L'Observatoire syrien des droits de l'homme (OSDH)",
        "name": "OSDH",
        "kind": "monitor",
    },
    {"text": "Reuters", "name": "Reuters", "kind": "agency"},
]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ({"text": "l'OSDH", "name": "osdh"}, True),  # same name, case-folded
        ({"text": "l’Observatoire syrien", "name": "Observatoire"}, True),  # text inside gold
        ({"text": "selon l'Observatoire syrien des droits de l'homme (OSDH) basé à Londres"}, True),
        ({"text": "Reuters", "name": "Reuters"}, False),  # a relay is not the original source
        ({"text": "syr", "name": "SOHR"}, False),  # a word fragment is not an overlap
        ("OSDH", True),  # a bare string stands for text and name
    ],
)
def test_attribution_name_or_overlapping_text(source: object, expected: bool) -> None:
    assert attribution_matches(ATTRIBUTION[0], source) is expected


def test_attribution_accuracy_uses_the_first_link_and_empty_wants_empty() -> None:
    gold = [
        gold_event("ASSAULT", "bombardements", attribution=ATTRIBUTION),
        gold_event("CONSULT", "avaient discuté", attribution=[]),
    ]
    right = [
        predicted("ASSAULT", "bombardements", attribution=[{"text": "l'OSDH", "name": "OSDH"}]),
        predicted("CONSULT", "avaient discuté"),
    ]
    assert events_of(gold, right)["attribution_accuracy"] == 1.0
    wrong = [
        predicted("ASSAULT", "bombardements", attribution=list(reversed(ATTRIBUTION))),
        predicted("CONSULT", "avaient discuté", attribution=[{"text": "Reuters"}]),
    ]
    assert events_of(gold, wrong)["attribution_accuracy"] == 0.0


# --- step 6: full-event F1 --------------------------------------------------------------


def full_f1(gold_fields: dict[str, Any], predicted_fields: dict[str, Any]) -> float | None:
    result = events_of(
        [gold_event("ASSAULT", "bombardements", **gold_fields)],
        [predicted("ASSAULT", "bombardements", **predicted_fields)],
    )
    value: float | None = result["full_f1"]
    return value


def test_full_event_needs_every_actor_country_and_first_recipient_country() -> None:
    gold = {
        "actors": [actor("RUS", "MIL"), actor("SYR", "MIL")],
        "recipients": [actor("SYR", "REB"), actor("TUR", "MIL")],
    }
    # Sectors do not matter; the second gold recipient is not required.
    good = {"actors": [actor("RUS", "GOV"), actor("SYR", None)], "recipients": [actor("SYR", None)]}
    assert full_f1(gold, good) == 1.0
    missing_actor = {"actors": [actor("RUS", "MIL")], "recipients": [actor("SYR", "REB")]}
    assert full_f1(gold, missing_actor) == 0.0
    wrong_recipient = {"actors": good["actors"], "recipients": [actor("TUR", "MIL")]}
    assert full_f1(gold, wrong_recipient) == 0.0


def test_full_event_one_sided_roles_cannot_be_swapped() -> None:
    gold = {"actors": [actor("RUS", "MIL")], "recipients": [actor("SYR", "REB")]}
    swapped = {"actors": [actor("SYR", "REB")], "recipients": [actor("RUS", "MIL")]}
    assert full_f1(gold, swapped) == 0.0


def test_full_event_reciprocal_countries_may_stand_on_either_side() -> None:
    gold = {"actors": [actor("USA", "GOV"), actor("RUS", "GOV")], "recipients": []}
    split = {"actors": [actor("USA", "GOV")], "recipients": [actor("RUS", "GOV")]}
    assert full_f1(gold, split) == 1.0
    assert full_f1(gold, {"actors": [actor("USA", "GOV")]}) == 0.0
    # Without an annotated (empty) recipient list the roles are not known to be symmetric.
    initiators_only = {"actors": gold["actors"]}
    assert full_f1(initiators_only, split) == 0.0


def test_full_f1_counts_false_positives_and_negatives() -> None:
    gold = [
        gold_event("ASSAULT", "bombardements", actors=[actor("RUS", "MIL")]),
        gold_event("CONSULT", "avaient discuté", actors=[actor("USA", "GOV")]),
    ]
    predictions = [
        predicted("ASSAULT", "bombardements", actors=[actor("RUS", "MIL")]),
        predicted("CONSULT", "avaient discuté", actors=[actor("RUS", "GOV")]),
        predicted("PROTEST", "incendie"),
    ]
    result = events_of(gold, predictions)
    # full 1, tp 2, fp 1, fn 0 -> 2 / 5.
    assert result["full_f1"] == pytest.approx(0.4)
    assert result["f1"] == pytest.approx(0.8)


# --- result shape, table, prediction files ---------------------------------------------


def test_result_shape_follows_gold_md() -> None:
    result = events_of([gold_event("ASSAULT", "bombardements")], [])
    assert list(result) == [
        "tp",
        "fp",
        "fn",
        "precision",
        "recall",
        "f1",
        "full_f1",
        "actor_f1",
        "recipient_f1",
        "place_country_accuracy",
        "date_accuracy",
        "modality_accuracy",
        "attribution_accuracy",
        "size_accuracy",
    ]
    json.dumps(result)  # plain JSON, None for what could not be measured


def test_missing_prediction_counts_as_nothing_predicted_and_scores_pool() -> None:
    first = gold_doc(events=[gold_event("ASSAULT", "bombardements")])
    second = gold_doc(doc_id="d2", events=[gold_event("CONSULT", "avaient discuté")])
    result = score([first, second], {"d1": {"events": [predicted("ASSAULT", "bombardements")]}})
    assert result["documents"] == 2
    assert (result["events"]["tp"], result["events"]["fn"]) == (1, 1)


def test_format_table_lists_every_score() -> None:
    result = score(
        [gold_doc(events=[gold_event("ASSAULT", "bombardements")])],
        {"d1": {"events": [predicted("ASSAULT", "bombardements")]}},
    )
    table = format_table(result)
    assert "events" in table and "documents" in table
    for key in result["events"]:
        assert key in table
    assert "1.000" in table and "-" in table


def test_predictions_round_trip(tmp_path: Path) -> None:
    documents = [
        gold_doc(events=[gold_event("ASSAULT", "bombardements")]),
        gold_doc(doc_id="d2", events=[]),
    ]
    predictions = {"d1": {"events": [predicted("ASSAULT", "bombardements")]}}
    path = tmp_path / "predictions.jsonl"
    write_predictions(path, documents, predictions)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["d1", "d2"]
    assert "events" not in json.loads(lines[1])  # not predicted, rather than predicted none
    read = read_predictions(path)
    assert read["d1"]["events"] == predictions["d1"]["events"]
    assert score(documents, read) == score(documents, predictions)


# --- the real seed gold -----------------------------------------------------------------


@pytest.mark.skipif(not SEED.is_file(), reason=f"{SEED} is absent (CI has it)")
def test_seed_gold_scored_against_itself_is_perfect() -> None:
    documents = load_gold(SEED)
    assert documents and all(d.events for d in documents)
    predictions = {
        d.id: {
            "events": [
                {**event, "sentence": {"start": 0, "end": len(d.text)}} for event in d.events or ()
            ]
        }
        for d in documents
    }
    result = score(documents, predictions)["events"]
    assert result["f1"] == 1.0 and result["full_f1"] == 1.0
    assert result["fp"] == 0 and result["fn"] == 0
    # Whole-text sentences let every same-type pair match; argument agreement still pairs
    # each prediction with its own gold event, so every argument score is perfect too.
    for key in ("actor_f1", "recipient_f1", "date_accuracy", "attribution_accuracy"):
        assert result[key] == 1.0, key
