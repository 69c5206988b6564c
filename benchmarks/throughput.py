"""One throughput measurement, in a fresh process, printed as one JSON line.

    python benchmarks/throughput.py parse CORPUS_DIR [--workers N]
    python benchmarks/throughput.py e2e CORPUS_DIR [--workers N] [--stages]
    python benchmarks/throughput.py profile CORPUS_DIR --out FILE

`parse` times the language's spaCy pipeline alone (`nlp.pipe` over the documents'
paragraphs, the floor any parser-based coder pays); `e2e` times Chronique from the files to
events stored in SQLite (`Pipeline.read` + `Pipeline.run`). Both count the same words (those
of the ingested documents), load the model before the clock starts, and with N > 1 spread
the work over N worker processes. `benchmarks/run.py` runs each in its own process, so that
memory and model state never carry over from one measurement to the next.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import functools
import json
import pstats
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from chronique.heap import freeze_loaded
from chronique.ingest import read_path
from chronique.langpack import load_pack
from chronique.nlp import load_model, split_paragraphs
from chronique.records import Document
from chronique.settings import Settings

PUBLISHED = dt.date(2024, 5, 15)  # the examples' fictional week, as in `make run`
LANGUAGE = "fr"


def _documents(folder: Path) -> list[Document]:
    return [
        d
        for p in sorted(folder.glob("*.txt"))
        for d in read_path(p, published=PUBLISHED)
        if isinstance(d, Document)
    ]


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux: kilobytes


# -- parse only ----------------------------------------------------------------------------
_NLP: Any = None
_BARRIER: Any = None


def _load_nlp(batch_size: int, barrier: Any = None) -> None:
    global _NLP, _BARRIER
    _BARRIER = barrier
    pack = load_pack(LANGUAGE)
    _NLP = load_model(pack.spacy_models, pack.dependency_scheme)
    _NLP.batch_size = batch_size
    for _ in _NLP.pipe(["Chauffe."]):  # first call allocates; keep it off the clock
        pass
    freeze_loaded()  # as `chronique run` does once its model is loaded: the same for both


def _ready(_: int) -> None:
    _BARRIER.wait(timeout=600)  # every worker at once: all have loaded the model


def _parse(paragraphs: list[str]) -> int:
    for _ in _NLP.pipe(paragraphs, batch_size=_NLP.batch_size):
        pass
    return len(paragraphs)


def parse(folder: Path, workers: int) -> dict[str, Any]:
    docs = _documents(folder)
    paragraphs = [text for d in docs for _, text in split_paragraphs(d.text)]
    batch = Settings.load().batch_size
    if workers == 1:
        _load_nlp(batch)
        start = time.perf_counter()
        _parse(paragraphs)
        seconds = time.perf_counter() - start
        rss = _rss_mb()
    else:
        context = get_context("spawn")
        with ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_load_nlp,
            initargs=(batch, context.Barrier(workers)),
        ) as pool:
            list(pool.map(_ready, range(workers)))
            # Tasks of 16 documents' worth of paragraphs, as `Pipeline.run` hands out.
            chunks = [paragraphs[i : i + 128] for i in range(0, len(paragraphs), 128)]
            start = time.perf_counter()
            list(pool.map(_parse, chunks))
            seconds = time.perf_counter() - start
        rss = _rss_mb(resource.RUSAGE_CHILDREN)
    return {
        "phase": "parse",
        "workers": workers,
        "seconds": seconds,
        "documents": len(docs),
        "words": sum(len(d.text.split()) for d in docs),
        "peak_rss_mb_per_worker": rss,
    }


# -- end to end ----------------------------------------------------------------------------
def _instrument() -> dict[str, float]:
    """Time the stages by wrapping their entry points (a few calls per document)."""
    import chronique.pipeline as pipeline_module
    from chronique.extract import Extractor
    from chronique.resolve import Resolver
    from chronique.store import Store

    spent: dict[str, float] = defaultdict(float)
    depth: dict[str, int] = defaultdict(int)

    def timed(stage: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            # An entry point may call another (the resolver's __call__ calls focus_country,
            # the linker reads the store): the outermost call's stage gets the time.
            depth["*"] += 1
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                depth["*"] -= 1
                if depth["*"] == 0:
                    spent[stage] += time.perf_counter() - start

        return wrapper

    def eager(func: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        # `annotate` is a generator: time the parse itself, not the making of the generator.
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
            return iter(list(func(*args, **kwargs)))

        return wrapper

    batcher = pipeline_module._BatchAnnotator
    batcher.prefetch = timed("nlp", batcher.prefetch)  # type: ignore[method-assign]
    batcher.annotate = timed("nlp", eager(batcher.annotate))  # type: ignore[method-assign]
    pipeline_module.assign_language = timed("language", pipeline_module.assign_language)
    Extractor.__call__ = timed("extract", Extractor.__call__)  # type: ignore[method-assign]
    for name in ("__call__", "focus_country", "places"):
        setattr(Resolver, name, timed("resolve", getattr(Resolver, name)))
    pipeline_module.merge_document = timed("merge", pipeline_module.merge_document)
    for name in ("add_batch", "known_documents"):
        setattr(Store, name, timed("store", getattr(Store, name)))
    from chronique.link import Linker

    # Cross-document linking (wire copies, merges across stories), after each stored batch.
    for name in ("__init__", "link_pending", "link_documents"):
        setattr(Linker, name, timed("link", getattr(Linker, name)))
    return spent


def e2e(folder: Path, workers: int, stages: bool) -> dict[str, Any]:
    from chronique.pipeline import Pipeline
    from chronique.scale import Processes
    from chronique.store import Store

    spent = _instrument() if stages else {}
    # Coding only: files in, each document's events stored. Cross-document linking is a
    # stage of its own after that, measured by benchmarks/linking.py per 10,000 documents:
    # this corpus is a few stories repeated 90 times over one week, the worst case for it
    # (every copy of a story is a candidate for every other), not a day of news.
    settings = dataclasses.replace(Settings.load(None), link_after_run=False)
    pipeline = Pipeline(settings)
    paths = sorted(folder.glob("*.txt"))
    engine = None
    if workers == 1:
        pipeline.warm(LANGUAGE)  # load the model and indexes before the clock starts
        freeze_loaded()  # as `chronique run` does (chronique/heap.py)
    else:
        engine = Processes(pipeline.settings, workers)
        engine.warm()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        start = time.perf_counter()
        items = list(pipeline.read(paths, published=PUBLISHED))
        read = time.perf_counter() - start
        timed_in_read = sum(spent.values())
        summary = pipeline.run(items, store, engine=engine)
        seconds = time.perf_counter() - start
        counts = store.counts()
    if engine is not None:
        engine.close()
    docs = [i for i in items if isinstance(i, Document)]
    result: dict[str, Any] = {
        "phase": "e2e",
        "workers": workers,
        "seconds": seconds,
        "documents": summary.documents,
        "words": sum(len(d.text.split()) for d in docs),
        "events": counts["events"],
        "rejections": len(summary.rejections),
        "peak_rss_mb_per_worker": _rss_mb(
            resource.RUSAGE_SELF if workers == 1 else resource.RUSAGE_CHILDREN
        ),
        "parent_peak_rss_mb": _rss_mb(),
    }
    if stages:
        # Reading is ingest, less what other stages timed inside it (language detection).
        per_stage = {"ingest": read - timed_in_read, **spent}
        per_stage["other"] = seconds - sum(per_stage.values())
        result["stage_seconds"] = {k: round(v, 3) for k, v in per_stage.items()}
    return result


def profile(folder: Path, out: Path) -> dict[str, Any]:
    """cProfile of an end-to-end run (slower under the profiler: shares, not speed)."""
    from chronique.pipeline import Pipeline
    from chronique.store import Store

    # As `e2e` measures it: coding only, with the model and indexes loaded first.
    pipeline = Pipeline(dataclasses.replace(Settings.load(None), link_after_run=False))
    pipeline.warm(LANGUAGE)
    paths = sorted(folder.glob("*.txt"))
    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "p.db") as store:
        profiler.enable()
        pipeline.run(list(pipeline.read(paths, published=PUBLISHED)), store)
        profiler.disable()
    with out.open("w", encoding="utf-8") as f:
        stats = pstats.Stats(profiler, stream=f)
        f.write("# Top functions by own time (tottime), then by cumulative time.\n")
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(40)
    return {"phase": "profile", "out": str(out)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("phase", choices=["parse", "e2e", "profile"])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--stages", action="store_true", help="time each stage (1 worker)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.phase == "parse":
        result = parse(args.corpus, args.workers)
    elif args.phase == "e2e":
        result = e2e(args.corpus, args.workers, args.stages)
    else:
        result = profile(args.corpus, args.out or Path("profile.txt"))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
