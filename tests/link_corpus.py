"""A small corpus for the linking tests, written for them (the facts are invented).

- one AFP dispatch on air strikes in Idleb, published by three outlets: with its own
  headline, with a paragraph dropped and a publisher's footer, with a word changed;
- a shelling of the Saraqeb market told by a French report (OSDH via ATS, 12 dead), an
  English one (the Syrian Civil Defence via Reuters, 15 dead) and an English denial by
  the army: one event, two independent sources, two tolls and a denial side by side;
- an artillery strike near Talbiseh told by ATS and by AFP, both after the OSDH (not
  copies of one dispatch): one event, one source;
- two air raids on Maarat al-Noomane, four days apart: two events.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WIRE_BODY = (
    "Les frappes de l'aviation russe ont tué neuf civils mercredi à Idleb, dans le nord-ouest "
    "de la Syrie, selon l'Observatoire syrien des droits de l'homme (OSDH).",
    "Plusieurs immeubles d'un quartier commerçant se sont effondrés en fin de matinée, alors "
    "que les habitants faisaient leurs courses, selon l'ONG.",
    "Mercredi également, des combattants rebelles ont attaqué une position de l'armée syrienne "
    "à Binnish, près d'Idleb, selon l'OSDH.",
    "La province d'Idleb abrite plusieurs millions d'habitants, dont de nombreux déplacés "
    "venus d'autres régions.",
)


def _wire(headline: str, body: tuple[str, ...] | list[str], footer: str = "") -> str:
    text = headline + "\n\nIDLEB (Syrie) (AFP) - " + "\n\n".join(body)
    return text + ("\n\n" + footer if footer else "")


@dataclass(frozen=True, slots=True)
class Article:
    key: str
    text: str
    publisher: str
    url: str
    agency: str
    published: str
    language: str

    def record(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "publisher": self.publisher,
            "url": self.url,
            "agency": self.agency,
            "published": self.published,
            "language": self.language,
            "id": self.key,
        }


ARTICLES: tuple[Article, ...] = (
    Article(
        "wire_gazette",
        _wire("Frappes russes meurtrières dans le nord-ouest syrien", WIRE_BODY),
        "La Gazette du Rhône",
        "https://gazette-rhone.example/monde/frappes-idleb",
        "AFP",
        "2024-03-06",
        "fr",
    ),
    Article(
        "wire_alpes",
        _wire(
            "Syrie : neuf civils tués par des frappes à Idleb",
            WIRE_BODY[:3],
            "Le Quotidien des Alpes - Tous droits réservés. Recevez nos alertes sur votre "
            "téléphone.",
        ),
        "Le Quotidien des Alpes",
        "https://quotidien-alpes.example/syrie-frappes",
        "AFP",
        "2024-03-06",
        "fr",
    ),
    Article(
        "wire_echo",
        _wire(
            "Frappes russes meurtrières dans le nord-ouest syrien",
            [
                WIRE_BODY[0].replace("neuf civils", "neuf personnes, dont deux enfants,"),
                *WIRE_BODY[1:],
            ],
        ),
        "L'Écho du Littoral",
        "https://echo-littoral.example/international/syrie",
        "AFP",
        "2024-03-06",
        "fr",
    ),
    Article(
        "saraqeb_fr",
        "Saraqeb : 12 civils tués par l'artillerie\n\nL'artillerie des forces "
        "gouvernementales a tué 12 civils vendredi sur le marché de Saraqeb, dans le "
        "nord-ouest de la Syrie, selon l'OSDH.",
        "Le Courrier de Genève",
        "https://courrier-geneve.example/syrie-saraqeb",
        "ATS",
        "2024-03-08",
        "fr",
    ),
    Article(
        "saraqeb_en",
        "Shelling kills 15 at Syrian market\n\nGovernment artillery shelled the market of "
        "Saraqib in northwest Syria on Friday, killing 15 civilians, according to the Syrian "
        "Civil Defence.\n\nRescue workers pulled survivors from the rubble of several stalls, "
        "the group said in a statement.",
        "The Morning Ledger",
        "https://morning-ledger.example/world/saraqib-shelling",
        "Reuters",
        "2024-03-08",
        "en",
    ),
    Article(
        "saraqeb_denial",
        "Syrian army denies shelling Saraqib market\n\nThe Syrian army on Friday denied "
        "shelling the market of Saraqib, calling the reports of civilian deaths false.",
        "The Daily Courier",
        "https://daily-courier.example/syria-denial",
        "AP",
        "2024-03-08",
        "en",
    ),
    Article(
        "talbiseh_ats",
        "Trois rebelles tués près de Talbiseh\n\nL'artillerie de l'armée syrienne a tué lundi "
        "trois combattants rebelles près de Talbiseh, dans la province de Homs, selon l'OSDH.",
        "Le Courrier de Genève",
        "https://courrier-geneve.example/syrie-talbiseh",
        "ATS",
        "2024-03-11",
        "fr",
    ),
    Article(
        "talbiseh_afp",
        "Syrie : l'armée pilonne le secteur de Talbiseh\n\nSelon l'Observatoire syrien des "
        "droits de l'homme, trois combattants de l'opposition ont péri lundi sous les obus de "
        "l'armée syrienne aux abords de Talbiseh, au nord de Homs.",
        "Le Journal du Soir",
        "https://journal-soir.example/monde/talbiseh",
        "AFP",
        "2024-03-11",
        "fr",
    ),
    Article(
        "maarat_monday",
        "Nouvelles frappes sur Maarat al-Noomane\n\nL'aviation du régime syrien a bombardé "
        "lundi Maarat al-Noomane, dans le sud de la province d'Idleb, tuant deux civils, "
        "selon l'OSDH.",
        "Le Courrier de Genève",
        "https://courrier-geneve.example/maarat-lundi",
        "ATS",
        "2024-03-11",
        "fr",
    ),
    Article(
        "maarat_friday",
        "Raid aérien à Maarat al-Noomane\n\nL'aviation du régime syrien a bombardé vendredi "
        "Maarat al-Noomane, dans la province d'Idleb, blessant cinq civils, selon l'OSDH.",
        "Le Courrier de Genève",
        "https://courrier-geneve.example/maarat-vendredi",
        "ATS",
        "2024-03-15",
        "fr",
    ),
)

BY_KEY = {a.key: a for a in ARTICLES}
WIRE = ("wire_gazette", "wire_alpes", "wire_echo")


def write_jsonl(path: Path, articles: tuple[Article, ...] = ARTICLES) -> Path:
    path.write_text(
        "".join(json.dumps(a.record(), ensure_ascii=False) + "\n" for a in articles), "utf-8"
    )
    return path


# A late copy of the dispatch, for re-runs: the same story on a fourth site.
LATE_COPY = Article(
    "wire_late",
    _wire(
        "Idleb : des frappes russes font neuf morts",
        WIRE_BODY,
        "Cet article vous a été offert par La Voix du Jura. Soutenez-nous.",
    ),
    "La Voix du Jura",
    "https://voix-jura.example/syrie/idleb",
    "AFP",
    "2024-03-06",
    "fr",
)


def page(article: Article) -> bytes:
    """The article as its outlet's web page: navigation, the story, a footer."""
    headline, body = article.text.split("\n\n", 1)
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n"))
    return (
        f"<!DOCTYPE html><html lang='{article.language}'><head><meta charset='utf-8'>"
        f"<title>{html.escape(headline)} - {html.escape(article.publisher)}</title>"
        f"<meta property='og:title' content=\"{html.escape(headline)}\">"
        f"<meta property='og:site_name' content=\"{html.escape(article.publisher)}\">"
        f"<meta property='article:published_time' content='{article.published}T09:30:00'>"
        f"<link rel='canonical' href='{article.url}'></head><body>"
        "<nav><a href='/'>Accueil</a> <a href='/monde'>Monde</a></nav>"
        f"<article><h1>{html.escape(headline)}</h1>{paragraphs}</article>"
        f"<footer>{html.escape(article.publisher)} - contact - mentions légales</footer>"
        "</body></html>"
    ).encode()


