"""The application behind `chronique serve`: the REST API (/api/, OpenAPI at /docs) and the
web UI (/map, /timeline, /events, …), on one store."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from chronique import __version__
from chronique.api import exports, routes, writes
from chronique.api.security import secure
from chronique.api.state import AppState
from chronique.settings import Settings
from chronique.store.core import Store

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
SWAGGER = "/static/vendor/swagger-ui"

DESCRIPTION = """Events coded by Chronique from news reports: PLOVER type and mode, actors
(ISO country + sector), place, dates, modality, attribution chain and evidence sentences.

Reading needs nothing. Writing (reviews, tokens) needs a bearer token from
`chronique token create --role reviewer --name NAME`; with no token the API is read-only.
Lists are paged with a cursor: pass a page's `next` back as `cursor`."""


def create_app(db: str, *, settings: Settings | None = None) -> FastAPI:
    """The API and web UI on the store at `db` (a SQLite path or a PostgreSQL URL)."""
    from chronique.web.pages import router as pages

    # Migrated once here, so that requests (each opening its own connection) find the
    # schema ready and never race to migrate.
    with Store(db):
        pass
    app = FastAPI(
        title="Chronique",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
    )
    app.state.chronique = AppState(db, settings or Settings.load())
    # Secure headers, body size and write rate limits, CORS (off unless configured).
    secure(app, app.state.chronique.settings)
    app.include_router(routes.router)
    app.include_router(writes.router)
    app.include_router(exports.router)
    app.include_router(pages)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # Swagger UI from the vendored copy: the docs work offline, with no CDN.
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Chronique API",
            swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
        )

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        from chronique.web.pages import error_page, wants_html

        if wants_html(request):
            return error_page(request, exc.status_code, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: RequestValidationError) -> Response:
        from chronique.web.pages import error_page, wants_html

        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
        )
        if wants_html(request):
            return error_page(request, 422, problems)
        return JSONResponse({"detail": jsonable_encoder(exc.errors())}, 422)

    return app
