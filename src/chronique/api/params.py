"""The event filters of the API and the web pages, read from the query string.

Every filter arrives as text and is checked here, with a 400 that says what is wrong: the
web pages' GET forms send empty fields as empty strings, which mean "no filter", and an
API client deserves "since: '07/10/2015' is not a date (YYYY-MM-DD)" rather than a
validation dump.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import HTTPException, Query, Request

from chronique.api.state import AppState
from chronique.ontology import load_ontology
from chronique.records import MODALITIES
from chronique.store.core import BBox, EventFilter, SortKey

# The filters, in the order the forms show them, with their help text (OpenAPI and forms).
FILTERS: dict[str, str] = {
    "since": "Events ending on or after this day (YYYY-MM-DD).",
    "until": "Events starting on or before this day (YYYY-MM-DD).",
    "type": "PLOVER event type, e.g. ASSAULT.",
    "mode": "PLOVER mode of the type, e.g. aerial.",
    "country": "ISO 3166 alpha-3 code of the place or of any actor or recipient, e.g. SYR.",
    "actor_country": "Country (alpha-3) of an actor: who acts.",
    "actor_sector": "PLOVER sector of an actor, e.g. MIL.",
    "recipient_country": "Country (alpha-3) of a recipient: who is acted upon.",
    "recipient_sector": "PLOVER sector of a recipient, e.g. REB.",
    "bbox": "Map box west,south,east,north in degrees, e.g. 35,32,42,37.",
    "modality": "How sure the report is: " + ", ".join(MODALITIES) + ".",
    "min_corroboration": "At least this many independent sources.",
    "source": "A source: origin of an attribution chain (OSDH) or wire agency (ATS).",
    "language": "Language of one of the event's documents (ISO 639-1, e.g. fr).",
    "q": "Words that all occur in the event's text (evidence, actors, place, sources).",
}
_ALPHA3 = re.compile(r"[A-Za-z]{3}")
_SECTOR = re.compile(r"[A-Za-z]{2,4}")


@dataclass(frozen=True, slots=True)
class EventQuery:
    """A request's filter, page size and cursor, and the filter values as given."""

    filter: EventFilter
    size: int
    values: dict[str, str]

    def link(self, path: str, **extra: str | None) -> str:
        """`path` with this query's filters (and `extra`, None to drop one) as its query."""
        params = {**self.values, **extra}
        query = urlencode({k: v for k, v in params.items() if v})
        return path + ("?" + query if query else "")


def bad(name: str, message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=f"{name}: {message}")


def encode_cursor(key: SortKey) -> str:
    """An opaque cursor for the list position `key` (clients pass it back as is)."""
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode("utf-8")).decode("ascii")


def decode_cursor(text: str) -> SortKey:
    try:
        key = json.loads(base64.urlsafe_b64decode(text.encode("ascii")))
    except (binascii.Error, ValueError, UnicodeError) as exc:
        raise bad("cursor", "not a cursor of this API (pass back the `next` value)") from exc
    if not (isinstance(key, list) and len(key) == 3 and all(isinstance(k, str) for k in key)):
        raise bad("cursor", "not a cursor of this API (pass back the `next` value)")
    return (key[0], key[1], key[2])


