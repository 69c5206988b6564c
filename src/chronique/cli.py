"""The command line: a thin layer over the library (pipeline, store, evaluation)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from chronique.errors import ChroniqueError
from chronique.records import Document, Event, Rejection

if TYPE_CHECKING:
    from chronique.pipeline import Engine

app = typer.Typer(
    help=(
        "Chronique turns news reports into PLOVER events: what happened, who did it, to whom, "
        "where, when, according to whom, how sure the report is, and the sentences it came "
        "from.\n\nStart with: chronique run ARTICLES/ --db events.db, then chronique events."
    ),
    no_args_is_help=True,
    add_completion=False,
)
# Piped output (make run, CI logs) is not wrapped at 80 columns: tables stay readable.
out = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 200)

DEFAULT_DB = "chronique.db"
DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="The event store: a SQLite file (created if missing) or a PostgreSQL URL "
        "(postgresql://user:password@host/database, migrated on first use).",
    ),
]
SettingsOption = Annotated[
    Path | None, typer.Option("--settings", help="TOML file overriding default settings.")
]
ActorsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--actors",
        help="Actor dictionary TSV (phrase, code, sector, valid_from, valid_to) layered over "
        "the built-in lists; repeat for several, the last one wins.",
    ),
]


def _settings(path: Path | None, actors: list[Path] | None) -> Any:
    """Settings from the defaults, a user file, and --actors dictionaries."""
    import dataclasses

    from chronique.settings import Settings

    loaded = Settings.load(path)
    for dictionary in actors or []:
        if not dictionary.is_file():
            raise _fail(f"no actor dictionary at {dictionary}")
    extra = tuple(str(p) for p in actors or [])
    return dataclasses.replace(loaded, actor_dictionaries=loaded.actor_dictionaries + extra)


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(
            f"{value!r} is not a date: use YYYY-MM-DD", param_hint=flag
        ) from exc


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code=2)


@app.command()
def run(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files or folders: text (.txt, .md), JSON Lines (.jsonl), web pages "
            "(.html, .htm), feeds (.xml, .rss, .atom), web archives (.warc, .warc.gz)."
        ),
    ],
    db: DbOption = DEFAULT_DB,
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date YYYY-MM-DD for documents that do not carry one; "
            "relative dates ('mercredi') are resolved against it."
        ),
    ] = None,
    language: Annotated[
        str | None, typer.Option(help="Language code (fr) instead of detecting it.")
    ] = None,
    agency: Annotated[
        str | None, typer.Option(help="Wire agency of the documents (ATS, AFP, Reuters).")
    ] = None,
    settings: SettingsOption = None,
    actors: ActorsOption = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Worker processes coding in parallel on this machine (one per core; each "
            "loads the language model once).",
        ),
    ] = 1,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Code on a Dask distributed cluster: its scheduler's address "
            "(tcp://host:8786). This process reads the files and writes the store.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No per-event output.")] = False,
) -> None:
    """Code articles into events and store them; a rerun adds only what is new."""
    from chronique.pipeline import Coded, Pipeline
    from chronique.store import Store

    pub = _date(published, "--published")
    if cluster and workers > 1:
        raise _fail("--workers and --cluster do not go together: a cluster has its own workers")
    try:
        pipeline = Pipeline(_settings(settings, actors))
        items = list(pipeline.read(paths, published=pub, agency=agency, language=language))
        with (
            _engine(
                pipeline,
                workers,
                cluster,
                language,
                warm=any(isinstance(i, Document) for i in items),
            ) as engine,
            Store(db) as store,
            Progress(
                TextColumn("[bold]coding"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=err,
                transient=True,
                disable=not err.is_terminal,
            ) as progress,
        ):
            task = progress.add_task("", total=len(items))

            def tick(item: Any, result: Any) -> None:
                name = Path(str(getattr(item, "source", "") or "")).name
                progress.update(task, advance=1, description=name[:40])
                if isinstance(result, Coded) and not quiet:
                    for event in result.events:
                        progress.console.print(_event_line(event))

            summary = pipeline.run(items, store, on_item=tick, engine=engine)
            counts = store.counts()
            location = store.location
    except ChroniqueError as exc:
        raise _fail(str(exc)) from exc
    for rejection in summary.rejections:
        err.print(f"[yellow]rejected[/yellow] {rejection.source}: {rejection.reason}")
    err.print(
        f"{summary.documents} document(s) coded, {summary.events} event(s); "
        f"{summary.skipped} already in the store; {len(summary.rejections)} rejected. "
        f"Store {location}: {counts['documents']} documents, {counts['events']} events."
    )


@contextmanager
def _engine(
    pipeline: Any,
    workers: int,
    cluster: str | None,
    language: str | None = None,
    warm: bool = False,
) -> Iterator[Engine | None]:
    """Who codes: this process (None), worker processes, or a Dask cluster."""
    if cluster:
        from chronique.scale import DaskCluster

        with DaskCluster(cluster, pipeline.settings) as dask:
            yield dask
    elif workers > 1:
        from chronique.scale import Processes

        with Processes(pipeline.settings, workers) as pool:
            yield pool
    else:
        from chronique.heap import freeze_loaded
        from chronique.langpack import available_languages

        # Coding here: load the expected language now (before the progress bar) and keep
        # what it loaded out of the garbage collector's walks (chronique/heap.py). A
        # language without a pack is left to reject its documents one by one.
        expected = language or pipeline.settings.default_language
        if warm and expected in available_languages():
            pipeline.warm(expected)
            freeze_loaded()
        yield None


def _actors(actors: tuple[Any, ...]) -> str:
    return ", ".join(f"{a.country or '?'}/{a.sector or '?'}" for a in actors) or "-"


def _event_line(event: Event) -> str:
    date = event.date.start.isoformat() if event.date else "no date"
    place = event.place.country if event.place and event.place.country else "?"
    trigger = event.reports[0].trigger.text
    return (
        f"{event.id[:8]}  {event.type:<9} {event.mode or '-':<13} {_actors(event.actors):<16} → "
        f"{_actors(event.recipients):<12} {place:<4} {date}  {event.modality:<8} «{trigger}»"
    )


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")] = None,
    country: Annotated[
        str | None, typer.Option(help="ISO alpha-3 code of the place or of an actor.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Events ending on or after YYYY-MM-DD.")] = None,
    until: Annotated[
        str | None, typer.Option(help="Events starting on or before YYYY-MM-DD.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="A JSON array of events with their reports.")
    ] = False,
) -> None:
    """List stored events as a table (or JSON with --json)."""
    from chronique.store import EventFilter, Store, store_exists
    from chronique.store.codec import event_to_dict

    flt = EventFilter(
        type=type,
        country=country,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        limit=limit,
    )
    if not store_exists(db):
        raise _fail(f"no store at {db}: run `chronique run PATH --db {db}` first")
    with Store(db) as store:
        found = list(store.events(flt))
    if as_json:
        sys.stdout.write(
            json.dumps([event_to_dict(e) for e in found], ensure_ascii=False, indent=2) + "\n"
        )
        return
    table = Table(title=f"{len(found)} event(s)", show_lines=False)
    for col in (
        "id",
        "type",
        "mode",
        "actors",
        "recipients",
        "place",
        "date",
        "modality",
        "source",
        "trigger",
    ):
        table.add_column(col, overflow="fold")
    for e in found:
        table.add_row(
            e.id[:8],
            e.type,
            e.mode or "",
            _actors(e.actors),
            _actors(e.recipients),
            _place(e),
            _when(e),
            e.modality,
            " → ".join(e.sources) or "",
            e.reports[0].trigger.text,
        )
    out.print(table)


def _place(e: Event) -> str:
    if e.place is None:
        return ""
    return f"{e.place.text} ({e.place.country or '?'}, {e.place.precision or '?'})"


def _when(e: Event) -> str:
    if e.date is None:
        return ""
    if e.date.start == e.date.end:
        return f"{e.date.start} ({e.date.precision})"
    return f"{e.date.start}…{e.date.end} ({e.date.precision})"


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="Event id (or an unambiguous prefix).")],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="The event as JSON.")] = False,
) -> None:
    """One event with its reports: sentences, trigger, source chain, and why they merged."""
    from chronique.store import Store
    from chronique.store.codec import event_to_dict

    with Store(db) as store:
        event = store.event(event_id)
        if event is None:
            raise _fail(f"no single event with id {event_id!r} in {store.location}")
        docs = {r.document_id: store.document(r.document_id) for r in event.reports}
        from chronique.link import history

        decisions = history(store, event)
    if as_json:
        sys.stdout.write(json.dumps(event_to_dict(event), ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]{event.type}[/bold] {event.mode or ''}  ({event.modality})  id {event.id}")
    out.print(f"  actors     {_actors(event.actors)}   " + "; ".join(a.text for a in event.actors))
    out.print(
        f"  recipients {_actors(event.recipients)}   " + "; ".join(a.text for a in event.recipients)
    )
    out.print(f"  place      {_place(event) or '-'}")
    out.print(f"  date       {_when(event) or '-'}")
    for i, report in enumerate(event.reports, 1):
        doc = docs.get(report.document_id)
        chain = [s.name for s in report.attribution]
        if doc is not None and doc.agency and doc.agency not in chain:
            chain.append(doc.agency)
        s, t = report.sentence, report.trigger
        sentence = (
            s.text[: t.start - s.start] + f"[reverse]{t.text}[/reverse]" + s.text[t.end - s.start :]
        )
        out.print(
            f"\n  report {i}: document {report.document_id[:12]}"
            f"{' (' + doc.source + ')' if doc and doc.source else ''}, "
            f"chars {s.start}–{s.end}, confidence {report.confidence}"
        )
        out.print(f"    «{sentence}»", highlight=False)
        out.print(f"    according to: {' → '.join(chain) or 'the writer'}")
    for reason in event.merge_reasons:
        out.print(f"  merged: {reason}")
    from chronique.link.explain import link_lines

    for line in link_lines(event, decisions):
        out.print(line, highlight=False)


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL file (format: shared/GOLD.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Scores as one JSON object.")] = False,
    predictions: Annotated[
        Path | None,
        typer.Option(help="Also write what the system predicted, in the gold format."),
    ] = None,
    settings: SettingsOption = None,
    actors: ActorsOption = None,
) -> None:
    """Score the pipeline on a gold file: event P/R/F1, full-event F1, argument accuracies."""
    from chronique.evaluate import format_table, load_gold, score, write_predictions
    from chronique.pipeline import Pipeline
    from chronique.predict import predict

    try:
        docs = load_gold(gold)
    except (OSError, ValueError) as exc:
        raise _fail(f"cannot read gold file {gold}: {exc}") from exc
    try:
        pipeline = Pipeline(_settings(settings, actors))
    except ChroniqueError as exc:
        raise _fail(str(exc)) from exc
    preds: dict[str, dict[str, Any]] = {}
    with Progress(
        TextColumn("[bold]eval"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("", total=len(docs))
        for doc_id, prediction in predict(pipeline, docs):
            preds[doc_id] = prediction
            progress.advance(task)
    result = score(docs, preds)
    if predictions is not None:
        write_predictions(predictions, docs, preds)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        out.print(format_table(result), highlight=False)


@app.command()
def info(db: DbOption = DEFAULT_DB) -> None:
    """Versions, language packs and their models, and the store's state."""
    from chronique import __version__
    from chronique.langpack import available_languages, load_pack
    from chronique.store import Store, store_exists

    out.print(f"chronique {__version__}")
    from chronique.errors import LanguagePackError
    from chronique.nlp import installed_model

    for code in available_languages():
        try:
            pack = load_pack(code)
        except LanguagePackError as exc:
            # One broken pack (a user's own, half written) must not hide the others.
            err.print(f"[red]language {code}: broken pack:[/red] {exc}", highlight=False)
            continue
        chosen = installed_model(pack.spacy_models) or "NONE INSTALLED"
        out.print(
            f"language {code} ({pack.name}): model {chosen} "
            f"(preference: {', '.join(pack.spacy_models)}); "
            f"{sum(len(v) for v in pack.triggers.values())} trigger rules",
            highlight=False,
        )
    if store_exists(db):
        with Store(db) as store:
            out.print(f"store {store.location}: {store.counts()}")
            for version, name, applied in store.migrations():
                out.print(f"  migration {version} ({applied}): {name}")


@app.command()
def rejections(db: DbOption = DEFAULT_DB) -> None:
    """Inputs that were not coded, with the stage and the reason."""
    from chronique.store import Store

    with Store(db) as store:
        found: list[Rejection] = store.rejections()
    for r in found:
        out.print(f"{r.stage:<9} {r.source}: {r.reason}", highlight=False)
    err.print(f"{len(found)} rejection(s)")


# Command modules of other concerns (chronique/commands/<name>.py), registered in this order.
COMMAND_MODULES: tuple[str, ...] = (
    "watch",
    "link",
    "gazetteer",
    "export",
    "digest",
    "serve",
    "token",
    "backup",
)


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(f"chronique.commands.{name}")
        module.register(app)


_register_commands()


def main() -> None:
    app()
