"""The pipeline runner: small named stages, record in, record out.

    ingest → language → nlp → extract → resolve → merge → store

`Pipeline.code(document)` runs one document through language → merge and returns its events
(or a Rejection); `Pipeline.run(paths, store)` adds ingest and the store, skipping documents the
store already holds so that a rerun resumes where the last one stopped and adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from chronique.extract import Extractor
from chronique.ingest import read_path
from chronique.langpack import LanguagePack, available_languages, load_pack
from chronique.language import assign_language
from chronique.merge import merge_document
from chronique.nlp import Annotator
from chronique.records import Document, Event, Place, Rejection
from chronique.resolve import Resolver
from chronique.resolve.dictionary import ActorDictionary
from chronique.settings import Settings

if TYPE_CHECKING:
    from chronique.gazetteer import Gazetteer
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
        self.annotator = Annotator(pack.spacy_models, settings.batch_size, pack.dependency_scheme)
        self.extractor = Extractor(pack)
        self.resolver = Resolver(pack, countries, gazetteer, settings.base_confidence, dictionary)


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
                self._gazetteer = Gazetteer()
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

    def code(self, document: Document) -> Coded | Rejection:
        """Run language → nlp → extract → resolve → merge on one document."""
        if len(document.text) > self.settings.max_document_chars:
            return Rejection(
                "nlp",
                f"document too long: {len(document.text)} characters "
                f"(limit {self.settings.max_document_chars}, setting max_document_chars)",
                document.source or document.id,
            )
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
            )

    def run(
        self,
        items: Iterable[Document | Rejection],
        store: Store,
        on_item: Callable[[Document | Rejection, Coded | Rejection | None], None] | None = None,
    ) -> RunSummary:
        """Code every document not yet in `store` and store it with its events."""
        summary = RunSummary()
        for item in items:
            if isinstance(item, Rejection):
                store.add_rejection(item)
                summary.rejections.append(item)
                result: Coded | Rejection | None = item
            elif store.has_document(item.id):
                summary.skipped += 1
                result = None
            else:
                result = self.code(item)
                if isinstance(result, Rejection):
                    if result.stage == "language":
                        # Kept, not lost: a pack added later can code it from the store.
                        store.add_document(item, [])
                    store.add_rejection(result)
                    summary.rejections.append(result)
                else:
                    store.add_document(result.document, result.events)
                    summary.documents += 1
                    summary.events += len(result.events)
            if on_item is not None:
                on_item(item, result)
        return summary
