"""Bytes to text for files whose encoding nobody declared.

Order: a BOM says it all; otherwise strict UTF-8 (the web's default, and a cp1252 file
almost never happens to be valid UTF-8); otherwise cp1252, which is what French Windows
tools write ("été" as E9 74 E9) and, unlike latin-1, gives real letters for bytes
0x80–0x9F (œ, €, ’); latin-1 last, since it decodes any byte.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# Share of control characters above which a file is binary, not text. Real articles have
# none besides tabs, line and page breaks; random bytes decode to ~12 % controls.
MAX_CONTROL_SHARE = 0.02
_SAMPLE_CHARS = 100_000
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
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


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return (code < 0x20 and ch not in _ALLOWED_CONTROLS) or 0x7F <= code <= 0x9F


def control_share(text: str) -> float:
    """Share of control characters in the first 100k characters of `text`."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if _is_control(ch)) / len(sample)


def _decode_unmarked(data: bytes) -> Decoded:
    if b"\x00" in data:
        # No text encoding we accept without a BOM uses NUL bytes.
        raise NotText("binary content (NUL bytes), not a text file")
    for encoding in ("utf-8", "cp1252"):
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
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
