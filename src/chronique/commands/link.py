"""`chronique link`, `merge`, `split`, `nearby`: events across documents (chronique.link)."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from chronique.cli import (
    DEFAULT_DB,
    DbOption,
    SettingsOption,
    _actors,
    _event_line,
    _fail,
    _place,
    _when,
    err,
    out,
)

ByOption = Annotated[str, typer.Option("--by", help="Who decides (kept with the decision).")]
WhyOption = Annotated[str, typer.Option("--why", help="Why (kept with the decision).")]


def _open(db: str) -> Any:
    from chronique.store import Store, store_exists

    if not store_exists(db):
        raise _fail(f"no store at {db}: run `chronique run PATH --db {db}` first")
    return Store(db)


def register(app: typer.Typer) -> None:
    @app.command()
    def link(
        db: DbOption = DEFAULT_DB,
        settings: SettingsOption = None,
        pending: Annotated[
            bool,
            typer.Option(
                "--pending", help="Only link documents not linked yet (no re-link of the rest)."
            ),
        ] = False,
    ) -> None:
        """Link the store again: wire copies grouped, reports of one event merged.

        `chronique run` links every batch it stores; this re-links everything, e.g. after
        changing the link_* or wire_copy_* settings. Analysts' merges and splits hold.
        Example: chronique link --db events.db --settings stricter.toml
        """
        from chronique.errors import ChroniqueError
        from chronique.link import Linker
        from chronique.settings import Settings

        try:
            with _open(db) as store:
                linker = Linker(store, Settings.load(settings))
                stats = linker.link_pending() if pending else linker.relink()
                counts = store.counts()
        except ChroniqueError as exc:
            raise _fail(str(exc)) from exc
        err.print(
            f"{stats.documents} document(s) linked, {stats.wire_copies} of them wire copies; "
            f"{stats.joined} of {stats.events} event(s) joined another "
            f"({stats.forced} by an analyst's decision); {stats.compared} pair(s) compared, "
            f"{stats.sentences_embedded} sentence(s) embedded. "
            f"Store: {counts['documents']} documents, {counts['events']} events.",
            highlight=False,
        )
        for note in stats.notes[:20]:
            err.print(f"[yellow]note[/yellow] {note}", highlight=False)
        if len(stats.notes) > 20:
            err.print(f"… and {len(stats.notes) - 20} more note(s)")

    @app.command()
    def merge(
        keep_id: Annotated[str, typer.Argument(help="The event that stays (id or prefix).")],
        other_ids: Annotated[list[str], typer.Argument(help="Events merged into it.")],
        by: ByOption,
        why: WhyOption,
        db: DbOption = DEFAULT_DB,
    ) -> None:
        """Merge events into one; the linker keeps them together on every later run.

        Example: chronique merge 6b167693 64258a8e --by alice --why "same shelling"
        """
        from chronique.errors import ChroniqueError
        from chronique.link import merge_events

        try:
            with _open(db) as store:
                event = merge_events(store, keep_id, other_ids, who=by, reason=why)
        except ChroniqueError as exc:
            raise _fail(str(exc)) from exc
        out.print(_event_line(event), highlight=False)
        err.print(f"merged into {event.id}: {len(event.reports)} report(s)")

    @app.command()
    def split(
        event_id: Annotated[str, typer.Argument(help="A merged event (id or prefix).")],
        by: ByOption,
        why: WhyOption,
        db: DbOption = DEFAULT_DB,
    ) -> None:
        """Undo the merges into an event: each document's event comes back as it was, and
        the linker never merges them again.

        Example: chronique split 6b167693 --by alice --why "two different markets"
        """
        from chronique.errors import ChroniqueError
        from chronique.link import split_event

        try:
            with _open(db) as store:
                events = split_event(store, event_id, who=by, reason=why)
        except ChroniqueError as exc:
            raise _fail(str(exc)) from exc
        for event in events:
            out.print(_event_line(event), highlight=False)
        err.print(f"split into {len(events)} events")

    @app.command()
    def nearby(
        event_id: Annotated[str, typer.Argument(help="Event id (or an unambiguous prefix).")],
        km: Annotated[
            float | None, typer.Option("--km", help="Within this distance (setting nearby_km).")
        ] = None,
        hours: Annotated[
            int | None,
            typer.Option(
                "--hours",
                help="Within this time, in whole days at best (setting nearby_hours).",
            ),
        ] = None,
        db: DbOption = DEFAULT_DB,
        settings: SettingsOption = None,
        as_json: Annotated[bool, typer.Option("--json", help="A JSON array.")] = False,
    ) -> None:
        """Events by other actors at the same place and time as an event.

        Example: chronique nearby b6282e52 --km 25 --hours 24
        """
        from chronique.errors import ChroniqueError
        from chronique.link import nearby_events
        from chronique.settings import Settings
        from chronique.store.codec import event_to_dict

        try:
            loaded = Settings.load(settings)
            with _open(db) as store:
                found = nearby_events(
                    store,
                    event_id,
                    loaded.nearby_km if km is None else km,
                    loaded.nearby_hours if hours is None else hours,
                )
        except ChroniqueError as exc:
            raise _fail(str(exc)) from exc
        if as_json:
            rows = [
                {"km": n.km, "days_apart": n.days_apart, "event": event_to_dict(n.event)}
                for n in found
            ]
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
            return
        for n in found:
            where = f"{n.km:g} km" if n.km is not None else "same area"
            when = "same day(s)" if n.days_apart == 0 else f"{n.days_apart} day(s) apart"
            e = n.event
            out.print(
                f"{e.id[:8]}  {e.type:<9} {_actors(e.actors):<16} {where:<9} {when:<16} "
                f"{_when(e)}  {_place(e)}  «{e.reports[0].trigger.text}»",
                highlight=False,
            )
        err.print(f"{len(found)} event(s) by other actors nearby")
