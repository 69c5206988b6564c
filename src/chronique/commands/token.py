"""`chronique token create|list|revoke`: the bearer tokens that may write through the API."""

from __future__ import annotations

from typing import Annotated

import typer

# Module level, not in register(): typer evaluates the annotations in this module's globals.
from chronique.cli import DEFAULT_DB, DbOption, _fail, err, out


def register(app: typer.Typer) -> None:

    token_app = typer.Typer(
        help="API tokens: without one the API is read-only. Roles: reader (reads only), "
        "reviewer (reviews events), admin (also manages tokens).",
        no_args_is_help=True,
    )

    @token_app.command("create")
    def create(
        name: Annotated[str, typer.Option("--name", help="Who or what uses the token.")],
        role: Annotated[
            str, typer.Option("--role", help="reader, reviewer or admin.")
        ] = "reviewer",
        db: DbOption = DEFAULT_DB,
    ) -> None:
        """Create a token and print it — once: only its hash is stored."""
        from chronique.store import Store, store_exists
        from chronique.store.tokens import TokenError, create_token

        if not store_exists(db):
            raise _fail(f"no store at {db}: run `chronique run PATH --db {db}` first")
        with Store(db) as store:
            try:
                token, text = create_token(store, name, role)
            except TokenError as exc:
                raise _fail(str(exc)) from exc
        out.print(text, highlight=False, soft_wrap=True)
        err.print(
            f"token {token.id} for {token.name} ({token.role}) created. Copy it now: it is "
            "not shown again. Use it as `Authorization: Bearer TOKEN`, or sign in with it at "
            "/login."
        )

    @token_app.command("list")
    def list_(db: DbOption = DEFAULT_DB) -> None:
        """Every token: id, name, role, created, last used, revoked."""
        from chronique.store import Store
        from chronique.store.tokens import list_tokens

        with Store(db) as store:
            found = list_tokens(store)
        for t in found:
            state = f"revoked {t.revoked_at}" if t.revoked_at else "active"
            out.print(
                f"{t.id}  {t.role:<8} {t.name:<20} created {t.created_at}  "
                f"last used {t.last_used_at or 'never'}  {state}",
                highlight=False,
            )
        if not found:
            out.print("no token: the API is read-only")

    @token_app.command("revoke")
    def revoke(
        token_id: Annotated[str, typer.Argument(help="The token's id (from token list).")],
        db: DbOption = DEFAULT_DB,
    ) -> None:
        """Revoke a token: it stops working at once and stays listed as revoked."""
        from chronique.store import Store
        from chronique.store.tokens import TokenError, revoke_token

        with Store(db) as store:
            try:
                token = revoke_token(store, token_id)
            except TokenError as exc:
                raise _fail(str(exc)) from exc
        err.print(f"token {token.id} ({token.name}) revoked")

    app.add_typer(token_app, name="token")
