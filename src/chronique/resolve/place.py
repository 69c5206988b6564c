"""Place phrases, as extraction hands them, to gazetteer places with a precision.

    resolve_place("dans l'ouest de la Syrie", "fr")  → SYR, precision "region"
    resolve_place("à Alep", "fr")                    → Aleppo, precision "city"
    resolve_place("la province d'Idleb", "fr")       → Idlib Governorate, "region"
    resolve_place("à 50 km au sud de Damas", "fr")   → 50 km south of Damascus, "point"
    resolve_place("près de Damas", "fr")             → Damascus, precision "district"

How a phrase is read lives in data, `lang/<language>/place_patterns.tsv` (what "l'ouest
de", "northern", "la banlieue de", "Idlib province" mean); this module only applies those
rows and the gazetteer. The returned `Place.text` is the phrase exactly as given.

Precision conventions (shared with the gold, see GOLD.md):
- a country named on its own → "country" (coordinates: the country's centre);
- a part of a country ("l'ouest syrien", "northern Mali") → that country, "region",
  with the country's centre and GeoNames id (the text names no smaller place);
- a division ("la province d'Idleb") → "region";
- a town → "city";
- at a distance and in a direction from a town ("à 50 km au sud de Damas") → "point", with
  coordinates computed that far in that direction (and the town's id);
- near / at a distance from / a quarter of a town ("près de Damas", "à une dizaine de
  kilomètres de Damas", "la banlieue nord-est de Damas") → "district", with the town's
  coordinates and id;
- a country's sky, soil or territory ("le ciel syrien") → the country, "country".
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from chronique.gazetteer import Gazetteer, Kind, default_gazetteer, fold
from chronique.gazetteer.normalize import read_tsv
from chronique.records import EventReport, Place, Precision
from chronique.resolve.countries import country_names

_KINDS = frozenset(
    {"strip", "near", "part", "part_adj", "whole_adj", "whole", "admin", "city", "district"}
)
_DEFINE = re.compile(r"\{([A-Z_]+)\}")
_MAX_DEPTH = 6  # nested phrases ("le nord de la province d'Idleb") are a few levels deep
_TRIM = " \t\n\"'«»“”()[],;:.!?"
_TOKEN_SPLIT = re.compile(r"[\s'’\-]+")
_ACRONYM = re.compile(r"\b[A-Z](?:\.?[A-Z])+\.?")  # USA, U.S., RDC: folding loses their case


def _capitalised(phrase: str) -> frozenset[str] | None:
    """Folded words written with a capital in `phrase`; None when case tells nothing
    (a phrase in capitals, as in some headlines). A phrase in lower case is informative:
    extraction hands spans as the text wrote them, and "les rues" is a common noun."""
    if phrase.isupper():
        return None
    return frozenset(fold(token) for token in _TOKEN_SPLIT.split(phrase) if token[:1].isupper())


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]


@functools.cache
def _rules(language: str) -> tuple[_Rule, ...]:
    """The place patterns of `language` (none for a language without the file)."""
    if not language.isalpha():  # a path segment: letters only, no ".."
        return ()
    try:
        rows = list(read_tsv("lang", language, "place_patterns.tsv"))
    except (FileNotFoundError, NotADirectoryError):
        return ()
    defines: dict[str, str] = {}
    rules: list[_Rule] = []

    def expand(expression: str) -> str:
        return _DEFINE.sub(lambda m: defines[m.group(1)], expression)

    for row in rows:
        if row[0] == "define":
            defines[row[1]] = expand(row[2])
            continue
        kind, expression = row[0], row[1]
        if kind not in _KINDS:
            raise ValueError(f"place_patterns.tsv ({language}): unknown kind {kind!r}")
        rules.append(_Rule(kind, re.compile(expand(expression))))
    return tuple(rules)


@functools.cache
def _bearings() -> tuple[dict[str, float], dict[str, float]]:
    """Directions (degrees from north) and distance units (km) of `gazetteer/bearings.tsv`."""
    bearings: dict[str, float] = {}
    units: dict[str, float] = {}
    for kind, word, value in read_tsv("gazetteer", "bearings.tsv"):
        (bearings if kind == "bearing" else units)[word] = float(value)
    return bearings, units


def _number(text: str, language: str) -> float | None:
    """A distance's figure: digits ("50", "2,5") or a number word ("une dizaine" → 10)."""
    text = text.strip()
    try:
        return float(text.replace(",", "."))
    except ValueError:
        pass
    from chronique.errors import LanguagePackError
    from chronique.langpack import load_pack

    try:
        numbers = load_pack(language).numbers
    except LanguagePackError:
        return None
    value = numbers.get(text.split()[-1]) if text else None
    return float(value) if value is not None else None


