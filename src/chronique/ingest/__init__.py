"""Ingest: read sources into `Document`s (or `Rejection`s), cleaned and identified.

`read_path(path, published=..., agency=..., language=...)` is the entry point: it yields a
`Document | Rejection` per article of a file or folder and never raises on bad input.
Formats: text (.txt, .md), JSONL, web pages (.html, .htm), RSS/Atom feeds (.xml, .rss,
.atom) and web archives (.warc, .warc.gz); `fetch` gets a feed over HTTP for `watch`.
"""

from .build import Overrides, build_document
from .clean import Cleaned, Removal, RemovalReason, clean, looks_like_headline
from .decode import Decoded, NotText, decode_bytes
from .feeds import Feed, FeedItem, parse_feed, read_feed_file, read_feed_url
from .fetch import Fetched, FetchError, fetch
from .identity import document_id, normalise
from .jsonl import read_jsonl
from .reader import READERS, file_format, read_file, read_path, walk
from .rules import Agency, Rules, load_rules
from .text import DEFAULT_MAX_BYTES, read_text_file
from .warc import read_warc
from .webpage import page_document, read_html_file

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "Agency",
    "Cleaned",
    "Decoded",
    "Feed",
    "FeedItem",
    "FetchError",
    "Fetched",
    "NotText",
    "Overrides",
    "Removal",
    "RemovalReason",
    "Rules",
    "build_document",
    "clean",
    "decode_bytes",
    "document_id",
    "fetch",
    "file_format",
    "load_rules",
    "looks_like_headline",
    "normalise",
    "page_document",
    "parse_feed",
    "read_feed_file",
    "read_feed_url",
    "read_file",
    "read_html_file",
    "read_jsonl",
    "read_path",
    "read_text_file",
    "read_warc",
    "walk",
]
