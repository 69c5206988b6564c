"""`chronique digest`: the day's events as HTML and plain text, and by mail (chronique.digest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from chronique.cli import DEFAULT_DB, DbOption, SettingsOption, _date, _fail, err, out


def register(app: typer.Typer) -> None:
    @app.command()
    def digest(
        date: Annotated[
            str | None,
            typer.Option("--date", help="The day, YYYY-MM-DD (default: today, UTC)."),
        ] = None,
        db: DbOption = DEFAULT_DB,
        out_dir: Annotated[
            Path,
            typer.Option(
                "--out-dir", help="Folder for digest-DAY.html and digest-DAY.txt (created)."
            ),
        ] = Path("."),
        send: Annotated[
            bool, typer.Option("--send", help="Also mail the digest (text + HTML) over SMTP.")
        ] = False,
        to: Annotated[
            list[str] | None,
            typer.Option("--to", help="Recipient address for --send; repeat for several."),
        ] = None,
        smtp_host: Annotated[
            str | None,
            typer.Option("--smtp-host", help="SMTP server (default: setting digest_smtp_host)."),
        ] = None,
        smtp_port: Annotated[
            int | None,
            typer.Option("--smtp-port", help="SMTP port (default: setting digest_smtp_port)."),
        ] = None,
        sender: Annotated[
            str | None,
            typer.Option("--from", help="Sender address (default: setting digest_from)."),
        ] = None,
        settings: SettingsOption = None,
    ) -> None:
        """The day's events by country, the most corroborated first, as HTML and text.

        Example: chronique digest --date 2015-10-07 --db events.db --out-dir digests/
        --send --to desk@example.org --smtp-host mail.example.org
        """
        from chronique.digest import (
            build_digest,
            compose,
            day_events,
            render_html,
            render_text,
            send_digest,
        )
        from chronique.errors import ChroniqueError
        from chronique.settings import Settings
        from chronique.store import Store, store_exists

        day = _date(date, "--date") or dt.datetime.now(dt.UTC).date()
        if send and not to:
            raise _fail("--send needs at least one --to address")
        if not store_exists(db):
            raise _fail(f"no store at {db}: run `chronique run PATH --db {db}` first")
        try:
            config = Settings.load(settings)
            with Store(db) as store:
                result = build_digest(day_events(store, day, config), day)
            out_dir.mkdir(parents=True, exist_ok=True)
            paths = []
            for suffix, text in (("html", render_html(result)), ("txt", render_text(result))):
                path = out_dir / f"digest-{day.isoformat()}.{suffix}"
                path.write_text(text, encoding="utf-8")
                paths.append(path)
            if send:
                host = smtp_host or config.digest_smtp_host
                port = smtp_port or config.digest_smtp_port
                message = compose(result, sender=sender or config.digest_from, to=to or [])
                send_digest(message, host, port, config.digest_smtp_timeout_seconds)
        except (ChroniqueError, OSError) as exc:
            raise _fail(str(exc)) from exc
        countries = sum(1 for s in result.sections if s.code)
        out.print(
            f"{result.total} event(s) on {day} in {countries} countr(ies): "
            + ", ".join(str(p) for p in paths),
            highlight=False,
        )
        if send:
            err.print(f"sent to {', '.join(to or [])} through {host}:{port}", highlight=False)
