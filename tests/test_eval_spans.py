"""Places, times and actor phrases (GOLD.md step 7)."""

from __future__ import annotations

from typing import Any

import pytest

from chronique.evaluate import GoldDocument, score
from chronique.evaluation.spans import haversine_km, match_by_overlap

TEXT = "Le 12 mai 2016, à Paris puis à Lyon, la police a arrêté deux hommes depuis trois jours."
PARIS = (48.8566, 2.3522)
VERSAILLES = (48.8049, 2.1204)  # about 18 km from Paris
LILLE = (50.6292, 3.0573)  # about 204 km from Paris
LYON = (45.7640, 4.8357)


def gold_doc(doc_id: str = "d1", **lists: list[dict[str, Any]] | None) -> GoldDocument:
    def entries(key: str) -> tuple[dict[str, Any], ...] | None:
        value = lists.get(key)
        return None if value is None else tuple(value)

    return GoldDocument(
        id=doc_id,
        text=TEXT,
        language="fr",
        published=None,
        agency=None,
        publisher=None,
        raw={"id": doc_id, "text": TEXT},
        places=entries("places"),
        times=entries("times"),
        actors=entries("actors"),
        places_optional=entries("places_optional") or (),
        times_excluded=entries("times_excluded") or (),
    )


def at(fragment: str, **fields: Any) -> dict[str, Any]:
    start = TEXT.index(fragment)
    return {"start": start, "end": start + len(fragment), "text": fragment, **fields}


def place(
    fragment: str, geonames_id: int | None, lat_lon: tuple[float, float] | None, country: str | None
) -> dict[str, Any]:
    lat, lon = lat_lon if lat_lon is not None else (None, None)
    return at(fragment, geonames_id=geonames_id, lat=lat, lon=lon, country=country)


def section(name: str, gold: dict[str, Any], predicted: list[dict[str, Any]]) -> dict[str, Any]:
    result = score([gold_doc(**gold)], {"d1": {name: predicted}})
    value: dict[str, Any] = result[name]
    return value


# --- matching ---------------------------------------------------------------------------


def test_overlap_matching_is_one_to_one_largest_overlap_first() -> None:
    # Prediction 0 overlaps both gold spans; the larger overlap (gold 1) wins, so gold 0
    # goes to prediction 1 instead of staying unmatched.
    gold = [(0, 10), (8, 20)]
    predicted: list[tuple[int, int] | None] = [(5, 18), (0, 4), None]
    assert match_by_overlap(gold, predicted) == [(0, 1), (1, 0)]
    assert match_by_overlap(gold, [(30, 40)]) == []


def test_haversine() -> None:
    assert haversine_km(*PARIS, *PARIS) == 0.0
    assert haversine_km(*PARIS, *VERSAILLES) == pytest.approx(18.3, abs=1.0)
    assert haversine_km(*PARIS, *LILLE) == pytest.approx(204, abs=3)


# --- places -----------------------------------------------------------------------------


def test_places_detection_and_resolution_scores() -> None:
    gold = {
        "places": [
            place("Paris", 2988507, PARIS, "FRA"),
            place("Lyon", 2996944, LYON, "FRA"),
        ]
    }
    predicted = [
        # Partial overlap still matches; wrong id but within 161 km and right country.
        {**place("Paris", 6455259, VERSAILLES, "FRA"), "start": TEXT.index("Paris") + 1},
        # Right id, too far (the system's coordinates are Lille's), wrong country.
        place("Lyon", 2996944, LILLE, "BEL"),
        # Not a place in the gold.
        place("police", None, None, None),
    ]
    result = section("places", gold, predicted)
    assert result["precision"] == pytest.approx(2 / 3)
    assert result["recall"] == 1.0
    assert result["f1"] == pytest.approx(0.8)
    assert result["geonames_accuracy"] == 0.5
    assert result["acc161"] == 0.5
    assert result["country_accuracy"] == 0.5


def test_places_null_gold_fields_are_not_scored_and_missing_predicted_coordinates_fail() -> None:
    gold = {"places": [place("Paris", None, PARIS, None)]}
    result = section("places", gold, [place("Paris", 2988507, None, "FRA")])
    assert result["geonames_accuracy"] is None
    assert result["country_accuracy"] is None
    assert result["acc161"] == 0.0


def test_places_optional_spans_excuse_unmatched_predictions() -> None:
    gold = {"places": [place("Paris", 2988507, PARIS, "FRA")], "places_optional": [at("Lyon")]}
    predicted = [place("Paris", 2988507, PARIS, "FRA"), place("Lyon", 2996944, LYON, "FRA")]
    assert section("places", gold, predicted)["precision"] == 1.0
    # An optional span is not a gold place: finding it does not add recall either.
    assert section("places", gold, predicted[1:])["recall"] == 0.0


