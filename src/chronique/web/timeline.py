"""The timeline chart: stacked bars of events per day (month, year) and type, as SVG data.

The page draws the rectangles computed here, so the chart needs no JavaScript and its
JSON twin carries the same numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chronique.store.core import Bucket, DayCount

HEIGHT = 220  # pixels of the tallest bar
MAX_BAR = 24  # widest bar, pixels
MIN_BAR = 3
MAX_WIDTH = 1200
# Empty buckets between the first and last are drawn (time reads evenly) up to this many.
MAX_BUCKETS = 1500


def _next(day: dt.date, bucket: Bucket) -> dt.date:
    if bucket == "day":
        return day + dt.timedelta(days=1)
    if bucket == "month":
        return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return dt.date(day.year + 1, 1, 1)


def _buckets(days: list[dt.date], bucket: Bucket) -> list[dt.date]:
    """Every bucket from the first to the last, or only those with events if too many."""
    out: list[dt.date] = []
    day = days[0]
    while day <= days[-1] and len(out) <= MAX_BUCKETS:
        out.append(day)
        day = _next(day, bucket)
    return out if len(out) <= MAX_BUCKETS else days


def chart(bars: list[DayCount], bucket: Bucket) -> dict[str, Any]:
    """Columns of stacked segments (type, count, y, height) with their x, and the legend."""
    if not bars:
        return {"columns": [], "types": [], "width": 0, "height": HEIGHT, "max": 0, "bar": 0}
    per_day: dict[dt.date, dict[str, int]] = {}
    for bar in bars:
        per_day.setdefault(bar.day, {})[bar.type] = bar.count
    totals: dict[str, int] = {}
    for bar in bars:
        totals[bar.type] = totals.get(bar.type, 0) + bar.count
    types = sorted(totals, key=lambda t: (-totals[t], t))
    buckets = _buckets(sorted(per_day), bucket)
    width = max(MIN_BAR, min(MAX_BAR, MAX_WIDTH // len(buckets)))
    tallest = max(sum(c.values()) for c in per_day.values())
    columns = []
    for i, day in enumerate(buckets):
        counts = per_day.get(day, {})
        y = float(HEIGHT)
        stack = []
        for kind in types:
            n = counts.get(kind, 0)
            if n:
                h = HEIGHT * n / tallest
                y -= h
                stack.append({"type": kind, "count": n, "y": round(y, 2), "h": round(h, 2)})
        columns.append(
            {"day": day.isoformat(), "x": i * width, "total": sum(counts.values()), "stack": stack}
        )
    return {
        "columns": columns,
        "types": [{"type": t, "count": totals[t]} for t in types],
        "width": len(buckets) * width,
        "height": HEIGHT,
        "max": tallest,
        "bar": width,
    }
