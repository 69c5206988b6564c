"""From a decoded article to a Document: normalise, clean, hash, merge metadata.

Every reader goes through `build_document`, so a text file and the same article in a JSONL
dump get the same id, the same cleaning and the same metadata rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from chronique.records import Document, Rejection

from .clean import clean
from .identity import document_id, normalise
from .rules import load_rules

STAGE = "ingest"


@dataclass(frozen=True, slots=True)
class Overrides:
    """Metadata the user gave explicitly (CLI flags). A given value wins over the source's
    own metadata and over what the cleaner reads in the text; None leaves those alone."""

    published: dt.date | None = None
    agency: str | None = None
    language: str | None = None


def as_date(value: dt.date | None) -> dt.date | None:
    # A datetime is a date subclass; Document.published holds the calendar day only.
    return value.date() if isinstance(value, dt.datetime) else value


def canonical_agency(name: str | None) -> str | None:
    """Canonical agency name ("ats" → "ATS"); an unknown agency is kept as written."""
    if name is None or not name.strip():
        return None
    return load_rules().canonical_agency(name) or name.strip()


def build_document(
    raw_text: str,
    *,
    source: str,
    raw_sha256: str,
    overrides: Overrides | None = None,
    title: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    agency: str | None = None,
    published: dt.date | None = None,
    language: str | None = None,
    meta: Mapping[str, str] | None = None,
) -> Document | Rejection:
    """Normalise and clean `raw_text`; explicit overrides > source metadata > the text."""
    overrides = overrides or Overrides()
    text = normalise(raw_text)
    if not text.strip():
        return Rejection(STAGE, "empty: the text is blank or whitespace only", source)
    cleaned = clean(text)
    if not cleaned.text.strip():
        return Rejection(STAGE, "no article text: everything left was scrape boilerplate", source)
    extra: dict[str, str] = dict(meta or {})
    if cleaned.agencies:
        extra["agencies"] = ",".join(cleaned.agencies)
    if cleaned.dateline:
        extra["dateline"] = cleaned.dateline
    if cleaned.dateline_detail:
        extra["dateline_detail"] = cleaned.dateline_detail
    if cleaned.removed:
        extra["masked_chars"] = str(sum(r.span.end - r.span.start for r in cleaned.removed))
    return Document(
        # The id hashes the text before cleaning: improving boilerplate.tsv must not give
        # an article already stored a new id (ingesting twice changes nothing).
        id=document_id(text),
        text=cleaned.text,
        title=title or cleaned.title,
        url=url,
        publisher=publisher,
        agency=canonical_agency(overrides.agency or agency) or cleaned.agency,
        published=as_date(overrides.published) or as_date(published),
        language=overrides.language or language,
        source=source,
        raw_sha256=raw_sha256,
        meta=extra,
    )
