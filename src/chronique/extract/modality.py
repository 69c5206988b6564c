"""How sure the report is: modality from mood, tense, modal verbs, negation and denial.

The cues are the pack's `modality.tsv`; they are looked for on the trigger, its auxiliaries
and negation particles, and on the verbs that govern it up to (not including) the reporting
verb — "la Russie a indiqué qu'elle pourrait mettre en place": `pourrait` counts, `indiqué`
does not (it says who claims, not how sure the claim is).
"""

from __future__ import annotations

from typing import Any

from chronique.records import Modality

Token = Any

# Strongest first: a denied negation is still a denial.
PRECEDENCE: tuple[Modality, ...] = ("denied", "negated", "possible", "planned", "alleged")
_GOVERNING_DEPS = frozenset(
    {
        "xcomp",
        "obj",
        "obl",
        "obl:arg",
        "obl:mod",
        "nmod",
        "nsubj",
        "nsubj:pass",
        "ccomp",
        "acl",
        "acl:relcl",
        "advcl",
    }
)


def governors(trigger: Token, stop: Token | None) -> list[Token]:
    """The trigger and the words that govern it, up to the reporting verb `stop`."""
    chain = [trigger]
    current = trigger
    for _ in range(5):
        head = current.head
        if head.i == current.i or current.dep_ not in _GOVERNING_DEPS:
            break
        if stop is not None and head.i == stop.i:
            break
        # A nominal trigger that is the subject of a verb takes that verb's mood ("des
        # bombardements … sont accompagnés"); a verb's own subject clause does not.
        chain.append(head)
        if head.pos_ == "VERB" and current.dep_ not in {"xcomp", "nmod", "obl", "obl:mod"}:
            break
        current = head
    return chain


def _cues(token: Token) -> list[str]:
    cues = [str(token.lemma_).lower()]
    _features(token, cues)
    for child in token.children:
        if child.dep_ in {"aux", "aux:tense", "aux:pass", "advmod", "det", "amod", "cop"}:
            cues.append(str(child.lemma_).lower())
            _features(child, cues)
    return cues


def _features(token: Token, cues: list[str]) -> None:
    """Mood, tense and polarity of `token` as cues ("Mood=Cnd"), added to `cues`. The
    analysis is read once as a dict: three `morph.get` calls cost more."""
    features = token.morph.to_dict()
    for feature in ("Mood", "Tense", "Polarity"):
        values = features.get(feature)
        if values:
            cues += [f"{feature}={v}" for v in values.split(",")]


def modality(
    trigger: Token,
    reporting: Token | None,
    table: dict[str, str],
    reporting_modality: str | None = None,
) -> Modality:
    """The report's modality from the cues around `trigger`."""
    found: set[str] = set()
    for i, token in enumerate(governors(trigger, reporting)):
        for cue in _cues(token):
            value = table.get(cue)
            if value is None:
                continue
            # Past participles carry Tense=Past only; a governing noun's own determiners and
            # adjectives ("ces", "prochain") only count on the trigger itself.
            if i > 0 and cue in {"prochain", "futur"}:
                continue
            found.add(value)
    if reporting_modality and reporting_modality != "asserted":
        found.add(reporting_modality)
    for value in PRECEDENCE:
        if value in found:
            return value
    return "asserted"
