"""RSS and Atom feeds (.xml, .rss, .atom, or bytes fetched by `chronique watch`).

One Document per item: its link, title, publication date, and its content (or summary) HTML
turned into plain paragraphs. feedparser only ever gets bytes: given a path or a URL it
would fetch it itself, and `watch` needs to control the request (timeouts, size limit,
ETag / Last-Modified), so fetching is `fetch.py`'s job.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import hashlib
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser

from chronique.records import Document, Rejection
from chronique.settings import Settings

from .build import STAGE, Overrides, build_document
from .fetch import FetchError, fetch
from .files import read_limited
from .markup import fragment_to_text, paragraphs
from .text import DEFAULT_MAX_BYTES
from .webpage import host_name

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed: the key that names it in the feed, and what it became."""

    key: str
    item: Document | Rejection


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its own title and link, and its items in feed order."""

    title: str | None
    link: str | None
    items: tuple[FeedItem, ...]


def _text_of(detail: Mapping[str, Any] | None, value: str | None) -> str:
    """Plain text of a feed text construct: HTML ones are cleaned, plain ones kept."""
    if not value:
        return ""
    kind = str((detail or {}).get("type") or "text/html")
    if kind in _HTML_TYPES:
        return fragment_to_text(value)
    # Plain text: keep the publisher's blank-line paragraphs, collapse the rest.
    return paragraphs([part + "\u2029" for part in value.split("\n\n")])


def _published(entry: Mapping[str, Any]) -> tuple[dt.date | None, str | None]:
    """The item's date as the publisher wrote it (its local day) and the full timestamp.

    The raw string is read first: feedparser's parsed value is in UTC, and a story dated
    00:30 in Paris would move to the day before, and its "hier" with it.
    """
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        stamp: dt.datetime | None = None
        try:
            stamp = email.utils.parsedate_to_datetime(raw)  # RSS: RFC 822
        except (TypeError, ValueError, IndexError):
            try:
                stamp = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))  # Atom
            except ValueError:
                parsed = entry.get(f"{key}_parsed")
                if isinstance(parsed, time.struct_time):
                    stamp = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)
        if stamp is not None:
            return stamp.date(), stamp.isoformat()
    return None, None


def _body(entry: Mapping[str, Any]) -> str:
    """The fullest text the item carries: its longest content, else its summary."""
    candidates = [_text_of(content, content.get("value")) for content in entry.get("content") or []]
    candidates.append(_text_of(entry.get("summary_detail"), entry.get("summary")))
    return max(candidates, key=len)


def item_key(entry: Mapping[str, Any]) -> str:
    """What names an item across polls: its id (guid), else its link, else its words."""
    for field in ("id", "link"):
        value = entry.get(field)
        if isinstance(value, str) and value.strip():
            return value.strip()
    words = f"{entry.get('title') or ''}\n{entry.get('summary') or ''}"
    return "sha256:" + hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


def _item(
    entry: Mapping[str, Any],
    key: str,
    *,
    source: str,
    raw_sha256: str,
    feed_link: str | None,
    overrides: Overrides | None,
    feed_title: str | None = None,
) -> Document | Rejection:
    title = _text_of(entry.get("title_detail"), entry.get("title")) or None
    if title:
        title = " ".join(title.split())
    body = _body(entry)
    if not title and not body:
        return Rejection(STAGE, "empty item: no title, summary or content", source)
    first = body.split("\n\n", 1)[0]
    text = (
        body
        if title and first.casefold() == title.casefold()
        else "\n\n".join(part for part in (title, body) if part)
    )
    link = entry.get("link") if isinstance(entry.get("link"), str) else None
    published, stamp = _published(entry)
    meta = {"feed_item": key}
    if stamp:
        meta["published_datetime"] = stamp
    return build_document(
        text,
        source=source,
        raw_sha256=raw_sha256,
        overrides=overrides,
        title=title,
        url=link,
        # The outlet's own name (the channel's title) reads better than its host name.
        publisher=feed_title or host_name(link or feed_link),
        published=published,
        meta=meta,
    )


def parse_feed(
    data: bytes,
    *,
    source: str,
    url: str | None = None,
    content_type: str | None = None,
    overrides: Overrides | None = None,
) -> Feed | Rejection:
    """Parse a feed's bytes; `url` resolves relative links, `content_type` gives the charset.

    Every item's `raw_sha256` is the hash of the feed's bytes: the snapshot it was read from
    (feedparser does not hand back an item's own bytes). Its source is `source#key`.
    """
    if not data.strip():
        return Rejection(STAGE, "empty: the feed has no content", source)
    headers: dict[str, str] = {}
    if url:
        headers["content-location"] = url
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(data, response_headers=headers)
    # feedparser survives most broken feeds, but not all: a character reference to a
    # surrogate ("&#xD800;") raises UnicodeEncodeError from its loose parser.
    except Exception as error:
        return Rejection(
            STAGE, f"feed could not be parsed: {type(error).__name__}: {error}", source
        )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f": {problem}" if problem else ""
        return Rejection(STAGE, f"not an RSS or Atom feed{why}", source)
    digest = hashlib.sha256(data).hexdigest()
    feed_link = parsed.feed.get("link") or url
    channel = parsed.feed.get("title")
    feed_title = " ".join(channel.split()) if isinstance(channel, str) and channel.strip() else None
    items: list[FeedItem] = []
    keys: set[str] = set()
    for entry in parsed.entries:
        key = item_key(entry)
        if key in keys:
            continue  # a feed that lists an item twice: it is one item
        keys.add(key)
        document = _item(
            entry,
            key,
            source=f"{source}#{key}",
            raw_sha256=digest,
            feed_link=feed_link,
            feed_title=feed_title,
            overrides=overrides,
        )
        items.append(FeedItem(key, document))
    title = parsed.feed.get("title")
    return Feed(title if isinstance(title, str) else None, feed_link, tuple(items))


def read_feed_file(
    path: str | os.PathLike[str],
    *,
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    settings: Settings | None = None,
) -> Iterator[Document | Rejection]:
    """Yield a Document or a Rejection per item of a feed file. Never raises.

    `settings` is accepted for the reader signature; a feed file has no settings of its own.
    """
    path = Path(path)
    data = read_limited(path, max_bytes)
    if isinstance(data, Rejection):
        yield data
        return
    feed = parse_feed(data, source=str(path), overrides=overrides)
    if isinstance(feed, Rejection):
        yield feed
        return
    if not feed.items:
        yield Rejection(STAGE, "feed has no items", str(path))
    for item in feed.items:
        yield item.item


def read_feed_url(
    url: str, *, overrides: Overrides | None = None, settings: Settings | None = None
) -> Iterator[Document | Rejection]:
    """Fetch a feed once (no validators: `chronique watch` keeps those) and yield a Document
    or a Rejection per item; a feed that cannot be fetched is one Rejection. Never raises."""
    settings = settings or Settings.load()
    try:
        fetched = fetch(
            url,
            timeout=settings.feed_timeout_seconds,
            max_bytes=settings.feed_max_bytes,
            user_agent=settings.feed_user_agent,
        )
    except FetchError as error:
        yield Rejection(STAGE, f"cannot fetch the feed: {error}", url)
        return
    feed = parse_feed(
        fetched.body,
        source=url,
        url=fetched.url,
        content_type=fetched.content_type,
        overrides=overrides,
    )
    if isinstance(feed, Rejection):
        yield feed
        return
    for item in feed.items:
        yield item.item
