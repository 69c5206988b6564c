"""What the store needs from a database connection, whichever engine holds it.

`Store` writes its SQL once, with `?` placeholders and syntax both engines accept
(`INSERT … ON CONFLICT DO NOTHING`, expression indexes); a backend runs it on its engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from chronique.store.migrations import Dialect, Migration

Row = tuple[Any, ...]


class Backend(Protocol):
    """A connection to one database, in autocommit mode outside `transaction()`."""

    dialect: Dialect
    # Where the data lives, fit to print: a file path, or a URL without its password.
    location: str

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[Row]: ...

    def stream(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Row]: ...

    def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        """Run one statement; return the number of rows it changed."""
        ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def transaction(self) -> AbstractContextManager[None]:
        """All statements inside commit together, or none does."""
        ...

    def apply_migration(self, migration: Migration, applied_at: str) -> None:
        """Run the migration and record it in schema_migrations, in one transaction."""
        ...

    def migration_lock(self) -> AbstractContextManager[None]:
        """Keep two processes opening the same new database from migrating it twice."""
        ...

    def optimize(self) -> None:
        """Refresh the planner's statistics (after a large load)."""
        ...

    def is_transient(self, exc: BaseException) -> bool:
        """Whether `exc` aborted a transaction that may simply be run again (a deadlock)."""
        ...

    def close(self) -> None: ...
