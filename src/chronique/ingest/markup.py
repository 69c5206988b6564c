"""HTML bytes to text and to a parsed page, with no network access.

Two jobs shared by the web page, feed and web archive readers:

* `decode_html`: bytes to text. A page says its encoding (HTTP header, `<meta charset>`), but
  pages lie: a page that is valid UTF-8 is read as UTF-8 whatever it declares (a cp1252 page
  is almost never valid UTF-8), then the declared charset, then decode.py's fallbacks.
* `parse_html`: text to an lxml tree, through trafilatura's loader, never through htmldate's,
  which downloads its input when the input looks like a URL.
* `fragment_to_text`: a feed item's HTML summary to paragraphs of plain text (stdlib parser:
  a fragment has no page around it for trafilatura to find a main text in).
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from typing import Any

from trafilatura.utils import load_html

from .decode import MAX_CONTROL_SHARE, Decoded, NotText, control_share, decode_bytes

# Where a page declares its charset: in the first few kilobytes, as HTML requires.
SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)

# Elements whose content is never article text; paragraphs end at the block elements.
_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "svg", "math", "head"}
)
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr",
        "ul",
    }
)  # fmt: skip
# A character no article text contains, standing for a paragraph break while text is joined.
_BREAK = "\u2029"


def charset_of(content_type: str | None) -> str | None:
    """The charset of an HTTP Content-Type value ("text/html; charset=ISO-8859-1")."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a page's bytes; `declared` is the charset its HTTP response named, if any.

    Raises NotText (with the reason) for binary content.
    """
    if data.startswith(_BOMS):
        return decode_bytes(data)
    if b"\x00" in data:
        raise NotText("binary content (NUL bytes), not an HTML page")
    decoded: Decoded | None = None
    try:
        decoded = Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        meta = _META_CHARSET.search(data[:SNIFF_BYTES])
        for name in (declared, meta.group(1).decode("ascii") if meta else None):
            codec = _known_codec(name)
            if codec is None:
                continue
            try:
                decoded = Decoded(data.decode(codec), codec)
                break
            except UnicodeDecodeError:
                continue
    if decoded is None:
        decoded = decode_bytes(data)
    share = control_share(decoded.text)
    if share > MAX_CONTROL_SHARE:
        raise NotText(f"binary content ({share:.0%} control characters), not an HTML page")
    return decoded


def parse_html(text: str) -> Any | None:
    """The page's lxml tree, or None when the text is not HTML at all."""
    if "<" not in text:
        return None  # no markup: lxml would wrap plain words in a page of its own
    # trafilatura's loader repairs common breakage and parses a str, never fetches.
    tree = load_html(text)
    if tree is None and "<html" not in text[:SNIFF_BYTES].casefold():
        # The loader refuses a lone element with no <html> around it ("<div>…</div>" saved
        # from a page); give it the page it lacks.
        tree = load_html(f"<html><body>{text}</body></html>")
    return tree


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append(_BREAK)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <hr/>, <img/>: no content of their own, so never a skipped region.
        if tag in _BLOCKS:
            self.parts.append(_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append(_BREAK)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def paragraphs(pieces: list[str]) -> str:
    """Join pieces of text into paragraphs: spaces collapsed, one blank line between them
    (the paragraph break the NLP stage splits on)."""
    joined = "".join(pieces).split(_BREAK)
    return "\n\n".join(text for text in (" ".join(part.split()) for part in joined) if text)


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: scripts and styles dropped, one paragraph per block."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return paragraphs(collector.parts)


def lines_to_paragraphs(text: str) -> str:
    """trafilatura's text output has one block per line; the NLP stage wants a blank line
    between paragraphs."""
    return paragraphs([line + _BREAK for line in text.splitlines()])
