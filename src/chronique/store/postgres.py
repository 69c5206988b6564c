"""PostgreSQL, for a store shared by several people or written by a cluster (psycopg 3)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

from chronique.errors import StoreError
from chronique.store.backend import Row
from chronique.store.migrations import Dialect, Migration

URL_SCHEMES = ("postgresql://", "postgres://")
# Any constant works; it only has to be the same for every Chronique process.
_MIGRATION_LOCK = 0x43_48_52_4F  # "CHRO"


def is_postgres_url(target: str) -> bool:
    return target.startswith(URL_SCHEMES)


def redact(url: str) -> str:
    """The URL without its password, to print in messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


@lru_cache(maxsize=256)
def _placeholders(sql: str) -> str:
    # The store writes SQL with qmark placeholders (sqlite3's); psycopg takes %s. The store's
    # SQL has no literal ? or % of its own (LIKE patterns arrive as parameters).
    return re.sub(r"\?", "%s", sql)


class PostgresBackend:
    dialect: Dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.location = redact(url)
        try:
            # autocommit: a read never leaves a transaction open (which would hold back
            # VACUUM on a shared server); writes group themselves with `transaction()`.
            self.db = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open store {self.location}: {exc}") from exc

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        with self.db.cursor() as cur:
            cur.execute(_placeholders(sql), args)
            return [tuple(r) for r in cur.fetchall()]

    def stream(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Row]:
        with self.db.cursor() as cur:
            cur.execute(_placeholders(sql), args)
            for row in cur:
                yield tuple(row)

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        with self.db.cursor() as cur:
            cur.execute(_placeholders(sql), args)
            return cur.rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.db.cursor() as cur:
                # psycopg pipelines executemany: one round trip for the batch, not per row.
                cur.executemany(_placeholders(sql), rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db.transaction():
            yield

    def apply_migration(self, migration: Migration, applied_at: str) -> None:
        with self.db.transaction():
            # Without parameters psycopg sends the text as one simple query, so the
            # migration's several statements run as written (and roll back together).
            self.db.execute(migration.sql_for(self.dialect).encode("utf-8"))
            self.db.execute(
                "INSERT INTO schema_migrations VALUES (%s, %s, %s)",
                (migration.version, migration.name, applied_at),
            )

    @contextmanager
    def migration_lock(self) -> Iterator[None]:
        self.db.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
        try:
            yield
        finally:
            self.db.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))

    def is_transient(self, exc: BaseException) -> bool:
        import psycopg.errors

        return isinstance(
            exc, psycopg.errors.DeadlockDetected | psycopg.errors.SerializationFailure
        )

    def optimize(self) -> None:
        # VACUUM also sets the visibility map, without which PostgreSQL cannot answer the
        # timeline from its covering index alone (an index-only scan) after a bulk load.
        self.db.execute("VACUUM ANALYZE")

    def close(self) -> None:
        self.db.close()
