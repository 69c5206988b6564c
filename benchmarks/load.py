"""The read API under load: many concurrent clients on localhost against `chronique serve`.

Builds (once, then reuses) a SQLite store of `--events` synthetic events with the query
benchmark's loader (`queries.load`: `chronique.store.synthetic`, through `Store.add_batch`),
serves it with `chronique serve` (uvicorn, one process) in a subprocess, and drives it with
`--clients` concurrent asyncio + httpx clients for `--seconds` per route mix:

* list — /api/events pages of 50, filtered by type, country and/or a period;
* map — /api/map of a country or a viewport, /api/timeline of a country or the world;
* event — /api/events/{id} of random events (the detail page's call).

Reports, per mix: requests/s, p50/p99 latency (ms) and errors (5xx, 4xx other than the
expected, timeouts). The client runs on the same machine and takes CPU from the server:
the figures are a floor. Run alone: `python benchmarks/load.py --events 100000 --seconds 10`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import queries  # noqa: E402

from chronique.store import Store  # noqa: E402
from chronique.store.synthetic import COUNTRY_SHARES, TYPE_SHARES  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "chronique-bench"
Route = Callable[[random.Random], str]


def database(n_events: int) -> tuple[Path, float]:
    """The store of `n_events` events, built unless a finished one is cached; load seconds."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"load-{n_events}.db"
    done = path.with_suffix(".done")
    if path.exists() and done.exists():
        return path, 0.0
    for stale in CACHE.glob(f"load-{n_events}.db*"):
        stale.unlink()
    store = Store(path)
    try:
        spent = queries.load([store], n_events)
    finally:
        store.close()
    done.write_text("ok\n")
    return path, round(sum(spent.values()), 1)


def _event_ids(path: Path, n: int = 2000) -> list[str]:
    with Store(path) as store:
        rows = store.backend.rows(f"SELECT id FROM events ORDER BY random() LIMIT {int(n)}")
    return [str(r[0]) for r in rows]


def _mixes(ids: list[str]) -> dict[str, list[Route]]:
    countries = list(COUNTRY_SHARES)
    types = list(TYPE_SHARES)

    def period(rng: random.Random) -> str:
        year = rng.randrange(2015, 2025)
        month = rng.randrange(1, 13)
        return f"since={year}-{month:02d}-01&until={year}-{month:02d}-28"

    def events(rng: random.Random) -> str:
        parts = ["limit=50"]
        if rng.random() < 0.6:
            parts.append(f"type={rng.choice(types)}")
        if rng.random() < 0.6:
            parts.append(f"country={rng.choice(countries)}")
        if rng.random() < 0.5:
            parts.append(period(rng))
        return "/api/events?" + "&".join(parts)

    def map_points(rng: random.Random) -> str:
        if rng.random() < 0.5:
            return f"/api/map?country={rng.choice(countries)}&{period(rng)}"
        lat, lon = rng.uniform(-30, 50), rng.uniform(-20, 100)
        return f"/api/map?bbox={lon},{lat},{lon + 3},{lat + 3}"

    def timeline(rng: random.Random) -> str:
        where = f"country={rng.choice(countries)}&" if rng.random() < 0.7 else ""
        return f"/api/timeline?{where}{period(rng)}"

    def event(rng: random.Random) -> str:
        return f"/api/events/{rng.choice(ids)}"

    return {"list": [events], "map": [map_points, timeline], "event": [event]}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(path: Path, port: int) -> subprocess.Popen[bytes]:
    chronique = Path(sys.executable).with_name("chronique")
    process = subprocess.Popen(
        [str(chronique), "serve", "--db", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"chronique serve exited: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/sources", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("chronique serve did not answer within 60 s")


async def _drive(base: str, routes: list[Route], clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(number: int, http: httpx.AsyncClient) -> None:
        rng = random.Random(number)
        while time.monotonic() < stop:
            url = rng.choice(routes)(rng)
            started = time.perf_counter()
            try:
                response = await http.get(url)
                status = response.status_code
            except httpx.HTTPError as error:
                errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                continue
            latencies.append(time.perf_counter() - started)
            if status >= 400:
                errors[str(status)] = errors.get(str(status), 0) + 1

    began = time.monotonic()
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        await asyncio.gather(*(client(i, http) for i in range(clients)))
    elapsed = time.monotonic() - began
    ordered = sorted(latencies)

    def quantile(q: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": quantile(0.50) if ordered else None,
        "p99_ms": quantile(0.99) if ordered else None,
        "mean_ms": round(1000 * statistics.fmean(ordered), 1) if ordered else None,
        "errors": sum(errors.values()),
        "error_kinds": errors,
    }


def run(n_events: int = 1_000_000, clients: int = 32, seconds: float = 30.0) -> dict[str, Any]:
    path, load_seconds = database(n_events)
    ids = _event_ids(path)
    port = _free_port()
    server = _serve(path, port)
    report: dict[str, Any] = {
        "events": n_events,
        "clients": clients,
        "seconds_per_mix": seconds,
        "build_seconds": load_seconds,
        "server": "chronique serve (uvicorn, 1 process), SQLite",
    }
    try:
        for name, routes in _mixes(ids).items():
            report[name] = asyncio.run(_drive(f"http://127.0.0.1:{port}", routes, clients, seconds))
            print(f"  {name}: {json.dumps(report[name])}", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    report["cores"] = os.cpu_count()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    report = run(args.events, args.clients, args.seconds)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
