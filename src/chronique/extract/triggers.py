"""Find event triggers in a parsed sentence from the language pack's trigger table.

Matching is a dictionary hit on each token's lemma (linear in the sentence length), then a
check of the few dependents a multiword rule needs ("prendre" + "position").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chronique.langpack import Grammar, TriggerRule

Token = Any


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger token, the rule it matched, and the tokens the trigger covers."""

    token: Token
    rule: TriggerRule
    tokens: tuple[Token, ...]

    @property
    def nominal(self) -> bool:
        return bool(self.token.pos_ == "NOUN")


def _near(token: Token) -> list[Token]:
    """Dependents and grand-dependents: "mettre (en) place", "participer (à la) préparation";
    a noun's complements one level further ("l'échange de près de 900 prisonniers")."""
    out = []
    for child in token.children:
        out.append(child)
        for grand in child.children:
            out.append(grand)
            if token.pos_ == "NOUN" and grand.dep_ == "nmod":
                out.extend(grand.children)
    return out


def _lemma(token: Token) -> str:
    return str(token.lemma_).lower()


def _allowed(token: Token, rule: TriggerRule) -> tuple[Token, ...] | None:
    # spaCy sometimes tags a full verb as AUX ("a" in "la Russie a pour sa part indiqué").
    verb_as_aux = rule.pos == "VERB" and token.pos_ == "AUX" and token.dep_ != "aux:tense"
    if rule.pos != "*" and token.pos_ != rule.pos and not verb_as_aux:
        return None
    near = _near(token)
    for cond in rule.without:
        if cond.startswith("@"):
            if any(c.dep_ == cond[1:] for c in token.children):
                return None
        elif any(_lemma(t) == cond for t in near):
            return None
    covered = [token]
    for needed in rule.with_:
        match = next((t for t in near if _lemma(t) == needed or t.text.lower() == needed), None)
        if match is None:
            return None
        covered.append(match)
    return tuple(sorted(covered, key=lambda t: t.i))


def find_triggers(sentence: Any, rules: dict[str, tuple[TriggerRule, ...]]) -> list[TriggerHit]:
    """Every trigger of `sentence` (a spaCy Span, or its list of tokens), at most one rule per
    head token."""
    hits: list[TriggerHit] = []
    covered: set[int] = set()
    for token in sentence:
        if token.i in covered or token.pos_ not in {"NOUN", "VERB", "AUX", "PROPN"}:
            continue
        if token.dep_ == "compound":
            continue  # "attack helicopters", "riot police": a noun used as a modifier
        candidates = rules.get(_lemma(token)) or rules.get(token.text.lower())
        if not candidates:
            continue
        for rule in candidates:
            toks = _allowed(token, rule)
            if toks is not None:
                hits.append(TriggerHit(token=token, rule=rule, tokens=toks))
                covered.update(t.i for t in toks)
                break
    # A dependent consumed by a multiword rule ("assaut terrestre") is not a trigger itself.
    return [h for h in hits if not any(h.token in o.tokens[1:] for o in hits if o is not h)]


def is_anaphoric(hit: TriggerHit, grammar: Grammar) -> bool:
    """A nominal trigger with a demonstrative ("cet assaut", "ces discussions") refers back."""
    return hit.nominal and any(
        c.dep_ in {"det", "amod"} and c.text.lower() in grammar.demonstratives
        for c in hit.token.children
    )


def is_definite(hit: TriggerHit, grammar: Grammar) -> bool:
    """ "l'attaque" after an attack was reported: a definite noun with no agent of its own
    usually names the event already told (the caller checks for the agent)."""
    return hit.nominal and any(
        c.dep_ == "det" and c.text.lower() in grammar.definite_articles for c in hit.token.children
    )
