"""The REST API and the web UI behind `chronique serve` (FastAPI): `create_app(db)`."""

from chronique.api.app import create_app

__all__ = ["create_app"]
