"""The gazetteer: places by name, ranked, over the SQLite store (`store.py`).

A lookup folds the name to a key (`normalize.name_key`) and tries, in order, each tier
only when the stricter ones found nothing:

1. **exact** — the key (or the key without a leading article, or its whole-name variant from
   `variants.tsv`) is a name of some place: one indexed read of the store;
2. **skeleton** — same transliteration skeleton (Idleb / Idlib / Edlib), names of 5+ letters;
3. **typo** — one insertion, deletion, substitution or swap away ("Damais" → "Damas").

The loose tiers (2, 3) reach small places only inside the story's country (the focus
country or a country named nearby); elsewhere only prominent places (`shipped.is_prominent`):
villages of the whole world one typo away from any capitalised word would be noise.

Within a tier the candidates are scored (`Candidate.score`, higher first) by what the text
says around the name (`Context`: a division or a country named nearby, the story's focus
country, other places resolved nearby), then the spelling's closeness, the name's language,
the population and the kind of place. The hits of each key are cached per process.
"""

from __future__ import annotations

import difflib
import functools
import math
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from chronique.gazetteer.countries import country_acronyms
from chronique.gazetteer.normalize import fold, name_key, read_tsv
from chronique.gazetteer.store import (
    MIN_FUZZY,
    GazetteerStore,
    StoreConfig,
    skeleton_of,
    substitutions,
)
from chronique.records import Place, Precision

if TYPE_CHECKING:
    from chronique.settings import Settings

Kind = Literal["country", "region", "city", "site"]
KINDS: tuple[Kind, ...] = ("country", "region", "city", "site")
Tier = Literal["exact", "skeleton", "typo"]

_PRECISION: dict[Kind, Precision] = {
    "country": "country",
    "region": "region",
    "city": "city",
    "site": "point",
}
# Tie-break after population: a country before a town before a region ("Monaco" the
# country; "Kidal" the town — news says "la région de Kidal" when it means the region).
_KIND_BONUS: dict[Kind, float] = {"country": 0.03, "city": 0.02, "region": 0.01, "site": 0.0}
# Leading articles a name may carry in running text ("la Syrie", "the Gambia").
_ARTICLES: dict[str, tuple[str, ...]] = {
    "fr": ("la ", "le ", "les ", "l'"),
    "en": ("the ",),
}
_ALL_ARTICLES = tuple(a for group in _ARTICLES.values() for a in group)


@dataclass(frozen=True, slots=True)
class Ranking:
    """Thresholds of the ranking (settings `gazetteer_near_*`, `gazetteer_dwarf_*`)."""

    near_km: float = 250.0  # a place this close to another of the paragraph is "near" it
    near_spread_km: float = 750.0  # ... when some namesake lies this far away
    near_big_city: int = 100_000  # ... and not for a village against a city this large
    dwarf_city: int = 500_000  # the story's countries do not help a place
    dwarf_ratio: int = 50  # ... this many times smaller than a namesake this large

    @classmethod
    def from_settings(cls, settings: Settings) -> Ranking:
        return cls(
            near_km=settings.gazetteer_near_km,
            near_spread_km=settings.gazetteer_near_spread_km,
            near_big_city=settings.gazetteer_near_big_city,
            dwarf_city=settings.gazetteer_dwarf_city,
            dwarf_ratio=settings.gazetteer_dwarf_ratio,
        )


# Score weights (see Candidate.score). Each outweighs every lighter one put together, so the
# score orders candidates lexicographically: a division named nearby, then a country named
# nearby, the story's country, nearness to the other places of the text, the spelling's
# closeness in tenths, a name of the query's language, and last the population (log-scaled,
# under 1) with a small bonus by kind of place.
W_ADMIN = 256.0
W_COUNTRY_NEARBY = 128.0
W_FOCUS = 64.0
W_NEAR = 32.0
W_CLOSENESS_TENTH = 2.0
# For transliteration matches the spelling is the first evidence: "Damais" is Damas
# (Damascus) before a village "Ad Dimas" of a division named nearby.
W_LOOSE_TENTH = 512.0
W_LANGUAGE = 1.0
POPULATION_SCALE = 10.0  # log10(population + 1) / 10 < 0.9 for any real place


