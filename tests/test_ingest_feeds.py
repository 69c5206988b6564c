"""RSS and Atom feeds read from files: one Document per item, and nothing fetched.

The feeds and their stories are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from chronique.ingest import parse_feed, read_feed_file, read_path
from chronique.ingest.feeds import Feed
from chronique.records import Document, Rejection

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Le Veilleur du Sahel</title>
  <link>https://www.veilleur-sahel.test/</link>
  <language>fr</language>
  <item>
    <title>Un convoi militaire attaqué près de Ménaka</title>
    <link>https://www.veilleur-sahel.test/securite/convoi-menaka</link>
    <guid isPermaLink="false">veilleur-2024-0515-01</guid>
    <pubDate>Wed, 15 May 2024 00:30:00 +0200</pubDate>
    <description>Résumé court de l'attaque.</description>
    <content:encoded><![CDATA[
      <p>Un convoi de l'armée a été attaqué mardi soir à une trentaine de kilomètres de
      Ménaka, a indiqué une source sécuritaire jointe par téléphone.</p>
      <script>window.pub = "script-qui-ne-doit-pas-passer";</script>
      <p>Quatre soldats ont été <b>blessés</b>, selon la même source, qui n'a pas précisé
      l'identité des assaillants.</p>
      <style>p { margin: 0 } /* style-invisible */</style>
    ]]></content:encoded>
  </item>
  <item>
    <title>Manifestation d'enseignants à Niamey</title>
    <link>/education/enseignants-niamey</link>
    <guid isPermaLink="false">veilleur-2024-0515-02</guid>
    <pubDate>Wed, 15 May 2024 11:00:00 +0100</pubDate>
    <description>&lt;p&gt;Plusieurs centaines d'enseignants ont défilé mercredi à Niamey
    pour réclamer le paiement de leurs arriérés de salaire.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Titre seul : des pluies diluviennes à Mopti</title>
    <link>https://www.veilleur-sahel.test/meteo/mopti</link>
  </item>
  <item>
    <description>   </description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Gazette</title>
  <link href="https://harbour-gazette.test/"/>
  <id>tag:harbour-gazette.test,2024:feed</id>
  <updated>2024-05-16T09:00:00Z</updated>
  <entry>
    <title type="html">Dockers strike in &lt;em&gt;Port Calder&lt;/em&gt;</title>
    <id>tag:harbour-gazette.test,2024:strike</id>
    <link href="https://harbour-gazette.test/2024/05/dockers-strike"/>
    <updated>2024-05-16T08:15:00Z</updated>
    <summary type="text">Dockers in Port Calder walked out on Thursday over pay.

Union leaders said the strike would last until the port authority reopened talks.</summary>
  </entry>
</feed>
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def parsed(text: str, **kwargs: str) -> Feed:
    feed = parse_feed(text.encode("utf-8"), source="feed.xml", **kwargs)
    assert isinstance(feed, Feed), feed
    return feed


def test_rss_items_become_documents(tmp_path: Path) -> None:
    path = write(tmp_path / "veilleur.rss", RSS)
    items = list(read_feed_file(path))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "Document", "Rejection"]
    first, second, title_only, empty = items
    assert isinstance(first, Document) and isinstance(second, Document)
    assert isinstance(title_only, Document) and isinstance(empty, Rejection)
    # The content (the fullest text) wins over the short description, cleaned to paragraphs.
    assert first.text.split("\n\n")[0] == "Un convoi militaire attaqué près de Ménaka"
    assert "Un convoi de l'armée a été attaqué mardi soir à une trentaine de kilomètres de " in (
        first.text
    )
    assert "Quatre soldats ont été blessés, selon la même source" in first.text
    assert first.text.count("\n\n") == 2  # headline, two paragraphs
    assert "script-qui" not in first.text and "style-invisible" not in first.text
    assert "Résumé court" not in first.text
    assert first.title == "Un convoi militaire attaqué près de Ménaka"
    assert first.url == "https://www.veilleur-sahel.test/securite/convoi-menaka"
    assert first.publisher == "Le Veilleur du Sahel"  # the channel's title, not the host
    # The publisher's own day: 00:30 in UTC+2 is still the 15th there (the 14th in UTC).
    assert first.published == dt.date(2024, 5, 15)
    assert first.meta["published_datetime"] == "2024-05-15T00:30:00+02:00"
    assert first.source == f"{path}#veilleur-2024-0515-01"
    assert first.raw_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    # HTML in an escaped description is cleaned too.
    assert second.text.endswith("pour réclamer le paiement de leurs arriérés de salaire.")
    assert "<p>" not in second.text
    assert title_only.text == "Titre seul : des pluies diluviennes à Mopti"
    assert title_only.published is None
    assert empty.reason == "empty item: no title, summary or content"


def test_relative_links_resolve_against_the_feed_url() -> None:
    feed = parsed(RSS, url="https://www.veilleur-sahel.test/rss.xml")
    second = feed.items[1].item
    assert isinstance(second, Document)
    assert second.url == "https://www.veilleur-sahel.test/education/enseignants-niamey"
    assert feed.title == "Le Veilleur du Sahel"
    assert [i.key for i in feed.items[:2]] == ["veilleur-2024-0515-01", "veilleur-2024-0515-02"]
    # No guid: the link names the item; neither: a hash of its words.
    assert feed.items[2].key == "https://www.veilleur-sahel.test/meteo/mopti"
    assert feed.items[3].key.startswith("sha256:")


def test_atom_entries_with_plain_text_and_html_titles(tmp_path: Path) -> None:
    [doc] = list(read_path(write(tmp_path / "harbour.atom", ATOM)))
    assert isinstance(doc, Document)
    assert doc.title == "Dockers strike in Port Calder"
    assert doc.text == (
        "Dockers strike in Port Calder\n\n"
        "Dockers in Port Calder walked out on Thursday over pay.\n\n"
        "Union leaders said the strike would last until the port authority reopened talks."
    )
    assert doc.published == dt.date(2024, 5, 16)
    assert doc.url == "https://harbour-gazette.test/2024/05/dockers-strike"


def test_same_item_read_twice_has_one_id(tmp_path: Path) -> None:
    a = list(read_path(write(tmp_path / "a.xml", RSS)))
    changed = RSS.replace("<language>fr</language>", "<language>fr-FR</language>")
    b = list(read_path(write(tmp_path / "b.xml", changed)))
    assert [d.id for d in a if isinstance(d, Document)] == [
        d.id for d in b if isinstance(d, Document)
    ]


def test_a_repeated_item_is_one_item() -> None:
    item = RSS[RSS.index("  <item>") : RSS.index("</item>") + len("</item>")]
    twice = RSS.replace(item, item + "\n" + item, 1)
    assert len(parsed(twice).items) == len(parsed(RSS).items)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "empty"),
        ("<html><body><p>A web page, not a feed.</p></body></html>", "not an RSS or Atom feed"),
        ("plain words in a file called .xml", "not an RSS or Atom feed"),
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Vide</title></channel></rss>',
            "feed has no items",
        ),
    ],
)
def test_files_that_are_no_feed_are_rejected(tmp_path: Path, content: str, reason: str) -> None:
    path = write(tmp_path / "x.xml", content)
    [item] = list(read_path(path))
    assert isinstance(item, Rejection) and reason in item.reason and item.source == str(path)


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        body = RSS.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def counting_server() -> Iterator[str]:
    _Counting.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_reading_a_feed_file_fetches_nothing(tmp_path: Path, counting_server: str) -> None:
    # A file whose whole content is a URL: feedparser given it as a string would fetch it.
    url_file = write(tmp_path / "link.xml", f"{counting_server}/feed.xml")
    [item] = list(read_path(url_file))
    assert isinstance(item, Rejection)
    # An external entity pointing at the server, and links to it, are not followed either.
    entity = RSS.replace(
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<!DOCTYPE rss [<!ENTITY ext SYSTEM "{counting_server}/entity">]>',
    ).replace("Le Veilleur du Sahel", "Le Veilleur &ext;")
    items = list(read_path(write(tmp_path / "entity.rss", entity)))
    assert sum(isinstance(i, Document) for i in items) == 3
    assert _Counting.requests == []


def test_a_feed_that_breaks_the_parser_is_rejected() -> None:
    # feedparser's loose parser raised UnicodeEncodeError on a reference to a surrogate.
    broken = b"<rss version='2.0'><channel><item><title>&#xD800;</title></item></channel></rss>"
    result = parse_feed(broken, source="bad.xml")
    assert isinstance(result, Rejection)
    assert result.reason.startswith("feed could not be parsed: UnicodeEncodeError")
