"""The gazetteer store's SQLite schema (its own file, apart from the event store).

One row per place in `places` (GeoNames ids as primary keys; places the team or a user adds
without a GeoNames id take negative ids), every name of every place in `names` under its
folded key (`normalize.name_key`), one transliteration skeleton per key in `skeletons`, the
names of administrative codes in `admin_codes`, and what was loaded when in `loads`.

`names` and `skeletons` are WITHOUT ROWID tables whose primary key starts with the looked-up
column: a lookup is one B-tree descent plus a short range scan, with no separate index. The
names' key is followed by the place's population, so the most populous places of a common
name come first without sorting thousands of rows.
"""

from __future__ import annotations

# Bumped when the DDL or the meaning of a column changes: a store of another version is
# rebuilt (user and GeoNames loads are carried over, see `store.py`).
SCHEMA_VERSION = 2

DDL = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS places (
    id            INTEGER PRIMARY KEY,   -- GeoNames id, or < 0 for a place without one
    name          TEXT NOT NULL,
    ascii_name    TEXT NOT NULL,
    feature_class TEXT NOT NULL,         -- GeoNames class: A P L S T H R U V
    feature_code  TEXT NOT NULL,         -- GeoNames code: PPLC, ADM1, PCLI, AIRB, ...
    country       TEXT NOT NULL,         -- ISO 3166-1 alpha-3 ('' for none)
    admin1        TEXT NOT NULL,         -- GeoNames admin1 code ('' for none)
    admin2        TEXT NOT NULL,         -- GeoNames admin2 code ('' for none)
    lat           REAL,
    lon           REAL,
    population    INTEGER NOT NULL,
    source        TEXT NOT NULL,         -- shipped | geonames | user
    prominent     INTEGER NOT NULL       -- 1: fuzzy matches may reach it from anywhere
);
CREATE INDEX IF NOT EXISTS places_country ON places (country, prominent);
CREATE INDEX IF NOT EXISTS places_prominent ON places (prominent);
CREATE TABLE IF NOT EXISTS names (
    key        TEXT NOT NULL,            -- normalize.name_key of the name
    population INTEGER NOT NULL,         -- the place's, copied: a key's places are read
    --                                      most populous first from this primary key
    place_id   INTEGER NOT NULL,
    language   TEXT NOT NULL,            -- ISO 639 code, or '' when unknown
    source     TEXT NOT NULL,
    PRIMARY KEY (key, population, place_id, language)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_place ON names (place_id);
CREATE TABLE IF NOT EXISTS skeletons (
    skeleton TEXT NOT NULL,              -- normalize.skeleton of the key
    key      TEXT NOT NULL,
    PRIMARY KEY (skeleton, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS admin_codes (
    country     TEXT NOT NULL,           -- ISO alpha-3
    level       INTEGER NOT NULL,        -- 1 or 2
    code        TEXT NOT NULL,           -- admin1 code, or "admin1.admin2" for level 2
    name        TEXT NOT NULL,
    ascii_name  TEXT NOT NULL,
    geonames_id INTEGER,
    source      TEXT NOT NULL,
    PRIMARY KEY (country, level, code)
);
CREATE TABLE IF NOT EXISTS loads (
    id        INTEGER PRIMARY KEY,
    path      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    rows      INTEGER NOT NULL,
    skipped   INTEGER NOT NULL,
    errors    INTEGER NOT NULL,
    seconds   REAL NOT NULL,
    loaded_at TEXT NOT NULL,
    detail    TEXT NOT NULL              -- JSON: the first malformed lines and why
);
"""

PLACE_COLUMNS = (
    "id",
    "name",
    "ascii_name",
    "feature_class",
    "feature_code",
    "country",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "population",
    "source",
    "prominent",
)
INSERT_PLACE = (
    f"INSERT OR REPLACE INTO places ({', '.join(PLACE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in PLACE_COLUMNS)})"
)
INSERT_NAME = (
    "INSERT OR IGNORE INTO names (key, population, place_id, language, source) "
    "VALUES (?, ?, ?, ?, ?)"
)
INSERT_SKELETON = "INSERT OR IGNORE INTO skeletons (skeleton, key) VALUES (?, ?)"
INSERT_ADMIN = (
    "INSERT OR REPLACE INTO admin_codes "
    "(country, level, code, name, ascii_name, geonames_id, source) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
