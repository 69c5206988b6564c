"""Actor mentions → codes: ISO 3166 alpha-3 country (or IGO/NGO/IMG) + PLOVER sector.

Evidence, strongest first: a known organisation or person (`organisations.tsv`); proper
names of countries, capitals and seats of power ("Damas", "le Pentagone"); demonyms
("russe", "américains et russes" → two actors); sector nouns (`actors.tsv`, head first,
complements after: "experts du ministère de la Défense" → MIL). Domestic sectors with no
country ("des rebelles", "le régime") take the document's focus country.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol

from chronique.extract.drafts import ActorMention
from chronique.langpack import LanguagePack, Organisation, organisation_finder
from chronique.records import Actor
from chronique.resolve.dictionary import ActorDictionary

# Sectors that, without a demonym, belong to the country the story is about.
DOMESTIC_SECTORS = frozenset(
    {"GOV", "MIL", "REB", "COP", "JUD", "LEG", "PTY", "CVL", "OPP", "UAF", "REF", "MED", "BUS"}
)
_TRANSNATIONAL = frozenset({"IGO", "NGO", "IMG"})


class CountryLookup(Protocol):
    """What actor resolution needs from the country tables (resolve.countries)."""

    def country_of_name(self, text: str, language: str) -> str | None: ...

    def country_of_demonym(self, form: str, language: str) -> str | None: ...

    def metonym(self, name: str) -> tuple[str, str] | None: ...


@dataclass(frozen=True, slots=True)
class _Evidence:
    countries: tuple[str, ...]
    sector: str | None
    name: str | None


class ActorResolver:
    """Codes actor mentions with one language's pack and the country tables."""

    def __init__(
        self,
        pack: LanguagePack,
        countries: CountryLookup,
        dictionary: ActorDictionary | None = None,
    ) -> None:
        self.pack = pack
        self.countries = countries
        self.dictionary = dictionary or ActorDictionary()
        self._organisations = organisation_finder(pack.organisations)

    def organisation(self, text: str) -> Organisation | None:
        return self._organisations.first(text)

    def resolve(
        self, mention: ActorMention, focus: str | None, day: dt.date | None = None
    ) -> tuple[Actor, ...]:
        """Zero, one or several coded actors for one mention (`day`: the document's date,
        for dated dictionary rows)."""
        if mention.pronoun:
            return ()
        user = self.dictionary.matches(mention.text, day)
        if user and user[0].entry.country:
            # The user's dictionary outranks every built-in list; a sector it leaves empty is
            # read from the phrase's nouns ("the Gondor government" → GOV).
            entry = user[0].entry
            sector = entry.sector or self._evidence(mention, focus).sector
            return (
                Actor(
                    mention.text,
                    entry.country,
                    sector,
                    user[0].text,
                    None,
                    mention.start,
                    mention.end,
                ),
            )
        org = self.organisation(mention.text)
        if org is not None:
            return (
                Actor(
                    mention.text,
                    org.country,
                    org.sector,
                    org.canonical,
                    None,
                    mention.start,
                    mention.end,
                ),
            )
        evidence = self._evidence(mention, focus)
        if not evidence.countries and evidence.sector is None:
            return ()
        countries = evidence.countries or (None,)
        return tuple(
            Actor(
                mention.text,
                country,
                evidence.sector,
                evidence.name,
                None,
                mention.start,
                mention.end,
            )
            for country in countries
        )

    def _evidence(self, mention: ActorMention, focus: str | None) -> _Evidence:
        lang = self.pack.code
        countries: list[str] = []
        sector: str | None = None
        name: str | None = None
        for proper in mention.names:
            seat = self.countries.metonym(proper)
            if seat is not None:
                countries.append(seat[0])
                sector = sector or seat[1]
                name = name or proper
                continue
            code = self.countries.country_of_name(proper, lang)
            if code is not None:
                countries.append(code)
                name = name or proper
        prefixes = self.pack.grammar.affiliation_prefixes
        for form in mention.demonyms:
            pieces = re.split(r"[-‑–]", form)
            if pieces and pieces[0] in prefixes:
                continue  # "pro-iraniennes": a side, not a nationality
            for piece in pieces:
                code = self.countries.country_of_demonym(piece, lang) if piece else None
                if code is not None and code not in countries:
                    countries.append(code)
        noun_sector, noun_country = self._noun(mention.lemmas)
        if noun_sector is not None:
            sector = noun_sector
        if noun_country == "FOCUS":
            noun_country = focus
        if noun_country and noun_country not in countries:
            countries.insert(0, noun_country)
        if sector is None and countries:
            # A country named as an actor is its government (the CAMEO convention), unless the
            # event itself says otherwise ("frappes russes": the military).
            sector = mention.default_sector or "GOV"
        if not countries and sector in DOMESTIC_SECTORS and focus:
            countries.append(focus)
        if sector == "UNK":
            sector = None
        countries = [c for c in countries if c]
        if any(c in _TRANSNATIONAL for c in countries) and sector is None:
            sector = countries[0]
        return _Evidence(tuple(dict.fromkeys(countries)), sector, name)

    def _noun(self, lemmas: tuple[str, ...]) -> tuple[str | None, str | None]:
        """Sector of the first lemma the pack knows (head first, longest phrase first), and
        the first fixed country any of them carries ("forces du régime": MIL + FOCUS)."""
        sector: str | None = None
        country: str | None = None
        for i, lemma in enumerate(lemmas):
            for noun in self.pack.actor_nouns.get(lemma, ()):
                if len(noun.phrase) > 1 and not set(noun.phrase[1:]) <= set(lemmas[i + 1 :]):
                    continue
                if sector is None and noun.sector is not None:
                    sector = noun.sector
                if country is None and noun.country is not None:
                    country = noun.country
                break
        return sector, country
