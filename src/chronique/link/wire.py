"""Wire copies: the same dispatch published by several outlets, found with MinHash and LSH.

A news agency's story reaches the reader through many sites, each with its own headline,
a paragraph dropped, its footer. Those copies are one source, not many. A document's text
becomes a set of shingles (runs of `wire_copy_shingle_words` normalised words), summed up by
a MinHash signature (datasketch) that is stored once. Locality-sensitive hashing splits the
signature into bands (as many as datasketch's `MinHashLSH` chooses for the threshold); two
documents sharing a band are candidates, confirmed when their estimated Jaccard similarity
reaches `wire_copy_threshold`. The band keys live in the store (`wire_bands`), so a new
document meets its copies by an index lookup, never by a pass over every stored document.

A new document joins the group of the copy it resembles most; a group is named after its
first document.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from chronique.settings import Settings
from chronique.store.links import LinkTables

_WORD = re.compile(r"\w+")
# Band lookups return at most this many candidate copies: a story copied more than that is
# still grouped, by one of them (the most similar of those returned).
MAX_COPY_CANDIDATES = 500


@dataclass(frozen=True, slots=True)
class WireMatch:
    """Where a document landed: its group, and the copy it matched (None: a new group)."""

    document_id: str
    group_id: str
    matched: str | None = None
    similarity: float | None = None


def words(text: str) -> list[str]:
    """Lower-case words without accents: an edit of case or accents is no edit here."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _WORD.findall("".join(c for c in decomposed if not unicodedata.combining(c)))


def shingles(text: str, size: int) -> set[bytes]:
    found = words(text)
    if len(found) <= size:
        return {" ".join(found).encode("utf-8")} if found else set()
    return {" ".join(found[i : i + size]).encode("utf-8") for i in range(len(found) - size + 1)}


class WireCopies:
    """Signatures, bands and groups of wire copies, kept in the store's link tables."""

    def __init__(self, tables: LinkTables, settings: Settings) -> None:
        self.tables = tables
        self.threshold = settings.wire_copy_threshold
        self.size = settings.wire_copy_shingle_words
        self.num_perm = settings.wire_copy_num_perm
        lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        self.bands, self.rows = int(lsh.b), int(lsh.r)
        self._template = MinHash(num_perm=self.num_perm)
        self._dtype = np.dtype(self._template.hashvalues.dtype)
        # Signatures made with other parameters are not comparable: the params say which.
        self.params = f"minhash:{self._template.scheme}:{self.num_perm}:{self.size}"

    def signature(self, text: str) -> np.ndarray[Any, Any]:
        # The template's permutations, shared: drawing them is most of a MinHash's cost.
        minhash = MinHash(
            num_perm=self.num_perm,
            permutations=self._template.permutations,
            scheme=self._template.scheme,
        )
        minhash.update_batch(sorted(shingles(text, self.size)))
        values: np.ndarray[Any, Any] = minhash.hashvalues.astype(self._dtype, copy=False)
        return values

    def band_keys(self, signature: np.ndarray[Any, Any]) -> list[int]:
        """One 63-bit key per LSH band: the band's number and values, hashed."""
        keys = []
        for band in range(self.bands):
            chunk = signature[band * self.rows : (band + 1) * self.rows].tobytes()
            digest = hashlib.blake2b(band.to_bytes(2, "big") + chunk, digest_size=8).digest()
            keys.append(int.from_bytes(digest, "big", signed=True))
        return keys

    def _load(self, raw: bytes) -> np.ndarray[Any, Any]:
        return np.frombuffer(raw, dtype=self._dtype)

    def signature_of(self, document_id: str) -> np.ndarray[Any, Any] | None:
        """The document's stored signature, computed and stored first when missing."""
        stored = self.tables.signatures([document_id], self.params).get(document_id)
        if stored is not None:
            return self._load(stored)
        text = self.tables.text(document_id)
        if text is None:
            return None
        signature = self.signature(text)
        self.tables.save_signature(document_id, signature.tobytes(), self.params)
        return signature

    def similarity(self, a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> float:
        """Estimated Jaccard similarity of two documents' shingle sets."""
        return float(np.count_nonzero(a == b)) / len(a)

    def assign(self, document_id: str, seq: int) -> WireMatch | None:
        """Group a stored document with its linked copies; None if it is not stored."""
        signature = self.signature_of(document_id)
        if signature is None:
            return None
        keys = self.band_keys(signature)
        candidates = self.tables.band_matches(keys, document_id, MAX_COPY_CANDIDATES)
        best: tuple[float, str] | None = None
        stored = self.tables.signatures(candidates, self.params)
        for other in candidates:
            raw = stored.get(other)
            if raw is None:
                continue
            score = self.similarity(signature, self._load(raw))
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, other)
        if best is None:
            match = WireMatch(document_id, document_id)
        else:
            groups = self.tables.documents([best[1]])
            group = groups[best[1]].group_id if best[1] in groups else None
            match = WireMatch(document_id, group or best[1], best[1], round(best[0], 3))
        self.tables.set_group(
            document_id, match.group_id, match.matched, match.similarity, seq, keys
        )
        return match

    def assign_many(self, document_ids: Sequence[str]) -> list[WireMatch]:
        out = []
        for document_id in document_ids:
            match = self.assign(document_id, self.tables.next_seq())
            if match is not None:
                out.append(match)
        return out