def _date(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise bad(name, f"{value!r} is not a date (YYYY-MM-DD)") from exc


def _bbox(value: str) -> BBox:
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError as exc:
        raise bad("bbox", f"{value!r} is not four numbers west,south,east,north") from exc
    if not (-90 <= south <= north <= 90 and -180 <= west <= east <= 180):
        raise bad("bbox", "want -180 ≤ west ≤ east ≤ 180 and -90 ≤ south ≤ north ≤ 90")
    return BBox(west, south, east, north)


def _code(name: str, value: str, pattern: re.Pattern[str], what: str) -> str:
    if not pattern.fullmatch(value):
        raise bad(name, f"{value!r} is not {what}")
    return value.upper()


def parse_filter(values: dict[str, str]) -> EventFilter:
    """An `EventFilter` from non-empty filter values (names of `FILTERS`); 400 if invalid."""
    given: dict[str, Any] = {}
    for name, value in values.items():
        if name in ("since", "until"):
            given[name] = _date(name, value)
        elif name == "type":
            if value.upper() not in load_ontology().types:
                raise bad(name, f"{value!r} is not a PLOVER event type")
            given[name] = value.upper()
        elif name in ("country", "actor_country", "recipient_country"):
            given[name] = _code(name, value, _ALPHA3, "an ISO 3166 alpha-3 code")
        elif name in ("actor_sector", "recipient_sector"):
            given[name] = _code(name, value, _SECTOR, "a PLOVER sector code")
        elif name == "bbox":
            given[name] = _bbox(value)
        elif name == "modality":
            if value not in MODALITIES:
                raise bad(name, f"{value!r} is not one of {', '.join(MODALITIES)}")
            given[name] = value
        elif name == "min_corroboration":
            if not value.isdigit():
                raise bad(name, f"{value!r} is not a whole number")
            given[name] = int(value)
        elif name == "language":
            given[name] = value.lower()
        else:
            given[name] = value
    since, until = given.get("since"), given.get("until")
    if since and until and until < since:
        raise bad("until", f"{until} is before since {since}")
    return EventFilter(**given)


def event_query(
    request: Request,
    since: Annotated[str | None, Query(description=FILTERS["since"])] = None,
    until: Annotated[str | None, Query(description=FILTERS["until"])] = None,
    type: Annotated[str | None, Query(description=FILTERS["type"])] = None,
    mode: Annotated[str | None, Query(description=FILTERS["mode"])] = None,
    country: Annotated[str | None, Query(description=FILTERS["country"])] = None,
    actor_country: Annotated[str | None, Query(description=FILTERS["actor_country"])] = None,
    actor_sector: Annotated[str | None, Query(description=FILTERS["actor_sector"])] = None,
    recipient_country: Annotated[
        str | None, Query(description=FILTERS["recipient_country"])
    ] = None,
    recipient_sector: Annotated[str | None, Query(description=FILTERS["recipient_sector"])] = None,
    bbox: Annotated[str | None, Query(description=FILTERS["bbox"])] = None,
    modality: Annotated[str | None, Query(description=FILTERS["modality"])] = None,
    min_corroboration: Annotated[
        str | None, Query(description=FILTERS["min_corroboration"])
    ] = None,
    source: Annotated[str | None, Query(description=FILTERS["source"])] = None,
    language: Annotated[str | None, Query(description=FILTERS["language"])] = None,
    q: Annotated[str | None, Query(description=FILTERS["q"])] = None,
    limit: Annotated[str | None, Query(description="Events per page.")] = None,
    cursor: Annotated[
        str | None, Query(description="Where to continue: the `next` of the previous page.")
    ] = None,
) -> EventQuery:
    """The event filter of a request (a FastAPI dependency)."""
    given = {
        "since": since, "until": until, "type": type, "mode": mode, "country": country,
        "actor_country": actor_country, "actor_sector": actor_sector,
        "recipient_country": recipient_country, "recipient_sector": recipient_sector,
        "bbox": bbox, "modality": modality, "min_corroboration": min_corroboration,
        "source": source, "language": language, "q": q,
    }  # fmt: skip
    values = {k: v.strip() for k, v in given.items() if v and v.strip()}
    flt = parse_filter(values)
    state: AppState = request.app.state.chronique
    size = state.settings.api_page_size
    if limit:
        if not limit.isdigit() or not 1 <= int(limit) <= state.settings.api_max_page_size:
            raise bad("limit", f"want a number from 1 to {state.settings.api_max_page_size}")
        size = int(limit)
        values["limit"] = limit
    if cursor:
        flt = dataclasses.replace(flt, after=decode_cursor(cursor))
    return EventQuery(flt, size, values)
