"""Country names, demonyms, metonyms (chronique.resolve.countries) and their data files."""

from __future__ import annotations

import pycountry
import pytest

from chronique.gazetteer.normalize import read_tsv
from chronique.resolve.countries import CountryNames, country_names

# Codes the data may use beyond ISO 3166-1: Kosovo (GeoNames' XKX).
_EXTRA_CODES = {"XKX"}
_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "REL"}


@pytest.fixture(scope="module")
def names() -> CountryNames:
    return country_names()


def _valid(code: str) -> bool:
    return code in _EXTRA_CODES or pycountry.countries.get(alpha_3=code) is not None


# ---------------------------------------------------------------- country names


@pytest.mark.parametrize(
    "text",
    ["Syrie", "la Syrie", "de la Syrie", "en Syrie", "La Syrie", "SYRIE", "vers la Syrie"],
)
def test_syria_with_and_without_articles(names: CountryNames, text: str) -> None:
    assert names.country_of_name(text, "fr") == "SYR"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("aux Etats-Unis", "USA"),
        ("États-Unis", "USA"),
        ("Etats-Unis", "USA"),
        ("les Etats-Unis", "USA"),
        ("des États-Unis", "USA"),
        ("USA", "USA"),
        ("aux USA", "USA"),
        ("Russie", "RUS"),
        ("la Russie", "RUS"),
        ("au Mali", "MLI"),
        ("du Mali", "MLI"),
        ("d’Iran", "IRN"),  # typographic apostrophe
        ("l'Iran", "IRN"),
        ("l’Irak", "IRQ"),
        ("Côte d’Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Birmanie", "MMR"),
        ("RDC", "COD"),
        ("Congo", "COG"),
        ("Royaume-Uni", "GBR"),
        ("Grande-Bretagne", "GBR"),
        ("Corée du Nord", "PRK"),
        ("Centrafrique", "CAF"),
        ("Palestine", "PSE"),
        ("Turquie", "TUR"),
        ("Arabie saoudite", "SAU"),
        ("Syria", "SYR"),  # an English name in a French text still resolves
    ],
)
def test_french_country_names(names: CountryNames, text: str, code: str) -> None:
    assert names.country_of_name(text, "fr") == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Syria", "SYR"),
        ("in Syria", "SYR"),
        ("Syria's", "SYR"),
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("the U.S.", "USA"),
        ("US", "USA"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Ivory Coast", "CIV"),
        ("Congo", "COD"),
        ("Burma", "MMR"),
        ("Britain", "GBR"),
    ],
)
def test_english_country_names(names: CountryNames, text: str, code: str) -> None:
    assert names.country_of_name(text, "en") == code


@pytest.mark.parametrize("text", ["us", "car", "Damas", "Alep", "", "  ", "le nord"])
def test_not_country_names(names: CountryNames, text: str) -> None:
    assert names.country_of_name(text, "en") is None
    assert names.country_of_name(text, "fr") is None


def test_language_without_aliases_uses_babel(names: CountryNames) -> None:
    assert names.country_of_name("Syrien", "de") == "SYR"


# ---------------------------------------------------------------- demonyms