def destination(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point `km` away from (lat, lon) along `bearing` (degrees from north), on a sphere."""
    radius = 6371.0088
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    theta, delta = math.radians(bearing), km / radius
    phi2 = math.asin(
        math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lambda2) + 540) % 360 - 180


def resolve_place(
    phrase: str,
    language: str,
    focus_country: str | None = None,
    gazetteer: Gazetteer | None = None,
    *,
    fuzzy: bool = True,
) -> Place | None:
    """The place a phrase names, or None when nothing in the gazetteer fits.

    `focus_country` (ISO alpha-3, e.g. the country the story is about) wins ties between
    places of the same name: "Tripoli" is Lebanese in a Lebanon story. `gazetteer` defaults
    to the shared `default_gazetteer()`.
    """
    folded = fold(phrase).strip(_TRIM)
    if not folded:
        return None
    resolver = _Resolver(
        gazetteer or default_gazetteer(),
        language,
        capitalised=_capitalised(phrase),
        acronyms=frozenset(a.replace(".", "") for a in _ACRONYM.findall(phrase)),
    )
    place = resolver.resolve(folded, focus_country, 0, fuzzy=fuzzy)
    return dataclasses.replace(place, text=phrase) if place is not None else None


class _Resolver:
    """One phrase's resolution: the gazetteer, the language's rules, and what the phrase's
    letter case tells (which words were capitalised, which were acronyms)."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        language: str,
        *,
        capitalised: frozenset[str] | None,
        acronyms: frozenset[str],
    ) -> None:
        self.gazetteer = gazetteer
        self.language = language
        self.capitalised = capitalised
        self.acronyms = acronyms
        self.rules = _rules(language)
        self.handlers: dict[str, Callable[[re.Match[str], str | None, int], Place | None]] = {
            "strip": self._strip,
            "near": self._near,
            "part": self._part,
            "part_adj": self._part_adj,
            "whole_adj": self._whole_adj,
            "whole": self._whole,
            "admin": self._admin,
            "city": self._city,
            "district": self._district,
        }

    def resolve(self, text: str, focus: str | None, depth: int, *, fuzzy: bool) -> Place | None:
        if depth > _MAX_DEPTH or not text:
            return None
        # A name first: "Le Caire", "Corée du Nord", "Darfour-Nord" contain pattern words.
        hits = self._lookup(text, focus, fuzzy=False)
        if hits:
            return hits[0]
        for rule in self.rules:
            match = rule.pattern.fullmatch(text)
            if match is None:
                continue
            place = self.handlers[rule.kind](match, focus, depth + 1)
            if place is not None:
                return place
        if not fuzzy:
            return None
        # Last: transliteration variants and typos ("Edlib", "Damais").
        hits = self._lookup(text, focus, fuzzy=True)
        return hits[0] if hits else None

    # -- helpers

    def _lookup(
        self,
        text: str,
        focus: str | None,
        *,
        fuzzy: bool,
        kinds: tuple[Kind, ...] | None = None,
    ) -> list[Place]:
        """Gazetteer lookup of a text that contains a capitalised word.

        Common nouns ("les rues", "la région", "sur place") are not place names, yet some
        coincide with a GeoNames alternate name or lie one typo away from one; a text with
        no capitalised word is therefore only read through the patterns (which is how
        lower-case demonyms such as "l'ouest syrien" resolve).
        """
        acronym = text.replace(".", "").upper()
        if acronym in self.acronyms:
            # The phrase wrote it in capitals ("aux USA"); the gazetteer knows acronyms
            # case-sensitively, so that English "us" stays a pronoun.
            return self.gazetteer.lookup(acronym, self.language, focus, kinds=kinds, fuzzy=False)
        if self.capitalised is not None and not any(
            token in self.capitalised for token in _TOKEN_SPLIT.split(text)
        ):
            return []
        return self.gazetteer.lookup(text, self.language, focus, kinds=kinds, fuzzy=fuzzy)

    def _sub(self, match: re.Match[str], focus: str | None, depth: int) -> Place | None:
        return self.resolve(match.group("place").strip(), focus, depth, fuzzy=True)

    def _adjective_country(self, match: re.Match[str]) -> str | None:
        if "adj" not in match.re.groupindex or match.group("adj") is None:
            return None
        return country_names().country_of_demonym(match.group("adj"), self.language)

    def _country(self, code: str | None, precision: Precision) -> Place | None:
        if code is None:
            return None
        place = self.gazetteer.country(code)
        return dataclasses.replace(place, precision=precision) if place is not None else None

    @staticmethod
    def _with(place: Place | None, precision: Precision) -> Place | None:
        return dataclasses.replace(place, precision=precision) if place is not None else None

    # -- handlers, one per kind of row (see lang/fr/place_patterns.tsv)

    def _strip(self, match: re.Match[str], focus: str | None, depth: int) -> Place | None:
        return self._sub(match, focus, depth)

    def _near(self, match: re.Match[str], focus: str | None, depth: int) -> Place | None:
        place = self._part(match, focus, depth)
        if place is None or place.lat is None or place.lon is None:
            return place
        offset = self._offset(match)
        if offset is None or place.precision != "district":
            return place
        # "à 50 km au sud de Damas": the point that far in that direction from the town.
        km, bearing = offset
        lat, lon = destination(place.lat, place.lon, km, bearing)
        return dataclasses.replace(place, lat=round(lat, 5), lon=round(lon, 5), precision="point")

    def _offset(self, match: re.Match[str]) -> tuple[float, float] | None:
        """(km, bearing) of a "near" phrase naming a distance and a direction, else None."""
        groups = match.re.groupindex
        if not all(g in groups for g in ("num", "unit", "dir")) or match.group("dir") is None:
            return None
        bearings, units = _bearings()
        bearing = bearings.get(match.group("dir").strip())
        unit = units.get(match.group("unit").strip())
        number = _number(match.group("num"), self.language)
        if bearing is None or unit is None or number is None:
            return None
        return number * unit, bearing

    def _part(self, match: re.Match[str], focus: str | None, depth: int) -> Place | None:
        place = self._sub(match, focus, depth)
        if place is None:
            return None
        if place.precision in ("city", "district", "point"):
            return self._with(place, "district")
        return self._with(place, "region")

    def _part_adj(self, match: re.Match[str], focus: str | None, depth: int) -> Place | None:
        return self._country(self._adjective_country(match), "region")

    def _whole_adj(self, match: re.Match[str], focus: str | None, depth: int) -> Place | None:
        return self._country(self._adjective_country(match), "country")

    def _whole(self, match: re.Match[str], focus: str | None, depth: int) -> Place | None:
        return self._sub(match, focus, depth)

    def _admin(self, match: re.Match[str], focus: str | None, depth: int) -> Place | None:
        focus = self._adjective_country(match) or focus
        name = match.group("place").strip()
        hits = self._lookup(name, focus, fuzzy=True, kinds=("region",))
        if hits:
            return hits[0]
        # A division the gazetteer lacks, named after its town ("la région de Mopti" is
        # listed, "le district de Beni" is not): the town's coordinates, precision region.
        # No typo tolerance here: "Islamic State" must not become a misspelt province.
        place = self.resolve(name, focus, depth, fuzzy=False)
        return self._with(place, "region")

    def _city(self, match: re.Match[str], focus: str | None, depth: int) -> Place | None:
        focus = self._adjective_country(match) or focus
        name = match.group("place").strip()
        hits = self._lookup(name, focus, fuzzy=True, kinds=("city",))
        if hits:
            return hits[0]
        return self.resolve(name, focus, depth, fuzzy=True)

    def _district(self, match: re.Match[str], focus: str | None, depth: int) -> Place | None:
        focus = self._adjective_country(match) or focus
        place = self._sub(match, focus, depth)
        if place is not None and place.precision == "city":
            return self._with(place, "district")
        return place


