"""Ingest: read sources into `Document`s (or `Rejection`s), cleaned and identified.

`read_path(path, published=..., agency=..., language=...)` is the entry point: it yields a
`Document | Rejection` per article of a file or folder and never raises on bad input.
"""

from .build import Overrides, build_document
from .clean import Cleaned, Removal, RemovalReason, clean, looks_like_headline
from .decode import Decoded, NotText, decode_bytes
from .identity import document_id, normalise
from .jsonl import read_jsonl
from .reader import READERS, read_file, read_path, walk
from .rules import Agency, Rules, load_rules
from .text import DEFAULT_MAX_BYTES, read_text_file

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "Agency",
    "Cleaned",
    "Decoded",
    "NotText",
    "Overrides",
    "Removal",
    "RemovalReason",
    "Rules",
    "build_document",
    "clean",
    "decode_bytes",
    "document_id",
    "load_rules",
    "looks_like_headline",
    "normalise",
    "read_file",
    "read_jsonl",
    "read_path",
    "read_text_file",
    "walk",
]