def test_places_with_no_prediction_have_null_precision() -> None:
    result = section("places", {"places": [place("Paris", 2988507, PARIS, "FRA")]}, [])
    assert result == {
        "precision": None,
        "recall": 0.0,
        "f1": 0.0,
        "geonames_accuracy": None,
        "acc161": None,
        "country_accuracy": None,
    }


def test_places_annotated_as_none_make_every_prediction_wrong() -> None:
    result = section("places", {"places": []}, [place("Paris", 2988507, PARIS, "FRA")])
    assert result["precision"] == 0.0 and result["recall"] is None


# --- times ------------------------------------------------------------------------------


def test_times_detection_and_value_accuracy() -> None:
    gold = {
        "times": [
            at("12 mai 2016", value="2016-05-12"),
            at("trois jours", value=None),  # kept for detection, no value to check
        ]
    }
    predicted = [at("mai 2016", value="2016-05"), at("trois jours", value="P3D")]
    result = section("times", gold, predicted)
    assert (result["precision"], result["recall"], result["f1"]) == (1.0, 1.0, 1.0)
    assert result["value_accuracy"] == 0.0
    exact = section("times", gold, [at("12 mai 2016", value="2016-05-12")])
    assert exact["value_accuracy"] == 1.0 and exact["recall"] == 0.5


def test_times_excluded_spans_excuse_unmatched_predictions() -> None:
    gold = {
        "times": [at("12 mai 2016", value="2016-05-12")],
        "times_excluded": [at("depuis trois jours", timeml_type="DURATION")],
    }
    predicted = [at("12 mai 2016", value="2016-05-12"), at("trois jours", value="P3D")]
    assert section("times", gold, predicted)["precision"] == 1.0
    outside = [at("12 mai 2016", value="2016-05-12"), at("deux hommes", value="2")]
    assert section("times", gold, outside)["precision"] == 0.5


# --- actors -----------------------------------------------------------------------------


def test_actor_phrases_country_sector_both() -> None:
    gold = {
        "actors": [
            at("la police", country="FRA", sector="COP"),
            at("deux hommes", country="FRA", sector=None),  # sector not scored
        ]
    }
    predicted = [
        at("la police", country="FRA", sector="GOV"),
        at("deux hommes", country="FRA", sector="CVL"),
    ]
    result = section("actors", gold, predicted)
    assert result == {"country_accuracy": 1.0, "sector_accuracy": 0.0, "both_accuracy": 0.0}


def test_actor_asserted_names_the_scored_fields() -> None:
    gold = {
        "actors": [
            # `asserted` makes the null country count: the system must give none.
            at("la police", country=None, sector="COP", asserted=["country", "sector"]),
            # ...and leaves the country of this one unscored although it is given.
            at("deux hommes", country="FRA", sector="CVL", asserted=["sector"]),
        ]
    }
    predicted = [
        at("la police", country="FRA", sector="COP"),
        at("deux hommes", country="USA", sector="CVL"),
    ]
    result = section("actors", gold, predicted)
    assert result == {"country_accuracy": 0.0, "sector_accuracy": 1.0, "both_accuracy": 0.0}


def test_actor_phrases_match_by_text_without_offsets_and_missing_ones_are_wrong() -> None:
    gold = {
        "actors": [
            {"text": "La Police", "country": "FRA", "sector": "COP"},
            {"text": "deux hommes", "country": "FRA", "sector": "CVL"},
        ]
    }
    predicted = [{"text": "la  police", "country": "FRA", "sector": "COP"}]
    result = section("actors", gold, predicted)
    assert result == {"country_accuracy": 0.5, "sector_accuracy": 0.5, "both_accuracy": 0.5}


def test_actor_fields_all_null_leave_nothing_to_measure() -> None:
    gold = {"actors": [at("la police", country=None, sector=None)]}
    result = section("actors", gold, [at("la police", country="FRA", sector="COP")])
    assert result == {"country_accuracy": None, "sector_accuracy": None, "both_accuracy": None}


# --- sections ---------------------------------------------------------------------------


def test_only_annotated_lists_get_a_section() -> None:
    documents = [
        gold_doc("d1", times=[at("12 mai 2016", value="2016-05-12")]),
        gold_doc("d2"),
    ]
    predictions = {
        "d1": {"places": [place("Paris", 2988507, PARIS, "FRA")]},
        "d2": {"times": [at("12 mai 2016", value="2016-05-12")]},
    }
    result = score(documents, predictions)
    assert set(result) == {"documents", "times"}
    # d2's times are not annotated, so its prediction is not a false positive.
    assert result["times"]["precision"] is None
    assert result["times"]["recall"] == 0.0
