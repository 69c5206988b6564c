"""Text folding for names: one function so that the index and every query agree.

`fold` keeps what phrase patterns need (hyphens, apostrophes, word boundaries) and drops what
news spells inconsistently (case, accents, typographic apostrophes and dashes). `name_key`
goes further, for dictionary keys of names: "Côte d’Ivoire", "Cote-d'Ivoire" and
"COTE D IVOIRE" share one key. `skeleton` is the transliteration-tolerant form used only
when no key matches (Idleb / Idlib / Edlib → "dlb").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from importlib.resources import files

_APOSTROPHES = "’‘ʼʻ`´′ʹ"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


class _FoldTable(dict[int, str]):
    """`str.translate` table that strips accents, filling itself one character at a time.

    Translating through a dict runs in C; only the first sight of a character pays for
    NFKD, so folding 180,000 GeoNames names costs a fraction of a per-string NFKD.
    `then` is applied to each folded character (the key table composes fold + key rules).
    """

    def __init__(self, fixed: dict[int, str], then: dict[int, str | None] | None = None):
        super().__init__(fixed)
        self._then = then

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        if self._then is not None:
            folded = folded.translate(self._then)
        self[code] = folded
        return folded


# Letters NFKD does not decompose but that news and GeoNames romanisations use.
_FIXED = {
    ord(k): v
    for k, v in {
        "œ": "oe",
        "æ": "ae",
        "ß": "ss",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "ı": "i",
        "þ": "th",
        # Ayn and hamza marks of Arabic romanisation carry no letter: Ma‘arrat = Maarrat.
        "ʿ": "",
        "ʾ": "",
        **{a: "'" for a in _APOSTROPHES},
        **{d: "-" for d in _DASHES},
    }.items()
}
_FOLD = _FoldTable(_FIXED)
# Separators become spaces, dots and apostrophes vanish ("U.S." = "US", "d'Ivoire").
_KEY_TABLE: dict[int, str | None] = str.maketrans(
    {**{c: " " for c in '-_/,;:()[]"«»'}, **{c: None for c in ".'!?"}}
)
# fold + key rules in one table, so that a key costs one translate (index build speed).
_KEY_FOLD = _FoldTable(
    {code: value.translate(_KEY_TABLE) for code, value in _FIXED.items()}, then=_KEY_TABLE
)
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = str.maketrans("", "", "aeiouy")
_VOWEL_SET = frozenset("aeiouy")
# Arabic article forms (sun-letter assimilation included) that transliterations keep or
# drop at will: "Deir ez-Zor" / "Deir Zor", "Jisr ash-Shughur" / "Jisr Shughur".
_ARABIC_ARTICLES = frozenset(
    {
        "al",
        "el",
        "an",
        "ar",
        "as",
        "ash",
        "ad",
        "az",
        "at",
        "ed",
        "en",
        "er",
        "es",
        "esh",
        "et",
        "ez",
        "ech",
    }
)
MIN_SKELETON = 3  # consonants; fewer collide too often to mean anything


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes and hyphens, single spaces."""
    return " ".join(text.casefold().translate(_FOLD).split())


def name_key(text: str) -> str:
    """Dictionary key of a name: folded, punctuation dropped, separators as single spaces."""
    return " ".join(text.casefold().translate(_KEY_FOLD).split())


def skeleton(key: str, substitutions: Sequence[tuple[str, str]]) -> str:
    """Transliteration-tolerant form of a `name_key`: articles, spaces, vowels, doubles gone.

    A name that starts with a vowel keeps a "_" mark in front, so Idlib and Edlib meet
    ("_dlb") but Nardo does not meet "nord"'s consonants by accident of a lost vowel.
    """
    tokens = key.split()
    if len(tokens) > 1:
        # Keep the last token even if it looks like an article ("Ras al Ain" ends in "ain").
        tokens = [t for t in tokens[:-1] if t not in _ARABIC_ARTICLES] + tokens[-1:]
    text = "".join(tokens)
    for old, new in substitutions:
        if old in text:
            text = text.replace(old, new)
    text = _DOUBLED.sub(r"\1", text)
    consonants = text.translate(_VOWELS)
    return "_" + consonants if text[:1] in _VOWEL_SET else consonants


def read_tsv(*parts: str) -> Iterator[list[str]]:
    """Rows of a package data file under `chronique/`, without comments and blank lines."""
    resource = files("chronique")
    for part in parts:
        resource = resource / part
    with resource.open("r", encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield line.split("\t")
