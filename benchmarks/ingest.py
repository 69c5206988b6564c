"""How fast ingest reads and cleans web pages, feeds and web archives (no spaCy).

Pages are generated here with the layout of a news site (menus, scripts, styles, a "read
also" box, a footer around the article) from sentences written for the bench, then read
three ways: a folder of .html files, the same pages in a .warc.gz archive, and an RSS feed
of their paragraphs. Each figure is documents/s through `read_path` (bytes → Document:
decoding, trafilatura, htmldate, the scrape cleaner, hashing), the best of `repeat` runs.

    .venv/bin/python benchmarks/ingest.py [--pages 400]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from chronique.ingest import read_path
from chronique.records import Document
from chronique.settings import Settings

SUBJECTS = (
    "Des soldats",
    "Des hommes armés",
    "La police",
    "Des manifestants",
    "Les forces de sécurité",
    "Des rebelles",
)
ACTS = (
    "ont attaqué un poste de contrôle à l'entrée de {place}",
    "ont dispersé un rassemblement devant la mairie de {place}",
    "ont bloqué la route principale qui relie {place} à la capitale",
    "ont pris le contrôle de plusieurs quartiers de {place}",
    "ont arrêté une dizaine de personnes dans le marché de {place}",
)
SOURCES = (
    "a indiqué un responsable local",
    "selon une organisation de défense des droits humains",
    "a affirmé le ministère de l'Intérieur dans un communiqué",
    "ont rapporté des témoins joints par téléphone",
)
FILLER = (
    "Aucun bilan officiel n'avait été publié en fin de journée.",
    "La situation restait tendue dans la soirée, selon des habitants.",
    "Les autorités ont annoncé l'ouverture d'une enquête.",
    "Plusieurs écoles ont fermé leurs portes par précaution.",
    "Des renforts ont été envoyés depuis la capitale régionale.",
)
PLACES = ("Kalam", "Sarn", "Vardel", "Tarvel", "Marek", "Ostra", "Belin", "Corvo")


def _paragraphs(rng: random.Random, number: int) -> list[str]:
    place = rng.choice(PLACES)
    lead = (
        f"{rng.choice(SUBJECTS)} {rng.choice(ACTS).format(place=place)} le {rng.randrange(1, 28)}"
        f" mai, {rng.choice(SOURCES)}."
    )
    body = [lead]
    for _ in range(rng.randrange(3, 7)):
        body.append(" ".join(rng.sample(FILLER, 3)) + f" (dépêche {number})")
    return body


def page(rng: random.Random, number: int) -> tuple[str, bytes]:
    """One news page: its headline and its HTML bytes."""
    body = _paragraphs(rng, number)
    title = f"Incidents à {rng.choice(PLACES)} : dépêche {number}"
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    html = (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
        f"<title>{title} | Le Quotidien du Bench</title>"
        "<meta property='og:site_name' content='Le Quotidien du Bench'>"
        f"<meta property='og:title' content='{title}'>"
        f"<link rel='canonical' href='https://bench.test/{number}'>"
        f"<meta property='article:published_time' content='2024-05-{number % 28 + 1:02d}'>"
        "<script>var analytics = {id: 42, page: 'article'};</script>"
        "<style>body { font-family: serif } .une { color: #333 }</style></head><body>"
        "<nav><ul><li><a href='/'>Accueil</a></li><li><a href='/monde'>Monde</a></li>"
        "<li><a href='/politique'>Politique</a></li></ul></nav>"
        f"<article><h1>{title}</h1><div class='auteur'>Par la rédaction</div>{paragraphs}"
        "</article><aside><h3>À lire aussi</h3><ul><li><a href='/x'>Autre sujet</a></li>"
        "</ul></aside><footer><p>Abonnez-vous à notre lettre d'information.</p></footer>"
        "</body></html>"
    )
    return title, html.encode("utf-8")


def write_inputs(folder: Path, pages: int, seed: int = 7) -> dict[str, Path]:
    """The same pages as a folder of .html files, a .warc.gz archive and an RSS feed."""
    rng = random.Random(seed)
    made = [page(rng, i) for i in range(pages)]
    html_dir = folder / "html"
    html_dir.mkdir(parents=True)
    for i, (_, data) in enumerate(made):
        (html_dir / f"p{i:05d}.html").write_bytes(data)
    warc = folder / "pages.warc.gz"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for i, (_, data) in enumerate(made):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://bench.test/{i}",
                "response",
                payload=io.BytesIO(data),
                http_headers=headers,
            )
            writer.write_record(record)
    rng = random.Random(seed)
    items = "".join(
        f"<item><title>{title}</title><link>https://bench.test/{i}</link>"
        f"<guid isPermaLink='false'>bench-{i}</guid>"
        f"<pubDate>Tue, 14 May 2024 09:00:00 +0000</pubDate><description><![CDATA["
        + "".join(f"<p>{p}</p>" for p in _paragraphs(rng, i))
        + "]]></description></item>"
        for i, (title, _) in enumerate(made)
    )
    feed = folder / "feed.rss"
    feed.write_text(
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Bench</title>"
        f"<link>https://bench.test/</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    return {"html": html_dir, "warc": warc, "feed": feed}


def _best(read: Callable[[], int], repeat: int) -> tuple[int, float]:
    best = float("inf")
    documents = 0
    for _ in range(repeat):
        started = time.perf_counter()
        documents = read()
        best = min(best, time.perf_counter() - started)
    return documents, best


def run(pages: int = 400, repeat: int = 2) -> dict[str, Any]:
    """Documents/s reading and cleaning `pages` pages as HTML files, WARC and RSS."""
    settings = Settings.load()
    report: dict[str, Any] = {"pages": pages}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = write_inputs(Path(tmp), pages)
        for name, path in inputs.items():

            def read(path: Path = path) -> int:
                return sum(isinstance(d, Document) for d in read_path(path, settings=settings))

            documents, seconds = _best(read, repeat)
            if documents != pages:
                raise SystemExit(f"{name}: {documents} documents read from {pages} pages")
            files = list(path.iterdir()) if path.is_dir() else [path]
            size = sum(p.stat().st_size for p in files)
            report[f"{name}_docs_per_s"] = round(documents / seconds, 1)
            report[f"{name}_mb_per_s"] = round(size / seconds / 1e6, 2)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(json.dumps(run(args.pages, args.repeat), indent=2))


if __name__ == "__main__":
    main()