@pytest.mark.parametrize(
    ("forms", "code"),
    [
        ("russe russes", "RUS"),
        ("syrien syrienne syriens syriennes", "SYR"),
        ("américain américaine américains américaines", "USA"),
        ("iranien iranienne iraniens iraniennes", "IRN"),
        ("libanais libanaise libanaises", "LBN"),
        ("turc turque turcs turques", "TUR"),
        ("israélien israélienne israéliens israéliennes", "ISR"),
        ("palestinien palestinienne palestiniens palestiniennes", "PSE"),
        ("irakien irakienne irakiens irakiennes", "IRQ"),
        ("saoudien saoudienne saoudiens saoudiennes", "SAU"),
        ("ukrainien ukrainienne ukrainiens ukrainiennes", "UKR"),
        ("malien malienne maliens maliennes", "MLI"),
        ("nigérien nigérienne nigériens nigériennes", "NER"),
        ("nigérian nigériane nigérians nigérianes", "NGA"),
        ("soudanais soudanaise soudanaises", "SDN"),
        ("yéménite yéménites", "YEM"),
        ("afghan afghane afghans afghanes", "AFG"),
        ("français française françaises", "FRA"),
        ("britannique britanniques", "GBR"),
        ("allemand allemande allemands allemandes", "DEU"),
        ("chinois chinoise chinoises", "CHN"),
        ("jordanien jordanienne jordaniens jordaniennes", "JOR"),
        ("égyptien égyptienne égyptiens égyptiennes", "EGY"),
        ("libyen libyenne libyens libyennes", "LBY"),
        ("tchadien tchadienne tchadiens tchadiennes", "TCD"),
        ("burkinabè burkinabé burkinabés", "BFA"),
        ("somalien somalienne somaliens somaliennes", "SOM"),
        ("éthiopien éthiopienne éthiopiens éthiopiennes", "ETH"),
        ("congolais congolaise congolaises", "COD"),
        ("centrafricain centrafricaine centrafricains centrafricaines", "CAF"),
        ("nord-coréen nord-coréenne", "PRK"),
        ("sud-soudanais sud-soudanaise", "SSD"),
    ],
)
def test_french_demonyms_every_form(names: CountryNames, forms: str, code: str) -> None:
    for form in forms.split():
        assert names.country_of_demonym(form, "fr") == code, form
        assert names.country_of_demonym(form.capitalize(), "fr") == code, form


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ("Russian", "RUS"),
        ("Russians", "RUS"),
        ("Syrian", "SYR"),
        ("Lebanese", "LBN"),
        ("Iraqi", "IRQ"),
        ("Iraqis", "IRQ"),
        ("Saudi", "SAU"),
        ("Nigerien", "NER"),
        ("Nigerian", "NGA"),
        ("South Sudanese", "SSD"),
        ("Burkinabe", "BFA"),
        ("Congolese", "COD"),
        ("Frenchmen", "FRA"),
        ("Turkish", "TUR"),
        ("Turks", "TUR"),
    ],
)
def test_english_demonyms(names: CountryNames, form: str, code: str) -> None:
    assert names.country_of_demonym(form, "en") == code


def test_combining_forms(names: CountryNames) -> None:
    assert names.country_of_demonym("russo", "fr") == "RUS"
    assert names.countries_of_demonym("russo-américaines", "fr") == ("RUS", "USA")
    assert names.countries_of_demonym("israélo-palestinien", "fr") == ("ISR", "PSE")
    assert names.countries_of_demonym("syro-turque", "fr") == ("SYR", "TUR")
    assert names.countries_of_demonym("franco-britanniques", "fr") == ("FRA", "GBR")
    assert names.countries_of_demonym("Russo-American", "en") == ("RUS", "USA")
    # Two countries: no single country.
    assert names.country_of_demonym("russo-américaines", "fr") is None
    # One country twice is that country.
    assert names.country_of_demonym("franco-français", "fr") == "FRA"


def test_english_participle_compounds(names: CountryNames) -> None:
    assert names.country_of_demonym("Saudi-led", "en") == "SAU"
    assert names.country_of_demonym("US-backed", "en") == "USA"
    assert names.country_of_demonym("Iran-backed", "en") == "IRN"


@pytest.mark.parametrize("form", ["kurde", "kurdes", "pro-russes", "prorusses", "rebelles", ""])
def test_not_demonyms(names: CountryNames, form: str) -> None:
    assert names.country_of_demonym(form, "fr") is None


def test_unknown_language_has_no_demonyms(names: CountryNames) -> None:
    assert names.country_of_demonym("syrisch", "xx") is None


