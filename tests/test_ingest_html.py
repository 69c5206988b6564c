"""Web pages: main text (trafilatura), date (htmldate), title, canonical URL, publisher.

Every page here is written for these tests; the articles are invented.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from chronique.ingest import read_html_file, read_path
from chronique.ingest.webpage import page_document
from chronique.records import Document, Rejection
from chronique.settings import Settings

FR_PARAGRAPHS = (
    "Des avions ont bombardé mardi plusieurs villages de la province d'Idlib, a indiqué une "
    "organisation locale qui recense les victimes depuis le début du conflit.",
    "Selon cette organisation, au moins sept civils ont été tués et une vingtaine d'autres "
    "blessés lors de ces raids menés peu après l'aube sur des zones habitées.",
    "Les autorités n'ont pas réagi dans l'immédiat à ces informations, que la rédaction n'a "
    "pas été en mesure de vérifier auprès d'une source indépendante.",
)
EN_PARAGRAPHS = (
    "Police in the northern city of Tarvel arrested forty protesters on Saturday after a "
    "march against fuel prices turned into clashes near the regional parliament.",
    "Organisers said the march had been peaceful until officers fired tear gas at the "
    "crowd, a claim the interior ministry rejected in a short statement.",
    "A court hearing for those detained is expected on Monday, according to their lawyers, "
    "who said several of them were students.",
)
SCRIPT_WORDS = "zorglub-secret-de-script"
STYLE_WORDS = "couleur-de-style-cachee"


def page(
    paragraphs: tuple[str, ...] = FR_PARAGRAPHS,
    *,
    title: str = "Frappes aériennes sur des villages d'Idlib",
    head: str = "",
    h1_in_article: bool = True,
    lang: str = "fr",
    charset: str = "utf-8",
) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    h1 = f"<h1>{title}</h1>"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}">
<title>{title} | Le Courrier du Levant</title>
{head}
<script>var tracker = "{SCRIPT_WORDS}"; document.title = "x";</script>
<style>.une {{ color: red }} /* {STYLE_WORDS} */</style>
</head><body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/monde">Monde</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
{"" if h1_in_article else h1}
<article>{h1 if h1_in_article else ""}
<div class="auteur">Par la rédaction</div>
{body}
<script>document.write("{SCRIPT_WORDS} publicité");</script>
<noscript>Activez JavaScript {SCRIPT_WORDS}</noscript>
</article>
<aside><h3>À lire aussi</h3><ul><li><a href="/a">Un autre sujet sans rapport</a></li></ul></aside>
<footer><p>Abonnez-vous à notre lettre d'information. Tous droits réservés.</p></footer>
</body></html>"""


FULL_HEAD = """
<meta property="og:site_name" content="Le Courrier du Levant">
<meta property="og:title" content="Frappes aériennes sur des villages d'Idlib">
<link rel="canonical" href="https://www.courrier-levant.test/monde/frappes-idlib">
<meta property="article:published_time" content="2024-05-14T07:45:00+02:00">
"""


def one(items: list[Document | Rejection]) -> Document | Rejection:
    assert len(items) == 1, items
    return items[0]


def document(path: Path) -> Document:
    item = one(list(read_html_file(path)))
    assert isinstance(item, Document), item
    return item


def rejection(path: Path) -> Rejection:
    item = one(list(read_html_file(path)))
    assert isinstance(item, Rejection), item
    assert item.stage == "ingest" and item.source == str(path)
    return item


def test_page_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "frappes.html"
    path.write_text(page(head=FULL_HEAD), encoding="utf-8")
    doc = document(path)
    paragraphs = doc.text.split("\n\n")
    # The headline leads, then the article's paragraphs, each a paragraph of its own.
    assert paragraphs[0] == "Frappes aériennes sur des villages d'Idlib"
    for written in FR_PARAGRAPHS:
        assert written in paragraphs
    assert doc.title == "Frappes aériennes sur des villages d'Idlib"
    assert doc.url == "https://www.courrier-levant.test/monde/frappes-idlib"
    assert doc.publisher == "Le Courrier du Levant"
    assert doc.published == dt.date(2024, 5, 14)
    assert doc.source == str(path)
    assert doc.raw_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.meta["encoding"] == "utf-8"


