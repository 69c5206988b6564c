"""Who did it and to whom: roles of a trigger read from the dependency parse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chronique.extract.drafts import ActorMention
from chronique.extract.mentions import PRONOUN_LEMMAS, conjuncts, mention, real_head, subjects
from chronique.extract.triggers import TriggerHit

Token = Any

# Types whose object is a topic ("discuter des moyens"), not a party: only actor-like objects
# count as recipients, and two parties with no recipient make the event reciprocal.
RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# Sector a bare demonym on a trigger stands for ("frappes russes": the Russian military).
DEFAULT_SECTOR = {"ASSAULT": "MIL", "MOBILIZE": "MIL", "COERCE": "MIL", "RETREAT": "MIL"}
_RECIPIENT_CASES = frozenset({"à", "au", "aux", "contre", "sur", "envers", "vers"})
_AGENT_CASES = frozenset({"de", "du", "des", "d'", "par"})
_PLACE_CASES = frozenset({"en", "dans", "à", "au", "aux"})


@dataclass(frozen=True, slots=True)
class Roles:
    actors: tuple[ActorMention, ...]
    recipients: tuple[ActorMention, ...]
    reciprocal: bool
    passive_without_agent: bool


def _case(token: Token) -> str:
    cases = [c.text.lower() for c in token.children if c.dep_ in {"case", "mark"}]
    return cases[0] if cases else ""


def _is_place_like(token: Token) -> bool:
    """A location complement ("en Syrie"), which is where, not whom."""
    return bool(token.ent_type_ in {"LOC", "GPE"} and _case(token) in _PLACE_CASES)


def _is_time_like(token: Token) -> bool:
    return str(token.lemma_).lower() in {
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "semaine",
        "mois",
        "an",
        "année",
        "jour",
        "hier",
        "matin",
        "soir",
        "nuit",
        "aujourd'hui",
    }


def _with_conjuncts(token: Token, offset: int, sector: str | None) -> list[ActorMention]:
    return [mention(t, offset, sector) for t in [token, *conjuncts(token)]]


def _subject(verb: Token) -> Token | None:
    """The subject of `verb`, or of the verbs it is the infinitive complement of."""
    current = verb
    for _ in range(4):
        for child in subjects(current):
            if child.dep_ == "nsubj" and child.lemma_.lower() != "on":
                return child
        if current.dep_ in {"xcomp", "conj"} and current.head.i != current.i:
            current = current.head
            continue
        break
    return None


def verbal_roles(hit: TriggerHit, offset: int) -> Roles:
    verb = hit.token
    sector = DEFAULT_SECTOR.get(hit.rule.type)
    passive = any(c.dep_ in {"aux:pass", "nsubj:pass"} for c in verb.children)
    actors: list[ActorMention] = []
    recipients: list[ActorMention] = []
    reciprocal = False
    consumed = set(t.i for t in hit.tokens)
    agent = next((c for c in verb.children if c.dep_ == "obl:agent"), None)
    if passive:
        if agent is not None:
            actors += _with_conjuncts(agent, offset, sector)
        target = next((c for c in verb.children if c.dep_ == "nsubj:pass"), None)
        if target is not None and target.lemma_.lower() != "qui":
            recipients += _owner_or_self(target, offset, hit.rule.type)
    else:
        subject = _subject(verb)
        if subject is not None:
            actors += _with_conjuncts(subject, offset, sector)
        for child in verb.children:
            if child.i in consumed:
                # "répondre aux demandes du Pentagone": the party is the consumed noun's complement
                for sub in child.children:
                    if (
                        sub.dep_ == "nmod"
                        and sub.pos_ in {"PROPN", "NOUN"}
                        and not _is_place_like(sub)
                    ):
                        recipients.append(mention(sub, offset))
                continue
            if child.dep_ in {"obj", "iobj"} or (
                child.dep_ == "obl:arg" and _case(child) in _RECIPIENT_CASES
            ):
                if _is_place_like(child) or _is_time_like(child):
                    continue
                recipients += _owner_or_self(child, offset, hit.rule.type)
    # "discutés entre des experts russes et ceux du Pentagone": both parties act together.
    for child in verb.children:
        if child.dep_.startswith("obl") and _case(child) == "entre":
            actors += _with_conjuncts(child, offset, sector)
            reciprocal = True
    if hit.rule.type in RECIPROCAL_TYPES and not recipients and len(actors) + _extra(actors) > 1:
        reciprocal = True
    return Roles(
        tuple(actors), tuple(recipients), reciprocal, passive and agent is None and not actors
    )


def _extra(actors: list[ActorMention]) -> int:
    """Conjoined demonyms make one phrase stand for several parties."""
    return sum(max(0, len(a.demonyms) - 1) for a in actors)


def _owner_or_self(token: Token, offset: int, event_type: str) -> list[ActorMention]:
    """ "positions tenues par des rebelles": the recipient is whoever holds the target."""
    for child in token.children:
        if child.dep_ == "acl":
            holder = next((c for c in child.children if c.dep_ == "obl:agent"), None)
            if holder is not None:
                return [mention(holder, offset)]
    return _with_conjuncts(token, offset, None)


def nominal_roles(hit: TriggerHit, offset: int) -> Roles:
    noun = hit.token
    sector = DEFAULT_SECTOR.get(hit.rule.type)
    consumed = set(t.i for t in hit.tokens)
    actors: list[ActorMention] = []
    recipients: list[ActorMention] = []
    demonyms = [
        c.text.lower()
        for c in noun.children
        if c.dep_ == "amod" and c.i not in consumed and c.pos_ in {"ADJ", "NOUN"}
    ]
    for child in [*noun.children, *(c for t in hit.tokens[1:] for c in t.children)]:
        if child.i in consumed or child.pos_ not in {"NOUN", "PROPN", "PRON"}:
            continue
        case = _case(child)
        if child.dep_ == "nmod" and case in _AGENT_CASES and not _is_time_like(child):
            if _is_place_like(child) or _is_direction(child):
                continue
            actors += _with_conjuncts(child, offset, sector)
        elif child.dep_ == "nmod" and case in {"contre", "sur"} and not _is_place_like(child):
            recipients += _with_conjuncts(child, offset, None)
    if demonyms:
        if actors:
            first = actors[0]
            actors[0] = ActorMention(
                text=first.text,
                start=first.start,
                end=first.end,
                lemmas=first.lemmas,
                demonyms=first.demonyms + tuple(d for d in demonyms if d not in first.demonyms),
                names=first.names,
                pronoun=first.pronoun,
                default_sector=first.default_sector,
            )
        else:
            adj = next(c for c in noun.children if c.text.lower() == demonyms[0])
            actors.append(
                ActorMention(
                    text=adj.text,
                    start=offset + adj.idx,
                    end=offset + adj.idx + len(adj.text),
                    demonyms=tuple(demonyms),
                    default_sector=sector or "GOV",
                )
            )
    reciprocal = hit.rule.type in RECIPROCAL_TYPES and not recipients and len(actors) > 1
    return Roles(tuple(actors), tuple(recipients), reciprocal, False)


def _is_direction(token: Token) -> bool:
    return str(token.lemma_).lower() in {
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
    }


def roles(hit: TriggerHit, offset: int) -> Roles:
    """Actors and recipients of a trigger, by its part of speech."""
    if hit.nominal:
        return nominal_roles(hit, offset)
    return verbal_roles(hit, offset)


def is_pronoun(token: Token) -> bool:
    return bool(token.pos_ == "PRON" and token.lemma_.lower() in PRONOUN_LEMMAS)


__all__ = ["Roles", "is_pronoun", "real_head", "roles"]