# ---------------------------------------------------------------- metonyms


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Damas", ("SYR", "GOV")),
        ("Moscou", ("RUS", "GOV")),
        ("le Kremlin", ("RUS", "GOV")),
        ("Washington", ("USA", "GOV")),
        ("la Maison Blanche", ("USA", "GOV")),
        ("la Maison-Blanche", ("USA", "GOV")),
        ("the White House", ("USA", "GOV")),
        ("le Pentagone", ("USA", "MIL")),
        ("the Pentagon", ("USA", "MIL")),
        ("Téhéran", ("IRN", "GOV")),
        ("Tehran", ("IRN", "GOV")),
        ("Ankara", ("TUR", "GOV")),
        ("Riyad", ("SAU", "GOV")),
        ("Riyadh", ("SAU", "GOV")),
        ("Kiev", ("UKR", "GOV")),
        ("Kyiv", ("UKR", "GOV")),
        ("Bamako", ("MLI", "GOV")),
        ("Khartoum", ("SDN", "GOV")),
        ("Londres", ("GBR", "GOV")),
        ("Pékin", ("CHN", "GOV")),
        ("Beijing", ("CHN", "GOV")),
        ("Jérusalem", ("ISR", "GOV")),
        ("Beyrouth", ("LBN", "GOV")),
        ("Bagdad", ("IRQ", "GOV")),
        ("Tripoli", ("LBY", "GOV")),
        ("Kaboul", ("AFG", "GOV")),
        ("le Quai d’Orsay", ("FRA", "GOV")),
        ("l'Elysée", ("FRA", "GOV")),
        ("l’Élysée", ("FRA", "GOV")),
        ("Downing Street", ("GBR", "GOV")),
    ],
)
def test_metonyms(names: CountryNames, name: str, expected: tuple[str, str]) -> None:
    assert names.metonym(name) == expected


@pytest.mark.parametrize("name", ["Alep", "Idleb", "la Syrie", "", "rebelles"])
def test_not_metonyms(names: CountryNames, name: str) -> None:
    assert names.metonym(name) is None


# ---------------------------------------------------------------- data files


@pytest.mark.parametrize("language", ["fr", "en"])
def test_demonym_files(language: str) -> None:
    rows = list(read_tsv("lang", language, "demonyms.tsv"))
    assert all(len(row) == 2 for row in rows), [r for r in rows if len(r) != 2][:3]
    codes = {code for _, code in rows}
    assert all(_valid(code) for code in codes), sorted(c for c in codes if not _valid(c))
    assert len(codes) >= 80
    forms = [form.casefold() for form, _ in rows]
    assert len(forms) == len(set(forms)), "a form is listed twice"
    conflict_zones = {"SYR", "IRQ", "YEM", "LBY", "MLI", "NER", "BFA", "TCD", "SDN", "SSD",
                      "SOM", "ETH", "COD", "CAF", "NGA", "AFG", "PAK", "MMR", "COL", "VEN",
                      "HTI", "UKR", "RUS", "ISR", "PSE", "LBN", "IRN", "TUR"}  # fmt: skip
    assert conflict_zones <= codes


def test_metonym_file() -> None:
    rows = list(read_tsv("gazetteer", "metonyms.tsv"))
    assert all(len(row) == 3 for row in rows)
    assert all(_valid(code) for _, code, _ in rows)
    assert {sector for _, _, sector in rows} <= _SECTORS


def test_alias_file() -> None:
    rows = list(read_tsv("gazetteer", "country_aliases.tsv"))
    assert all(len(row) == 3 for row in rows)
    assert all(language in ("*", "fr", "en") and _valid(code) for language, _, code in rows)


def test_tables_are_loaded_once_per_language() -> None:
    fresh = CountryNames()
    assert fresh.country_of_demonym("syrien", "fr") == "SYR"
    table = fresh._demonyms["fr"]
    fresh.country_of_demonym("russe", "fr")
    assert fresh._demonyms["fr"] is table
    assert country_names() is country_names()