def write_pages(folder: Path, articles: tuple[Article, ...] = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, article in enumerate(articles):
        (folder / f"{number:02d}_{article.key}.html").write_bytes(page(article))
    return folder


def write_warc(path: Path, articles: tuple[Article, ...] = ARTICLES) -> Path:
    """The pages as one crawl, in a gzipped WARC file (warcio)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for article in articles:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                article.url, "response", payload=io.BytesIO(page(article)), http_headers=headers
            )
            writer.write_record(record)
    return path


def write_feeds(folder: Path, articles: tuple[Article, ...] = ARTICLES) -> Path:
    """The articles as feed items: one RSS 2.0 file per outlet, the story as its content."""
    folder.mkdir(parents=True, exist_ok=True)
    outlets: dict[str, list[Article]] = {}
    for article in articles:
        outlets.setdefault(article.publisher, []).append(article)
    for number, (publisher, items) in enumerate(sorted(outlets.items())):
        entries = []
        for article in items:
            headline, body = article.text.split("\n\n", 1)
            content = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n"))
            day = dt.date.fromisoformat(article.published)
            entries.append(
                "<item>"
                f"<title>{html.escape(headline)}</title>"
                f"<link>{html.escape(article.url)}</link>"
                f"<guid>{html.escape(article.url)}</guid>"
                f"<pubDate>{day.strftime('%a, %d %b %Y')} 09:30:00 +0000</pubDate>"
                f"<content:encoded><![CDATA[{content}]]></content:encoded>"
                "</item>"
            )
        feed = (
            "<?xml version='1.0' encoding='utf-8'?>"
            "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
            f"<channel><title>{html.escape(publisher)}</title>"
            f"<link>{html.escape(items[0].url)}</link>"
            f"<language>{items[0].language}</language>{''.join(entries)}</channel></rss>"
        )
        (folder / f"{number:02d}.rss").write_text(feed, "utf-8")
    return folder
