"""Co-location: the events of other actors at the same place and time as a given event.

"Russian strikes, and the same day a ground assault by government forces in the same
area": events told apart (different actors) but close in space and time. The search reads
the map's 1°×1° squares (`events.geo_cell`) around the event and its days (`sort_day`),
then measures the great-circle distance: never a pass over the store.

Dates are known to the day at best, so `hours` counts in whole days (24 hours: the event's
days and the day before and after). An event placed only at region or country level is
compared by place (same country, same region), not by distance.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass

from chronique.link.compare import EARTH_RADIUS_KM, distance_km
from chronique.link.rules import LinkError, load_rules
from chronique.records import Event
from chronique.store.codec import event_from_dict
from chronique.store.core import Store, _cell

# A search box wider than this many map squares reads the coordinates of the period
# instead: a radius of hundreds of km is not "the same place" anyway.
_MAX_CELLS = 400


@dataclass(frozen=True, slots=True)
class Nearby:
    event: Event
    km: float | None  # None: compared by region or country, not by distance
    days_apart: int  # 0: the date ranges overlap


def _parties(event: Event) -> set[tuple[str | None, str | None]]:
    return {(a.country, a.sector) for a in event.actors if a.country or a.sector}


def nearby_events(store: Store, event_id: str, km: float, hours: int) -> list[Nearby]:
    """Events by other actors within `km` and `hours` of event `event_id`, nearest first."""
    event = store.event(event_id)
    if event is None:
        raise LinkError(f"no single event with id {event_id!r} in {store.location}")
    if event.date is None:
        raise LinkError(f"event {event.id} has no date: 'at the same time' has no answer")
    place = event.place
    if place is None or (place.country is None and place.lat is None):
        raise LinkError(f"event {event.id} has no place: 'at the same place' has no answer")
    days = math.ceil(max(hours, 0) / 24)
    first = event.date.start - dt.timedelta(days=days)
    last = event.date.end + dt.timedelta(days=days)
    rows = store.backend.rows("SELECT value FROM store_stats WHERE name = 'max_date_span_days'")
    span = dt.timedelta(days=int(rows[0][0]) if rows else 0)
    point = (
        place.lat is not None
        and place.lon is not None
        and (place.precision in load_rules().point_precisions)
    )
    where = ["e.sort_day BETWEEN ? AND ?", "e.date_end >= ?", "e.id != ?"]
    args: list[object] = [(first - span).isoformat(), last.isoformat(), first.isoformat()]
    args.append(event.id)
    if point:
        assert place.lat is not None and place.lon is not None
        dlat = math.degrees(km / EARTH_RADIUS_KM)
        dlon = dlat / max(math.cos(math.radians(place.lat)), 0.01)
        south, north = max(place.lat - dlat, -90.0), min(place.lat + dlat, 90.0)
        west, east = max(place.lon - dlon, -180.0), min(place.lon + dlon, 180.0)
        rows_ = range(_cell(south, 0) // 360, _cell(north, 0) // 360 + 1)
        cols = range(_cell(0, west) % 360, _cell(0, east) % 360 + 1)
        if len(rows_) * len(cols) <= _MAX_CELLS:
            cells = ", ".join(str(r * 360 + c) for r in rows_ for c in cols)
            where.append(f"e.geo_cell IN ({cells})")
        where.append("e.place_lat BETWEEN ? AND ? AND e.place_lon BETWEEN ? AND ?")
        args += [south, north, west, east]
    else:
        where.append("e.place_country = ?")
        args.append(place.country)
    found = store.backend.rows(
        "SELECT d.data FROM events e JOIN event_data d ON d.event_id = e.id WHERE "
        + " AND ".join(where),
        args,
    )
    mine = _parties(event)
    out: list[Nearby] = []
    for (data,) in found:
        other = event_from_dict(json.loads(data))
        theirs = _parties(other)
        if theirs and theirs <= mine:
            continue  # the same actors: not "other actors"
        if other.place is None or other.date is None:
            continue
        distance: float | None = None
        if point:
            distance = distance_km(place, other.place)
            if distance is None or distance > km:
                continue
        elif place.admin1 and other.place.admin1 and place.admin1 != other.place.admin1:
            continue
        gap = max(
            0,
            (max(event.date.start, other.date.start) - min(event.date.end, other.date.end)).days,
        )
        out.append(Nearby(other, None if distance is None else round(distance, 1), gap))
    return sorted(out, key=lambda n: (n.km or 0.0, n.days_apart, n.event.id))
