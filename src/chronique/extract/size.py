"""Size of an event: the dead, injured and arrested figures a sentence gives.

"au moins 20 morts", "une dizaine de blessés", "des dizaines de personnes tuées": the
lowest figure of a range; number words and approximate nouns come from the pack's
`numbers.tsv`, the nouns and participles that name each count from `size.tsv`.
"""

from __future__ import annotations

from typing import Any

from chronique.records import Size

Token = Any


def _number(token: Token, numbers: dict[str, int]) -> int | None:
    text = token.text.lower()
    if "\u202f" in text or " " in text:
        text = text.replace("\u202f", "").replace(" ", "")
    if text.isascii() and text.isdigit():
        return int(text)
    # Every token of every sentence comes here: the cheap tests first.
    value = numbers.get(text)
    if value is not None:
        return value
    if token.pos_ == "DET":
        # The plural "des" is lemmatised "un": an article, not the figure one.
        return None
    return numbers.get(str(token.lemma_).lower())


def size(sentence: Any, numbers: dict[str, int], fields: dict[str, str]) -> Size | None:
    """Figures of the sentence, keyed by the field their noun names."""
    found: dict[str, int] = {}
    for token in sentence:
        value = _number(token, numbers)
        if value is None or (token.head.i != token.i and _number(token.head, numbers)):
            continue  # "une dizaine": the approximate noun carries the figure, not "une"
        # The counted noun: the number's head ("20 morts"), or the "de" complement of an
        # approximate noun ("une dizaine de blessés"), or a participle after "personnes".
        candidates = [token.head, *token.children]
        candidates += [c for t in list(candidates) for c in t.children if c.dep_ in {"nmod", "acl"}]
        counted = token.head
        if counted.dep_ in {"nsubj:pass", "obj", "nsubj"} and counted.head.i != counted.i:
            # "at least 15 civilians were killed", "tuant au moins neuf personnes"
            candidates.append(counted.head)
        for noun in candidates:
            field = fields.get(str(noun.lemma_).lower()) or fields.get(noun.text.lower())
            if field and field not in found:
                found[field] = value
                break
    if not found:
        return None
    return Size(
        dead=found.get("dead"), injured=found.get("injured"), arrested=found.get("arrested")
    )
