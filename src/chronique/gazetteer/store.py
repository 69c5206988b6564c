"""The gazetteer store: one SQLite file, built on first use, rebuilt when the shipped data
changes, extended by `chronique gazetteer load` / `add`.

Where it lives: the `path` given, else `$CHRONIQUE_GAZETTEER`, else the setting
`gazetteer_path`, else `$XDG_CACHE_HOME/chronique/gazetteer.sqlite` (`~/.cache/...`).

Building is safe when several worker processes start at once: the first takes an exclusive
lock beside the file, builds into a temporary file and renames it into place (an atomic
rename on POSIX); the others wait on the lock, then find the store current. A reader that
opened the old file keeps reading it. A rebuild carries over every row that a user loaded
(GeoNames dumps, user TSVs): only the shipped rows are rebuilt.

The file uses SQLite's rollback journal, not WAL: a WAL file left beside the old database
would be replayed into the renamed new one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chronique.errors import ChroniqueError
from chronique.gazetteer.normalize import MIN_SKELETON, read_tsv, skeleton
from chronique.gazetteer.schema import DDL, PLACE_COLUMNS, SCHEMA_VERSION
from chronique.gazetteer.shipped import build_shipped, is_prominent, shipped_version

if TYPE_CHECKING:
    from chronique.settings import Settings

ENV_PATH = "CHRONIQUE_GAZETTEER"
MIN_FUZZY = 5  # letters: shorter keys get no skeleton (too many neighbours)
# Columns of a lookup hit, in this order (see `GazetteerStore.hits`).
HIT_COLUMNS = (
    "language",
    "id",
    "name",
    "feature_class",
    "feature_code",
    "country",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "population",
    "prominent",
)
_HIT_COLUMNS_SQL = (
    "SELECT n.language, p.id, p.name, p.feature_class, p.feature_code, p.country, p.admin1, "
    "p.admin2, p.lat, p.lon, p.population, p.prominent "
    "FROM names AS n JOIN places AS p ON p.id = n.place_id WHERE n.key = ?"
)
# The most populous first: a name borne by thousands of places ("San José", a common
# village name) is cut to the largest, and a country's own are read apart (hits_in).
_HIT_SQL = _HIT_COLUMNS_SQL + " ORDER BY n.population DESC LIMIT ?"
_HIT_IN_SQL = _HIT_COLUMNS_SQL + " AND p.country = ? ORDER BY n.population DESC LIMIT ?"


class GazetteerError(ChroniqueError):
    """The gazetteer store cannot be built, opened or loaded."""


def default_path(configured: str = "") -> Path:
    """The store's path when none is given (see the module docstring for the order)."""
    if os.environ.get(ENV_PATH):
        return Path(os.environ[ENV_PATH]).expanduser()
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "chronique" / "gazetteer.sqlite"


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """What the store needs from the settings (`settings.toml`, keys `gazetteer_*`)."""

    path: Path
    cities: int = 500
    prominent_population: int = 15000
    cache_names: int = 50_000
    max_hits: int = 50
    load_batch: int = 20_000

    @classmethod
    def from_settings(
        cls, settings: Settings | None = None, path: str | Path | None = None
    ) -> StoreConfig:
        from chronique.settings import Settings

        s = settings or Settings.load()
        return cls(
            path=Path(path).expanduser() if path else default_path(s.gazetteer_path),
            cities=s.gazetteer_cities,
            prominent_population=s.gazetteer_prominent_population,
            cache_names=s.gazetteer_cache_names,
            max_hits=s.gazetteer_max_hits,
            load_batch=s.gazetteer_load_batch,
        )

    @property
    def version(self) -> str:
        return shipped_version(self.cities, self.prominent_population)


def substitutions() -> list[tuple[str, str]]:
    """The transliteration pairs of `variants.tsv` ("sub" rows), in file order."""
    return [(old, new) for kind, old, new in read_tsv("gazetteer", "variants.tsv") if kind == "sub"]


