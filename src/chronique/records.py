"""The records every stage shares: typed, immutable, JSON-friendly.

Each stage of the flow (ingest → language → nlp → extract → resolve → merge → store) takes
records defined here and returns records defined here. Nothing in this module does work:
it is the vocabulary, so that a later stage never needs to reach into an earlier one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Precision = Literal["point", "city", "district", "region", "country"]
DatePrecision = Literal["day", "week", "month", "year"]
Modality = Literal["asserted", "alleged", "possible", "planned", "negated", "denied"]
SourceKind = Literal[
    "monitor", "official", "party", "agency", "media", "witness", "anonymous", "ngo", "unknown"
]

MODALITIES: tuple[Modality, ...] = (
    "asserted",
    "alleged",
    "possible",
    "planned",
    "negated",
    "denied",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A character span of a document's text (end exclusive)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article, cleaned. `id` is the hash of its normalised text (see ingest.identity)."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    agency: str | None = None
    published: dt.date | None = None
    language: str | None = None
    source: str | None = None
    raw_sha256: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input a stage could not take, kept with its reason; never a silent None."""

    stage: str
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts or is acted upon: the words of the text and their codes."""

    text: str
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    identifier: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened, resolved to a gazetteer entry with a precision."""

    text: str
    name: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    precision: Precision | None = None
    start: int | None = None
    end: int | None = None
    feature_code: str | None = None  # GeoNames feature code: PPLC, ADM1, PCLI, AIRB...
    # None when the report's own words name the place; else how it was inferred for a report
    # that names none: "paragraph" (the paragraph's place) or "country" (the story's).
    inferred: str | None = None


@dataclass(frozen=True, slots=True)
class DateRange:
    """An inclusive date range and how precise the text was about it."""

    start: dt.date
    end: dt.date
    precision: DatePrecision
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One link of an attribution chain: original source first, relays after."""

    text: str
    name: str
    kind: SourceKind = "unknown"


@dataclass(frozen=True, slots=True)
class Size:
    """Casualty and arrest figures as the text gives them (lowest figure of a range)."""

    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None


@dataclass(frozen=True, slots=True)
class EventReport:
    """One report of an event: one trigger in one sentence of one document."""

    document_id: str
    sentence: Span
    trigger: Span
    type: str
    mode: str | None
    actors: tuple[Actor, ...] = ()
    recipients: tuple[Actor, ...] = ()
    place: Place | None = None
    date: DateRange | None = None
    size: Size | None = None
    modality: Modality = "asserted"
    attribution: tuple[Source, ...] = ()
    confidence: float = 0.5
    reciprocal: bool = False
    paragraph: int = 0
    # How the extractor saw it, kept so that merge decisions can be explained:
    lemma: str = ""
    headline: bool = False
    anaphoric: bool = False
    demonstrative: bool = False
    elaboration: bool = False


@dataclass(frozen=True, slots=True)
class Outlet:
    """One document where an event was told: who published it, where, and its wire copies.

    `wire_group` is the first document of the group of near-identical copies this document
    belongs to (the same wire story on several sites): a copy adds an outlet, not a source.
    """

    document_id: str
    publisher: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    agency: str | None = None
    language: str | None = None
    wire_group: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """One version of an event as one original source tells it.

    An event keeps its claims side by side when its sources disagree (two death tolls, a
    claim and a denial) instead of averaging them away.
    """

    source: str
    modality: Modality = "asserted"
    size: Size | None = None
    documents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    """An event and every report of it."""

    id: str
    type: str
    mode: str | None
    actors: tuple[Actor, ...]
    recipients: tuple[Actor, ...]
    place: Place | None
    date: DateRange | None
    modality: Modality
    reports: tuple[EventReport, ...]
    sources: tuple[str, ...] = ()
    corroboration: int = 1
    merge_reasons: tuple[str, ...] = ()
    # Filled by the cross-document linker (chronique.link) when reports of several
    # documents become one event; empty for an event told by one document.
    outlets: tuple[Outlet, ...] = ()
    claims: tuple[Claim, ...] = ()
    link_reasons: tuple[str, ...] = ()


def to_jsonable(value: Any) -> Any:
    """Turn records (and nested tuples, dates) into plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
