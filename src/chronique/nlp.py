"""The spaCy stage: paragraph-aware parsing of a document.

The French model's sentence splitter joins lines across blank lines (PARSER-NOTES.md), so a
document is cut into paragraphs first and each paragraph is parsed as its own spaCy Doc; the
paragraph keeps its character offset in the document so every token maps back to the text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from chronique.errors import ModelNotInstalledError
from chronique.records import Document

logger = logging.getLogger(__name__)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")
_SENTENCE_FINAL = {".", "!", "?", "…", ":", ";"}
_CLOSING_QUOTES = {"»", "'", '"', "”", "’", ")"}


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph's place in the document and its parse."""

    index: int
    start: int
    doc: Any  # spacy.tokens.Doc (spaCy ships no type stubs)


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document with one parsed spaCy Doc per paragraph."""

    document: Document
    paragraphs: tuple[Paragraph, ...]


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each non-blank paragraph; offsets point into `text`."""
    out: list[tuple[int, str]] = []
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        out.extend(_trimmed(text, pos, match.start()))
        pos = match.end()
    out.extend(_trimmed(text, pos, len(text)))
    return out


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, str]]:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return []
    lead = len(chunk) - len(chunk.lstrip())
    return [(start + lead, stripped)]


def _sentence_hints(doc: Any) -> Any:
    """Forbid sentence starts the parser gets wrong on wire copy.

    "russo-américaines" was split into three sentences by the parser: a token that follows a
    hyphen, is a hyphen, or starts in lower case after a non-final token cannot open a sentence.
    The parser respects `is_sent_start = False` set before it runs.
    """
    for i in range(1, len(doc)):
        token, prev = doc[i], doc[i - 1]
        if prev.text in _SENTENCE_FINAL or "\n" in prev.text:
            continue
        if token.text in {"-", "–"} or prev.text in {"-", "–"} or token.text[:1].islower():
            token.is_sent_start = False
    return doc


def _ends_sentence(span: Any) -> bool:
    last = span[-1]
    if last.text in _SENTENCE_FINAL:
        return True
    # A closing quote after a full stop: « … ». and '….'
    return len(span) > 1 and last.text in _CLOSING_QUOTES and span[-2].text in _SENTENCE_FINAL


def sentences(doc: Any) -> list[Any]:
    """The doc's sentences, re-joined where the parser split inside one.

    The parser does not always honour the hints above: "Frappes sur Alep" and "des
    combattants de Boko | Haram ont attaqué" came out as two sentences. Within a paragraph,
    a "sentence" that does not end with final punctuation continues into the next.
    """
    out: list[Any] = []
    for sent in doc.sents:
        if out and not _ends_sentence(out[-1]):
            out[-1] = doc[out[-1].start : sent.end]
        else:
            out.append(sent)
    return out


def installed_model(names: Iterable[str]) -> str | None:
    """The first of `names` that is installed (what `load_model` will load), without
    loading it."""
    import spacy.util

    return next((name for name in names if spacy.util.is_package(name)), None)


def load_model(names: Iterable[str], scheme: str = "ud") -> Any:
    """Load the first installed spaCy model of `names`, with Chronique's sentence hints and,
    for a model whose parser speaks ClearNLP (`scheme="clear"`), the conversion to UD."""
    import spacy
    from spacy.language import Language

    from chronique.ud import clear_to_ud

    if "chronique_sentence_hints" not in Language.factories:
        Language.component("chronique_sentence_hints", func=_sentence_hints)
    if "chronique_clear_to_ud" not in Language.factories:
        Language.component("chronique_clear_to_ud", func=clear_to_ud)
    tried = []
    for name in names:
        tried.append(name)
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("chronique_sentence_hints", before="parser")
            if scheme == "clear":
                # Last: the conversion reads part-of-speech tags, which the English
                # models' attribute_ruler sets after the parser.
                nlp.add_pipe("chronique_clear_to_ud", last=True)
        logger.info("language model %s loaded (first installed of %s)", name, ", ".join(tried))
        return nlp
    raise ModelNotInstalledError(
        f"none of the spaCy models {', '.join(tried)} is installed; "
        "install the project (make install) to get them"
    )


class Annotator:
    """Parses documents with one language's model, loaded once on first use."""

    def __init__(
        self, model_names: Iterable[str], batch_size: int = 32, scheme: str = "ud"
    ) -> None:
        self._names = tuple(model_names)
        self._scheme = scheme
        self._nlp: Any = None
        self.batch_size = batch_size

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_model(self._names, self._scheme)
        return self._nlp

    @property
    def model_name(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"

    def annotate(self, documents: Iterable[Document]) -> Iterator[AnnotatedDocument]:
        """Parse each document's paragraphs (batched across documents)."""
        for doc in documents:
            pieces = split_paragraphs(doc.text)
            parsed = self.nlp.pipe([p for _, p in pieces], batch_size=self.batch_size)
            paragraphs = tuple(
                Paragraph(index=i, start=start, doc=sdoc)
                for i, ((start, _), sdoc) in enumerate(zip(pieces, parsed, strict=True))
            )
            yield AnnotatedDocument(document=doc, paragraphs=paragraphs)
