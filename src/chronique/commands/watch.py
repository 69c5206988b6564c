"""`chronique watch FEED_URL… --every 15m`: poll feeds and code their new items.

Each poll of a feed is a conditional GET (the last ETag / Last-Modified go back to the
server; 304 means nothing new), then only the items the store has not taken from that feed
before go through the pipeline. The feed's validators and the items taken are recorded
after the items are stored (chronique/store/feeds.py), so a watch killed at any moment
resumes without losing or repeating an item.

No `from __future__ import annotations` here: typer reads the command's annotations at run
time, and the option types come from chronique.cli inside `register` (a module-level import
would be circular, cli.py imports this module at its end).
"""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chronique.errors import ChroniqueError
from chronique.ingest.fetch import NOT_MODIFIED, FetchError, check_url, fetch
from chronique.records import Document, Rejection

if TYPE_CHECKING:
    from chronique.pipeline import Coded, Pipeline, RunSummary
    from chronique.store import Store

_EVERY_PART = re.compile(r"(\d+)([smhd])")
_EVERY = re.compile(r"(?:\d+[smhd])+")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> int:
    """Seconds in an interval written 30s, 15m, 2h, 1d or a sum of them (1h30m)."""
    compact = text.strip().lower().replace(" ", "")
    if not _EVERY.fullmatch(compact):
        raise ValueError(f"{text!r} is not an interval: write 30s, 15m, 2h or 1h30m")
    seconds = sum(int(n) * _UNIT_SECONDS[unit] for n, unit in _EVERY_PART.findall(compact))
    if seconds <= 0:
        raise ValueError(f"{text!r} is not an interval: it must be longer than 0s")
    return seconds


@dataclass(slots=True)
class PollResult:
    """What one poll of one feed did."""

    url: str
    status: int | None = None  # HTTP status; None when the feed could not be fetched
    items: int = 0  # items in the feed
    new: int = 0  # of them, items not taken before
    summary: "RunSummary | None" = None
    error: str | None = None


def poll_feed(
    url: str,
    store: "Store",
    pipeline: "Pipeline",
    on_item: "Callable[[Document | Rejection, Coded | Rejection | None], None] | None" = None,
) -> PollResult:
    """Poll one feed once: fetch it conditionally, code its new items, record the poll."""
    from chronique.ingest.feeds import parse_feed
    from chronique.store import feeds

    settings = pipeline.settings
    state = feeds.feed_state(store, url)
    polled = replace(state, polled_at=feeds.now())
    try:
        fetched = fetch(
            url,
            etag=state.etag,
            last_modified=state.last_modified,
            timeout=settings.feed_timeout_seconds,
            max_bytes=settings.feed_max_bytes,
            user_agent=settings.feed_user_agent,
        )
    except FetchError as exc:
        # The validators stay: the next poll asks for the same version again.
        feeds.record_poll(store, replace(polled, status=None, error=str(exc)), {})
        return PollResult(url, error=str(exc))
    if fetched.status == NOT_MODIFIED:
        done = replace(
            polled,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            status=fetched.status,
            error=None,
        )
        feeds.record_poll(store, done, {})
        return PollResult(url, status=fetched.status)
    feed = parse_feed(fetched.body, source=url, url=fetched.url, content_type=fetched.content_type)
    if isinstance(feed, Rejection):
        store.add_rejection(feed)
        feeds.record_poll(store, replace(polled, status=fetched.status, error=feed.reason), {})
        return PollResult(url, status=fetched.status, error=feed.reason)
    seen = feeds.seen_items(store, url, (item.key for item in feed.items))
    new = [item for item in feed.items if item.key not in seen]
    summary = pipeline.run([item.item for item in new], store, on_item=on_item)
    stored = store.known_documents(i.item.id for i in new if isinstance(i.item, Document))
    taken = {
        i.key: i.item.id if isinstance(i.item, Document) and i.item.id in stored else None
        for i in new
    }
    done = replace(
        polled,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        status=fetched.status,
        error=None,
    )
    feeds.record_poll(store, done, taken)
    return PollResult(url, fetched.status, len(feed.items), len(new), summary)


def describe(result: PollResult) -> str:
    """One line for the user about one poll."""
    if result.error is not None:
        return f"{result.url}: error: {result.error}"
    if result.status == NOT_MODIFIED:
        return f"{result.url}: not modified"
    line = f"{result.url}: {result.items} item(s), {result.new} new"
    summary = result.summary
    if summary is not None and result.new:
        line += (
            f": {summary.documents} document(s) coded, {summary.events} event(s); "
            f"{summary.skipped} already in the store; {len(summary.rejections)} rejected"
        )
    return line


def register(app: typer.Typer) -> None:
    from chronique.cli import DEFAULT_DB, ActorsOption, DbOption, SettingsOption

    @app.command()
    def watch(
        feed_urls: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.")],
        every: Annotated[
            str, typer.Option(help="Time between polls: 30s, 15m, 2h (or 1h30m).")
        ] = "15m",
        db: DbOption = DEFAULT_DB,
        once: Annotated[
            bool, typer.Option("--once", help="Poll every feed once, then exit.")
        ] = False,
        settings: SettingsOption = None,
        actors: ActorsOption = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No per-event output.")] = False,
    ) -> None:
        """Poll RSS/Atom feeds and code their new items into the store, until stopped.

        Each poll asks the server whether the feed changed since the last one (ETag,
        If-Modified-Since) and codes only items the store has not taken from it before. With
        --once, the exit code is 1 when a feed could not be polled.
        """
        _watch(feed_urls, every, db, once, settings, actors, quiet)


def _watch(
    urls: list[str],
    every: str,
    db: str,
    once: bool,
    settings: Path | None,
    actors: list[Path] | None,
    quiet: bool,
) -> None:
    from chronique.cli import _event_line, _fail, _settings, err, out
    from chronique.pipeline import Coded, Pipeline
    from chronique.store import Store

    try:
        interval = parse_every(every)
        for url in urls:
            check_url(url)
    except (ValueError, FetchError) as exc:
        raise typer.BadParameter(str(exc)) from exc

    def show(item: Document | Rejection, result: Coded | Rejection | None) -> None:
        if isinstance(result, Coded) and not quiet:
            for event in result.events:
                out.print(_event_line(event), highlight=False)
        elif isinstance(result, Rejection):
            err.print(f"[yellow]rejected[/yellow] {result.source}: {result.reason}")

    try:
        pipeline = Pipeline(_settings(settings, actors))
        while True:
            failed = 0
            # A store per round: a PostgreSQL connection left idle between polls may be
            # closed by the server.
            with Store(db) as store:
                for url in urls:
                    result = poll_feed(url, store, pipeline, on_item=show)
                    failed += result.error is not None
                    err.print(describe(result), highlight=False)
            if once:
                break
            time.sleep(interval)
    except ChroniqueError as exc:
        raise _fail(str(exc)) from exc
    except KeyboardInterrupt:
        err.print("stopped")
        return
    if failed:
        raise typer.Exit(code=1)
