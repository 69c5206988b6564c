"""The views' queries on a million events, on SQLite and on PostgreSQL: p50/p95 latency.

Loads `--events` synthetic events (`chronique.store.synthetic`: real GeoNames places,
ACLED-like country shares, PLOVER types, ten years of dates) into a SQLite file and into a
database on a temporary PostgreSQL server, through `Store.add_batch` like a run, then times
what the views ask, with random parameters drawn the same way for both stores:

* map — events with coordinates in a viewport (a box around a city of a random country), or
  in a country, over all time, a year or a month, sometimes of one type; at most 5000;
* timeline — events per day and type over a year or a quarter (or per month over all
  time), for the world or a country, sometimes one type;
* list — a page of 50 events, filtered by type, country and/or period, pages 1 to 3.

Run alone: `python benchmarks/queries.py --events 100000` (`make bench` runs it with 1M).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chronique.store import BBox, EventFilter, Store
from chronique.store.pgtemp import PostgresUnavailable, TempPostgres
from chronique.store.synthetic import COUNTRY_SHARES, DAYS, FIRST_DAY, TYPE_SHARES, SyntheticEvents

Query = Callable[[Store], Any]
BATCH = 500  # documents per transaction while loading
SERVER_SETTINGS = {"shared_buffers": "1GB", "random_page_cost": "1.1"}


def load(stores: list[Store], n_events: int, seed: int = 7) -> dict[str, float]:
    """Write the same synthetic events into every store; seconds spent in each."""
    spent = {s.dialect: 0.0 for s in stores}
    batch: list[Any] = []
    made = 0

    def flush() -> None:
        for store in stores:
            start = time.perf_counter()
            store.add_batch(batch)
            spent[store.dialect] += time.perf_counter() - start
        batch.clear()

    for document, events in SyntheticEvents(seed).documents(n_events):
        batch.append((document, events))
        made += len(events)
        if len(batch) >= BATCH:
            flush()
    flush()
    for store in stores:
        start = time.perf_counter()
        store.optimize()
        spent[store.dialect] += time.perf_counter() - start
    return spent


def _window(rng: random.Random, spans: tuple[int | None, ...]) -> tuple[dt.date | None, ...]:
    span = rng.choice(spans)
    if span is None:
        return None, None
    start = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - span))
    return start, start + dt.timedelta(days=span - 1)


def workload(n: int, seed: int = 11) -> dict[str, list[Query]]:
    """`n` random queries of each kind, the same for every store."""
    rng = random.Random(seed)
    synthetic = SyntheticEvents()
    countries = list(COUNTRY_SHARES)
    types = list(TYPE_SHARES)
    kinds: dict[str, list[Query]] = {"map": [], "timeline": [], "list": []}
    for _ in range(n):
        # map: a viewport around a city, or a whole country
        country = rng.choice(countries)
        since, until = _window(rng, (None, 365, 30))
        kind = rng.choice(types) if rng.random() < 0.3 else None
        if rng.random() < 0.7 and synthetic.cities.get(country):
            _, _, lat, lon, _ = rng.choice(synthetic.cities[country])
            half = rng.choice((0.5, 2.0, 5.0))
            flt = EventFilter(
                bbox=BBox(lon - half, lat - half, lon + half, lat + half),
                since=since,
                until=until,
                type=kind,
            )
        else:
            flt = EventFilter(country=country, since=since, until=until, type=kind)
        kinds["map"].append(lambda s, f=flt: s.map_points(f, limit=5000))
        # timeline: the world or a country, a year or a quarter (all time now and then)
        since, until = _window(rng, (365, 365, 90, None))
        flt = EventFilter(
            country=rng.choice(countries) if rng.random() < 0.5 else None,
            type=rng.choice(types) if rng.random() < 0.3 else None,
            since=since,
            until=until,
        )
        # A day per bar for a year or less; ten years by day would be 58,000 bars to draw,
        # so the whole record is shown by month, as a timeline widget does.
        bucket = "day" if since else "month"
        kinds["timeline"].append(lambda s, f=flt, b=bucket: s.timeline(f, b))
        # list: a page of 50 events, filtered
        since, until = _window(rng, (None, None, 365, 30))
        flt = EventFilter(
            type=rng.choice(types) if rng.random() < 0.5 else None,
            country=rng.choice(countries) if rng.random() < 0.5 else None,
            since=since,
            until=until,
            limit=50,
            offset=50 * rng.choice((0, 0, 1, 2)),
        )
        kinds["list"].append(lambda s, f=flt: list(s.events(f)))
    return kinds


def measure(store: Store, kinds: dict[str, list[Query]], warmup: int = 20) -> dict[str, Any]:
    """p50, p95 and max in ms of each kind of query on `store`."""
    out: dict[str, Any] = {}
    for name, queries in kinds.items():
        for query in queries[:warmup]:  # caches warm, as in a session of use
            query(store)
        times = []
        for query in queries:
            start = time.perf_counter()
            query(store)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        out[name] = {
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
            "max_ms": round(times[-1], 2),
            "queries": len(times),
        }
    return out


def run(n_events: int, n_queries: int) -> dict[str, Any]:
    report: dict[str, Any] = {
        "events": n_events,
        "queries_per_kind": n_queries,
        "postgresql_settings": SERVER_SETTINGS,
    }
    with tempfile.TemporaryDirectory() as tmp:
        # A server set up as any PostgreSQL is for a database bigger than the default
        # 128 MB cache: shared_buffers at a share of RAM, random_page_cost for an SSD.
        # With the defaults the planner prefers reading the whole events table from disk
        # to an index lookup for a country's map (p95 78 ms instead of 36 ms, measured).
        server: TempPostgres | None = TempPostgres(SERVER_SETTINGS)
        try:
            server.start()
        except PostgresUnavailable as exc:
            print(f"!!! PostgreSQL unavailable, measuring SQLite only: {exc}")
            server = None
        stores = [Store(Path(tmp) / "million.db")]
        if server is not None:
            stores.append(Store(server.create_database("million")))
        try:
            spent = load(stores, n_events)
            report["load_events_per_s"] = {k: round(n_events / v) for k, v in spent.items()}
            kinds = workload(n_queries)
            report["by_store"] = {s.dialect: measure(s, kinds) for s in stores}
        finally:
            for store in stores:
                store.close()
            if server is not None:
                server.stop()
    report["query_p95_ms"] = {
        dialect: max(k["p95_ms"] for k in kinds_.values())
        for dialect, kinds_ in report["by_store"].items()
    }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    report = run(args.events, args.queries)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