def _kind(feature_class: str, feature_code: str) -> Kind:
    if feature_code.startswith("PCL") or feature_code == "TERR":
        return "country"
    if feature_class == "P":
        return "city"
    if feature_class in ("A", "L"):
        return "region"
    return "site"


class Entry(NamedTuple):
    """One gazetteer place, as a lookup returns it."""

    name: str
    country: str
    kind: Kind
    lat: float | None
    lon: float | None
    geonames_id: int | None
    admin1: str | None  # the first-level division's name
    population: int
    feature_code: str = ""
    admin1_code: str = ""
    prominent: bool = False
    id: int = 0  # the store's id: the GeoNames id, or < 0 for a place without one


@dataclass(frozen=True, slots=True)
class Context:
    """What the text says around a name, for choosing between places of that name."""

    focus_country: str | None = None
    admin1: frozenset[tuple[str, str]] = frozenset()  # (country, admin1 code) named nearby
    countries: frozenset[str] = frozenset()  # countries named nearby
    anchors: tuple[tuple[float, float], ...] = ()  # places resolved nearby (lat, lon)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may designate, with the evidence that ranks it."""

    entry: Entry
    tier: Tier
    closeness: float
    own_language: bool
    admin_nearby: bool = False
    country_nearby: bool = False
    focus: bool = False
    near_km: float | None = None
    score: float = field(default=0.0, compare=False)

    def evidence(self) -> dict[str, Any]:
        return {
            "match": self.tier,
            "closeness": round(self.closeness, 2),
            "own_language": self.own_language,
            "division_named_nearby": self.admin_nearby,
            "country_named_nearby": self.country_nearby,
            "focus_country": self.focus,
            "km_to_nearest_place_named": None if self.near_km is None else round(self.near_km),
            "population": self.entry.population,
        }


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class _TypoIndex:
    """Keys by half-word: any key one edit away from a query shares with it either its first
    or its last `h(m)` letters, with `h(m) = (m - 1) // 2` for a key of m letters (the edit
    cannot touch both halves). So a query reads at most six short lists."""

    def __init__(self, keys: Iterable[str]) -> None:
        parts: dict[tuple[int, bool, str], list[str]] = {}
        for key in keys:
            m = len(key)
            if m < MIN_FUZZY - 1 or not key.isascii():
                continue
            h = (m - 1) // 2
            for part in ((m, True, key[:h]), (m, False, key[m - h :])):
                bucket = parts.get(part)
                if bucket is None:
                    parts[part] = [key]
                else:
                    bucket.append(key)
        # Kept as tuples of strings, which the garbage collector stops tracking: half a
        # million lists made every full collection of a worker take a quarter of a second.
        self.parts: dict[tuple[int, bool, str], tuple[str, ...]] = {
            part: tuple(bucket) for part, bucket in parts.items()
        }

    def near(self, query: str) -> set[str]:
        found: set[str] = set()
        n = len(query)
        for m in (n - 1, n, n + 1):
            h = (m - 1) // 2
            if h <= 0:
                continue
            for part in ((m, True, query[:h]), (m, False, query[n - h :])):
                for key in self.parts.get(part, ()):
                    if _within_one_edit(query, key):
                        found.add(key)
        return found


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


