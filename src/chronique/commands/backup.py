"""`chronique backup` and `chronique restore`: a store to one file and back, either engine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from chronique.cli import DEFAULT_DB, DbOption, _fail, err, out
from chronique.store.backup import Progress


def register(app: typer.Typer) -> None:
    @app.command()
    def backup(
        out_file: Annotated[
            Path, typer.Argument(metavar="FILE", help="Where to write the backup (.jsonl.gz).")
        ],
        db: DbOption = DEFAULT_DB,
    ) -> None:
        """Copy every row of the store to one gzip JSON Lines file (SQLite or PostgreSQL).

        The file restores into either engine: `chronique restore FILE --db NEW`.
        Example: chronique backup events-2024-05-15.jsonl.gz --db events.db
        """
        from chronique.errors import ChroniqueError
        from chronique.store.backup import backup as run_backup
        from chronique.store.core import store_exists

        if not store_exists(db):
            raise _fail(f"no store at {db}")
        try:
            summary = run_backup(db, out_file, _progress(err))
        except (ChroniqueError, OSError) as exc:
            raise _fail(str(exc)) from exc
        out.print(
            f"backed up {summary.total} rows from {len(summary.rows)} tables "
            f"(schema version {summary.schema_version}) to {summary.path}",
            highlight=False,
        )

    @app.command()
    def restore(
        backup_file: Annotated[
            Path, typer.Argument(metavar="FILE", help="A file written by `chronique backup`.")
        ],
        db: DbOption = DEFAULT_DB,
    ) -> None:
        """Load a backup into a new, empty store (SQLite file or PostgreSQL database).

        The store is created at the backup's schema version, filled, then migrated to this
        version of Chronique. A store that already holds data is refused.
        Example: chronique restore events-2024-05-15.jsonl.gz --db postgresql://localhost/chronique
        """
        from chronique.errors import ChroniqueError
        from chronique.store.backup import restore as run_restore

        if not backup_file.is_file():
            raise _fail(f"no backup file at {backup_file}")
        try:
            summary = run_restore(db, backup_file, _progress(err))
        except (ChroniqueError, OSError) as exc:
            raise _fail(str(exc)) from exc
        out.print(
            f"restored {summary.total} rows into {len(summary.rows)} tables of {db} "
            f"(backup schema version {summary.schema_version})",
            highlight=False,
        )


def _progress(console: Console) -> Progress:
    """A progress callback: a line per table, and one per 50,000 rows of a large one."""
    last: dict[str, int] = {}

    def report(table: str, done: int) -> None:
        if table not in last or done - last[table] >= 50_000:
            console.print(f"  {table}: {done} rows", highlight=False)
            last[table] = done

    return report