def test_scripts_styles_and_page_furniture_never_reach_the_text(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(page(head=FULL_HEAD), encoding="utf-8")
    text = document(path).text
    for furniture in (SCRIPT_WORDS, STYLE_WORDS, "tracker", "color", "Accueil", "Abonnez"):
        assert furniture not in text
    assert "Un autre sujet sans rapport" not in text


def test_publisher_falls_back_to_the_host_and_title_to_the_h1(tmp_path: Path) -> None:
    head = '<link rel="canonical" href="/world/tarvel-arrests">'
    path = tmp_path / "tarvel.htm"
    html = page(EN_PARAGRAPHS, title="Forty arrested in Tarvel fuel protest", lang="en")
    path.write_text(html.replace("</head>", head + "</head>"), encoding="utf-8")
    # A relative canonical link needs the page's own URL to mean anything.
    doc = one([page_document(path.read_bytes(), source="x", settings=Settings.load())])
    assert isinstance(doc, Document)
    assert doc.url is None and doc.publisher is None
    fetched = page_document(
        path.read_bytes(),
        source="crawl",
        settings=Settings.load(),
        url="https://www.tarvel-news.test/world/?id=3",
    )
    assert isinstance(fetched, Document)
    assert fetched.url == "https://www.tarvel-news.test/world/?id=3"
    assert fetched.meta["canonical_url"] == "https://www.tarvel-news.test/world/tarvel-arrests"
    assert fetched.publisher == "tarvel-news.test"
    # No og:title: the <h1> of the body, not the <title> with its " | site" tail.
    assert fetched.title == "Forty arrested in Tarvel fuel protest"
    assert fetched.text.startswith("Forty arrested in Tarvel fuel protest\n\nPolice in")


def test_headline_outside_the_article_still_leads_the_text(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(page(head=FULL_HEAD, h1_in_article=False), encoding="utf-8")
    doc = document(path)
    assert doc.text.startswith("Frappes aériennes sur des villages d'Idlib\n\nDes avions")
    assert doc.text.count("Frappes aériennes sur des villages") == 1


def test_declared_charset_decodes_a_cp1252_page(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    path.write_bytes(page(charset="windows-1252").encode("cp1252"))
    doc = document(path)
    assert "Des avions ont bombardé mardi" in doc.text
    assert doc.meta["encoding"] == "cp1252"


def test_date_comes_from_markup_not_from_words_in_the_text(tmp_path: Path) -> None:
    # No date in the metadata; "3 mars 2021" in the prose is not the publication date,
    # and htmldate runs with extensive_search=False, which does not guess from prose.
    paragraphs = (*FR_PARAGRAPHS, "Un précédent raid avait eu lieu le 3 mars 2021.")
    path = tmp_path / "undated.html"
    path.write_text(page(paragraphs), encoding="utf-8")
    assert document(path).published is None
    overridden = [d for d in read_path(path, published=dt.date(2024, 5, 15))]
    assert isinstance(overridden[0], Document)
    assert overridden[0].published == dt.date(2024, 5, 15)


def test_same_article_same_id_whatever_the_page_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    a.write_text(page(head=FULL_HEAD), encoding="utf-8")
    b.write_text(page(head=FULL_HEAD).replace("var tracker", "var other"), encoding="utf-8")
    doc_a, doc_b = document(a), document(b)
    assert doc_a.id == doc_b.id
    assert doc_a.raw_sha256 != doc_b.raw_sha256


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "binary content"),
        (b"just words in a file with no markup at all", "not HTML"),
        (
            b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav>"
            b"<script>var a = 'only a script here';</script></body></html>",
            "no article text",
        ),
        (b"<html><body></body></html>", "no article text"),
    ],
)
def test_broken_or_empty_pages_are_rejected_with_a_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    assert reason in rejection(path).reason


def test_a_folder_of_pages_goes_on_past_the_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "1-good.html").write_text(page(head=FULL_HEAD), encoding="utf-8")
    (tmp_path / "2-empty.html").write_bytes(b"")
    (tmp_path / "3-binary.htm").write_bytes(b"\x00\x01\x02" * 100)
    html = page(EN_PARAGRAPHS, title="Forty arrested in Tarvel fuel protest", lang="en")
    (tmp_path / "4-good.htm").write_text(html, encoding="utf-8")
    items = list(read_path(tmp_path))
    assert [type(i).__name__ for i in items] == ["Document", "Rejection", "Rejection", "Document"]


@pytest.mark.slow
def test_a_page_is_coded_into_events(tmp_path: Path, pipeline: object) -> None:
    from chronique.pipeline import Coded, Pipeline

    assert isinstance(pipeline, Pipeline)
    path = tmp_path / "frappes.html"
    path.write_text(page(head=FULL_HEAD), encoding="utf-8")
    coded = pipeline.code(document(path))
    assert isinstance(coded, Coded)
    assert "ASSAULT" in {e.type for e in coded.events}


def test_the_ingest_benchmark_reads_every_page_three_ways() -> None:
    import importlib.util

    bench = Path(__file__).resolve().parents[1] / "benchmarks" / "ingest.py"
    spec = importlib.util.spec_from_file_location("bench_ingest", bench)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # run() exits when a format reads fewer documents than pages.
    report = module.run(pages=12, repeat=1)
    assert report["pages"] == 12
    for name in ("html", "warc", "feed"):
        assert report[f"{name}_docs_per_s"] > 0


@pytest.mark.parametrize(
    "content",
    [
        # htmldate raised AssertionError on this one; the page still has no article.
        b"<svg><style><svg><style></description></item><html>"
        b"<meta property='og:url' content='http://[::1'>",
        # An unparseable canonical URL (urllib raises ValueError on it).
        page(head="<link rel='canonical' href='http://[::1/x'>").encode(),
        page(head="<meta property='og:url' content='http://[::1'>").encode(),
        b"<html><body><p>&#xD800; &#0; " + b"Texte de l'article. " * 8 + b"</p></body></html>",
    ],
)
def test_hostile_markup_gives_a_document_or_a_rejection_never_an_error(content: bytes) -> None:
    result = page_document(content, source="x", settings=Settings.load(), url="http://a.test/")
    assert isinstance(result, (Document, Rejection))
