"""What every request of the API and the web UI shares: the store's address and settings."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from chronique.settings import Settings
from chronique.store.core import Store


@dataclass(slots=True)
class AppState:
    """The app's configuration, kept on `app.state.chronique`."""

    db: str
    settings: Settings
    # Signs the web forms' CSRF fields; a restart invalidates open forms, nothing more.
    form_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A connection for one request, opened and closed in the request's own thread.

        SQLite connections belong to the thread that opened them and requests run in a
        thread pool; opening one costs about half a millisecond (measured), so each request
        opens its own rather than sharing a pool.
        """
        with Store(self.db) as store:
            yield store
