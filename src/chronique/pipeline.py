"""The pipeline runner: small named stages, record in, record out.

    ingest → language → nlp → extract → resolve → merge → store

`Pipeline.code(document)` runs one document through language → merge and returns its events
(or a Rejection); `Pipeline.run(paths, store)` adds ingest and the store, skipping documents the
store already holds so that a rerun resumes where the last one stopped and adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from chronique.extract import Extractor
from chronique.ingest import read_path
from chronique.langpack import LanguagePack, available_languages, load_pack
from chronique.language import assign_language
from chronique.merge import merge_document
from chronique.nlp import AnnotatedDocument, Annotator, Paragraph, split_paragraphs
from chronique.records import Document, Event, Place, Rejection
from chronique.resolve import Resolver
from chronique.resolve.dictionary import ActorDictionary
from chronique.settings import Settings

if TYPE_CHECKING:
    from chronique.gazetteer import Gazetteer
    from chronique.link import Linker
    from chronique.resolve.countries import CountryNames
    from chronique.store import Store


@dataclass(frozen=True, slots=True)
class Coded:
    """A document and the events coded from it."""

    document: Document
    events: tuple[Event, ...]
    places: tuple[Place, ...] = ()


@dataclass(slots=True)
class RunSummary:
    """What a run did, for the CLI and the tests."""

    documents: int = 0
    skipped: int = 0
    events: int = 0
    rejections: list[Rejection] = field(default_factory=list)


# Documents coded per batch by `Pipeline.run`: one spaCy call parses all their paragraphs
# (a parse in batches of `batch_size` paragraphs across documents is ~6% faster than one
# document at a time), one transaction stores them, and a worker process gets one batch per
# task — small enough that two workers share a few hundred documents evenly.
DOCUMENTS_PER_BATCH = 16


class _BatchAnnotator(Annotator):
    """An annotator that can parse several documents' paragraphs in one spaCy call.

    `prefetch(documents)` parses them all; `annotate` then hands out those parses and parses
    anything else itself. The parse of a paragraph is the same in a batch as alone, so the
    pipeline's results do not depend on how documents are batched (tests/test_scale.py).
    """

    def __init__(self, model_names: Iterable[str], batch_size: int = 32, scheme: str = "ud"):
        super().__init__(model_names, batch_size, scheme)
        self._ready: dict[tuple[str, str], tuple[Paragraph, ...]] = {}

    def prefetch(self, documents: Sequence[Document]) -> None:
        pieces = [(doc, split_paragraphs(doc.text)) for doc in documents]
        texts = [text for _, found in pieces for _, text in found]
        parsed = iter(self.nlp.pipe(texts, batch_size=self.batch_size))
        for doc, found in pieces:
            self._ready[(doc.id, doc.text)] = tuple(
                Paragraph(index=i, start=start, doc=next(parsed))
                for i, (start, _) in enumerate(found)
            )

    def annotate(self, documents: Iterable[Document]) -> Iterator[AnnotatedDocument]:
        for doc in documents:
            ready = self._ready.pop((doc.id, doc.text), None)
            if ready is None:
                yield from super().annotate([doc])
            else:
                yield AnnotatedDocument(document=doc, paragraphs=ready)

    def forget(self) -> None:
        self._ready.clear()


class _Language:
    """The stages that depend on one language, built on first use."""

    def __init__(
        self,
        pack: LanguagePack,
        settings: Settings,
        countries: CountryNames,
        gazetteer: Gazetteer,
        dictionary: ActorDictionary,
    ) -> None:
        self.annotator = _BatchAnnotator(
            pack.spacy_models, settings.batch_size, pack.dependency_scheme
        )
        self.extractor = Extractor(pack)
        self.resolver = Resolver(
            pack, countries, gazetteer, settings.base_confidence, dictionary, settings
        )


# Text of the warm-up document: a report with an actor, a place and a date, so that every
# stage builds its tables. Never stored.
_WARM_UP = {
    "fr": "Des soldats ont attaqué un village près de Damas lundi, selon l'OSDH.",
    "en": "Soldiers attacked a village near Damascus on Monday, the monitor said.",
}


class Pipeline:
    """Chronique's processing pipeline; language packs and models load lazily."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.load()
        self.languages = available_languages()
        self.dictionary = ActorDictionary.load([Path(p) for p in self.settings.actor_dictionaries])
        self._stages: dict[str, _Language] = {}
        self._countries: CountryNames | None = None
        self._gazetteer: Gazetteer | None = None

    def _language(self, code: str) -> _Language:
        if code not in self._stages:
            from chronique.gazetteer import Gazetteer
            from chronique.resolve.countries import CountryNames

            if self._countries is None:
                self._countries = CountryNames()
            if self._gazetteer is None:
                self._gazetteer = Gazetteer(settings=self.settings)
            self._stages[code] = _Language(
                load_pack(code),
                self.settings,
                self._countries,
                self._gazetteer,
                self.dictionary,
            )
        return self._stages[code]

    def model_name(self, code: str) -> str:
        return self._language(code).annotator.model_name

    def warm(self, code: str) -> str:
        """Load everything a language needs once (model, gazetteer indexes, grammars) by
        coding a one-sentence document; the model's name. Workers and servers call it so
        that the first real document does not pay the start-up."""
        name = self.model_name(code)
        if self._gazetteer is not None:
            self._gazetteer.warm()
        sample = _WARM_UP.get(code, _WARM_UP["en"])
        self.code(Document(id="warm-up", text=sample, language=code, published=dt.date.today()))
        return name

    def too_big(self, document: Document) -> Rejection | None:
        """Why `document` is too big to parse (whole, or one paragraph of it), or None."""
        if len(document.text) > self.settings.max_document_chars:
            return Rejection(
                "nlp",
                f"document too long: {len(document.text)} characters "
                f"(limit {self.settings.max_document_chars}, setting max_document_chars)",
                document.source or document.id,
            )
        # The parser's cost grows faster than a paragraph's length: one endless "sentence"
        # (a dump with no punctuation or line breaks) would stall the batch for minutes.
        longest = max((len(text) for _, text in split_paragraphs(document.text)), default=0)
        if longest > self.settings.max_paragraph_chars:
            return Rejection(
                "nlp",
                f"paragraph too long: {longest} characters without a blank line (limit "
                f"{self.settings.max_paragraph_chars}, setting max_paragraph_chars)",
                document.source or document.id,
            )
        return None

    def code(self, document: Document) -> Coded | Rejection:
        """Run language → nlp → extract → resolve → merge on one document."""
        too_big = self.too_big(document)
        if too_big is not None:
            return too_big
        with_language = assign_language(
            document,
            self.languages,
            self.settings.language_min_score,
            self.settings.default_language,
        )
        if isinstance(with_language, Rejection):
            return with_language
        stages = self._language(with_language.language or self.settings.default_language)
        annotated = next(iter(stages.annotator.annotate([with_language])))
        extraction = stages.extractor(annotated)
        reports = stages.resolver(with_language, extraction)
        events = merge_document(with_language, reports) if reports else []
        focus = stages.resolver.focus_country(extraction.place_names, extraction.reports)
        return Coded(with_language, tuple(events), stages.resolver.places(extraction, focus))

    def read(
        self,
        paths: Iterable[Path],
        *,
        published: dt.date | None = None,
        agency: str | None = None,
        language: str | None = None,
    ) -> Iterator[Document | Rejection]:
        """The ingest stage over every path."""
        for path in paths:
            yield from read_path(
                path,
                published=published,
                agency=agency,
                language=language,
                max_bytes=self.settings.max_file_bytes,
                settings=self.settings,
            )

    def code_many(self, documents: Sequence[Document]) -> list[Coded | Rejection]:
        """`[self.code(d) for d in documents]`, with their paragraphs parsed in one batch."""
        groups: dict[str, list[Document]] = {}
        # Each document as `code` will see it: with its language, detected once.
        ready = list(documents)
        for k, document in enumerate(documents):
            if self.too_big(document) is not None:
                continue  # `code` rejects it before parsing
            with_language = assign_language(
                document,
                self.languages,
                self.settings.language_min_score,
                self.settings.default_language,
            )
            if isinstance(with_language, Document):
                code = with_language.language or self.settings.default_language
                groups.setdefault(code, []).append(with_language)
                ready[k] = with_language
        annotators = [self._language(code).annotator for code in groups]
        try:
            for annotator, group in zip(annotators, groups.values(), strict=True):
                annotator.prefetch(group)
            return [self.code(document) for document in ready]
        finally:
            for annotator in annotators:
                annotator.forget()

    def run(
        self,
        items: Iterable[Document | Rejection],
        store: Store,
        on_item: Callable[[Document | Rejection, Coded | Rejection | None], None] | None = None,
        *,
        engine: Engine | None = None,
        batch_size: int = DOCUMENTS_PER_BATCH,
    ) -> RunSummary:
        """Code every document not yet in `store` and store it with its events.

        `engine` codes the batches: in this process by default, or worker processes or a
        Dask cluster (`chronique.scale`). Whichever codes them, this process stores the
        results batch by batch in input order, so the store ends up the same, `on_item` sees
        the items in order, and a stopped run resumes after the last stored batch.
        """
        summary = RunSummary()
        plans: deque[_Plan] = deque()
        # Documents sent for coding in this run, and the rejection of those that were not
        # stored: a copy of a document met later is skipped or rejected like the first.
        sent: set[str] = set()
        unstored: dict[str, Rejection] = {}

        def batches() -> Iterator[list[Document]]:
            it = iter(items)
            while chunk := list(islice(it, batch_size)):
                plan = _Plan(
                    chunk,
                    store.known_documents(
                        i.id for i in chunk if isinstance(i, Document) and i.id not in sent
                    ),
                )
                for position, item in enumerate(chunk):
                    if isinstance(item, Document) and item.id not in plan.known:
                        if item.id in sent:
                            plan.copies.add(position)
                        else:
                            sent.add(item.id)
                            plan.todo.append(item)
                plans.append(plan)
                yield plan.todo

        linker = self._linker(store)
        # Coded batches are stored a group at a time (setting store_batch_documents): one
        # transaction per group, but each batch still linked on its own, in order.
        group: list[tuple[_Plan, list[Coded | Rejection]]] = []
        waiting = 0

        def flush() -> None:
            self._store(group, store, summary, unstored, on_item)
            if linker is not None:
                for plan, _ in group:
                    # Linked as soon as stored, here, whichever engine coded the batch; in
                    # id order, the order in which a run stopped before linking them links
                    # them (`link_pending`), so that a resumed run ends with the same events.
                    linker.link_documents(sorted(d.id for d in plan.todo))
            group.clear()

        for results in (engine or InProcess(self)).map(batches()):
            plan = plans.popleft()
            group.append((plan, results))
            waiting += len(plan.items)
            if waiting >= self.settings.store_batch_documents:
                flush()
                waiting = 0
        if group:
            flush()
        return summary

    def _linker(self, store: Store) -> Linker | None:
        """The cross-document linker (setting link_after_run), having first linked what a
        stopped run stored but did not link."""
        if not self.settings.link_after_run:
            return None
        from chronique.link import Linker

        linker = Linker(store, self.settings)
        linker.link_pending()
        return linker

    @staticmethod
    def _store(
        group: list[tuple[_Plan, list[Coded | Rejection]]],
        store: Store,
        summary: RunSummary,
        unstored: dict[str, Rejection],
        on_item: Callable[[Document | Rejection, Coded | Rejection | None], None] | None,
    ) -> None:
        """Store a group of batches' results in one transaction, then report them item by
        item (only once they are committed)."""
        documents: list[tuple[Document, Sequence[Event]]] = []
        rejections: list[Rejection] = []
        outcomes: list[tuple[Document | Rejection, Coded | Rejection | None]] = []
        for plan, results in group:
            coded = dict(zip((d.id for d in plan.todo), results, strict=True))
            for position, item in enumerate(plan.items):
                result: Coded | Rejection | None
                if isinstance(item, Rejection):
                    rejections.append(item)
                    result = item
                elif item.id in plan.known:
                    result = None
                elif position in plan.copies:
                    # A copy of a document earlier in this run: it was stored (skip this
                    # one) unless it was rejected, and then this copy is rejected the same way.
                    result = unstored.get(item.id)
                    if result is not None:
                        rejections.append(result)
                else:
                    result = coded[item.id]
                    if isinstance(result, Rejection):
                        if result.stage == "language":
                            # Kept, not lost: a pack added later can code it from the store.
                            documents.append((item, []))
                        else:
                            unstored[item.id] = result
                        rejections.append(result)
                    else:
                        documents.append((result.document, result.events))
                outcomes.append((item, result))
        new = set(store.add_batch(documents, rejections))
        for item, result in outcomes:
            if isinstance(result, Rejection):
                summary.rejections.append(result)
            elif isinstance(result, Coded) and result.document.id in new:
                summary.documents += 1
                summary.events += len(result.events)
            else:
                # Already stored: before this run, earlier in it, or by another writer.
                summary.skipped += 1
                result = None
            if on_item is not None:
                on_item(item, result)


@dataclass(slots=True)
class _Plan:
    """One batch of `Pipeline.run`: its items, and what to do with each."""

    items: list[Document | Rejection]
    known: set[str]  # documents the store held when the batch was planned
    todo: list[Document] = field(default_factory=list)
    # Positions of documents already sent for coding earlier in the run (or the batch).
    copies: set[int] = field(default_factory=set)


class Engine(Protocol):
    """Codes batches of documents, yielding each batch's results in the order given."""

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[Coded | Rejection]]: ...


class InProcess:
    """The default engine: this process codes the batches, one after the other."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[Coded | Rejection]]:
        for batch in batches:
            yield self.pipeline.code_many(batch)
