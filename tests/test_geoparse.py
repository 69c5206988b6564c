"""The geoparse (recognition beyond the NER model, disambiguation, metonymy), the event
geocoder (the place tied to an event, else its paragraph's, else the story's country;
points computed from "à 50 km au sud de Damas") and `chronique geoparse`.

The texts are written for these tests. They run the real spaCy models and the shipped
gazetteer store."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chronique.records import Document, Place
from chronique.resolve.geoparse import Geoparse, TextGeoparser
from chronique.resolve.place import destination, resolve_place

DAMASCUS = (33.5102, 36.29128)


@pytest.fixture(scope="module")
def geoparse() -> TextGeoparser:
    return TextGeoparser()


def places(result: Geoparse) -> dict[str, Place]:
    return {p.text: p for p in result.places}


def km(a: tuple[float, float], b: tuple[float | None, float | None]) -> float:
    assert b[0] is not None and b[1] is not None
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


# --------------------------------------------------------------------- recognition


def test_names_the_model_calls_persons(geoparse: TextGeoparser) -> None:
    # The small English model tags these towns PERSON; a place noun or preposition and the
    # gazetteer overrule it.
    found = places(
        geoparse(
            "Shelling hit the town of Kafranbel and a market near Khan Shaykhun in Syria, "
            "monitors said.",
            "en",
        )
    )
    assert found["Kafranbel"].geonames_id == 168661
    assert found["Khan Shaykhun"].geonames_id == 168325
    assert found["Syria"].precision == "country"


def test_division_patterns(geoparse: TextGeoparser) -> None:
    found = places(
        geoparse(
            "Des frappes ont visé Kafranbel, dans la province d'Idleb. Plus à l'est, "
            "l'Etat d'Al-Jazira est passé sous le contrôle des paramilitaires soudanais.",
            "fr",
        )
    )
    assert (found["Idleb"].name, found["Idleb"].precision) == ("Idlib Governorate", "region")
    assert (found["Al-Jazira"].country, found["Al-Jazira"].precision) == ("SDN", "region")
    english = places(geoparse("Fighting spread to Idlib province and to Kirkuk.", "en"))
    assert english["Idlib"].name == "Idlib Governorate"


@pytest.mark.parametrize("spelling", ["Idleb", "Idlib", "Edlib"])
def test_transliterations(geoparse: TextGeoparser, spelling: str) -> None:
    found = places(geoparse(f"Des obus sont tombés sur {spelling} et Saraqeb, en Syrie.", "fr"))
    assert found[spelling].country == "SYR"
    assert km((35.93, 36.63), (found[spelling].lat, found[spelling].lon)) < 30
    assert found["Saraqeb"].geonames_id == 164816


def test_long_transliterated_names(geoparse: TextGeoparser) -> None:
    found = places(
        geoparse(
            "Les rebelles ont reculé de Maaret al-Noomane vers Albou Kamal et Qamichli, "
            "dans le nord de la Syrie.",
            "fr",
        )
    )
    assert found["Maaret al-Noomane"].geonames_id == 167611
    assert found["Albou Kamal"].geonames_id == 174448
    assert found["Qamichli"].geonames_id == 173377


def test_typo_in_the_story_country(geoparse: TextGeoparser) -> None:
    result = geoparse(
        "Selon l'OSDH, des bombardements ont visé les quartiers sud de Damais, en Syrie.", "fr"
    )
    assert result.focus_country == "SYR"
    assert places(result)["Damais"].geonames_id == 170654


def test_common_words_organisations_and_demonyms_are_not_places(geoparse: TextGeoparser) -> None:
    result = geoparse(
        "Selon l'Observatoire syrien des droits de l'homme, Boko Haram et les Forces de "
        "soutien rapide ont revendiqué les attaques. Le Président a réuni le Conseil de "
        "sécurité mardi.",
        "fr",
    )
    assert result.places == ()
    english = geoparse(
        "Turkish-backed factions and Rapid Support Forces fighters clashed, the Syrian "
        "Observatory for Human Rights said.",
        "en",
    )
    assert english.places == ()


# --------------------------------------------------------------------- disambiguation


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Des réfugiés syriens installés près de Tripoli, dans le nord du Liban, ont fui.", "LBN"),
        ("À Tripoli, la capitale libyenne, des milices se sont affrontées.", "LBY"),
    ],
)
def test_country_named_nearby(geoparse: TextGeoparser, text: str, country: str) -> None:
    assert places(geoparse(text, "fr"))["Tripoli"].country == country


def test_division_named_nearby_beats_the_focus_country(geoparse: TextGeoparser) -> None:
    # A Syria story; the Sinjar of the sentence is the Iraqi one, in Nineveh.
    result = geoparse(
        "L'armée syrienne a bombardé Idleb et Alep. Des combattants ont fui vers Sinjar, "
        "dans la province de Ninive, en Syrie voisine de l'Irak.",
        "fr",
    )
    sinjar = places(result)["Sinjar"]
    assert (sinjar.country, sinjar.geonames_id) == ("IRQ", 448149)


def test_capital_acting_for_its_government_is_no_place(geoparse: TextGeoparser) -> None:
    result = geoparse("Damas a démenti. À Damas, des manifestants se sont rassemblés.", "fr")
    found = [r for r in result.resolutions if r.mention.text == "Damas"]
    assert [r.place is not None for r in found] == [False, True]
    assert "metonymy" in found[0].reason
    english = geoparse("Moscow said the strikes hit military targets in Kharkiv.", "en")
    assert [p.text for p in english.places] == ["Kharkiv"]


def test_alternatives_carry_scores_and_evidence(geoparse: TextGeoparser) -> None:
    result = geoparse("Des combats ont eu lieu à Tripoli, au Liban.", "fr")
    tripoli = next(r for r in result.resolutions if r.mention.text == "Tripoli")
    assert len(tripoli.candidates) >= 2
    first, second = tripoli.candidates[:2]
    assert first.score > second.score
    assert first.evidence()["country_named_nearby"] is True
    assert first.entry.country == "LBN"


# --------------------------------------------------------------------- event location


def test_offset_points_are_computed() -> None:
    place = resolve_place("à 50 km au sud de Damas", "fr")
    assert place is not None and place.precision == "point"
    assert 45 < km(DAMASCUS, (place.lat, place.lon)) < 55
    assert place.lat is not None and place.lat < DAMASCUS[0]
    english = resolve_place("30 miles north-east of Damascus", "en")
    assert english is not None and english.precision == "point"
    assert 45 < km(DAMASCUS, (english.lat, english.lon)) < 52
    suburb = resolve_place("la banlieue nord-est de Damas", "fr")
    assert suburb is not None and (suburb.precision, suburb.admin1) == (
        "district",
        "Damascus Governorate",
    )
    lat, lon = destination(0.0, 179.9, 111.2, 90)  # one degree east, across the antimeridian
    assert abs(lat) < 0.01 and -179.15 < lon < -179.05


def _events(pipeline: Any, text: str) -> list[Any]:
    document = Document(id="geo-test", text=text, language="fr", published=dt.date(2024, 3, 14))
    coded = pipeline.code(document)
    return list(coded.events)


def test_event_takes_its_paragraph_place_else_the_story_country(pipeline: Any) -> None:
    text = (
        "La Syrie reste divisée.\n\n"
        "La ville d'Alep compte deux millions d'habitants. Des frappes aériennes ont tué "
        "dix civils jeudi.\n\n"
        "Par ailleurs, des rebelles ont attaqué un convoi militaire mercredi."
    )
    events = _events(pipeline, text)
    strikes = next(e for e in events if e.reports[0].trigger.text.startswith("frappes"))
    assert strikes.place is not None
    assert (strikes.place.name, strikes.place.inferred) == ("Aleppo", "paragraph")
    assert strikes.place.admin1 == "Aleppo Governorate"
    convoy = next(e for e in events if "attaqu" in e.reports[0].trigger.text)
    assert convoy.place is not None
    assert (convoy.place.country, convoy.place.precision, convoy.place.inferred) == (
        "SYR",
        "country",
        "country",
    )


def test_event_place_told_in_the_sentence_wins(pipeline: Any) -> None:
    events = _events(
        pipeline,
        "Des frappes aériennes ont visé Kafranbel, dans la province d'Idleb, tuant neuf civils.",
    )
    place = events[0].place
    assert place is not None and place.inferred is None
    assert place.country == "SYR" and place.lat is not None and place.admin1


# --------------------------------------------------------------------- CLI


def test_cli_geoparse_text_and_file(tmp_path: Path) -> None:
    from chronique.cli import app

    runner = CliRunner()
    text = "Des frappes ont visé Kafranbel, dans la province d'Idleb. Damas a démenti."
    result = runner.invoke(app, ["geoparse", text, "--lang", "fr", "--json", "--all"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["focus_country"] == "SYR"
    by_text = {p["text"]: p for p in data["places"]}
    kafranbel = by_text["Kafranbel"]
    assert kafranbel["place"]["geonames_id"] == 168661
    assert kafranbel["place"]["admin1"] == "Idlib Governorate"
    assert kafranbel["alternatives"][0]["score"] > 0
    assert by_text["Damas"]["place"] is None and "metonymy" in by_text["Damas"]["reason"]
    story = tmp_path / "story.txt"
    story.write_text("Shelling hit Aleppo and Azaz overnight.", encoding="utf-8")
    result = runner.invoke(app, ["geoparse", str(story)])
    assert result.exit_code == 0, result.output
    assert "Aleppo" in result.output and "170063" in result.output
