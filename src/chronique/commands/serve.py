"""`chronique serve`: the web UI and the REST API on a store (uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

# Module level, not in register(): typer evaluates the annotations in this module's globals.
from chronique.cli import DEFAULT_DB, DbOption, SettingsOption, _fail, err


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: DbOption = DEFAULT_DB,
        host: Annotated[
            str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
        settings: SettingsOption = None,
    ) -> None:
        """Serve the web UI (map, timeline, events, review) and the REST API (/api/, docs at
        /docs). Read-only until a token exists: see `chronique token create`."""
        import uvicorn

        from chronique.api import create_app
        from chronique.errors import ChroniqueError
        from chronique.settings import Settings
        from chronique.store import store_exists

        if not store_exists(db):
            raise _fail(f"no store at {db}: run `chronique run PATH --db {db}` first")
        try:
            application = create_app(db, settings=Settings.load(settings))
        except ChroniqueError as exc:
            raise _fail(str(exc)) from exc
        err.print(f"Chronique on http://{host}:{port}/ (API docs: /docs) — store {db}")
        uvicorn.run(application, host=host, port=port, log_level="warning")
