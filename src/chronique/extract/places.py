"""Place phrases around a trigger: "dans l'ouest de la Syrie", "en Syrie", "à Alep".

The extractor only finds the words; the gazetteer resolves them. A capital that is the
subject of a verb ("Damas a démenti") is an actor, not a place, and is skipped here.
"""

from __future__ import annotations

from typing import Any

from chronique.extract.drafts import PlaceMention
from chronique.langpack import Grammar

Token = Any


def _case(token: Token) -> str:
    cases = [c.text.lower() for c in token.children if c.dep_ == "case"]
    return cases[0] if cases else ""


def _span(tokens: list[Token], offset: int) -> PlaceMention:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].dep_ == "case" or tokens[0].is_punct):
        tokens.pop(0)
    first, last = tokens[0], tokens[-1]
    text = first.doc[first.i : last.i + 1].text
    return PlaceMention(text=text, start=offset + first.idx, end=offset + last.idx + len(last.text))


def _name_parts(token: Token) -> list[Token]:
    return [token] + [t for t in token.subtree if t.dep_ in {"flat:name", "det"}]


def _placed_by_de(token: Token, grammar: Grammar) -> bool:
    """ "le village de Kukawa", "près de Qamichli", "le contrôle de Wad Madani": a name
    after "de" is a place when its head is a place noun or "près"/"autour" precede it."""
    head = token.head
    if str(head.lemma_).lower() in grammar.place_nouns:
        return True
    before = token.doc[max(token.i - 3, 0) : token.i]
    return any(t.text.lower() in grammar.place_cases and t.dep_ != "case" for t in before)


def place_phrases(sentence: Any, offset: int, grammar: Grammar) -> list[PlaceMention]:
    """Candidate place phrases of a sentence, in text order; a phrase the gazetteer may not
    resolve whole ("les provinces afghanes de Khost et de Paktika") is followed by the
    names inside it, so the resolver can fall back on them."""
    out: list[PlaceMention] = []
    used: set[int] = set()
    for token in sentence:
        if token.i in used:
            continue
        lemma = str(token.lemma_).lower()
        if lemma in grammar.directions and token.pos_ == "NOUN":
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
                out += [
                    _span(_name_parts(t), offset)
                    for t in parts[1:]
                    if t.pos_ == "PROPN" and t.dep_ != "flat:name"
                ]
            continue
        if token.pos_ != "PROPN" or token.ent_type_ in _NOT_PLACES:
            continue
        if token.ent_type_ in {"PER", "PERSON", "ORG"} and str(token.head.lemma_).lower() not in (
            grammar.place_nouns
        ):
            continue  # the tagger calls some towns persons ("Wad Madani"): trust a place noun
        if token.dep_ in {"nsubj", "nsubj:pass"} or token.dep_ == "flat:name":
            continue  # metonymy: the capital or country acts
        case = _case(token)
        if case not in grammar.place_cases and not (
            case in grammar.source_cases | grammar.agent_cases and _placed_by_de(token, grammar)
        ):
            continue
        parts = _name_parts(token)
        out.append(_span(parts, offset))
        used.update(t.i for t in parts)
    return out


_NOT_PLACES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "advcl", "acl:relcl", "csubj", "parataxis"})


def _owner_path(place_start: int, trigger: Token, offset: int) -> str:
    """ "own" if the place hangs under the trigger without crossing another clause's verb,
    "sub" if it is under the trigger but inside a subordinate clause, else "other"."""
    token = next((t for t in trigger.doc if offset + t.idx == place_start), None)
    if token is None:
        return "other"
    crossed = False
    for _ in range(12):
        if token.i == trigger.i:
            return "sub" if crossed else "own"
        head = token.head
        if head.i == token.i:
            return "other"
        # A participle modifier ("un camp situé à…") is part of the phrase; a clause the
        # trigger governs ("visant à coordonner ses frappes en Syrie") has places of its own.
        if head.i != trigger.i and head.pos_ == "VERB" and head.dep_ in _CLAUSE_DEPS:
            crossed = True
        token = head
    return "other"


def event_places(
    trigger: Token, sentence: Any, offset: int, grammar: Grammar
) -> tuple[PlaceMention, ...]:
    """Places of the event: those hanging under the trigger first, then the sentence's —
    except those of a clause the trigger governs ("propositions visant à coordonner ses
    frappes en Syrie" places the strikes, not the proposals)."""
    own: list[PlaceMention] = []
    rest: list[PlaceMention] = []
    for phrase in place_phrases(sentence, offset, grammar):
        where = _owner_path(phrase.start, trigger, offset)
        if where == "own":
            own.append(phrase)
        elif where == "other":
            rest.append(phrase)
    return tuple(own + rest)
