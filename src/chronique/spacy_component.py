"""Chronique as a spaCy pipeline component: `nlp.add_pipe("chronique")`.

    nlp = spacy.load("fr_core_news_md")
    nlp.add_pipe("chronique", config={"published": "2015-10-07"})
    doc = nlp(text)
    doc._.events            # tuple of chronique.records.Event

The component reads the parse the pipeline already made (no second parse): it cuts the Doc
into paragraphs (blank lines) as `chronique run` does, and runs extract → resolve → merge
with the language pack of `language` (the pipeline's language by default). An English
model's ClearNLP arcs are converted to Universal Dependencies on a copy, so the Doc the
caller holds keeps its own parse. `chronique run` parses each paragraph apart and with
Chronique's sentence hints; a component after a plain `spacy.load` model may see a few
sentences split differently, and code them differently.

Config: `published` (ISO date that relative dates such as "mercredi" resolve against),
`language` (a language pack code), `agency` (the wire agency of the texts), `settings`
(path of a settings TOML file). A Doc's own publication date can be set before the
component runs: `doc = nlp.make_doc(text); doc._.published = "2015-10-07"; nlp(doc)`.

spaCy finds the factory through the `spacy_factories` entry point in pyproject.toml, so
`add_pipe("chronique")` works without importing this module first.
"""

# No `from __future__ import annotations`: spaCy reads the factory's annotations at
# runtime to validate its config.

import datetime as dt
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from chronique.errors import ChroniqueError
from chronique.records import Document

FACTORY = "chronique"
DEFAULT_CONFIG: dict[str, Any] = {
    "published": None,
    "language": None,
    "agency": None,
    "settings": None,
}

for _name in ("events", "published"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _date(value: Any, what: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ChroniqueError(f"{what}: {value!r} is not a date (use YYYY-MM-DD)") from exc


class ChroniqueComponent:
    """Codes each Doc into Chronique events, stored on `doc._.events`."""

    def __init__(
        self,
        nlp: Any,
        name: str,
        *,
        published: str | None,
        language: str | None,
        agency: str | None,
        settings: str | None,
    ) -> None:
        from chronique.extract import Extractor
        from chronique.gazetteer import default_gazetteer
        from chronique.langpack import load_pack
        from chronique.resolve import Resolver
        from chronique.resolve.countries import CountryNames
        from chronique.resolve.dictionary import ActorDictionary
        from chronique.settings import Settings

        self.name = name
        self.published = _date(published, f"{name} component config 'published'")
        self.language = language or str(nlp.lang)
        self.agency = agency
        loaded = Settings.load(Path(settings) if settings else None)
        pack = load_pack(self.language)  # LanguagePackError names the packs there are
        # ClearNLP arcs (English models) become UD unless the pipeline already converts them.
        self.to_ud = pack.dependency_scheme == "clear" and (
            "chronique_clear_to_ud" not in nlp.pipe_names
        )
        dictionary = ActorDictionary.load([Path(p) for p in loaded.actor_dictionaries])
        self.extractor = Extractor(pack)
        self.resolver = Resolver(
            pack, CountryNames(), default_gazetteer(), loaded.base_confidence, dictionary
        )

    def _paragraphs(self, doc: Any) -> tuple[Any, ...]:
        from chronique.nlp import Paragraph, split_paragraphs
        from chronique.ud import clear_to_ud

        out: list[Paragraph] = []
        for start, text in split_paragraphs(doc.text):
            span = doc.char_span(start, start + len(text), alignment_mode="expand")
            if span is None or not len(span):
                continue
            piece = span.as_doc()  # a copy: the caller's Doc is never changed
            if self.to_ud:
                piece = clear_to_ud(piece)
            out.append(Paragraph(index=len(out), start=span.start_char, doc=piece))
        return tuple(out)

    def __call__(self, doc: Any) -> Any:
        from chronique.ingest import document_id
        from chronique.merge import merge_document
        from chronique.nlp import AnnotatedDocument

        published = _date(doc._.published, "doc._.published") or self.published
        document = Document(
            id=document_id(doc.text),
            text=doc.text,
            agency=self.agency,
            published=published,
            language=self.language,
            source="spacy",
        )
        extraction = self.extractor(AnnotatedDocument(document, self._paragraphs(doc)))
        reports = self.resolver(document, extraction)
        doc._.events = tuple(merge_document(document, reports)) if reports else ()
        return doc


def make_component(
    nlp: Language,
    name: str,
    published: str | None,
    language: str | None,
    agency: str | None,
    settings: str | None,
) -> ChroniqueComponent:
    """The `chronique` factory (see the module's docstring for the config)."""
    return ChroniqueComponent(
        nlp, name, published=published, language=language, agency=agency, settings=settings
    )


if FACTORY not in Language.factories:
    # A call, not decorator syntax: spaCy's decorators are untyped (mypy --strict).
    Language.factory(FACTORY, default_config=DEFAULT_CONFIG)(make_component)
