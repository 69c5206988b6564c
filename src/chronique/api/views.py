"""Records as the API and the web pages show them: plain JSON values.

The web pages render these same dictionaries, and their JSON twins return them as is, so
a page and its `.json` always say the same thing.
"""

from __future__ import annotations

from typing import Any

from chronique.api.evidence import marks
from chronique.records import Document, Event, EventReport, to_jsonable
from chronique.settings import Settings
from chronique.store.codec import event_to_dict
from chronique.store.core import DocumentSummary, MapPoint, Store
from chronique.store.reviews import reviews


def document_json(document: Document | DocumentSummary, *, text: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": document.id,
        "title": document.title,
        "url": document.url,
        "publisher": document.publisher,
        "agency": document.agency,
        "published": document.published.isoformat() if document.published else None,
        "language": document.language,
        "source": document.source,
    }
    if isinstance(document, DocumentSummary):
        out["events"] = document.events
    if text and isinstance(document, Document):
        out["text"] = document.text
    return out


def chain(report: EventReport, document: Document | None) -> list[str]:
    """Who the report's claim comes from, original source first, the wire agency last."""
    names = [s.name for s in report.attribution]
    if document is not None and document.agency and document.agency not in names:
        names.append(document.agency)
    return names


def event_summary(event: Event) -> dict[str, Any]:
    """An event in a list: its coding and its first report's trigger, not its reports."""
    data = event_to_dict(event)
    data.pop("reports")
    data["trigger"] = event.reports[0].trigger.text if event.reports else None
    data["reports_count"] = len(event.reports)
    return data


def event_detail(store: Store, event: Event, settings: Settings) -> dict[str, Any]:
    """An event with every report's document, evidence marks and attribution chain, its
    reviews, and the events of other actors near it in place and time."""
    data = event_to_dict(event)
    cited = dict.fromkeys(r.document_id for r in event.reports)
    documents = {d: store.document(d) for d in cited}
    for report, shown in zip(event.reports, data["reports"], strict=True):
        document = documents[report.document_id]
        shown["document"] = document_json(document) if document else {"id": report.document_id}
        shown["marks"] = [to_jsonable(m) for m in marks(report)]
        shown["chain"] = chain(report, document)
    data["reviews"] = [to_jsonable(r) for r in reviews(store, event.id)]
    data["nearby"] = nearby(store, event, settings)
    return data


def nearby(store: Store, event: Event, settings: Settings) -> list[dict[str, Any]]:
    """Events by other actors at the same place and time (the linker's co-location search);
    none when the event has no date or no place to be near."""
    from chronique.link.nearby import nearby_events
    from chronique.link.rules import LinkError

    try:
        found = nearby_events(store, event.id, settings.nearby_km, settings.nearby_hours)
    except LinkError:
        return []
    return [
        {**event_summary(n.event), "km": n.km, "days_apart": n.days_apart}
        for n in found[: settings.nearby_max]
    ]


def point_json(point: MapPoint) -> dict[str, Any]:
    return {
        "id": point.id,
        "type": point.type,
        "mode": point.mode,
        "modality": point.modality,
        "lat": point.lat,
        "lon": point.lon,
        "country": point.country,
        "date_start": point.date_start.isoformat() if point.date_start else None,
        "date_end": point.date_end.isoformat() if point.date_end else None,
    }
