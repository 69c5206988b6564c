"""Bytes to text for files whose encoding nobody declared.

Order: a BOM says it all; otherwise strict UTF-8 (the web's default, and a cp1252 file
almost never happens to be valid UTF-8); otherwise cp1252, which is what French Windows
tools write ("été" as E9 74 E9) and, unlike latin-1, gives real letters for bytes
0x80–0x9F (œ, €, ’); latin-1 last, since it decodes any byte.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Share of control characters above which a file is binary, not text. Real articles have
# none besides tabs, line and page breaks; random bytes decode to ~12 % controls.
MAX_CONTROL_SHARE = 0.02
_SAMPLE_CHARS = 100_000
_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class NotText(ValueError):
    """The bytes are not a text document; the message is the human reason."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


# C0 controls but tab, line feed, vertical tab, form feed and carriage return; DEL; C1.
# A regex counts them at C speed: a loop in Python over every character was a quarter of
# the time to read a web page.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def control_share(text: str) -> float:
    """Share of control characters in the first 100k characters of `text`."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    return len(_CONTROLS.findall(sample)) / len(sample)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with its few bad bytes replaced, when UTF-8 explains the file better than
    cp1252 does: more well-formed multi-byte letters than broken bytes. A UTF-8 article with
    one damaged byte (a cut download, a bad copy) would otherwise be read as cp1252 and
    every "é" in it would become "Ã©"; a real cp1252 file has next to no valid UTF-8
    sequences, so it still goes to cp1252."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))  # at C speed
    good = non_ascii - bad
    if good <= bad:
        return None
    return Decoded(text, f"utf-8 ({bad} undecodable bytes replaced)")


def _decode_unmarked(data: bytes) -> Decoded:
    if b"\x00" in data:
        # No text encoding we accept without a BOM uses NUL bytes.
        raise NotText("binary content (NUL bytes), not a text file")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        pass  # cp1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    return Decoded(data.decode("latin-1"), "latin-1")


def decode_bytes(data: bytes) -> Decoded:
    """Decode a file's bytes or raise NotText with the reason it is not text."""
    decoded: Decoded | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                decoded = Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as error:
                reason = f"starts with a {encoding} BOM but does not decode: {error}"
                raise NotText(reason) from error
            break
    if decoded is None:
        decoded = _decode_unmarked(data)
    share = control_share(decoded.text)
    if share > MAX_CONTROL_SHARE:
        raise NotText(f"binary content ({share:.0%} control characters), not a text file")
    return decoded
