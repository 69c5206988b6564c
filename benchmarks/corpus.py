"""The bench corpus: the project's French example articles, varied until there is enough.

Nothing is downloaded. Each generated article keeps the layout of the example it comes from
(headline, dateline, boilerplate, signature), so ingest and the scrape cleaner do their real
work, but varies so that no two are the same text — and no cache sees one text twice:

* the body paragraphs come in a shuffled order, and some are dropped;
* every figure is redrawn ("au moins 12 civils" → "au moins 37 civils");
* a closing line names the copy.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
_FIGURE = re.compile(r"\b\d{1,3}\b")


def base_articles() -> list[str]:
    """The French example articles' raw texts (.txt files and French JSONL lines)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    for line in (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if record.get("language", "fr") == "fr":
                texts.append(str(record["text"]))
    return texts


def _vary(text: str, rng: random.Random, number: int) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    # The first two paragraphs (headline, often repeated) and the last two (signature,
    # footer) stay in place; the body in between is reordered and thinned out.
    head, body, tail = paragraphs[:2], paragraphs[2:-2], paragraphs[-2:]
    rng.shuffle(body)
    keep = max(1, len(body) - rng.randrange(0, 2))
    body = body[:keep]
    varied = "\n\n".join([*head, *body, *tail])
    varied = _FIGURE.sub(lambda m: str(rng.randrange(2, 300)), varied)
    return varied + f"\n\nDépêche numéro {number}, mise à jour {rng.randrange(1, 9)} fois.\n"


def build(min_bytes: int, seed: int = 2024) -> list[str]:
    """Articles until their UTF-8 text reaches `min_bytes`."""
    rng = random.Random(seed)
    bases = base_articles()
    out: list[str] = []
    size = 0
    while size < min_bytes:
        text = _vary(bases[len(out) % len(bases)], rng, len(out))
        out.append(text)
        size += len(text.encode("utf-8"))
    return out


def write(folder: Path, min_bytes: int, seed: int = 2024) -> list[Path]:
    """Write the corpus as .txt files (what `chronique run` reads); their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, text in enumerate(build(min_bytes, seed)):
        path = folder / f"{n:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
