"""The default engine: one SQLite file (nothing to install), or ":memory:" for tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from chronique.errors import StoreError
from chronique.store.backend import Row
from chronique.store.migrations import Dialect, Migration


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class SQLiteBackend:
    dialect: Dialect = "sqlite"

    def __init__(self, path: Path | str) -> None:
        self.location = str(path)
        try:
            # isolation_level=None: no implicit BEGIN; `transaction()` says where one starts,
            # the same way the PostgreSQL backend does.
            self.db = sqlite3.connect(self.location, timeout=60, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.location != ":memory:":
                # WAL: readers (the CLI, a web view) never block the writer of a run.
                self.db.execute("PRAGMA journal_mode = WAL")
                # In WAL mode NORMAL still never corrupts; it only skips an fsync per commit.
                self.db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.location}: {exc}") from exc

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        return [tuple(r) for r in self.db.execute(sql, args).fetchall()]

    def stream(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Row]:
        for row in self.db.execute(sql, args):
            yield tuple(row)

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        return self.db.execute(sql, args).rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.db.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock at once: a concurrent writer waits at BEGIN (up to
        # the timeout) instead of failing later with "database is locked" mid-transaction.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def apply_migration(self, migration: Migration, applied_at: str) -> None:
        # executescript() commits any open transaction before it runs, so the BEGIN … COMMIT
        # that makes the migration atomic has to be inside the script itself.
        record = (
            f"INSERT INTO schema_migrations VALUES ({migration.version}, "
            f"{_literal(migration.name)}, {_literal(applied_at)});"
        )
        try:
            self.db.executescript(
                "BEGIN;" + migration.sql_for(self.dialect) + ";" + record + "COMMIT;"
            )
        except sqlite3.Error:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    @contextmanager
    def migration_lock(self) -> Iterator[None]:
        yield

    def is_transient(self, exc: BaseException) -> bool:
        # A writer waits for the lock at BEGIN IMMEDIATE (up to the timeout): no deadlock.
        return False

    def optimize(self) -> None:
        self.db.execute("ANALYZE")

    def close(self) -> None:
        # SQLite's advice for long-lived databases: let it refresh what the planner needs.
        with suppress(sqlite3.Error):
            self.db.execute("PRAGMA optimize")
        self.db.close()
