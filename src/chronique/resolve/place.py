"""Place phrases, as extraction hands them, to gazetteer places with a precision.

    resolve_place("dans l'ouest de la Syrie", "fr")  → SYR, precision "region"
    resolve_place("à Alep", "fr")                    → Aleppo, precision "city"
    resolve_place("la province d'Idleb", "fr")       → Idlib Governorate, "region"
    resolve_place("à 50 km au sud de Damas", "fr")   → Damascus, precision "district"

How a phrase is read lives in data, `lang/<language>/place_patterns.tsv` (what "l'ouest
de", "northern", "la banlieue de", "Idlib province" mean); this module only applies those
rows and the gazetteer. The returned `Place.text` is the phrase exactly as given.

Precision conventions (shared with the gold, see GOLD.md):
- a country named on its own → "country" (coordinates: the country's centre);
- a part of a country ("l'ouest syrien", "northern Mali") → that country, "region",
  with the country's centre and GeoNames id (the text names no smaller place);
- a division ("la province d'Idleb") → "region";
- a town → "city";
- near / at a distance from / a quarter of a town ("à 50 km au sud de Damas",
  "la banlieue nord-est de Damas") → "district", with the town's coordinates and id;
- a country's sky, soil or territory ("le ciel syrien") → the country, "country".
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from chronique.gazetteer import Gazetteer, Kind, default_gazetteer, fold
from chronique.gazetteer.normalize import read_tsv
from chronique.records import Place, Precision
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
        return self._part(match, focus, depth)

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
