"""`chronique export`: stored events to a file in a standard format (chronique.export)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chronique.cli import DEFAULT_DB, DbOption, SettingsOption, _date, _fail, err
from chronique.export import FORMATS

if TYPE_CHECKING:
    from chronique.export import ExportOptions
    from chronique.store import EventFilter, Store

# What a "row" is in each format's count, for the summary line.
_UNITS = {"cameo": "actor-pair row(s)", "geojson": "event(s) with coordinates"}
# Module level, not in register(): typer evaluates the annotations in this module's globals.
_NAMES = ", ".join(FORMATS)


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export(
        fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {_NAMES}.")],
        out_file: Annotated[
            Path,
            typer.Option(
                "--out",
                "-o",
                help="The file to write ('-' for standard output). It appears complete or "
                "not at all: the export is written beside it, then renamed.",
            ),
        ],
        db: DbOption = DEFAULT_DB,
        since: Annotated[
            str | None, typer.Option(help="Events ending on or after YYYY-MM-DD.")
        ] = None,
        until: Annotated[
            str | None, typer.Option(help="Events starting on or before YYYY-MM-DD.")
        ] = None,
        type: Annotated[
            str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")
        ] = None,
        country: Annotated[
            str | None, typer.Option(help="ISO alpha-3 code of the place or of an actor.")
        ] = None,
        settings: SettingsOption = None,
    ) -> None:
        """Export events: PLOVER JSONL, ACLED-style CSV, CAMEO TSV, GeoJSON or Parquet.

        Example: chronique export --format acled --out events.csv --db events.db --country SYR
        """
        from chronique.errors import ChroniqueError
        from chronique.export import ExportOptions, export_events
        from chronique.settings import Settings
        from chronique.store import EventFilter, Store, store_exists

        if fmt not in FORMATS:
            raise _fail(f"unknown format {fmt!r}: choose one of {_NAMES}")
        flt = EventFilter(
            type=type,
            country=country,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
        )
        if not store_exists(db):
            raise _fail(f"no store at {db}: run `chronique run PATH --db {db}` first")
        try:
            options = ExportOptions(batch_rows=Settings.load(settings).export_batch_rows)
            with Store(db) as store:
                if str(out_file) == "-":
                    rows = export_events(store.events(flt), fmt, sys.stdout.buffer, options=options)
                    sys.stdout.flush()
                else:
                    rows = _to_file(store, flt, fmt, out_file, options)
        except (ChroniqueError, OSError) as exc:
            raise _fail(str(exc)) from exc
        where = "standard output" if str(out_file) == "-" else str(out_file)
        unit = _UNITS.get(fmt, "event(s)")
        err.print(f"wrote {rows} {unit} as {fmt} to {where}", highlight=False)


def _to_file(store: Store, flt: EventFilter, fmt: str, path: Path, options: ExportOptions) -> int:
    """Write beside `path`, then rename: a failed export leaves no half-written file."""
    from chronique.export import export_events

    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as handle:
            rows = export_events(store.events(flt), fmt, handle, options=options)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return rows
