"""`make bench`: throughput of the French pipeline on the bundled examples, as JSON.

The corpus is the project's own example articles, repeated with light variation until it
holds at least `--min-bytes` of text; nothing is downloaded. It measures, on the same texts in
the same process: spaCy alone (`nlp.pipe`, the floor any parser-based coder pays) and
Chronique end to end (language → nlp → extract → resolve → merge → SQLite), and writes
`benchmarks/report.json`.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from chronique.ingest import read_path
from chronique.langpack import load_pack
from chronique.nlp import load_model, split_paragraphs
from chronique.pipeline import Pipeline
from chronique.records import Document
from chronique.store import Store

ROOT = Path(__file__).resolve().parents[1]


def corpus(min_bytes: int) -> list[Document]:
    base = [d for d in read_path(ROOT / "examples") if isinstance(d, Document)]
    docs: list[Document] = []
    size = 0
    round_ = 0
    while size < min_bytes:
        for d in base:
            # Vary each copy so that no cache or dedup step sees the same text twice.
            text = d.text + f"\n\nCopie {round_}."
            docs.append(Document(id=f"{d.id}-{round_}", text=text, published=d.published,
                                 agency=d.agency, language="fr", source=d.source))
            size += len(text.encode("utf-8"))
        round_ += 1
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-bytes", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "report.json")
    args = parser.parse_args()
    docs = corpus(args.min_bytes)
    words = sum(len(d.text.split()) for d in docs)

    nlp = load_model(load_pack("fr").spacy_models)
    paragraphs = [p for d in docs for _, p in split_paragraphs(d.text)]
    start = time.perf_counter()
    for _ in nlp.pipe(paragraphs, batch_size=32):
        pass
    parse_s = time.perf_counter() - start

    pipeline = Pipeline()
    pipeline.code(docs[0])  # load models and tables outside the timed part
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        start = time.perf_counter()
        summary = pipeline.run(docs, store)
        e2e_s = time.perf_counter() - start

    report = {
        "documents": len(docs),
        "words": words,
        "bytes": sum(len(d.text.encode("utf-8")) for d in docs),
        "events": summary.events,
        "parse_only_words_per_s": round(words / parse_s, 1),
        "end_to_end_words_per_s": round(words / e2e_s, 1),
        "end_to_end_docs_per_s": round(len(docs) / e2e_s, 2),
        "ratio": round(parse_s / e2e_s, 3),
        "peak_rss_mb_per_worker": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        ),
        "workers": 1,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    width = max(len(k) for k in report)
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
