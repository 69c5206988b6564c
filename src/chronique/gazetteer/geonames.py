"""Loading GeoNames dumps and user TSVs into the gazetteer store.

GeoNames files (https://download.geonames.org/export/dump/, CC BY 4.0), plain or zipped,
recognised by name (or given a kind), tab-separated, in GeoNames' column order:

- `countries` — countryInfo.txt (lines starting with # are comments): ISO, ISO3,
  ISO-numeric, fips, name, capital, area, population, continent, tld, currency code,
  currency name, phone, postal format, postal regex, languages, geonameid, neighbours,
  equivalent fips;
- `admin1` — admin1CodesASCII.txt: CC.code, name, ascii name, geonameid;
- `admin2` — admin2Codes.txt: CC.admin1.admin2, name, ascii name, geonameid;
- `places` — allCountries.txt, a country file (SY.txt) or cities500.txt: geonameid, name,
  asciiname, alternatenames (comma-separated), latitude, longitude, feature class, feature
  code, country code, cc2, admin1, admin2, admin3, admin4, population, elevation, dem,
  timezone, modification date;
- `alternate_names` — alternateNamesV2.txt (or V1, 8 columns): alternateNameId, geonameid,
  isolanguage, alternate name, isPreferredName, isShortName, isColloquial, isHistoric,
  from, to.

Loads stream the file line by line and write in batched transactions; a malformed line is
counted and the first ones are reported with their line number and reason, never fatal.
Several files load in dependency order (countries, divisions, places, then alternate names,
which only attach to places already in the store).

User places (`chronique gazetteer add FILE.tsv`): see `USER_COLUMNS`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from chronique.gazetteer.countries import alpha3_of_alpha2
from chronique.gazetteer.normalize import fold, name_key
from chronique.gazetteer.schema import INSERT_ADMIN, INSERT_NAME, INSERT_PLACE, INSERT_SKELETON
from chronique.gazetteer.shipped import is_prominent, usable_alternate
from chronique.gazetteer.store import (
    GazetteerError,
    StoreConfig,
    ensure_store,
    locked,
    skeleton_of,
    substitutions,
)

LoadKind = Literal["countries", "admin1", "admin2", "places", "alternate_names", "user"]
LOAD_ORDER: tuple[LoadKind, ...] = (
    "countries",
    "admin1",
    "admin2",
    "places",
    "alternate_names",
    "user",
)
# Pseudo-languages of alternateNames that are codes or links, not names a text would use.
SKIPPED_LANGUAGES = frozenset(
    {"link", "post", "iata", "icao", "faac", "fr_1793", "unlc", "wkdt", "tcid", "abbr"}
)
# Columns of a user TSV, in order; only the first four are required. A first line naming
# the columns ("name<TAB>country<TAB>...") is allowed, as are comment lines starting with #.
USER_COLUMNS = (
    "name",  # the place's name
    "country",  # ISO 3166-1 alpha-3 (SYR) or alpha-2 (SY)
    "lat",  # decimal degrees
    "lon",
    "feature_code",  # GeoNames feature code; empty: PPL (a populated place)
    "population",  # empty: 0
    "geonames_id",  # empty: a new place with a local id; given: adds to that place
    "alternate_names",  # "|"-separated, any language
    "admin1",  # GeoNames admin1 code
)
MAX_REPORTED_ERRORS = 20
COMMIT_EVERY = 10  # batches of `gazetteer_load_batch` rows per transaction
Progress = Callable[[str, int, int], None]  # (what, bytes done, bytes in all)
_COUNTRY_FILE = re.compile(r"^[A-Z]{2}$")
# An alternate name attaches to a place already in the store, with its population.
_INSERT_NAME_IF_PLACE = (
    "INSERT OR IGNORE INTO names (key, population, place_id, language, source) "
    "SELECT ?, population, id, ?, ? FROM places WHERE id = ?"
)


@dataclass(slots=True)
class LoadReport:
    """What one file added: rows written, lines skipped (and why), malformed lines."""

    path: str
    kind: LoadKind
    rows: int = 0
    names: int = 0
    skipped: int = 0
    errors: int = 0
    seconds: float = 0.0
    first_errors: list[str] = field(default_factory=list)
    note: str = ""

    def error(self, line_number: int, reason: str) -> None:
        self.errors += 1
        if len(self.first_errors) < MAX_REPORTED_ERRORS:
            self.first_errors.append(f"line {line_number}: {reason}")


def detect_kind(path: Path) -> LoadKind:
    """The kind of a GeoNames file from its name (inside a zip: its first .txt member)."""
    name = path.name
    if name.lower().endswith(".zip"):
        member = _zip_member(path)
        name = member
    stem = Path(name).stem
    lowered = stem.lower()
    if lowered.startswith("countryinfo"):
        return "countries"
    if lowered.startswith("admin1codes"):
        return "admin1"
    if lowered.startswith("admin2codes"):
        return "admin2"
    if lowered.startswith("alternatenames"):
        return "alternate_names"
    if (
        lowered.startswith(("allcountries", "cities"))
        or lowered == "no-country"
        or _COUNTRY_FILE.match(stem)
    ):
        return "places"
    if path.suffix.lower() == ".tsv":
        return "user"
    raise GazetteerError(
        f"{path}: not a GeoNames file name I know (allCountries.txt, XX.txt, cities500.txt, "
        "alternateNamesV2.txt, admin1CodesASCII.txt, admin2Codes.txt, countryInfo.txt); "
        "pass --kind to say what it is"
    )


def _zip_member(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if m.endswith(".txt")]
    except (OSError, zipfile.BadZipFile) as exc:
        raise GazetteerError(f"{path}: not a readable zip file: {exc}") from exc
    # alternateNamesV2.zip also holds iso-languagecodes.txt: prefer the data file.
    wanted = [m for m in members if not m.startswith(("iso-", "readme"))]
    if not wanted:
        raise GazetteerError(f"{path}: the zip holds no GeoNames .txt file")
    return wanted[0]


@contextlib.contextmanager
def _lines(path: Path) -> Iterator[tuple[int, Iterator[bytes]]]:
    """(total bytes, raw lines) of a plain or zipped file."""
    if path.name.lower().endswith(".zip"):
        member = _zip_member(path)
        with zipfile.ZipFile(path) as archive:
            total = archive.getinfo(member).file_size
            with archive.open(member) as handle:
                yield total, iter(handle)
        return
    with open(path, "rb") as raw:
        yield path.stat().st_size, iter(raw)


class Loader:
    """Writes GeoNames files and user TSVs into the store at `config.path`.

    Takes the store's lock for its lifetime (a rebuild waits for it); builds the store first
    if there is none.
    """

    def __init__(self, config: StoreConfig, progress: Progress | None = None) -> None:
        self.config = config
        self.progress = progress
        self.pairs = substitutions()
        self.alpha3 = dict(alpha3_of_alpha2())
        self._batches = 0
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> Loader:
        ensure_store(self.config)
        self._stack.enter_context(locked(self.config.path))
        try:
            self.db = sqlite3.connect(self.config.path, timeout=60)
        except sqlite3.Error as exc:
            self._stack.close()
            raise GazetteerError(f"cannot open {self.config.path}: {exc}") from exc
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA cache_size = -262144")  # 256 MB while loading
        extra = self.db.execute("SELECT value FROM meta WHERE key = 'iso2_iso3'").fetchone()
        if extra:
            self.alpha3.update(json.loads(extra[0]))
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.db.execute("PRAGMA optimize")
            self.db.close()
        finally:
            self._stack.close()

    # ------------------------------------------------------------------ driver

    def load(self, paths: Sequence[Path], kind: LoadKind | None = None) -> list[LoadReport]:
        """Load every file, in dependency order; one report per file."""
        for path in paths:
            if not path.is_file():
                raise GazetteerError(f"no file at {path}")
        kinds = [(kind or detect_kind(p), p) for p in paths]
        kinds.sort(key=lambda pair: LOAD_ORDER.index(pair[0]))
        return [self.load_file(p, k) for k, p in kinds]

    def load_file(self, path: Path, kind: LoadKind) -> LoadReport:
        report = LoadReport(path=str(path), kind=kind)
        started = time.perf_counter()
        reader: Callable[[Iterator[tuple[int, list[str]]], LoadReport], None] = {
            "countries": self._countries,
            "admin1": self._admin1,
            "admin2": self._admin2,
            "places": self._places,
            "alternate_names": self._alternate_names,
            "user": self._user,
        }[kind]
        with _lines(path) as (total, raw):
            reader(self._rows(raw, total, path.name, report), report)
        report.seconds = round(time.perf_counter() - started, 2)
        self.db.execute(
            "INSERT INTO loads (path, kind, rows, skipped, errors, seconds, loaded_at, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(path.resolve()),
                kind,
                report.rows,
                report.skipped,
                report.errors,
                report.seconds,
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                json.dumps({"names": report.names, "first_errors": report.first_errors}),
            ),
        )
        self.db.commit()
        return report

    def _rows(
        self, raw: Iterator[bytes], total: int, what: str, report: LoadReport
    ) -> Iterator[tuple[int, list[str]]]:
        """(line number, columns) of each data line; undecodable lines are errors."""
        done = 0
        step = max(total // 200, 1 << 20)
        next_report = step
        for number, line in enumerate(raw, 1):
            done += len(line)
            if self.progress is not None and done >= next_report:
                self.progress(what, done, total)
                next_report = done + step
            try:
                text = line.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                report.error(number, f"not UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            if not text.strip() or text.startswith("#"):
                continue
            yield number, text.split("\t")
        if self.progress is not None:
            self.progress(what, total, total)

    # ------------------------------------------------------------------ writers

    def _flush(self, sql: str, rows: list[tuple[object, ...]]) -> int:
        """Write a batch; returns the rows actually inserted or replaced."""
        if not rows:
            return 0
        before = self.db.total_changes
        self.db.executemany(sql, rows)
        changed = self.db.total_changes - before
        rows.clear()
        return changed

    def _write_names(
        self, names: list[tuple[object, ...]], sql: str = INSERT_NAME
    ) -> tuple[int, int]:
        """Write name rows and the skeletons of their keys; (rows written, rows given)."""
        given = len(names)
        skeletons = {
            (skel, key)
            for key in {str(row[0]) for row in names}
            if (skel := skeleton_of(key, self.pairs)) is not None
        }
        written = self._flush(sql, names)
        self._flush(INSERT_SKELETON, list(skeletons))
        # A commit every few batches: each one writes the journal and syncs.
        self._batches += 1
        if self._batches % COMMIT_EVERY == 0:
            self.db.commit()
        return written, given

    def _names_of(
        self, place_id: int, population: int, forms: Sequence[str], language: str, source: str
    ) -> list[tuple[object, ...]]:
        keys = {name_key(f) for f in forms if f and usable_alternate(f)}
        keys.discard("")
        return [(key, population, place_id, language, source) for key in keys]

    def _prominent(self, fclass: str, fcode: str, population: int, source: str) -> int:
        threshold = self.config.prominent_population
        return int(is_prominent(fclass, fcode, population, source, threshold))

    # ------------------------------------------------------------------ GeoNames files

    def _countries(self, rows: Iterator[tuple[int, list[str]]], report: LoadReport) -> None:
        mapping: dict[str, str] = {}
        places: list[tuple[object, ...]] = []
        names: list[tuple[object, ...]] = []
        for number, cols in rows:
            if len(cols) < 17:
                report.error(number, f"{len(cols)} columns, countryInfo has 19")
                continue
            iso2, iso3, name, population, geonameid = cols[0], cols[1], cols[4], cols[7], cols[16]
            if not (len(iso2) == 2 and len(iso3) == 3 and geonameid.isdigit()):
                report.error(number, f"bad ISO codes or geonameid: {iso2!r} {iso3!r} {geonameid!r}")
                continue
            mapping[iso2] = iso3
            pid = int(geonameid)
            pop = int(population) if population.isdigit() else 0
            existing = self.db.execute(
                "SELECT lat, lon FROM places WHERE id = ?", (pid,)
            ).fetchone()
            lat, lon = existing if existing else (None, None)
            places.append(
                (pid, name, fold(name), "A", "PCLI", iso3, "", "", lat, lon, pop, "geonames", 1)
            )
            names.extend(self._names_of(pid, pop, [name], "en", "geonames"))
            report.rows += 1
        self.alpha3.update(mapping)
        self.db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('iso2_iso3', ?)",
            (json.dumps(mapping),),
        )
        self._flush(INSERT_PLACE, places)
        report.names += self._write_names(names)[0]

    def _admin(self, rows: Iterator[tuple[int, list[str]]], report: LoadReport, level: int) -> None:
        batch: list[tuple[object, ...]] = []
        parts_wanted = level + 1
        for number, cols in rows:
            if len(cols) < 4:
                report.error(number, f"{len(cols)} columns, admin codes have 4")
                continue
            parts = cols[0].split(".")
            if len(parts) != parts_wanted or not cols[3].strip().isdigit():
                report.error(number, f"bad code {cols[0]!r} or geonameid {cols[3]!r}")
                continue
            country = self.alpha3.get(parts[0])
            if country is None:
                report.skipped += 1
                continue
            code = ".".join(parts[1:])
            batch.append((country, level, code, cols[1], cols[2], int(cols[3]), "geonames"))
            report.rows += 1
        self._flush(INSERT_ADMIN, batch)
        self.db.commit()

    def _admin1(self, rows: Iterator[tuple[int, list[str]]], report: LoadReport) -> None:
        self._admin(rows, report, 1)

    def _admin2(self, rows: Iterator[tuple[int, list[str]]], report: LoadReport) -> None:
        self._admin(rows, report, 2)

    def _places(self, rows: Iterator[tuple[int, list[str]]], report: LoadReport) -> None:
        batch_size = self.config.load_batch
        places: list[tuple[object, ...]] = []
        names: list[tuple[object, ...]] = []
        for number, cols in rows:
            if len(cols) != 19:
                report.error(number, f"{len(cols)} columns, a GeoNames place has 19")
                continue
            try:
                pid = int(cols[0])
                lat, lon = float(cols[4]), float(cols[5])
                population = int(cols[14]) if cols[14] else 0
            except ValueError as exc:
                report.error(number, f"bad number: {exc}")
                continue
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                report.error(number, f"coordinates out of range: {lat}, {lon}")
                continue
            fclass, fcode = cols[6], cols[7]
            country = self.alpha3.get(cols[8], "") if cols[8] else ""
            name = cols[1]
            prominent = self._prominent(fclass, fcode, population, "geonames")
            places.append(
                (
                    *(pid, name, cols[2] or fold(name), fclass, fcode, country),
                    *(cols[10], cols[11], lat, lon, population, "geonames", prominent),
                )
            )
            forms = [name, cols[2], *cols[3].split(",")] if cols[3] else [name, cols[2]]
            names.extend(self._names_of(pid, population, forms, "", "geonames"))
            if len(places) >= batch_size:
                report.rows += self._flush(INSERT_PLACE, places)
                report.names += self._write_names(names)[0]
        report.rows += self._flush(INSERT_PLACE, places)
        report.names += self._write_names(names)[0]

    def _alternate_names(self, rows: Iterator[tuple[int, list[str]]], report: LoadReport) -> None:
        batch_size = self.config.load_batch
        names: list[tuple[object, ...]] = []
        for number, cols in rows:
            if len(cols) not in (8, 10):
                report.error(number, f"{len(cols)} columns, alternateNames has 8 (V1) or 10 (V2)")
                continue
            if not cols[1].isdigit():
                report.error(number, f"bad geonameid {cols[1]!r}")
                continue
            language, name = cols[2].lower(), cols[3]
            if language in SKIPPED_LANGUAGES or not usable_alternate(name):
                report.skipped += 1
                continue
            key = name_key(name)
            if not key:
                report.skipped += 1
                continue
            pid = int(cols[1])
            names.append((key, language, "geonames", pid))
            if len(names) >= batch_size:
                written, given = self._write_names(names, _INSERT_NAME_IF_PLACE)
                report.rows += written
                report.skipped += given - written
        written, given = self._write_names(names, _INSERT_NAME_IF_PLACE)
        report.rows += written
        report.skipped += given - written
        report.names = report.rows
        if report.skipped:
            report.note = "skipped: codes and links, unusable names, places not in the store"

    # ------------------------------------------------------------------ user TSV

    def _user(self, rows: Iterator[tuple[int, list[str]]], report: LoadReport) -> None:
        (lowest,) = self.db.execute("SELECT min(id) FROM places").fetchone()
        next_id = min(int(lowest or 0), 0) - 1
        places: list[tuple[object, ...]] = []
        names: list[tuple[object, ...]] = []
        first = True
        for number, cols in rows:
            if first and cols[0].strip().lower() == "name":
                first = False
                continue  # the optional header
            first = False
            parsed = self._user_row(cols)
            if isinstance(parsed, str):
                report.error(number, parsed)
                continue
            name, country, lat, lon, fcode, population, gid, alternates, admin1 = parsed
            pid = gid if gid is not None else next_id
            if gid is None:
                next_id -= 1
            fclass = _feature_class(fcode)
            prominent = self._prominent(fclass, fcode, population, "user")
            places.append(
                (
                    *(pid, name, fold(name), fclass, fcode, country, admin1, "", lat, lon),
                    *(population, "user", prominent),
                )
            )
            names.extend(self._names_of(pid, population, [name, *alternates], "", "user"))
            report.rows += 1
        self._flush(INSERT_PLACE, places)
        report.names += self._write_names(names)[0]

    def _user_row(
        self, cols: list[str]
    ) -> tuple[str, str, float, float, str, int, int | None, list[str], str] | str:
        if len(cols) < 4:
            return f"{len(cols)} columns, need at least name, country, lat, lon"
        if len(cols) > len(USER_COLUMNS):
            return f"{len(cols)} columns, at most {len(USER_COLUMNS)}: {', '.join(USER_COLUMNS)}"
        cols = [c.strip() for c in cols] + [""] * (len(USER_COLUMNS) - len(cols))
        name, country, lat_text, lon_text, fcode, pop, gid, alternates, admin1 = cols
        if not name_key(name):
            return "empty name"
        if len(country) == 2:
            country = self.alpha3.get(country.upper(), "")
        if len(country) != 3 or not country.isalpha():
            return f"country {cols[1]!r} is not an ISO 3166 alpha-3 or alpha-2 code"
        try:
            lat, lon = float(lat_text), float(lon_text)
        except ValueError:
            return f"lat/lon {lat_text!r}, {lon_text!r} are not numbers"
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return f"coordinates out of range: {lat}, {lon}"
        if pop and not pop.isdigit():
            return f"population {pop!r} is not a whole number"
        if gid and not gid.isdigit():
            return f"geonames_id {gid!r} is not a whole number"
        forms = [a.strip() for a in alternates.split("|") if a.strip()]
        return (
            name,
            country.upper(),
            lat,
            lon,
            fcode.upper() or "PPL",
            int(pop or 0),
            int(gid) if gid else None,
            forms,
            admin1,
        )


def _feature_class(code: str) -> str:
    """The GeoNames feature class of a feature code a user wrote."""
    if code.startswith(("PPL", "STLMT")):
        return "P"
    if code.startswith(("ADM", "PCL", "TERR", "ZN", "PRSH")):
        return "A"
    if code in ("RGN", "AREA", "OAS", "RESV", "LCTY", "CST", "CMN", "PRT", "MILB"):
        return "L"
    if code.startswith(("MT", "HLL", "PK", "VAL", "DSRT", "PLN", "PLAT", "ISL", "PASS")):
        return "T"
    if code.startswith(("STM", "LK", "SEA", "BAY", "WAD", "RSV", "GULF", "CNL")):
        return "H"
    return "S"
