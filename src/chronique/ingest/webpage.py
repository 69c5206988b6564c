"""Reader for web pages (.html, .htm), and the page → Document step the WARC reader shares.

The main text comes from trafilatura (offline, with the precision settings of settings.toml),
the publication date from htmldate (`extensive_search=False`: the page's metadata and
markup, not a guess from any date in the text), the title, canonical URL and publisher from
the page's own metadata. The headline leads the text as its first paragraph, as in a text
file, so that the extractor treats the two the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import htmldate
import trafilatura

from chronique.records import Document, Rejection
from chronique.settings import Settings

from .build import STAGE, Overrides, build_document
from .clean import MAX_TITLE_CHARS
from .decode import NotText
from .files import read_limited
from .markup import decode_html, lines_to_paragraphs, parse_html
from .text import DEFAULT_MAX_BYTES

# Both libraries log routine bad input (an empty page, a page with no date) at ERROR level,
# which Python prints to stderr when the application set up no logging. Chronique reports
# those cases itself, as rejections with a reason, so the log lines would only repeat them.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page says about itself."""

    title: str | None
    canonical_url: str | None
    site_name: str | None


def _first(tree: Any, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for found in tree.xpath(xpath):
            text = found if isinstance(found, str) else found.text_content()
            text = " ".join(str(text).split())
            if text:
                return text
    return None


def _web_url(value: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL, or None (a "canonical" of "/" or "javascript:" is no URL)."""
    if not value:
        return None
    try:
        absolute = urljoin(base, value) if base else value
        parts = urlsplit(absolute)
    except ValueError:  # "http://[::1": no URL
        return None
    return absolute if parts.scheme in ("http", "https") and parts.netloc else None


def host_name(url: str | None) -> str | None:
    """The host of a URL without "www.": what a reader calls the site ("lemonde.fr")."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return None
    return host or None


def page_meta(tree: Any, url: str | None) -> PageMeta:
    """Title (og:title, then the first <h1>, then <title>), canonical URL (rel=canonical,
    then og:url) and site name (og:site_name, else the host)."""
    title = _first(
        tree,
        '//meta[@property="og:title"]/@content',
        '//meta[@name="twitter:title"]/@content',
        "//body//h1",
        "//title",
    )
    if title is not None and len(title) > MAX_TITLE_CHARS:
        title = None  # a "title" that long is a paragraph or a keyword dump
    canonical = _web_url(
        _first(
            tree,
            '//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href',
            '//meta[@property="og:url"]/@content',
        ),
        url,
    )
    site = _first(tree, '//meta[@property="og:site_name"]/@content')
    return PageMeta(title, canonical, site or host_name(canonical or url))


def page_date(tree: Any, url: str | None) -> dt.date | None:
    """The publication date htmldate reads from the page's metadata and markup.

    Raises whatever htmldate raises on hostile markup (it has raised AssertionError).
    """
    found = htmldate.find_date(
        tree, extensive_search=False, original_date=True, url=url, outputformat="%Y-%m-%d"
    )
    return dt.date.fromisoformat(found) if found else None


def main_text(tree: Any, url: str | None, settings: Settings) -> str | None:
    """The article's text, one block per line, or None when trafilatura finds none."""
    text: str | None = trafilatura.extract(
        tree,
        url=url,
        output_format="txt",
        favor_precision=settings.html_favor_precision,
        include_tables=settings.html_include_tables,
        include_comments=settings.html_include_comments,
        fast=settings.html_fast,
        include_images=False,
        include_links=False,
        with_metadata=False,
        deduplicate=False,
    )
    return text


def with_headline(title: str | None, body: str) -> str:
    """`body` led by `title` as its own paragraph, unless the body already starts with it."""
    text = lines_to_paragraphs(body)
    if not title:
        return text
    first = text.split("\n\n", 1)[0]
    if " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return text
    return f"{title}\n\n{text}"


def page_document(
    data: bytes,
    *,
    source: str,
    settings: Settings,
    url: str | None = None,
    charset: str | None = None,
    overrides: Overrides | None = None,
    meta: dict[str, str] | None = None,
) -> Document | Rejection:
    """One page's bytes to a Document, or a Rejection with the reason.

    `url` is where the page was fetched from (a WARC record's target), `charset` what its
    HTTP response declared. The document's url is `url`, else the page's canonical URL.
    """
    if not data.strip():
        return Rejection(STAGE, "empty: the page has no content", source)
    try:
        decoded = decode_html(data, charset)
    except NotText as error:
        return Rejection(STAGE, str(error), source)
    tree = parse_html(decoded.text)
    if tree is None:
        return Rejection(STAGE, "not HTML: no markup could be parsed", source)
    info = page_meta(tree, url)
    base = url or info.canonical_url
    extra = {"encoding": decoded.encoding, **(meta or {})}
    # The libraries meet every kind of broken markup and raise what their internals raise
    # (ValueError, AssertionError, lxml errors); one page must not stop a batch, so each
    # failure becomes what it means: no date (noted), or a rejection with the error.
    published: dt.date | None = None
    try:
        published = page_date(tree, base)
    except Exception as error:
        extra["date_error"] = f"{type(error).__name__}: {error}"
    try:
        body = main_text(tree, base, settings)
    except Exception as error:
        reason = f"main text extraction failed: {type(error).__name__}: {error}"
        return Rejection(STAGE, reason, source)
    if body is None or not body.strip():
        return Rejection(STAGE, "no article text: trafilatura found no main text", source)
    if len(body.strip()) < settings.html_min_text_chars:
        return Rejection(
            STAGE,
            f"no article text: the page's main text is {len(body.strip())} characters "
            f"(setting html_min_text_chars = {settings.html_min_text_chars})",
            source,
        )
    if info.canonical_url and info.canonical_url != url:
        extra["canonical_url"] = info.canonical_url
    return build_document(
        with_headline(info.title, body),
        source=source,
        raw_sha256=hashlib.sha256(data).hexdigest(),
        overrides=overrides,
        title=info.title,
        url=url or info.canonical_url,
        publisher=info.site_name,
        published=published,
        meta=extra,
    )


def read_html_file(
    path: str | os.PathLike[str],
    *,
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    settings: Settings | None = None,
) -> Iterator[Document | Rejection]:
    """Yield one Document for a saved page, or one Rejection saying why not. Never raises."""
    path = Path(path)
    data = read_limited(path, max_bytes)
    if isinstance(data, Rejection):
        yield data
        return
    yield page_document(
        data, source=str(path), settings=settings or Settings.load(), overrides=overrides
    )
