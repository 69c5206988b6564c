"""Property tests: any Unicode text (or any bytes) gives records or a rejection, never an
exception, at every stage that reads what the web produces."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronique.ingest.build import build_document
from chronique.ingest.clean import clean
from chronique.ingest.decode import NotText, decode_bytes
from chronique.records import Document, Rejection
from chronique.resolve.time import find_times, resolve_time

# Text as the web serves it: any code point, with the punctuation, digits and newlines that
# drive the cleaner's and the grammars' rules over-represented.
_PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        " ",
        "(AFP) -",
        "PARIS, 7 oct 2015 (ATS)",
        "lundi",
        "7 octobre 2015",
        "il y a 3 jours",
        "yesterday",
        "«",
        "»",
        "’",
        "1.",
        "Publicité",
        "\u202f",
        "\u200b",
        "\ufeff",
        "\x00",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=40), _PIECES), max_size=30).map("".join)
DATES = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
FAST = settings(max_examples=300, deadline=None)


@FAST
@given(TEXT)
def test_the_cleaner_keeps_offsets_whatever_the_text(text: str) -> None:
    cleaned = clean(text)
    assert len(cleaned.text) == len(text)  # masking, never cutting: offsets hold
    for removal in cleaned.removed:
        assert 0 <= removal.span.start <= removal.span.end <= len(text)


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_are_refused_as_not_text(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except NotText as refusal:
        assert str(refusal)  # a reason, not an empty message
    else:
        assert isinstance(decoded.text, str)


@FAST
@given(TEXT, DATES)
def test_any_text_builds_a_document_or_a_rejection(text: str, published: dt.date | None) -> None:
    built = build_document(text, source="prop.txt", raw_sha256="0" * 64, published=published)
    assert isinstance(built, Document | Rejection)
    if isinstance(built, Rejection):
        assert built.reason


@FAST
@given(TEXT, DATES, st.sampled_from(["fr", "en", "xx"]))
def test_time_expressions_never_raise(text: str, published: dt.date | None, lang: str) -> None:
    for mention in find_times(text, published, lang):
        assert 0 <= mention.start <= mention.end <= len(text)
        if mention.range is not None:
            assert mention.range.start <= mention.range.end
    found = resolve_time(text[:60], published, lang if lang != "xx" else "fr")
    assert found is None or found.start <= found.end


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_place_resolution_never_raises(text: str) -> None:
    from chronique.resolve.place import resolve_place

    for language in ("fr", "en"):
        place = resolve_place(text[:80], language, "SYR")
        assert place is None or place.text is not None


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(TEXT, DATES)
def test_the_whole_pipeline_codes_or_rejects_any_text(
    pipeline: Any, text: str, published: dt.date | None
) -> None:
    built = build_document(text, source="prop.txt", raw_sha256="0" * 64, published=published)
    if isinstance(built, Rejection):
        return
    result = pipeline.code(built)
    if isinstance(result, Rejection):
        assert result.reason
        return
    for event in result.events:
        for report in event.reports:
            assert 0 <= report.sentence.start <= report.sentence.end <= len(built.text)
            assert built.text[report.trigger.start : report.trigger.end] == report.trigger.text
