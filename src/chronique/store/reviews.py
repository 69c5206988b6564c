"""Analysts' reviews of events: confirm, correct a field, reject, merge, split.

Every change is applied to the stored event (so every view, export and later run sees it)
and logged in `reviews` (migration 5) with who, when, and the value before and after. The
log is also evaluation data: `gold_lines` writes the reviewed documents in the gold format
of GOLD.md, so analysts' corrections score the pipeline.

Merging and splitting are the linker's (`chronique.link.decisions`, which records them so
that later runs honour them); this module logs them beside the other reviews, in the same
transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from chronique.errors import ChroniqueError
from chronique.ontology import load_ontology
from chronique.records import (
    MODALITIES,
    Actor,
    DatePrecision,
    DateRange,
    Document,
    Event,
    Modality,
    Place,
    Precision,
)
from chronique.store.codec import event_from_dict, event_to_dict
from chronique.store.core import Store

Action = Literal["confirm", "correct", "reject", "merge", "split"]
ACTIONS: tuple[Action, ...] = ("confirm", "correct", "reject", "merge", "split")
# The fields a reviewer can correct, as named in the event's JSON.
FIELDS: tuple[str, ...] = ("type", "mode", "modality", "place", "date", "actors", "recipients")
PRECISIONS: tuple[Precision, ...] = ("point", "city", "district", "region", "country")
DATE_PRECISIONS: tuple[DatePrecision, ...] = ("day", "week", "month", "year")
_COUNTRY = re.compile(r"[A-Z]{3}")
_SECTOR = re.compile(r"[A-Z]{2,4}")


class ReviewError(ChroniqueError):
    """A review that cannot be applied: unknown event, unknown field, invalid value."""


class UnknownEvent(ReviewError):
    """No stored event has this id."""


@dataclass(frozen=True, slots=True)
class Review:
    """One logged change. `before` and `after` are JSON values of the reviewed field."""

    id: int
    event_id: str
    document_id: str | None
    action: Action
    field: str | None
    before: Any
    after: Any
    note: str | None
    who: str
    at: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _event_document(store: Store, event_id: str) -> tuple[Event, str]:
    """The stored event with exactly this id, and the document its row belongs to."""
    rows = store.backend.rows(
        "SELECT e.document_id, d.data FROM events e JOIN event_data d ON d.event_id = e.id "
        "WHERE e.id = ?",
        (event_id,),
    )
    if not rows:
        raise UnknownEvent(f"no event with id {event_id!r}")
    return event_from_dict(json.loads(rows[0][1])), rows[0][0]


def _log(
    store: Store,
    event_id: str,
    document_id: str | None,
    action: Action,
    who: str,
    *,
    field: str | None = None,
    before: Any = None,
    after: Any = None,
    note: str | None = None,
) -> Review:
    if not who.strip():
        raise ReviewError("a review needs the name of who makes it")
    at = _now()
    data = (
        event_id,
        document_id,
        action,
        field,
        json.dumps(before, ensure_ascii=False),
        json.dumps(after, ensure_ascii=False),
        note,
        who.strip(),
        at,
    )
    rows = store.backend.rows(
        "INSERT INTO reviews (event_id, document_id, action, field, before, after, note, who, "
        "at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        data,
    )
    return Review(
        int(rows[0][0]), event_id, document_id, action, field, before, after, note, who.strip(), at
    )


def reviews(store: Store, event_id: str | None = None, limit: int | None = 200) -> list[Review]:
    """The latest reviews, newest first (of one event when `event_id` is given)."""
    where, args = ("WHERE event_id = ?", [event_id]) if event_id else ("", [])
    rows = store.backend.rows(
        "SELECT id, event_id, document_id, action, field, before, after, note, who, at "
        f"FROM reviews {where} ORDER BY id DESC"
        + (f" LIMIT {int(limit)}" if limit is not None else ""),
        args,
    )
    return [_review(r) for r in rows]


def _review(r: tuple[Any, ...]) -> Review:
    before = json.loads(r[5]) if r[5] else None
    after = json.loads(r[6]) if r[6] else None
    action = cast(Action, r[3])
    return Review(int(r[0]), r[1], r[2], action, r[4], before, after, r[7], r[8], r[9])


# -- the actions ---------------------------------------------------------------------------
def confirm(store: Store, event_id: str, *, who: str, note: str | None = None) -> Review:
    """The reviewer checked the event against its sources: it stands as coded."""
    event, document_id = _event_document(store, event_id)
    return _log(store, event.id, document_id, "confirm", who, note=note)


def correct(
    store: Store, event_id: str, field: str, value: Any, *, who: str, note: str | None = None
) -> tuple[Event, Review]:
    """Set one field of the event (JSON `value`, as in the event's JSON) and store it."""
    event, document_id = _event_document(store, event_id)
    fixed, before, after = corrected(event, field, value)
    with store.transaction():  # the change and its log entry, or neither
        store.put_event(document_id, fixed)
        review = _log(
            store,
            event.id,
            document_id,
            "correct",
            who,
            field=field,
            before=before,
            after=after,
            note=note,
        )
    return fixed, review


def reject(store: Store, event_id: str, *, who: str, note: str | None = None) -> Review:
    """Not an event (or not one worth coding): it leaves the store; the log keeps all of it."""
    event, document_id = _event_document(store, event_id)
    with store.transaction():
        store.remove_event(event.id)
        before = event_to_dict(event)
        return _log(store, event.id, document_id, "reject", who, before=before, note=note)


def merge(
    store: Store, keep_id: str, other_ids: Sequence[str], *, who: str, note: str | None = None
) -> Event:
    """The events are one: merged into `keep_id` by the linker, which records the decision
    and holds to it on later runs. `note` (why) is required: the linker signs decisions."""
    from chronique.link.decisions import merge_events  # the linker's (contract 1)
    from chronique.link.rules import LinkError

    if not other_ids:
        raise ReviewError("a merge needs at least one event to merge into the kept one")
    if not (note or "").strip():
        raise ReviewError("a merge needs a note saying why: the next analyst will want to know")
    keep, document_id = _event_document(store, keep_id)
    for other in other_ids:
        _event_document(store, other)
    try:
        with store.transaction():
            merged = merge_events(store, keep.id, list(other_ids), who=who, reason=note or "")
            before = {"events": [keep.id, *other_ids]}
            after = {"event": merged.id, "reports": len(merged.reports)}
            _log(store, merged.id, document_id, "merge", who, before=before, after=after, note=note)
    except LinkError as exc:
        raise ReviewError(str(exc)) from exc
    return merged


def split(store: Store, event_id: str, *, who: str, note: str | None = None) -> list[Event]:
    """Undo the merges into the event: its merged events come back as they were, and the
    linker keeps them apart on later runs. `note` (why) is required."""
    from chronique.link.decisions import split_event  # the linker's (contract 1)
    from chronique.link.rules import LinkError

    if not (note or "").strip():
        raise ReviewError("a split needs a note saying why: the next analyst will want to know")
    event, document_id = _event_document(store, event_id)
    try:
        with store.transaction():
            parts = split_event(store, event.id, who=who, reason=note or "")
            before = {"reports": len(event.reports)}
            after = {"events": [e.id for e in parts]}
            _log(store, event.id, document_id, "split", who, before=before, after=after, note=note)
    except LinkError as exc:
        raise ReviewError(str(exc)) from exc
    return parts


# -- corrections -------------------------------------------------------------------------
def corrected(event: Event, field: str, value: Any) -> tuple[Event, Any, Any]:
    """The event with `field` set to `value`, and the field's JSON before and after."""
    data = event_to_dict(event)
    if field == "type":
        fixed = _with_type(event, value)
        before: Any = {"type": event.type, "mode": event.mode}
        return fixed, before, {"type": fixed.type, "mode": fixed.mode}
    if field not in FIELDS:
        raise ReviewError(f"cannot correct {field!r}: use one of {', '.join(FIELDS)}")
    if field == "mode":
        fixed = dataclasses.replace(event, mode=_mode(event.type, value))
    elif field == "modality":
        if value not in MODALITIES:
            raise ReviewError(f"modality {value!r} is not one of {', '.join(MODALITIES)}")
        fixed = dataclasses.replace(event, modality=cast(Modality, value))
    elif field == "date":
        fixed = dataclasses.replace(event, date=_date(value))
    elif field == "place":
        fixed = dataclasses.replace(event, place=_place(value))
    else:
        parties = tuple(_actor(v) for v in _list(value, field))
        if field == "actors":
            fixed = dataclasses.replace(event, actors=parties)
        else:
            fixed = dataclasses.replace(event, recipients=parties)
    return fixed, data.get(field), event_to_dict(fixed).get(field)


def _with_type(event: Event, value: Any) -> Event:
    given_mode: Any = None
    if isinstance(value, Mapping):
        given_mode, value = value.get("mode"), value.get("type")
    if not isinstance(value, str) or value.upper() not in load_ontology().types:
        raise ReviewError(f"{value!r} is not a PLOVER event type")
    kind = value.upper()
    modes = load_ontology().types[kind].modes
    # A mode of the old type that the new one does not have would be a wrong coding.
    mode = _mode(kind, given_mode) if given_mode else (event.mode if event.mode in modes else None)
    return dataclasses.replace(event, type=kind, mode=mode)


def _mode(kind: str, value: Any) -> str | None:
    if value in (None, ""):
        return None
    modes = load_ontology().types[kind].modes
    if value not in modes:
        allowed = ", ".join(modes) or "none"
        raise ReviewError(f"{value!r} is not a mode of {kind} (its modes: {allowed})")
    return str(value)


def _date(value: Any) -> DateRange | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = {"start": value}
    if not isinstance(value, Mapping) or "start" not in value:
        raise ReviewError('a date is "YYYY-MM-DD" or {"start", "end", "precision"}')
    try:
        start = dt.date.fromisoformat(str(value["start"]))
        end = dt.date.fromisoformat(str(value.get("end") or value["start"]))
    except ValueError as exc:
        raise ReviewError(f"not a date (YYYY-MM-DD): {exc}") from exc
    precision = value.get("precision") or ("day" if start == end else None)
    if precision not in DATE_PRECISIONS:
        raise ReviewError(f"date precision must be one of {', '.join(DATE_PRECISIONS)}")
    if end < start:
        raise ReviewError(f"the date range ends ({end}) before it starts ({start})")
    return DateRange(start, end, cast(DatePrecision, precision), value.get("text"))


def _place(value: Any) -> Place | None:
    if value in (None, ""):
        return None
    if not isinstance(value, Mapping):
        raise ReviewError('a place is {"text", "country", "lat", "lon", "precision", …}')
    text = value.get("text") or value.get("name")
    if not isinstance(text, str) or not text.strip():
        raise ReviewError("a place needs its text (or name)")
    country = _country(value.get("country"), "place country")
    lat, lon = value.get("lat"), value.get("lon")
    if (lat is None) != (lon is None):
        raise ReviewError("a place has both lat and lon, or neither")
    try:
        lat = None if lat is None else float(lat)
        lon = None if lon is None else float(lon)
        geonames = value.get("geonames_id")
        geonames = None if geonames in (None, "") else int(geonames)
    except (TypeError, ValueError) as exc:
        raise ReviewError(f"place coordinates and geonames_id are numbers: {exc}") from exc
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ReviewError(f"coordinates out of range: lat {lat}, lon {lon}")
    precision = value.get("precision")
    if precision is not None and precision not in PRECISIONS:
        raise ReviewError(f"place precision must be one of {', '.join(PRECISIONS)}")
    return Place(
        text=text.strip(),
        name=value.get("name"),
        geonames_id=geonames,
        lat=lat,
        lon=lon,
        country=country,
        admin1=value.get("admin1"),
        precision=precision,
    )


def _country(value: Any, what: str) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _COUNTRY.fullmatch(value.upper()):
        raise ReviewError(f"{what} must be an ISO 3166 alpha-3 code (or IGO, NGO, IMG, UNK)")
    return value.upper()


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ReviewError(f'{field} is a list of {{"text", "country", "sector"}}')
    return value


def _actor(value: Any) -> Actor:
    if not isinstance(value, Mapping) or not str(value.get("text") or "").strip():
        raise ReviewError('an actor is {"text", "country", "sector"} with its text')
    sector = value.get("sector")
    if sector not in (None, "") and (
        not isinstance(sector, str) or not _SECTOR.fullmatch(sector.upper())
    ):
        raise ReviewError(f"sector {sector!r} is not a PLOVER sector code (MIL, GOV, REB…)")
    return Actor(
        text=str(value["text"]).strip(),
        country=_country(value.get("country"), "actor country"),
        sector=sector.upper() if isinstance(sector, str) and sector else None,
        name=value.get("name"),
    )


# -- gold ------------------------------------------------------------------------------
def reviewed_events(store: Store) -> dict[str, list[Review]]:
    """Reviews per event id, oldest first, for every event a reviewer acted on."""
    out: dict[str, list[Review]] = {}
    for review in reversed(reviews(store, limit=None)):
        out.setdefault(review.event_id, []).append(review)
        if review.action == "split" and isinstance(review.after, Mapping):
            for part in review.after.get("events", []):
                out.setdefault(str(part), []).append(review)
    return out


def gold_lines(store: Store) -> Iterator[dict[str, Any]]:
    """The reviewed documents as gold lines (GOLD.md), one per document.

    Reviewed events (confirmed, corrected, merged into, split out) are required gold
    events; rejected ones are left out, so coding them again is a false positive; events of
    the document nobody reviewed are `optional`: neither rewarded nor punished.
    """
    done = reviewed_events(store)
    documents: dict[str, None] = {}
    for event_id, log in done.items():
        last = log[-1]
        event = store.event(event_id) if last.action != "reject" else None
        if event is not None and event.id == event_id:
            documents.update(dict.fromkeys(r.document_id for r in event.reports))
        elif last.action == "reject" and isinstance(last.before, Mapping):
            gone = event_from_dict(dict(last.before))
            documents.update(dict.fromkeys(r.document_id for r in gone.reports))
    for document_id in sorted(documents):
        document = store.document(document_id)
        if document is None:
            continue
        events = []
        for event_id in store.document_events(document_id):
            event = store.event(event_id)
            if event is None or event.id != event_id:
                continue
            log = done.get(event_id, [])
            reviewed = bool(log) and log[-1].action != "reject"
            events.append(_gold_event(event, document, log if reviewed else []))
        yield {
            "id": document.id,
            "text": document.text,
            "language": document.language,
            "published": document.published.isoformat() if document.published else None,
            "agency": document.agency,
            "title": document.title,
            "url": document.url,
            "events": events,
        }


def _gold_event(event: Event, document: Document, log: list[Review]) -> dict[str, Any]:
    """One event as a gold event of `document` (its trigger: its first report there)."""
    report = next(r for r in event.reports if r.document_id == document.id)
    chain = [s for s in report.attribution if s.name != document.agency]
    out: dict[str, Any] = {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "trigger": report.trigger.text,
        "actors": [
            {"text": a.text, "country": a.country, "sector": a.sector} for a in event.actors
        ],
        "recipients": [
            {"text": a.text, "country": a.country, "sector": a.sector} for a in event.recipients
        ],
        "place": (
            {k: v for k, v in event_to_dict(event)["place"].items() if v is not None}
            if event.place
            else None
        ),
        "date": (
            {
                "start": event.date.start.isoformat(),
                "end": event.date.end.isoformat(),
                "precision": event.date.precision,
            }
            if event.date
            else None
        ),
        "attribution": [{"text": s.text, "name": s.name, "kind": s.kind} for s in chain],
        "modality": event.modality,
        "optional": not log,
    }
    if log:
        out["comment"] = "; ".join(
            f"{r.action}{' ' + r.field if r.field else ''} by {r.who} on {r.at[:10]}" for r in log
        )
    return out
