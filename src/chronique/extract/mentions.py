"""Noun phrases out of the dependency parse: actor mentions and their cues.

The French model attaches things where wire copy puts them, not where a grammar book would
(PARSER-NOTES.md): quantity nouns head the phrase ("plusieurs centaines de soldats"), a
conjoined demonym comes out as a NOUN ("américains et russes"), and "X et ceux de Y" hangs
the second party under the first one's complement. These helpers absorb those habits.
"""

from __future__ import annotations

from typing import Any

from chronique.extract.drafts import ActorMention
from chronique.langpack import Grammar

Token = Any  # spacy.tokens.Token

# Dependents that end a noun phrase for our purposes: clauses and the next coordinated party.
_CUT_DEPS = frozenset({"acl:relcl", "conj", "cc", "punct", "parataxis", "advcl", "dep"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


def subjects(verb: Token) -> list[Token]:
    """Subjects of `verb`, also where the parser hung them on its auxiliary ("La Russie a
    pour sa part indiqué": "Russie" comes out as the subject of "a")."""
    out = [c for c in verb.children if c.dep_ in {"nsubj", "nsubj:pass"}]
    for aux in verb.children:
        if aux.dep_.startswith("aux"):
            out += [c for c in aux.children if c.dep_ in {"nsubj", "nsubj:pass"}]
    return out


def is_bare_pronoun(token: Token, grammar: Grammar) -> bool:
    """ "il", "elle", "qui" — but not "ceux du Pentagone", which names its referent."""
    return bool(
        token.pos_ == "PRON"
        and token.lemma_.lower() in grammar.pronouns
        and not any(c.dep_ in {"nmod", "acl"} for c in token.children)
    )


def real_head(token: Token, grammar: Grammar) -> Token:
    """Walk through quantity nouns ("centaines de soldats" → "soldats")."""
    seen = 0
    while token.lemma_.lower() in grammar.quantity_nouns and seen < 3:
        nmods = [c for c in token.children if c.dep_ == "nmod" and c.pos_ in _NOMINAL]
        if not nmods:
            break
        token = nmods[0]
        seen += 1
    return token


def is_location(token: Token, grammar: Grammar | None) -> bool:
    """A complement that says where ("vers la frontière libanaise", "à Alep"), not who."""
    if grammar is None or token.dep_ != "nmod":
        return False
    cases = {c.text.lower() for c in token.children if c.dep_ == "case"}
    place_word = token.ent_type_ in {"LOC", "GPE"} or str(token.lemma_).lower() in (
        grammar.directions
    )
    return bool(cases & grammar.place_cases) and place_word


def phrase_tokens(
    token: Token, cut: frozenset[str] = _CUT_DEPS, grammar: Grammar | None = None
) -> list[Token]:
    """The token's subtree minus clauses, coordinated parties and (given the grammar)
    location complements, in text order."""
    out: list[Token] = []

    def walk(t: Token, top: bool) -> None:
        out.append(t)
        for child in t.children:
            if child.dep_ in cut or is_location(child, grammar):
                continue
            if top and child.dep_ == "case":
                continue  # "à Reuters", "de l'aviation": the preposition is not the actor
            walk(child, False)

    walk(token, True)
    out.sort(key=lambda t: t.i)
    # Trim quote marks and punctuation at the edges.
    while out and (out[0].is_punct or out[0].text in {"'", '"', "«"}):
        out.pop(0)
    while out and (out[-1].is_punct or out[-1].text in {"'", '"', "»"}):
        out.pop()
    return out


def conjuncts(token: Token) -> list[Token]:
    """Parties coordinated with `token` ("X et Y"), searched in its phrase too."""
    found: list[Token] = []
    for t in phrase_tokens(token, cut=frozenset({"acl:relcl", "parataxis", "advcl"})):
        for child in t.children:
            if child.dep_ == "conj" and child.pos_ in _NOMINAL and child not in found:
                # A conjoined demonym ("américains et russes") is a second country of the
                # same phrase, not a second phrase: the caller reads it from `demonyms`.
                if t.pos_ == "ADJ" or (child.pos_ == "NOUN" and t.dep_ == "amod"):
                    continue
                found.append(child)
    return found


def mention(
    token: Token, offset: int, grammar: Grammar, default_sector: str | None = None
) -> ActorMention:
    """An actor mention for the noun phrase headed by `token` (document offsets)."""
    head = real_head(token, grammar)
    toks = phrase_tokens(token, grammar=grammar)
    if not toks:
        toks = [token]
    start = offset + toks[0].idx
    end = offset + toks[-1].idx + len(toks[-1].text)
    # A span's text, not the doc's: Doc.text rebuilds the whole paragraph on every call.
    text = token.doc[toks[0].i : toks[-1].i + 1].text
    lemmas: list[str] = []
    demonyms: list[str] = []
    names: list[str] = []
    _collect(head, lemmas, demonyms, names, 0, grammar)
    return ActorMention(
        text=text,
        start=start,
        end=end,
        lemmas=tuple(lemmas),
        demonyms=tuple(demonyms),
        names=tuple(names),
        pronoun=is_bare_pronoun(head, grammar),
        default_sector=default_sector,
    )


def _collect(
    token: Token,
    lemmas: list[str],
    demonyms: list[str],
    names: list[str],
    depth: int,
    grammar: Grammar,
) -> None:
    """Gather lemmas, demonym candidates and names down the nmod chain (two levels)."""
    if token.pos_ == "PROPN":
        names.append(_name_span(token))
        # A capitalised title is still a title ("Prime Minister Romendacil").
        lemmas.append(token.lemma_.lower())
    else:
        lemmas.append(token.lemma_.lower())
    for child in token.children:
        if child.dep_ == "amod" or (child.dep_ == "conj" and token.dep_ == "amod"):
            demonyms.append(child.text.lower())
            for sub in child.children:
                if sub.dep_ == "conj":
                    demonyms.append(sub.text.lower())
        elif child.dep_ == "compound":
            # "a U.S. drone strike", "Hamas fighters": names or nouns in front of the head.
            if child.pos_ == "PROPN":
                names.append(_name_span(child))
            else:
                lemmas.append(child.lemma_.lower())
        elif child.dep_ in {"nmod", "nmod:poss", "appos"} and child.pos_ in _NOMINAL and depth < 2:
            if not is_location(child, grammar):
                _collect(child, lemmas, demonyms, names, depth + 1, grammar)
        elif child.dep_ == "flat:name" and token.pos_ != "PROPN" and child.pos_ == "PROPN":
            names.append(_name_span(child))


def _name_span(token: Token) -> str:
    """A proper name with its flat:name parts ("Igor Konachenkov", "Bachar al Assad")."""
    parts = [token] + [
        t for t in token.subtree if t.dep_ in {"flat:name", "flat"} and t.pos_ in {"PROPN", "NOUN"}
    ]
    parts.sort(key=lambda t: t.i)
    return " ".join(t.text for t in parts)
