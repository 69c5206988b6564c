"""Gazetteer lookups (chronique.gazetteer) and place phrases (chronique.resolve.place)."""

from __future__ import annotations

import math

import pytest

from chronique.gazetteer import Gazetteer, Kind, default_gazetteer, fold, name_key
from chronique.gazetteer.normalize import read_tsv, skeleton
from chronique.records import Place
from chronique.resolve.place import resolve_place

ALEPPO = (36.20, 37.16)
DAMASCUS = (33.51, 36.29)
IDLIB = (35.93, 36.63)


def km(a: tuple[float, float], place: Place) -> float:
    """Great-circle distance between a (lat, lon) and a place."""
    assert place.lat is not None and place.lon is not None
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], place.lat, place.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


def resolve(phrase: str, language: str = "fr", focus: str | None = None) -> Place:
    place = resolve_place(phrase, language, focus)
    assert place is not None, phrase
    return place


# ---------------------------------------------------------------- normalisation


def test_fold_and_key() -> None:
    assert fold("L’Ouest  de la SYRIE") == "l'ouest de la syrie"
    assert name_key("Côte d’Ivoire") == name_key("Cote-d'Ivoire") == "cote divoire"
    assert name_key("Ma‘arrat an Nu‘mān") == "maarrat an numan"
    assert name_key("U.S.") == "us"


def test_skeleton_joins_transliterations(gazetteer: Gazetteer) -> None:
    subs = gazetteer._substitutions
    assert skeleton("idlib", subs) == skeleton("idleb", subs) == skeleton("edlib", subs)
    assert skeleton("khan cheikhoun", subs) == skeleton("khan shaykhun", subs)
    assert skeleton("deir ez zor", subs) == skeleton("deir zor", subs)


# ---------------------------------------------------------------- gazetteer lookups


@pytest.mark.parametrize("name", ["Idlib", "Idleb", "Edlib", "IDLEB", "Îdlîb"])
def test_idlib_spellings(gazetteer: Gazetteer, name: str) -> None:
    best = gazetteer.lookup(name, "fr")[0]
    assert (best.country, best.precision) == ("SYR", "city")
    assert km(IDLIB, best) < 10


def test_typo_damais_is_damascus(gazetteer: Gazetteer) -> None:
    for focus in (None, "SYR"):
        best = gazetteer.lookup("Damais", "fr", focus)[0]
        assert best.country == "SYR"
        assert best.name == "Damascus"


def test_no_typo_search_on_short_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Xyzq", "fr") == []


