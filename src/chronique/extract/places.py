"""Place phrases around a trigger: "dans l'ouest de la Syrie", "en Syrie", "à Alep".

The extractor only finds the words; the gazetteer resolves them. A capital that is the
subject of a verb ("Damas a démenti") is an actor, not a place, and is skipped here.
"""

from __future__ import annotations

from typing import Any

from chronique.extract.drafts import PlaceMention

Token = Any

DIRECTIONS = frozenset(
    {
        "ouest",
        "est",
        "nord",
        "sud",
        "centre",
        "nord-est",
        "nord-ouest",
        "sud-est",
        "sud-ouest",
        "banlieue",
        "périphérie",
        "province",
        "région",
        "gouvernorat",
        "environs",
        "frontière",
    }
)
# "de" is left out: "la demande de la Russie" names a party; "l'ouest de la Syrie" is caught
# through its direction noun.
_PLACE_CASES = frozenset({"en", "dans", "à", "au", "aux", "près", "vers", "sur"})


def _case(token: Token) -> str:
    cases = [c.text.lower() for c in token.children if c.dep_ == "case"]
    return cases[0] if cases else ""


def _span(tokens: list[Token], offset: int) -> PlaceMention:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].dep_ == "case" or tokens[0].is_punct):
        tokens.pop(0)
    first, last = tokens[0], tokens[-1]
    text = first.doc.text[first.idx : last.idx + len(last.text)]
    return PlaceMention(text=text, start=offset + first.idx, end=offset + last.idx + len(last.text))


def place_phrases(sentence: Any, offset: int) -> list[PlaceMention]:
    """Candidate place phrases of a sentence, in text order."""
    out: list[PlaceMention] = []
    used: set[int] = set()
    for token in sentence:
        if token.i in used:
            continue
        lemma = str(token.lemma_).lower()
        if lemma in DIRECTIONS and token.pos_ == "NOUN":
            # "l'ouest de la Syrie" / "l'ouest syrien": the direction noun heads the phrase.
            parts = [token] + [
                t
                for c in token.children
                if c.dep_ in {"nmod", "amod", "det"}
                for t in c.subtree
                if not t.is_punct
            ]
            if any(t.pos_ == "PROPN" or t.dep_ == "amod" for t in parts[1:]):
                out.append(_span(parts, offset))
                used.update(t.i for t in parts)
            continue
        if token.pos_ != "PROPN" or token.ent_type_ not in {"LOC", "GPE"}:
            continue
        if token.dep_ in {"nsubj", "nsubj:pass"}:
            continue  # metonymy: the capital or country acts
        if _case(token) not in _PLACE_CASES:
            continue
        parts = [token] + [t for t in token.subtree if t.dep_ in {"flat:name", "det"}]
        out.append(_span(parts, offset))
        used.update(t.i for t in parts)
    return out


def event_places(trigger: Token, sentence: Any, offset: int) -> tuple[PlaceMention, ...]:
    """Places of the sentence, those in the trigger's own phrase first."""
    phrases = place_phrases(sentence, offset)
    own = {offset + t.idx for t in trigger.subtree}
    first = [p for p in phrases if p.start in own or any(p.start <= s < p.end for s in own)]
    rest = [p for p in phrases if p not in first]
    return tuple(first + rest)
