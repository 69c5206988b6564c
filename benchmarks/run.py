"""`make bench`: how fast Chronique codes and answers, written to benchmarks/report.json.

1. Throughput, on a corpus of at least 1 MB generated from the project's example articles
   (`corpus.py`; nothing is downloaded): the French spaCy pipeline alone (`nlp.pipe`) and
   Chronique end to end (files → events in SQLite), each with 1 and 2 worker processes, each
   measurement in a fresh process (`throughput.py`), the best of `--repeat` interleaved runs
   (the machine may be shared); time per stage, peak memory per worker, and a cProfile of a
   smaller run in `benchmarks/profile.txt`.
2. Queries, on 1,000,000 synthetic events in SQLite and in PostgreSQL (`queries.py`): p95 of
   the map, timeline and list queries.
3. Gazetteer (`gazetteer.py`): a generated GeoNames dump of 1,000,000 places and 3,000,000
   alternate names loaded into a gazetteer store (time, size), then name lookup latency.
3. Linking, on 10,000 synthetic documents in SQLite (`linking.py`): the cost of wire-copy
   detection and of the cross-document merge per 10,000 documents.

The report's first keys are the ones machines read: parse_only_words_per_s,
end_to_end_words_per_s, ratio, speedup_2_workers, peak_rss_mb_per_worker, query_p95_ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import gazetteer  # noqa: E402
import ingest  # noqa: E402
import linking  # noqa: E402
import load  # noqa: E402
import queries  # noqa: E402

# An ordinary news article; the generated corpus's are shorter (wire briefs).
WORDS_PER_ARTICLE = 500
ARTICLES_PER_DAY = 200_000


def _run_once(*args: str) -> dict[str, Any]:
    """One run of throughput.py in a fresh process."""
    done = subprocess.run(
        [sys.executable, str(HERE / "throughput.py"), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"throughput.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {' '.join(args[:1] + args[2:])}: {result['seconds']:.1f} s", flush=True)
    return result


def _measure_all(runs: dict[str, list[str]], repeat: int) -> dict[str, dict[str, Any]]:
    """The fastest of `repeat` runs of each measurement. The rounds are interleaved (parse,
    end to end, parse, …) so that a machine slowed for a while slows both sides of a ratio,
    not one."""
    best: dict[str, dict[str, Any]] = {}
    for _ in range(repeat):
        for name, args in runs.items():
            result = _run_once(*args)
            if name not in best or result["seconds"] < best[name]["seconds"]:
                best[name] = result
    return best


def _machine() -> dict[str, Any]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def throughput(min_bytes: int, repeat: int, profile_bytes: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        paths = corpus.write(folder, min_bytes)
        size = sum(p.stat().st_size for p in paths)
        print(f"corpus: {len(paths)} articles, {size / 1e6:.2f} MB", flush=True)
        best = _measure_all(
            {
                "parse1": ["parse", str(folder), "--workers", "1"],
                "e2e1": ["e2e", str(folder), "--workers", "1", "--stages"],
                "parse2": ["parse", str(folder), "--workers", "2"],
                "e2e2": ["e2e", str(folder), "--workers", "2"],
            },
            repeat,
        )
        parse1, e2e1, parse2, e2e2 = best["parse1"], best["e2e1"], best["parse2"], best["e2e2"]
        small = Path(tmp) / "small"
        corpus.write(small, profile_bytes)
        profile = [sys.executable, str(HERE / "throughput.py"), "profile", str(small)]
        subprocess.run([*profile, "--out", str(HERE / "profile.txt")], check=True)

    def wps(r: dict[str, Any]) -> float:
        return round(r["words"] / r["seconds"], 1)

    def dps(r: dict[str, Any]) -> float:
        return round(r["documents"] / r["seconds"], 2)

    stages = e2e1["stage_seconds"]
    total = e2e1["seconds"]
    best_wps = wps(e2e2)
    return {
        "parse_only_words_per_s": wps(parse1),
        "end_to_end_words_per_s": wps(e2e1),
        "ratio": round(wps(e2e1) / wps(parse1), 3),
        "speedup_2_workers": round(wps(e2e2) / wps(e2e1), 3),
        "peak_rss_mb_per_worker": max(
            e2e1["peak_rss_mb_per_worker"], e2e2["peak_rss_mb_per_worker"]
        ),
        "corpus": {
            "articles": e2e1["documents"],
            "bytes": size,
            "words": e2e1["words"],
            "events": e2e1["events"],
            "words_per_article": round(e2e1["words"] / e2e1["documents"], 1),
        },
        "workers_1": {
            "parse_only_words_per_s": wps(parse1),
            "parse_only_docs_per_s": dps(parse1),
            "end_to_end_words_per_s": wps(e2e1),
            "end_to_end_docs_per_s": dps(e2e1),
            "ratio": round(wps(e2e1) / wps(parse1), 3),
            "peak_rss_mb": e2e1["peak_rss_mb_per_worker"],
        },
        "workers_2": {
            "parse_only_words_per_s": wps(parse2),
            "parse_only_docs_per_s": dps(parse2),
            "end_to_end_words_per_s": best_wps,
            "end_to_end_docs_per_s": dps(e2e2),
            "ratio": round(wps(e2e2) / wps(parse2), 3),
            "peak_rss_mb_per_worker": e2e2["peak_rss_mb_per_worker"],
            "parent_peak_rss_mb": e2e2["parent_peak_rss_mb"],
        },
        "stage_seconds_1_worker": stages,
        "stage_share_1_worker": {k: round(v / total, 3) for k, v in stages.items()},
        "day_of_200k_articles_hours_2_workers": {
            f"at_{WORDS_PER_ARTICLE}_words": round(
                ARTICLES_PER_DAY * WORDS_PER_ARTICLE / best_wps / 3600, 1
            ),
            "at_corpus_article_length": round(ARTICLES_PER_DAY / dps(e2e2) / 3600, 1),
        },
    }


# What `make bench` measures, in order; `--only` picks some.
SECTIONS = ("throughput", "queries", "ingest", "linking", "load", "gazetteer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-bytes", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N throughput runs")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--profile-bytes", type=int, default=150_000)
    parser.add_argument(
        "--link-documents", type=int, default=10_000, help="documents of the linking bench"
    )
    parser.add_argument(
        "--gazetteer-places", type=int, default=1_000_000, help="places of the gazetteer bench"
    )
    parser.add_argument(
        "--gazetteer-alternates", type=int, default=3_000_000, help="its alternate names"
    )
    parser.add_argument(
        "--load-seconds", type=float, default=30.0, help="seconds per route mix of the load bench"
    )
    parser.add_argument("--load-clients", type=int, default=32, help="its concurrent clients")
    parser.add_argument("--out", type=Path, default=HERE / "report.json")
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help="comma-separated sections to measure (" + ", ".join(SECTIONS) + "); the others "
        "are kept from the existing report, and `measured_at` says when each was measured",
    )
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown sections {unknown}: choose from {', '.join(SECTIONS)}")
    started = time.perf_counter()
    report: dict[str, Any] = {}
    if set(chosen) != set(SECTIONS) and args.out.exists():
        report = json.loads(args.out.read_text(encoding="utf-8"))
    stamps: dict[str, str] = report.get("measured_at", {})
    machine = _machine()
    if "throughput" in chosen:
        print("throughput", flush=True)
        report.update(throughput(args.min_bytes, args.repeat, args.profile_bytes))
    if "queries" in chosen:
        print(f"queries on {args.events:,} synthetic events", flush=True)
        measured = queries.run(args.events, args.queries)
        report["query_p95_ms"] = measured.pop("query_p95_ms")
        report["queries"] = measured
    if "ingest" in chosen:
        print("ingest: web pages, archives, feeds", flush=True)
        report["ingest"] = ingest.run()
    if "linking" in chosen:
        print(f"linking: wire copies and merge on {args.link_documents:,} documents", flush=True)
        report["linking"] = linking.run(args.link_documents)
    if "load" in chosen:
        print(f"load: the read API under {args.load_clients} concurrent clients", flush=True)
        report["load"] = load.run(args.events, args.load_clients, args.load_seconds)
    if "gazetteer" in chosen:
        print(
            f"gazetteer: {args.gazetteer_places:,} places, {args.gazetteer_alternates:,} "
            "alternate names (generated GeoNames dump)",
            flush=True,
        )
        report["gazetteer"] = gazetteer.run(args.gazetteer_places, args.gazetteer_alternates)
    today = dt.date.today().isoformat()
    report["measured_at"] = {**stamps, **{name: today for name in chosen}}
    report["machine"] = machine
    report["bench_seconds"] = round(time.perf_counter() - started)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _print(report)
    print(f"written to {args.out}")


def _print(report: dict[str, Any]) -> None:
    rows = [
        ("parse only, words/s (1 worker)", report["parse_only_words_per_s"]),
        ("end to end, words/s (1 worker)", report["end_to_end_words_per_s"]),
        ("ratio end to end / parse only", report["ratio"]),
        ("end to end, words/s (2 workers)", report["workers_2"]["end_to_end_words_per_s"]),
        ("speedup with 2 workers", report["speedup_2_workers"]),
        ("peak RSS per worker, MB", report["peak_rss_mb_per_worker"]),
        ("a day of 200k articles, hours", report["day_of_200k_articles_hours_2_workers"]),
        ("query p95, ms", report["query_p95_ms"]),
    ]
    rows += [(f"  stage {k}, s", v) for k, v in report["stage_seconds_1_worker"].items()]
    if "ingest" in report:
        rows += [
            (f"  ingest {k.removesuffix('_docs_per_s')}, documents/s", v)
            for k, v in report["ingest"].items()
            if k.endswith("_docs_per_s")
        ]
    if "linking" in report:
        rows += [
            (f"  linking: {k.removesuffix('_per_10k_documents')}, s per 10k documents", v)
            for k, v in report["linking"].items()
            if k.endswith("_per_10k_documents")
        ]
    if "gazetteer" in report:
        found = report["gazetteer"]
        load = f"{found['load_seconds']} ({found['load_rows_per_second']})"
        rows += [
            ("  gazetteer load, s (rows/s)", load),
            ("  gazetteer store, MB", found["store_mb"]),
        ]
        rows += [
            (f"  gazetteer {k} p50/p95/p99 ms", f"{v['p50_ms']} / {v['p95_ms']} / {v['p99_ms']}")
            for k, v in found["lookup"].items()
            if isinstance(v, dict)
        ]
    for store, kinds in report["queries"]["by_store"].items():
        rows += [
            (f"  {store} {k} p50/p95 ms", f"{v['p50_ms']} / {v['p95_ms']}")
            for k, v in kinds.items()
        ]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