def test_exact_only(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Damais", "fr", fuzzy=False) == []
    assert gazetteer.lookup("Damas", "fr", fuzzy=False)[0].name == "Damascus"


def test_skeleton_prefers_closer_spelling(gazetteer: Gazetteer) -> None:
    # "Qousseir" shares its consonants with Kayseri (Turkey, 1M people) and Qusayr (Syria).
    assert gazetteer.lookup("Qousseir", "fr")[0].country == "SYR"


def test_transliteration_variant_file(gazetteer: Gazetteer) -> None:
    for name in ("Maaret al-Noomane", "Maarat al-Numan", "Maarrat al-Numan"):
        best = gazetteer.lookup(name, "fr")[0]
        assert (best.name, best.country) == ("Maarat al-Numan", "SYR")


@pytest.mark.parametrize(("focus", "country"), [("LBN", "LBN"), ("LBY", "LBY"), (None, "LBY")])
def test_focus_country_disambiguates(gazetteer: Gazetteer, focus: str | None, country: str) -> None:
    assert gazetteer.lookup("Tripoli", "fr", focus)[0].country == country


def test_country_entries(gazetteer: Gazetteer) -> None:
    syria = gazetteer.lookup("la Syrie", "fr")[0]
    assert (syria.country, syria.precision, syria.geonames_id) == ("SYR", "country", 163843)
    assert syria.lat is not None and 32 < syria.lat < 37.5
    assert gazetteer.lookup("Etats-Unis", "fr")[0].country == "USA"
    assert gazetteer.lookup("USA", "fr")[0].country == "USA"
    assert gazetteer.country("SYR") is not None
    assert gazetteer.country("ZZZ") is None


def test_language_prefers_own_names(gazetteer: Gazetteer) -> None:
    # "Mexico" is the city in French, the country in English.
    assert gazetteer.lookup("Mexico", "fr")[0].precision == "city"
    assert gazetteer.lookup("Mexico", "en")[0].precision == "country"


def test_town_before_its_region_and_region_before_foreign_town(gazetteer: Gazetteer) -> None:
    gao = gazetteer.lookup("Gao", "fr")
    assert (gao[0].country, gao[0].precision) == ("MLI", "city")
    assert any(p.precision == "region" and p.country == "MLI" for p in gao)
    borno = gazetteer.lookup("Borno", "en")[0]
    assert (borno.country, borno.precision) == ("NGA", "region")


def test_kinds_filter(gazetteer: Gazetteer) -> None:
    kinds: tuple[Kind, ...] = ("region",)
    regions = gazetteer.lookup("Idleb", "fr", kinds=kinds)
    assert regions and all(p.precision == "region" for p in regions)
    assert regions[0].admin1 == "Idlib Governorate"


def test_city_admin1_from_codes(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Alep", "fr")[0].admin1 == "Aleppo Governorate"
    assert gazetteer.lookup("Mariupol", "en")[0].admin1 == "Donetsk Oblast"


def test_us_states_have_french_names(gazetteer: Gazetteer) -> None:
    california = gazetteer.lookup("Californie", "fr")[0]
    assert (california.country, california.precision) == ("USA", "region")
    assert california.geonames_id == 5332921


def test_build_is_reasonably_fast(gazetteer: Gazetteer) -> None:
    # The store is built once per machine (~16 s); opening it is what each process pays.
    assert Gazetteer().build_seconds < 5
    assert len(gazetteer) > 30_000


# ---------------------------------------------------------------- place phrases


@pytest.mark.parametrize("phrase", ["en Syrie", "Syrie", "la Syrie", "de la Syrie"])
def test_country_phrases(phrase: str) -> None:
    place = resolve(phrase)
    assert (place.country, place.precision) == ("SYR", "country")
    assert place.text == phrase
    assert place.lat is not None and place.lon is not None


@pytest.mark.parametrize(
    ("phrase", "country"),
    [
        ("dans l'ouest de la Syrie", "SYR"),
        ("l'ouest de la Syrie", "SYR"),
        ("l’ouest de la Syrie", "SYR"),
        ("l'ouest syrien", "SYR"),
        ("dans l'ouest syrien", "SYR"),
        ("le nord-ouest syrien", "SYR"),
        ("le nord du Mali", "MLI"),
        ("l'est de l'Ukraine", "UKR"),
        ("dans le sud du Liban", "LBN"),
        ("la frontière syrienne", "SYR"),
    ],
)
def test_part_of_country_is_region(phrase: str, country: str) -> None:
    place = resolve(phrase)
    assert (place.country, place.precision) == (country, "region")
    assert place.text == phrase


@pytest.mark.parametrize(
    ("phrase", "country"),
    [
        ("northern Syria", "SYR"),
        ("in north-west Syria", "SYR"),
        ("the north of Mali", "MLI"),
        ("eastern Ukraine", "UKR"),
        ("Syria's north", "SYR"),
        ("the Syrian border", "SYR"),
    ],
)
def test_english_part_of_country_is_region(phrase: str, country: str) -> None:
    place = resolve(phrase, "en")
    assert (place.country, place.precision) == (country, "region")


@pytest.mark.parametrize(("phrase", "language"), [("à Alep", "fr"), ("in Aleppo", "en")])
def test_city_within_50_km(phrase: str, language: str) -> None:
    place = resolve(phrase, language)
    assert (place.country, place.precision) == ("SYR", "city")
    assert place.geonames_id == 170063
    assert km(ALEPPO, place) < 50


@pytest.mark.parametrize(
    ("phrase", "language", "name", "country"),
    [
        ("la province d'Idleb", "fr", "Idlib Governorate", "SYR"),
        ("la province syrienne d'Idleb", "fr", "Idlib Governorate", "SYR"),
        ("la région de Gao", "fr", "Gao Region", "MLI"),
        ("le gouvernorat de Deir ez-Zor", "fr", "Deir ez-Zor Governorate", "SYR"),
        ("l'État de Borno", "fr", "Borno State", "NGA"),
        ("le Darfour-Nord", "fr", "North Darfur", "SDN"),
        ("l'oblast de Donetsk", "fr", "Donetsk Oblast", "UKR"),
        ("la bande de Gaza", "fr", "Gaza Strip", "PSE"),
        ("en Cisjordanie", "fr", "West Bank", "PSE"),
        ("Idlib province", "en", "Idlib Governorate", "SYR"),
        ("the province of Idlib", "en", "Idlib Governorate", "SYR"),
    ],
)
def test_divisions_are_regions(phrase: str, language: str, name: str, country: str) -> None:
    place = resolve(phrase, language)
    assert (place.name, place.country, place.precision) == (name, country, "region")


@pytest.mark.parametrize(
    ("phrase", "language"),
    [
        ("à une dizaine de kilomètres de Damas", "fr"),
        ("la banlieue nord-est de Damas", "fr"),
        ("près de Damas", "fr"),
        ("au nord de Damas", "fr"),
        ("the outskirts of Damascus", "en"),
        ("near Damascus", "en"),
    ],
)
def test_near_a_city_is_district(phrase: str, language: str) -> None:
    place = resolve(phrase, language)
    assert (place.country, place.precision) == ("SYR", "district")
    assert km(DAMASCUS, place) < 20


@pytest.mark.parametrize(
    ("phrase", "language"), [("à 50 km au sud de Damas", "fr"), ("50 km south of Damascus", "en")]
)
def test_distance_and_direction_give_a_point(phrase: str, language: str) -> None:
    place = resolve(phrase, language)
    assert (place.country, place.precision, place.name) == ("SYR", "point", "Damascus")
    assert 45 < km(DAMASCUS, place) < 55
    assert place.lat is not None and place.lat < DAMASCUS[0]


@pytest.mark.parametrize(
    ("phrase", "language"),
    [
        ("le ciel syrien", "fr"),
        ("dans le ciel syrien", "fr"),
        ("sur le territoire syrien", "fr"),
        ("Syrian airspace", "en"),
    ],
)
def test_sky_and_territory_are_the_country(phrase: str, language: str) -> None:
    place = resolve(phrase, language)
    assert (place.country, place.precision) == ("SYR", "country")


def test_nested_phrase() -> None:
    place = resolve("le sud-est de la province de Deir ez-Zor")
    assert (place.name, place.precision) == ("Deir ez-Zor Governorate", "region")


def test_typo_and_transliteration_in_phrases() -> None:
    assert resolve("Damais", focus="SYR").name == "Damascus"
    assert resolve("à Edlib").name == "Idlib"
    assert resolve("Maaret al-Noomane").country == "SYR"


@pytest.mark.parametrize(("focus", "country"), [("LBN", "LBN"), ("LBY", "LBY")])
def test_focus_country_in_phrases(focus: str, country: str) -> None:
    assert resolve("à Tripoli", focus=focus).country == country


@pytest.mark.parametrize(
    ("phrase", "language"), [("aux USA", "fr"), ("in the U.S.", "en"), ("aux Etats-Unis", "fr")]
)
def test_united_states(phrase: str, language: str) -> None:
    place = resolve(phrase, language)
    assert (place.country, place.precision) == ("USA", "country")


def test_acronyms_need_capitals() -> None:
    assert resolve_place("us", "en") is None


def test_names_containing_pattern_words() -> None:
    assert resolve("Le Caire").country == "EGY"
    assert resolve("au Soudan du Sud").country == "SSD"
    assert resolve("in South Sudan", "en").precision == "country"
    assert resolve("la Corée du Nord").country == "PRK"


@pytest.mark.parametrize(
    ("phrase", "language"),
    [
        ("les rues", "fr"),
        ("sur place", "fr"),
        ("la région", "fr"),
        ("le nord", "fr"),
        ("au même endroit", "fr"),
        ("Islamic State", "en"),
        ("", "fr"),
    ],
)
def test_not_places(phrase: str, language: str) -> None:
    assert resolve_place(phrase, language) is None


def test_gazetteer_may_be_passed_positionally(gazetteer: Gazetteer) -> None:
    place = resolve_place("à Alep", "fr", "SYR", gazetteer)
    assert place is not None and place.name == "Aleppo"


def test_language_without_patterns_still_looks_names_up() -> None:
    place = resolve_place("Aleppo", "de")
    assert place is not None and place.country == "SYR"


# ---------------------------------------------------------------- data files


def test_admin1_file_rows() -> None:
    rows = list(read_tsv("gazetteer", "admin1.tsv"))
    assert all(len(row) == 6 for row in rows)
    for country, _code, lat, lon, geonames_id, names in rows:
        assert len(country) == 3 and names
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180
        assert not geonames_id or geonames_id.isdigit()
    syria = [row for row in rows if row[0] == "SYR" and row[1]]
    assert len(syria) == 14  # the fourteen governorates


def test_regions_lie_near_their_country(gazetteer: Gazetteer) -> None:
    """Hand-written centroids: each region is within 650 km of some town of its country."""
    towns: dict[str, list[tuple[float, float]]] = {}
    for row in read_tsv("gazetteer", "admin1.tsv"):
        if row[0] not in towns:
            found = gazetteer.store.places(row[0], "P")
            towns[row[0]] = [(lat, lon) for *_, lat, lon, population in found if population]
        point = Place(text="", lat=float(row[2]), lon=float(row[3]))
        nearest = min(km(town, point) for town in towns[row[0]])
        assert nearest < 650, row
