"""`chronique gazetteer load | add | info` and `chronique geoparse`.

The gazetteer store (`chronique.gazetteer.store`) is built on first use from the data the
installed packages ship; `load` adds GeoNames dumps, `add` a user's places, `info` says what
is in it. `geoparse` prints every place name of a text with its resolution and the
candidates considered (the debugging view of the geocoder).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from chronique.gazetteer.geonames import LoadReport
    from chronique.gazetteer.store import StoreConfig
    from chronique.resolve.geoparse import Geoparse

GazetteerOption = Annotated[
    Path | None,
    typer.Option(
        "--gazetteer",
        help="The gazetteer store (SQLite file). Default: $CHRONIQUE_GAZETTEER, else the "
        "setting gazetteer_path, else $XDG_CACHE_HOME/chronique/gazetteer.sqlite.",
    ),
]
SettingsFile = Annotated[
    Path | None, typer.Option("--settings", help="TOML file overriding default settings.")
]
KINDS_HELP = (
    "What the files are, when their names do not say: countries, admin1, admin2, places, "
    "alternate_names, user."
)


def _config(gazetteer: Path | None, settings: Path | None) -> StoreConfig:
    from chronique.gazetteer.store import StoreConfig
    from chronique.settings import Settings

    return StoreConfig.from_settings(Settings.load(settings), gazetteer)


def _report_lines(reports: list[LoadReport]) -> None:
    from chronique.cli import err, out

    for report in reports:
        line = (
            f"{report.path}: {report.kind}, {report.rows:,} rows"
            + (
                f", {report.names:,} names"
                if report.names and report.kind != "alternate_names"
                else ""
            )
            + f", {report.skipped:,} skipped, {report.errors:,} malformed line(s)"
            + f" in {report.seconds:.1f} s"
        )
        out.print(line, highlight=False)
        if report.note:
            out.print(f"  {report.note}", highlight=False)
        for message in report.first_errors:
            err.print(f"  [yellow]malformed[/yellow] {message}", highlight=False)
        if report.errors > len(report.first_errors):
            err.print(f"  … and {report.errors - len(report.first_errors)} more", highlight=False)


def _load(paths: list[Path], kind: str | None, config: StoreConfig) -> list[LoadReport]:
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from chronique.cli import _fail, err
    from chronique.gazetteer.geonames import LOAD_ORDER, Loader
    from chronique.gazetteer.store import GazetteerError

    if kind is not None and kind not in LOAD_ORDER:
        raise _fail(f"unknown --kind {kind!r}: one of {', '.join(LOAD_ORDER)}")
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        tasks: dict[str, Any] = {}

        def tick(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = progress.add_task(what, total=total)
            progress.update(tasks[what], completed=done)

        try:
            with Loader(config, progress=tick) as loader:
                return loader.load(paths, kind)
        except GazetteerError as exc:
            raise _fail(str(exc)) from exc


def register(app: typer.Typer) -> None:
    """Add the `gazetteer` command group and `geoparse` to the CLI."""
    group = typer.Typer(
        help="The gazetteer store: what it holds (info), GeoNames dumps (load), your own "
        "places (add).",
        no_args_is_help=True,
    )
    app.add_typer(group, name="gazetteer")

    @group.command("load")
    def load(
        paths: Annotated[
            list[Path],
            typer.Argument(
                help="GeoNames dump files, plain or zipped: allCountries.txt or a country "
                "file (SY.txt), alternateNamesV2.txt, admin1CodesASCII.txt, admin2Codes.txt, "
                "countryInfo.txt. Loaded in that dependency order whatever the order given."
            ),
        ],
        kind: Annotated[str | None, typer.Option("--kind", help=KINDS_HELP)] = None,
        gazetteer: GazetteerOption = None,
        settings: SettingsFile = None,
    ) -> None:
        """Load GeoNames dumps (streamed and batched; bad lines are counted, not fatal)."""
        _report_lines(_load(paths, kind, _config(gazetteer, settings)))

    @group.command("add")
    def add(
        path: Annotated[
            Path,
            typer.Argument(
                help="A TSV of your places: name, country (ISO alpha-3 or alpha-2), lat, lon, "
                "then optionally feature_code (PPL, ADM1, AIRB…), population, geonames_id, "
                "alternate_names (|-separated), admin1 code. A header line and # comments "
                "are allowed."
            ),
        ],
        gazetteer: GazetteerOption = None,
        settings: SettingsFile = None,
    ) -> None:
        """Add your own places (a village the data lacks, a camp, a checkpoint)."""
        _report_lines(_load([path], "user", _config(gazetteer, settings)))

    @group.command("info")
    def info(
        gazetteer: GazetteerOption = None,
        settings: SettingsFile = None,
        as_json: Annotated[bool, typer.Option("--json", help="As one JSON object.")] = False,
    ) -> None:
        """What the gazetteer holds: counts, size, build, and the files loaded."""
        from chronique.cli import _fail, out
        from chronique.gazetteer.store import GazetteerError, GazetteerStore

        try:
            found = GazetteerStore(_config(gazetteer, settings)).info()
        except GazetteerError as exc:
            raise _fail(str(exc)) from exc
        if as_json:
            sys.stdout.write(json.dumps(found, indent=2) + "\n")
            return
        out.print(f"gazetteer {found['path']} ({found['bytes'] / 1e6:.1f} MB)", highlight=False)
        out.print(
            f"  {found['places']:,} places ({found['prominent']:,} prominent), "
            f"{found['names']:,} names, {found['admin_codes']:,} admin codes",
            highlight=False,
        )
        by_source = ", ".join(f"{k} {v:,}" for k, v in sorted(found["places_by_source"].items()))
        out.print(f"  by source: {by_source}", highlight=False)
        out.print(
            f"  built {found['built_at']} in {found['build_seconds']} s from the shipped data "
            f"(version {found['shipped_version']}, cities{found['shipped'].get('cities')})",
            highlight=False,
        )
        for load in found["loads"]:
            out.print(
                f"  loaded {load['loaded_at']}: {load['path']} ({load['kind']}, "
                f"{load['rows']:,} rows, {load['errors']:,} malformed)",
                highlight=False,
            )

    @app.command("geoparse")
    def geoparse(
        text: Annotated[str, typer.Argument(help="The text itself, or a file to read.")],
        lang: Annotated[
            str | None, typer.Option("--lang", help="Language code (fr, en); default: detect.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="As one JSON object.")] = False,
        show_all: Annotated[
            bool, typer.Option("--all", help="Also the names not taken as places, and why.")
        ] = False,
        alternatives: Annotated[
            int, typer.Option("--alternatives", min=0, help="Candidates shown per name.")
        ] = 5,
        gazetteer: GazetteerOption = None,
        settings: SettingsFile = None,
    ) -> None:
        """Every place name of a text, its resolution (name, GeoNames id, feature code,
        country, admin1, coordinates, precision) and the candidates considered, scored."""
        from chronique.cli import _fail
        from chronique.errors import ChroniqueError
        from chronique.gazetteer import Gazetteer
        from chronique.resolve.geoparse import TextGeoparser
        from chronique.settings import Settings

        if _is_file(text):
            try:
                text = Path(text).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise _fail(f"cannot read {text}: {exc}") from exc
        loaded = Settings.load(settings)
        try:
            parser = TextGeoparser(Gazetteer(gazetteer, settings=loaded), loaded)
            result = parser(text, lang)
        except ChroniqueError as exc:
            raise _fail(str(exc)) from exc
        if as_json:
            sys.stdout.write(json.dumps(_as_json(result, show_all, alternatives), indent=2))
            sys.stdout.write("\n")
        else:
            _print(result, show_all, alternatives)


def _is_file(text: str) -> bool:
    """Is the argument a file's path (rather than the text itself)?"""
    if "\n" in text or len(text) > 1024:
        return False
    try:
        return Path(text).is_file()
    except OSError:  # a sentence longer than a file name can be
        return False