_LOCATED_MODALITIES = frozenset({"asserted", "alleged"})


def locate_reports(
    reports: Sequence[EventReport],
    places: Sequence[tuple[int, Place]],
    focus: Place | None,
    physical_types: Collection[str],
) -> list[EventReport]:
    """Give a place to the physical events told without one.

    A report keeps the place its own words give (the trigger's, else its sentence's: see
    `extract.places.event_places`). A physical event (ASSAULT, PROTEST, ...) told as a fact
    or an allegation without a place takes its paragraph's: the place named nearest before
    its trigger, else the first after; else the story's focus country (precision
    "country"). Statements, plans and denials keep no place: where a minister speaks is not
    where the event is. `places` are the document's geoparse as (paragraph, place). An
    inferred place says so (`Place.inferred`), and tells no two reports apart when merging.
    """
    by_paragraph: dict[int, list[Place]] = {}
    for paragraph, place in places:
        by_paragraph.setdefault(paragraph, []).append(place)
    out: list[EventReport] = []
    for report in reports:
        if (
            report.place is not None
            or report.type not in physical_types
            or report.modality not in _LOCATED_MODALITIES
        ):
            out.append(report)
            continue
        found = _paragraph_place(by_paragraph.get(report.paragraph, []), report.trigger.start)
        if found is not None:
            found = dataclasses.replace(found, inferred="paragraph")
        elif focus is not None:
            found = dataclasses.replace(focus, start=None, end=None, inferred="country")
        out.append(dataclasses.replace(report, place=found) if found is not None else report)
    return out


def _paragraph_place(places: list[Place], at: int) -> Place | None:
    before = [p for p in places if p.start is not None and p.start < at]
    if before:
        return before[-1]
    return places[0] if places else None
