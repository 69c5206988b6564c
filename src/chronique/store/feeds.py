"""What `chronique watch` remembers about each feed, in the store (tables of migration 3).

Per feed: the validators of its last full response, sent back as a conditional GET, and the
outcome of its last poll; per item taken from it: its key and the document it became. A poll
is recorded only after its items are stored (`record_poll`, one transaction), so that a
watch stopped at any moment polls again with the old validators and finds the same items
(their documents are then skipped by id): no item is lost, none is coded twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from chronique.store.core import Store


@dataclass(frozen=True, slots=True)
class FeedState:
    """A feed's validators and the outcome of its last poll (None: never polled)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    polled_at: str | None = None
    status: int | None = None
    error: str | None = None


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _state(row: tuple[object, ...]) -> FeedState:
    url, etag, modified, polled, status, error = row
    return FeedState(
        url=str(url),
        etag=str(etag) if etag is not None else None,
        last_modified=str(modified) if modified is not None else None,
        polled_at=str(polled) if polled is not None else None,
        status=int(str(status)) if status is not None else None,
        error=str(error) if error is not None else None,
    )


_COLUMNS = "url, etag, last_modified, polled_at, status, error"


def feed_state(store: Store, url: str) -> FeedState:
    """The state of the feed at `url`; an empty state for a feed never polled."""
    rows = store.backend.rows(f"SELECT {_COLUMNS} FROM feeds WHERE url = ?", (url,))
    return _state(rows[0]) if rows else FeedState(url)


def feed_states(store: Store) -> list[FeedState]:
    """Every feed polled into this store, by URL."""
    return [_state(r) for r in store.backend.rows(f"SELECT {_COLUMNS} FROM feeds ORDER BY url")]


def seen_items(store: Store, url: str, keys: Iterable[str]) -> set[str]:
    """Which of these item keys were already taken from the feed (one query per 500)."""
    wanted = list(dict.fromkeys(keys))
    found: set[str] = set()
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        rows = store.backend.rows(
            f"SELECT item_key FROM feed_items WHERE feed_url = ? AND item_key IN ({marks})",
            (url, *chunk),
        )
        found.update(str(r[0]) for r in rows)
    return found


def item_count(store: Store, url: str) -> int:
    """How many items were taken from the feed so far."""
    rows = store.backend.rows("SELECT count(*) FROM feed_items WHERE feed_url = ?", (url,))
    return int(rows[0][0])


def record_poll(store: Store, state: FeedState, items: Mapping[str, str | None]) -> None:
    """Save the feed's state and the items this poll took (key → document id or None), in
    one transaction. Items already recorded keep their first record."""
    db = store.backend
    seen_at = state.polled_at or now()
    with db.transaction():
        db.execute(
            f"INSERT INTO feeds ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, polled_at = excluded.polled_at, "
            "status = excluded.status, error = excluded.error",
            (state.url, state.etag, state.last_modified, seen_at, state.status, state.error),
        )
        db.executemany(
            "INSERT INTO feed_items (feed_url, item_key, document_id, seen_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(state.url, key, document_id, seen_at) for key, document_id in items.items()],
        )