def _as_json(result: Geoparse, show_all: bool, alternatives: int) -> dict[str, Any]:
    from chronique.gazetteer import place_of
    from chronique.records import to_jsonable

    names = []
    for resolution in result.resolutions:
        if resolution.place is None and not show_all:
            continue
        mention = resolution.mention
        names.append(
            {
                "text": mention.text,
                "start": mention.start,
                "end": mention.end,
                "place": to_jsonable(resolution.place) if resolution.place else None,
                "reason": resolution.reason,
                "found_by": {"source": mention.source, "ner": mention.ner, "cue": mention.cue},
                "alternatives": [
                    {
                        "score": c.score,
                        **to_jsonable(place_of(c.entry, mention.text)),
                        "population": c.entry.population,
                        "evidence": c.evidence(),
                    }
                    for c in resolution.candidates[:alternatives]
                ],
            }
        )
    return {"language": result.language, "focus_country": result.focus_country, "places": names}


def _print(result: Geoparse, show_all: bool, alternatives: int) -> None:
    from rich.table import Table

    from chronique.cli import out

    out.print(
        f"language {result.language}, focus country {result.focus_country or '-'}, "
        f"{len(result.places)} place(s)",
        highlight=False,
    )
    table = Table(show_lines=False)
    for column in (
        "chars",
        "text",
        "place",
        "id",
        "feature",
        "country",
        "admin1",
        "lat, lon",
        "precision",
        "why",
    ):
        table.add_column(column)
    for resolution in result.resolutions:
        place, mention = resolution.place, resolution.mention
        if place is None and not show_all:
            continue
        coords = f"{place.lat:.4f}, {place.lon:.4f}" if place and place.lat is not None else "-"
        table.add_row(
            f"{mention.start}-{mention.end}",
            mention.text,
            place.name or "-" if place else "[dim]not a place[/dim]",
            str(place.geonames_id or "-") if place else "",
            place.feature_code or "-" if place else "",
            place.country or "-" if place else "",
            place.admin1 or "-" if place else "",
            coords,
            place.precision or "-" if place else "",
            resolution.reason,
        )
        for candidate in resolution.candidates[:alternatives] if alternatives else ():
            entry = candidate.entry
            evidence = candidate.evidence()
            flags = [
                k
                for k in ("division_named_nearby", "country_named_nearby", "focus_country")
                if evidence[k]
            ]
            near = evidence["km_to_nearest_place_named"]
            table.add_row(
                "",
                f"  [dim]{candidate.score:8.2f}[/dim]",
                f"[dim]{entry.name}[/dim]",
                f"[dim]{entry.geonames_id or '-'}[/dim]",
                f"[dim]{entry.feature_code}[/dim]",
                f"[dim]{entry.country}[/dim]",
                f"[dim]{entry.admin1 or '-'}[/dim]",
                f"[dim]{entry.lat:.2f}, {entry.lon:.2f}[/dim]" if entry.lat is not None else "",
                f"[dim]{entry.kind}[/dim]",
                f"[dim]{candidate.tier}, pop {entry.population:,}"
                + (f", {', '.join(flags)}" if flags else "")
                + (f", {near} km from another place" if near is not None else "")
                + "[/dim]",
            )
    out.print(table)