class Gazetteer:
    """Places by name over the gazetteer store; see the module docstring.

    `Gazetteer()` opens (building on first use) the store the settings name;
    `Gazetteer(path)` a given file; `Gazetteer(config=StoreConfig(...))` anything else.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        settings: Settings | None = None,
        config: StoreConfig | None = None,
    ) -> None:
        from chronique.settings import Settings

        settings = settings or Settings.load()
        self.config = config or StoreConfig.from_settings(settings, path)
        self.ranking = Ranking.from_settings(settings)
        self.store = GazetteerStore(self.config)
        self.build_seconds = self.store.open_seconds
        self._substitutions = substitutions()
        self._name_variants = {
            name_key(old): name_key(new)
            for kind, old, new in read_tsv("gazetteer", "variants.tsv")
            if kind == "name"
        }
        self._hits = functools.lru_cache(maxsize=self.config.cache_names)(self._read_hits)
        self._hits_in = functools.lru_cache(maxsize=1024)(self._read_hits_in)
        self._candidates = functools.lru_cache(maxsize=self.config.cache_names)(self._find)
        self._lock = threading.Lock()  # one thread builds a lazy index, others wait
        self._admin1: dict[tuple[str, str], str] | None = None
        self._countries: dict[str, Entry] | None = None
        self._typo_prominent: _TypoIndex | None = None
        self._typo_country: dict[str, _TypoIndex] = {}

    # ----------------------------------------------------------------- store reads

    def _admin1_names(self) -> dict[tuple[str, str], str]:
        if self._admin1 is None:
            self._admin1 = self.store.admin1_names()
        return self._admin1

    def _entry(self, row: Sequence[Any]) -> Entry:
        (_, pid, name, fclass, fcode, country, admin1, _, lat, lon, population, prominent) = row
        kind = _kind(fclass, fcode)
        admin_name = self._admin1_names().get((country, admin1)) if admin1 else None
        if kind == "region" and fcode == "ADM1" and admin_name is None:
            admin_name = name
        return Entry(
            name=name,
            country=country,
            kind=kind,
            lat=lat,
            lon=lon,
            geonames_id=pid if pid > 0 else None,
            admin1=admin_name,
            population=int(population),
            feature_code=fcode,
            admin1_code=admin1,
            prominent=bool(prominent),
            id=pid,
        )

    def _read_hits(self, key: str) -> tuple[tuple[Entry, str], ...]:
        """(entry, language of the matched name) for the places named `key`, the most
        populous `max_hits` (cached)."""
        return tuple((self._entry(row), row[0]) for row in self.store.hits(key))

    def _read_hits_in(self, key: str, country: str) -> tuple[tuple[Entry, str], ...]:
        return tuple((self._entry(row), row[0]) for row in self.store.hits_in(key, country))

    def _key_hits(self, key: str, context: Context) -> tuple[tuple[Entry, str], ...]:
        """A key's hits, completed with the story's countries' own places when the most
        populous ones filled the limit (a village of the story sharing a common name)."""
        hits = self._hits(key)
        if len(hits) < self.config.max_hits:
            return hits
        extra: list[tuple[Entry, str]] = []
        for country in {context.focus_country, *context.countries} - {None}:
            assert country is not None
            extra.extend(self._hits_in(key, country))
        return hits + tuple(extra) if extra else hits

    def _country_entries(self) -> dict[str, Entry]:
        if self._countries is None:
            self._countries = {c: self._entry(r) for c, r in self.store.countries().items()}
        return self._countries

    def _typo_index(self, country: str | None) -> _TypoIndex:
        with self._lock:
            if country is None:
                if self._typo_prominent is None:
                    self._typo_prominent = _TypoIndex(self.store.prominent_keys())
                return self._typo_prominent
            index = self._typo_country.get(country)
            if index is None:
                index = self._typo_country[country] = _TypoIndex(self.store.country_keys(country))
            return index

    def warm(self) -> None:
        """Read the lazy tables now (for servers: no slow first typo lookup)."""
        self._admin1_names()
        self._country_entries()
        self._typo_index(None)

    # ----------------------------------------------------------------- queries

    def __len__(self) -> int:
        return self.store.place_count()

    def country(self, code: str, text: str | None = None) -> Place | None:
        """The country `code` (ISO alpha-3) as a Place of precision "country"."""
        entry = self._country_entries().get(code)
        if entry is None:
            return None
        return place_of(entry, text if text is not None else code)

    def lookup(
        self,
        name: str,
        language: str,
        focus_country: str | None = None,
        *,
        kinds: Collection[Kind] | None = None,
        fuzzy: bool = True,
        limit: int = 10,
        context: Context | None = None,
    ) -> list[Place]:
        """Places called `name`, best first (see the module docstring for the ranking).

        `fuzzy=False` stops after exact names. `kinds` keeps only those kinds of place.
        `context` (what the text says around the name) overrides `focus_country`.
        """
        found = self.candidates(
            name,
            language,
            context or Context(focus_country=focus_country),
            kinds=kinds,
            fuzzy=fuzzy,
            limit=limit,
        )
        return [place_of(c.entry, name) for c in found]

    def candidates(
        self,
        name: str,
        language: str,
        context: Context | None = None,
        *,
        kinds: Collection[Kind] | None = None,
        fuzzy: bool = True,
        limit: int = 10,
    ) -> list[Candidate]:
        """The places `name` may designate, best first, each with its score and evidence."""
        wanted = tuple(sorted(kinds)) if kinds is not None else None
        # Cached: a document asks for its names several times (cutting runs, judging them,
        # ranking again in context), and a corpus for the same names again and again.
        return list(self._candidates(name, language, context or Context(), wanted, fuzzy, limit))

    def _find(
        self,
        name: str,
        language: str,
        context: Context,
        kinds: tuple[Kind, ...] | None,
        fuzzy: bool,
        limit: int,
    ) -> tuple[Candidate, ...]:
        folded = fold(name)
        if not folded:
            return ()
        acronym = country_acronyms().get(name.strip().replace(".", "").replace(" ", ""))
        if acronym is not None:
            entry = self._country_entries().get(acronym)
            if entry is not None:
                return (self._score(Candidate(entry, "exact", 1.0, True), context),)
        keys = self._query_keys(folded, language)
        hits = self._exact_hits(keys, context)
        ranked = self._rank(hits, language, context, kinds, "exact")
        # Each looser tier runs only when the stricter ones found nothing.
        if not ranked and fuzzy:
            loose = self._skeleton_hits(keys, language, context)
            ranked = self._rank(loose, language, context, kinds, "skeleton")
        if not ranked and fuzzy:
            loose = self._typo_hits(keys, language, context)
            ranked = self._rank(loose, language, context, kinds, "typo")
        return tuple(ranked[:limit])

    def _query_keys(self, folded: str, language: str) -> list[str]:
        keys = [name_key(folded)]
        for article in _ARTICLES.get(language, _ALL_ARTICLES):
            if folded.startswith(article) and len(folded) > len(article):
                keys.append(name_key(folded[len(article) :]))
        variants = [self._name_variants[k] for k in keys if k in self._name_variants]
        return list(dict.fromkeys(k for k in keys + variants if k))

    # A hit is (entry, language of the matched name, closeness of spelling).

    def _exact_hits(self, keys: list[str], context: Context) -> list[tuple[Entry, str, float]]:
        return [(entry, lang, 1.0) for key in keys for entry, lang in self._key_hits(key, context)]

    def _reachable(self, entry: Entry, lang: str, language: str, context: Context) -> bool:
        """May a loose (skeleton or typo) match designate this place? Only names of the
        query's language or of none, and small places only in the story's countries."""
        if lang not in ("", language):
            return False
        return (
            entry.prominent
            or entry.country == context.focus_country
            or entry.country in context.countries
        )

    def _skeleton_hits(
        self, keys: list[str], language: str, context: Context
    ) -> list[tuple[Entry, str, float]]:
        hits: list[tuple[Entry, str, float]] = []
        for key in keys:
            skel = skeleton_of(key, self._substitutions)
            if skel is None:
                continue
            for candidate in self.store.skeleton_keys(skel):
                # Consonant skeletons collide ("Qousseir" ~ Kayseri and Qusayr): the closer
                # spelling ranks first ("Qoussair", an alternate name of Qusayr).
                closeness = difflib.SequenceMatcher(None, key, candidate).ratio()
                hits.extend(
                    (entry, lang, closeness)
                    for entry, lang in self._hits(candidate)
                    if self._reachable(entry, lang, language, context)
                )
        return hits

    def _typo_hits(
        self, keys: list[str], language: str, context: Context
    ) -> list[tuple[Entry, str, float]]:
        hits: list[tuple[Entry, str, float]] = []
        scopes = [c for c in (context.focus_country, *sorted(context.countries)) if c]
        for key in keys:
            if sum(c.isalpha() for c in key) < MIN_FUZZY:
                continue
            # The story's countries first (their villages too), then prominent places.
            for scope in [*dict.fromkeys(scopes), None]:
                for candidate in self._typo_index(scope).near(key):
                    # One edit in a short name changes much of it: "Radaa" is no "Radam".
                    closeness = difflib.SequenceMatcher(None, key, candidate).ratio()
                    hits.extend(
                        (entry, lang, closeness)
                        for entry, lang in self._hits(candidate)
                        if self._reachable(entry, lang, language, context)
                    )
                if hits:
                    break
        return hits

    def _rank(
        self,
        hits: Iterable[tuple[Entry, str, float]],
        language: str,
        context: Context,
        kinds: Collection[Kind] | None,
        tier: Tier,
    ) -> list[Candidate]:
        best: dict[int, Candidate] = {}
        for entry, lang, closeness in hits:
            if kinds is not None and entry.kind not in kinds:
                continue
            own = lang in ("", language)
            old = best.get(entry.id)
            if old is not None:
                own = own or old.own_language
                closeness = max(closeness, old.closeness)
            best[entry.id] = Candidate(entry, tier, closeness, own)
        # A town and the division named after it ("Gao", "Idleb", "Ménaka"): the bare name
        # is the town, so the division weighs as much as the town and loses the tie.
        towns: dict[str, int] = {}
        for candidate in best.values():
            if candidate.entry.kind == "city":
                country = candidate.entry.country
                towns[country] = max(towns.get(country, 0), candidate.entry.population)
        distances = self._distances(best.values(), context)
        # Nearness decides only between places far apart (Tripoli in Lebanon or in Libya),
        # not between a town and its own province a few dozen km away.
        ranking = self.ranking
        spread = bool(distances) and max(distances.values()) > ranking.near_spread_km
        # ... and not for a small town against a large city of that name: "Mykolaiv" is the
        # city of 470,000 even in a paragraph whose other places lie near a village of 14,000.
        largest = max((c.entry.population for c in best.values()), default=0)
        scored = [
            self._score(
                c,
                context,
                towns,
                distances.get(c.entry.id),
                spread and (largest < ranking.near_big_city or c.entry.population * 10 >= largest),
                # A hamlet does not take a world city's name from it because the story is
                # about the hamlet's country ("Berlin" in a story about Russia).
                dwarfed=largest >= ranking.dwarf_city
                and c.entry.population * ranking.dwarf_ratio < largest,
                near_limit=ranking.near_km,
            )
            for c in best.values()
        ]
        scored.sort(key=lambda c: (-c.score, c.entry.id))
        return scored

    @staticmethod
    def _distances(candidates: Iterable[Candidate], context: Context) -> dict[int, float]:
        """km from each candidate to the nearest place of the context's anchors."""
        if not context.anchors:
            return {}
        return {
            c.entry.id: min(
                haversine_km(c.entry.lat, c.entry.lon, a, b) for a, b in context.anchors
            )
            for c in candidates
            if c.entry.lat is not None and c.entry.lon is not None
        }

    @staticmethod
    def _score(
        candidate: Candidate,
        context: Context,
        towns: dict[str, int] | None = None,
        near_km: float | None = None,
        spread: bool = False,
        dwarfed: bool = False,
        near_limit: float = 250.0,
    ) -> Candidate:
        entry = candidate.entry
        population = entry.population
        if entry.kind == "region" and towns and entry.country in towns:
            population = towns[entry.country]
        admin = (entry.country, entry.admin1_code) in context.admin1 if entry.admin1_code else False
        nearby = entry.country in context.countries and not dwarfed
        focus = bool(context.focus_country) and entry.country == context.focus_country
        focus = focus and not dwarfed
        score = (
            W_ADMIN * admin
            + W_COUNTRY_NEARBY * nearby
            + W_FOCUS * focus
            + W_NEAR * (spread and near_km is not None and near_km <= near_limit)
            + (W_CLOSENESS_TENTH if candidate.tier == "exact" else W_LOOSE_TENTH)
            * round(candidate.closeness * 10)
            + W_LANGUAGE * candidate.own_language
            + math.log10(population + 1) / POPULATION_SCALE
            + _KIND_BONUS[entry.kind]
        )
        return Candidate(
            entry,
            candidate.tier,
            candidate.closeness,
            candidate.own_language,
            admin_nearby=admin,
            country_nearby=nearby,
            focus=focus,
            near_km=near_km,
            score=round(score, 4),
        )


def place_of(entry: Entry, text: str) -> Place:
    """The Place record of a gazetteer entry, as named by `text`."""
    return Place(
        text=text,
        name=entry.name,
        geonames_id=entry.geonames_id,
        lat=entry.lat,
        lon=entry.lon,
        country=entry.country or None,
        admin1=entry.admin1,
        precision=_PRECISION[entry.kind],
        feature_code=entry.feature_code or None,
    )


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The shared gazetteer of the process (the store the settings name), opened on first
    use — and built then, if this machine has none yet."""
    return Gazetteer()
