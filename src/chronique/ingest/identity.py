"""Document identity: one normal form of the text, and an id derived from it.

The id must not depend on how the bytes reached us (Windows line ends, a BOM, decomposed
accents from a macOS copy-paste, re-wrapped whitespace), so that ingesting the same article
twice, from a file or from a JSONL dump, yields the same id and the store changes nothing.
"""

from __future__ import annotations

import hashlib
import unicodedata

BOM = "\ufeff"
ID_LENGTH = 16  # 64 bits: collisions are negligible at any corpus size we will see


def normalise(text: str) -> str:
    """NFC, "\\n" line ends, no leading BOM. Offsets of later stages point into this text."""
    # The BOM goes first: NFC leaves it in place and it would shift every offset by one.
    if text.startswith(BOM):
        text = text[len(BOM) :]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def document_id(text: str) -> str:
    """Hash of the normalised text with whitespace collapsed (first 16 hex chars of sha256)."""
    collapsed = " ".join(normalise(text).split())
    return hashlib.sha256(collapsed.encode("utf-8")).hexdigest()[:ID_LENGTH]