def skeleton_of(key: str, pairs: list[tuple[str, str]]) -> str | None:
    """The skeleton stored for a key, or None for keys too short to be matched loosely."""
    if len(key) < MIN_FUZZY or sum(map(str.isalpha, key)) < MIN_FUZZY:
        return None
    skel = skeleton(key, pairs)
    return skel if len(skel.lstrip("_")) >= MIN_SKELETON else None


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock beside the store, held by whoever builds or writes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # not POSIX: the atomic rename still keeps readers safe
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _meta(path: Path) -> dict[str, str] | None:
    """The meta table of the store at `path`, or None if there is no readable store."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            return dict(db.execute("SELECT key, value FROM meta").fetchall())
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return None


def _is_current(path: Path, version: str) -> bool:
    meta = _meta(path)
    return meta is not None and meta.get("shipped_version") == version


def ensure_store(config: StoreConfig) -> bool:
    """Build or rebuild the store when it is missing or stale; True if it (re)built it."""
    version = config.version
    if _is_current(config.path, version):
        return False
    try:
        with locked(config.path):
            if _is_current(config.path, version):  # another process built it meanwhile
                return False
            _rebuild(config, version)
    except OSError as exc:
        raise GazetteerError(f"cannot build the gazetteer at {config.path}: {exc}") from exc
    return True


def register_functions(db: sqlite3.Connection, prominent_population: int) -> None:
    pairs = substitutions()
    db.create_function("chronique_skeleton", 1, lambda k: skeleton_of(k, pairs), deterministic=True)

    def prominent(fclass: str, fcode: str, population: int, source: str) -> int:
        return int(is_prominent(fclass, fcode, population, source, prominent_population))

    db.create_function("chronique_prominent", 4, prominent, deterministic=True)


def _rebuild(config: StoreConfig, version: str) -> None:
    started = time.perf_counter()
    path = config.path
    tmp = path.with_name(f".{path.name}.{os.getpid()}.building")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.execute("PRAGMA journal_mode = OFF")  # a temporary file: a crash just loses it
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(DDL)
        register_functions(db, config.prominent_population)
        counts = build_shipped(db, config.cities, config.prominent_population)
        carried = _carry_over(db, path)
        db.execute(
            "INSERT OR IGNORE INTO skeletons (skeleton, key) SELECT s, key FROM "
            "(SELECT key, chronique_skeleton(key) AS s FROM (SELECT DISTINCT key FROM names)) "
            "WHERE s IS NOT NULL"
        )
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "shipped_version": version,
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "build_seconds": f"{time.perf_counter() - started:.1f}",
            "carried_over": json.dumps(carried),
            "shipped_counts": json.dumps(counts),
        }
        db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", meta.items())
        db.commit()
        db.execute("ANALYZE")
        db.execute("PRAGMA journal_mode = DELETE")
        db.commit()
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    db.close()
    os.replace(tmp, path)


def _carry_over(db: sqlite3.Connection, old: Path) -> dict[str, Any]:
    """Copy what users loaded into the old store (every non-shipped row) into the new one."""
    meta = _meta(old)
    if meta is None:
        return {"rows": 0, "note": "no earlier store" if not old.exists() else "unreadable"}
    if meta.get("schema_version") != str(SCHEMA_VERSION):
        return {"rows": 0, "note": f"schema {meta.get('schema_version')} not carried over"}
    db.commit()
    db.execute("ATTACH DATABASE ? AS old", (f"file:{old}?mode=ro",))
    try:
        columns = ", ".join(PLACE_COLUMNS)
        rows = 0
        for sql in (
            f"INSERT OR REPLACE INTO places ({columns}) SELECT {columns} FROM old.places "
            "WHERE source != 'shipped'",
            "INSERT OR IGNORE INTO names (key, population, place_id, language, source) "
            "SELECT key, population, place_id, language, source FROM old.names "
            "WHERE source != 'shipped'",
            "INSERT OR REPLACE INTO admin_codes SELECT * FROM old.admin_codes "
            "WHERE source != 'shipped'",
            "INSERT INTO loads SELECT * FROM old.loads",
        ):
            rows += db.execute(sql).rowcount
        # The prominence threshold may have changed with the settings.
        db.execute(
            "UPDATE places SET prominent = "
            "chronique_prominent(feature_class, feature_code, population, source) "
            "WHERE source != 'shipped'"
        )
        db.commit()
    finally:
        db.execute("DETACH DATABASE old")
    return {"rows": rows}


class GazetteerStore:
    """Read access to the store, one connection per process and thread."""

    def __init__(self, config: StoreConfig, *, build: bool = True) -> None:
        self.config = config
        self.path = config.path
        started = time.perf_counter()
        self.built = ensure_store(config) if build else False
        if not self.path.is_file():
            raise GazetteerError(f"no gazetteer store at {self.path}")
        self._local = threading.local()
        self.open_seconds = time.perf_counter() - started

    # ------------------------------------------------------------------ connections

    def connection(self) -> sqlite3.Connection:
        """This thread's read-only connection (reopened after a fork)."""
        local = self._local
        db: sqlite3.Connection | None = getattr(local, "db", None)
        if db is None or getattr(local, "pid", None) != os.getpid():
            try:
                db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            except sqlite3.Error as exc:
                raise GazetteerError(f"cannot open the gazetteer {self.path}: {exc}") from exc
            db.execute("PRAGMA cache_size = -32768")  # 32 MB of page cache per connection
            db.execute("PRAGMA mmap_size = 268435456")
            local.db, local.pid = db, os.getpid()
        return db

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # ------------------------------------------------------------------ lookups

    def hits(self, key: str) -> list[tuple[Any, ...]]:
        """The (name language, place…) rows whose name has this key, the most populous
        `max_hits` of them; see HIT_COLUMNS."""
        return self.connection().execute(_HIT_SQL, (key, self.config.max_hits)).fetchall()

    def hits_in(self, key: str, country: str) -> list[tuple[Any, ...]]:
        """The same, among one country's places only."""
        limit = self.config.max_hits
        return self.connection().execute(_HIT_IN_SQL, (key, country, limit)).fetchall()

    def skeleton_keys(self, skel: str) -> list[str]:
        rows = self.connection().execute("SELECT key FROM skeletons WHERE skeleton = ?", (skel,))
        return [key for (key,) in rows]

    def prominent_keys(self) -> Iterator[str]:
        """Keys of the names of prominent places (the typo tier's default candidates)."""
        rows = self.connection().execute(
            "SELECT DISTINCT n.key FROM places AS p JOIN names AS n ON n.place_id = p.id "
            "WHERE p.prominent = 1"
        )
        return (key for (key,) in rows)

    def country_keys(self, country: str) -> Iterator[str]:
        """Keys of the names of every place of one country (typos inside the story's
        country reach its villages too)."""
        rows = self.connection().execute(
            "SELECT DISTINCT n.key FROM places AS p JOIN names AS n ON n.place_id = p.id "
            "WHERE p.country = ?",
            (country,),
        )
        return (key for (key,) in rows)

    def admin1_names(self) -> dict[tuple[str, str], str]:
        """(country, admin1 code) → the division's name."""
        rows = self.connection().execute(
            "SELECT country, code, name FROM admin_codes WHERE level = 1"
        )
        return {(country, code): name for country, code, name in rows}

    def countries(self) -> dict[str, tuple[Any, ...]]:
        """ISO alpha-3 → the country's place row (HIT_COLUMNS without the language)."""
        rows = self.connection().execute(
            "SELECT '' AS language, id, name, feature_class, feature_code, country, admin1, "
            "admin2, lat, lon, population, prominent FROM places "
            "WHERE feature_code LIKE 'PCL%' ORDER BY population"
        )
        return {row[5]: row for row in rows}  # largest last: it wins a duplicate code

    def places(self, country: str, feature_class: str | None = None) -> list[tuple[Any, ...]]:
        """Every place of one country (optionally of one GeoNames feature class)."""
        sql = "SELECT id, name, feature_class, feature_code, lat, lon, population FROM places"
        sql += " WHERE country = ?" + (" AND feature_class = ?" if feature_class else "")
        params = (country, feature_class) if feature_class else (country,)
        return self.connection().execute(sql, params).fetchall()

    def place_count(self) -> int:
        (count,) = self.connection().execute("SELECT count(*) FROM places").fetchone()
        return int(count)

    # ------------------------------------------------------------------ info

    def info(self) -> dict[str, Any]:
        """Counts, size, build and the sources loaded (for `chronique gazetteer info`)."""
        db = self.connection()
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())

        def count(sql: str) -> int:
            return int(db.execute(sql).fetchone()[0])

        by_source = dict(db.execute("SELECT source, count(*) FROM places GROUP BY source"))
        by_class = dict(
            db.execute("SELECT feature_class, count(*) FROM places GROUP BY feature_class")
        )
        loads = [
            {
                "path": path,
                "kind": kind,
                "rows": rows,
                "skipped": skipped,
                "errors": errors,
                "seconds": seconds,
                "loaded_at": loaded_at,
            }
            for path, kind, rows, skipped, errors, seconds, loaded_at in db.execute(
                "SELECT path, kind, rows, skipped, errors, seconds, loaded_at FROM loads "
                "ORDER BY id"
            )
        ]
        return {
            "path": str(self.path),
            "bytes": self.path.stat().st_size,
            "places": count("SELECT count(*) FROM places"),
            "names": count("SELECT count(*) FROM names"),
            "keys_with_skeleton": count("SELECT count(*) FROM skeletons"),
            "admin_codes": count("SELECT count(*) FROM admin_codes"),
            "prominent": count("SELECT count(*) FROM places WHERE prominent = 1"),
            "places_by_source": by_source,
            "places_by_feature_class": by_class,
            "schema_version": meta.get("schema_version"),
            "shipped_version": meta.get("shipped_version"),
            "built_at": meta.get("built_at"),
            "build_seconds": meta.get("build_seconds"),
            "shipped": json.loads(meta.get("shipped", "{}")),
            "carried_over": json.loads(meta.get("carried_over", "{}")),
            "loads": loads,
        }
