"""Backup and restore of a store, the same file for both engines.

A backup is gzip-compressed JSON Lines: a header (format, schema version, the migrations
applied, the engine it came from), then for each table a line naming its columns followed
by one line per row. It is a logical copy, not the engine's own file: a SQLite store can be
restored into PostgreSQL and back, and a backup taken by an older Chronique is restored at
its own schema version and then migrated forward like any old database.

Tables are written parents first (foreign keys), so a restore inserts them in file order.
Full-text indexes and other virtual tables are not copied: they are derived data, rebuilt
from the tables they index.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chronique.errors import StoreError
from chronique.store.backend import Backend
from chronique.store.core import connect
from chronique.store.migrations import MIGRATIONS

FORMAT = "chronique-backup"
FORMAT_VERSION = 1
_BATCH = 1000

# Called with (table, rows done so far) while a backup or restore runs.
Progress = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class BackupSummary:
    path: str
    schema_version: int
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _no_progress(table: str, done: int) -> None:
    return None


# -- reading the schema -----------------------------------------------------------------------
def _tables(db: Backend) -> list[str]:
    """The store's plain tables, parents before children; no migrations log, no virtual."""
    if db.dialect == "sqlite":
        rows = db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        virtual = [n for n, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
        names = [
            n
            for n, _ in rows
            if not n.startswith("sqlite_")
            and n not in virtual
            # An FTS table keeps its index in shadow tables named after it.
            and not any(n.startswith(v + "_") for v in virtual)
        ]
        parents = {n: {r[2] for r in db.rows(f'PRAGMA foreign_key_list("{n}")')} for n in names}
    else:
        names = [
            r[0]
            for r in db.rows(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                "ORDER BY table_name"
            )
        ]
        parents = {n: set() for n in names}
        for child, parent in db.rows(
            "SELECT tc.table_name, ccu.table_name "
            "FROM information_schema.table_constraints tc "
            "JOIN information_schema.constraint_column_usage ccu "
            "  ON ccu.constraint_name = tc.constraint_name "
            " AND ccu.constraint_schema = tc.constraint_schema "
            "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()"
        ):
            if child in parents:
                parents[child].add(parent)
    names = [n for n in names if n != "schema_migrations"]
    return _parents_first(names, parents)


def _parents_first(names: list[str], parents: dict[str, set[str]]) -> list[str]:
    ordered: list[str] = []
    placed: set[str] = set()

    def place(name: str, path: tuple[str, ...]) -> None:
        if name in placed or name in path or name not in parents:
            return
        for parent in sorted(parents[name]):
            place(parent, (*path, name))
        placed.add(name)
        ordered.append(name)

    for name in names:
        place(name, ())
    return ordered


def _columns(db: Backend, table: str) -> list[str]:
    if db.dialect == "sqlite":
        return [r[1] for r in db.rows(f'PRAGMA table_info("{table}")')]
    return [
        r[0]
        for r in db.rows(
            "SELECT column_name FROM information_schema.columns "
            # A generated column (the full-text vector) is computed again on insert.
            "WHERE table_schema = current_schema() AND table_name = ? "
            "AND is_generated = 'NEVER' ORDER BY ordinal_position",
            (table,),
        )
    ]


def _schema_version(db: Backend) -> int:
    try:
        rows = db.rows("SELECT coalesce(max(version), 0) FROM schema_migrations")
    except Exception as exc:
        raise StoreError(f"{db.location} is not a Chronique store: {exc}") from exc
    return int(rows[0][0])


# -- values -------------------------------------------------------------------------------------
def _encode(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$bytes" in value:
        return base64.b64decode(value["$bytes"])
    return value


# -- backup -------------------------------------------------------------------------------------
def backup(target: Path | str, out: Path, progress: Progress = _no_progress) -> BackupSummary:
    """Write every row of the store at `target` to `out` (gzip JSON Lines)."""
    db = connect(target)
    try:
        version = _schema_version(db)
        applied = db.rows("SELECT version, name, applied_at FROM schema_migrations ORDER BY 1")
        counts: dict[str, int] = {}
        partial = out.with_name(out.name + ".partial")
        with gzip.open(partial, "wt", encoding="utf-8") as f:
            header = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "schema_version": version,
                "migrations": [list(r) for r in applied],
                "engine": db.dialect,
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
            f.write(json.dumps(header) + "\n")
            for table in _tables(db):
                columns = _columns(db, table)
                f.write(json.dumps({"table": table, "columns": columns}) + "\n")
                quoted = ", ".join(f'"{c}"' for c in columns)
                n = 0
                for row in db.stream(f'SELECT {quoted} FROM "{table}"'):
                    f.write(json.dumps([_encode(v) for v in row], ensure_ascii=False) + "\n")
                    n += 1
                    if n % _BATCH == 0:
                        progress(table, n)
                counts[table] = n
                progress(table, n)
        # Never leave a half-written file under the name asked for.
        partial.replace(out)
    finally:
        db.close()
    return BackupSummary(str(out), version, counts)


# -- restore ------------------------------------------------------------------------------------
def _lines(path: Path) -> Iterator[Any]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for lineno, line in enumerate(f, start=1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise StoreError(f"{path}: line {lineno} is not JSON: {exc}") from exc
    except (OSError, EOFError) as exc:
        raise StoreError(f"{path} is not a readable backup: {exc}") from exc


def restore(
    target: Path | str, backup_file: Path, progress: Progress = _no_progress
) -> BackupSummary:
    """Load `backup_file` into the empty store at `target`, then migrate it to this version.

    The target must hold no data: a restore never merges into a live store.
    """
    lines = _lines(backup_file)
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise StoreError(f"{backup_file} is not a Chronique backup (no {FORMAT} header)")
    if int(header.get("format_version", 0)) > FORMAT_VERSION:
        raise StoreError(f"{backup_file} was written by a newer Chronique: upgrade to restore it")
    version = int(header["schema_version"])
    known = {m.version for m in MIGRATIONS}
    if version and version not in known:
        raise StoreError(
            f"{backup_file} has schema version {version}, unknown to this Chronique "
            f"(it knows up to {max(known)}): restore it with the version that wrote it"
        )
    db = connect(target)
    counts: dict[str, int] = {}
    try:
        _migrate_to(db, version)
        _require_empty(db)
        table: str | None = None
        columns: list[str] = []
        batch: list[list[Any]] = []

        def flush() -> None:
            if table is None or not batch:
                return
            marks = ", ".join("?" * len(columns))
            quoted = ", ".join(f'"{c}"' for c in columns)
            db.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', batch)
            counts[table] = counts.get(table, 0) + len(batch)
            progress(table, counts[table])
            batch.clear()

        with db.transaction():
            for item in lines:
                if isinstance(item, dict):
                    flush()
                    table, columns = str(item["table"]), [str(c) for c in item["columns"]]
                    present = set(_columns(db, table))
                    missing = [c for c in columns if c not in present]
                    if missing:
                        raise StoreError(
                            f"{backup_file}: table {table} has columns {missing} that the "
                            f"schema at version {version} lacks: the backup is damaged"
                        )
                    counts.setdefault(table, 0)
                    db.execute(f'DELETE FROM "{table}"')
                    continue
                if table is None:
                    raise StoreError(f"{backup_file}: a row comes before any table line")
                batch.append([_decode(v) for v in item])
                if len(batch) >= _BATCH:
                    flush()
            flush()
            if db.dialect == "postgresql":
                _reset_identities(db)
    finally:
        db.close()
    # The rest of the migrations, as for any database opened by a newer Chronique.
    from chronique.store.core import Store

    with Store(target) as store:
        store.optimize()
    return BackupSummary(str(backup_file), version, counts)


def _migrate_to(db: Backend, version: int) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = {r[0] for r in db.rows("SELECT version FROM schema_migrations")}
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if done and max(done) > version:
        raise StoreError(
            f"{db.location} is already at schema version {max(done)}, past the backup's "
            f"{version}: restore into a new, empty database"
        )
    for migration in MIGRATIONS:
        if migration.version <= version and migration.version not in done:
            db.apply_migration(migration, now)


def _require_empty(db: Backend) -> None:
    # The tables of what was read; migrations may seed others (statistics), which the
    # backup's rows replace.
    for table in ("documents", "rejections"):
        if db.rows(f'SELECT 1 FROM "{table}" LIMIT 1'):
            raise StoreError(
                f"{db.location} already holds data (table {table}): restore into a new, "
                "empty database"
            )


def _reset_identities(db: Backend) -> None:
    """Rows came with their ids: move each identity/serial counter past the largest one."""
    for table, column in db.rows(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() "
        "AND (is_identity = 'YES' OR position('nextval' in coalesce(column_default, '')) = 1)"
    ):
        db.rows(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
            f'coalesce((SELECT max("{column}") FROM "{table}"), 0) + 1, false)'
        )
