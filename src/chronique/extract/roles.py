"""Who did it and to whom: roles of a trigger read from the dependency parse.

The prepositions that mark each role come from the language pack's `grammar.tsv`
(agent_cases, recipient_cases, between_cases…); the dependency labels are Universal
Dependencies'.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from chronique.extract.drafts import ActorMention
from chronique.extract.mentions import conjuncts, mention, subjects
from chronique.extract.triggers import TriggerHit
from chronique.langpack import Grammar

Token = Any

# Types whose object is a topic ("discuter des moyens"), not a party: two parties with no
# recipient make the event reciprocal.
RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# Sector a bare demonym on a trigger stands for ("frappes russes": the Russian military).
DEFAULT_SECTOR = {"ASSAULT": "MIL", "MOBILIZE": "MIL", "COERCE": "MIL", "RETREAT": "MIL"}


@dataclass(frozen=True, slots=True)
class Roles:
    actors: tuple[ActorMention, ...]
    recipients: tuple[ActorMention, ...]
    reciprocal: bool
    passive_without_agent: bool


def case_of(token: Token) -> str:
    """The preposition (or subordinator) introducing `token`, lower case, or ""."""
    cases = [c.text.lower() for c in token.children if c.dep_ in {"case", "mark"}]
    return cases[0] if cases else ""


class RoleReader:
    """Reads actors and recipients of triggers with one language's closed-class words."""

    def __init__(
        self,
        grammar: Grammar,
        reporting: frozenset[str] = frozenset(),
        trigger_heads: frozenset[str] = frozenset(),
    ) -> None:
        self.g = grammar
        self.reporting = reporting
        self.trigger_heads = trigger_heads

    def _is_place_like(self, token: Token) -> bool:
        """A location complement ("en Syrie"), which is where, not whom."""
        return bool(token.ent_type_ in {"LOC", "GPE"} and case_of(token) in self.g.place_cases)

    def _is_time_like(self, token: Token) -> bool:
        return str(token.lemma_).lower() in self.g.time_words

    def _is_direction(self, token: Token) -> bool:
        return str(token.lemma_).lower() in self.g.directions

    def _with_conjuncts(self, token: Token, offset: int, sector: str | None) -> list[ActorMention]:
        return [mention(t, offset, self.g, sector) for t in [token, *conjuncts(token)]]

    def _subject(self, verb: Token) -> Token | None:
        """The subject of `verb`, or of the verbs it is the infinitive complement of."""
        current = verb
        for _ in range(4):
            for child in subjects(current):
                if child.dep_ != "nsubj" or child.lemma_.lower() in self.g.impersonal:
                    continue
                if child.lemma_.lower() == "qui" and current.dep_ == "acl:relcl":
                    return current.head  # "l'ONU, qui a appelé…": the relative's antecedent
                return child
            if current.dep_ in {"xcomp", "conj"} and current.head.i != current.i:
                current = current.head
                continue
            break
        return None

    def _owner_or_self(self, token: Token, offset: int) -> list[ActorMention]:
        """ "positions tenues par des rebelles": the recipient is whoever holds the target."""
        for child in token.children:
            if child.dep_ == "acl":
                holder = next((c for c in child.children if c.dep_ == "obl:agent"), None)
                if holder is not None:
                    return [mention(holder, offset, self.g)]
        return self._with_conjuncts(token, offset, None)

    def verbal(self, hit: TriggerHit, offset: int) -> Roles:
        verb = hit.token
        sector = DEFAULT_SECTOR.get(hit.rule.type)
        # "s'étaient retirées": the parser calls a reflexive's subject passive; it acts.
        reflexive = any(
            c.text.lower() in self.g.reflexives
            for c in verb.children
            if c.dep_.startswith("expl") or c.dep_ == "obj"
        )
        passive = not reflexive and any(c.dep_ in {"aux:pass", "nsubj:pass"} for c in verb.children)
        actors: list[ActorMention] = []
        recipients: list[ActorMention] = []
        reciprocal = False
        consumed = {t.i for t in hit.tokens}
        agent = next((c for c in verb.children if c.dep_ == "obl:agent"), None)
        if passive:
            if agent is not None:
                actors += self._with_conjuncts(agent, offset, sector)
            target = next((c for c in verb.children if c.dep_ == "nsubj:pass"), None)
            if target is not None and target.lemma_.lower() not in self.g.pronouns:
                recipients += self._owner_or_self(target, offset)
        else:
            subject = self._subject(verb)
            if subject is None and reflexive:
                subject = next((c for c in verb.children if c.dep_ == "nsubj:pass"), None)
            if subject is not None:
                actors += self._with_conjuncts(subject, offset, sector)
            for child in verb.children:
                if child.i in consumed:
                    # "répondre aux demandes du Pentagone": the party is the consumed noun's
                    # complement.
                    recipients += [
                        mention(sub, offset, self.g)
                        for sub in child.children
                        if sub.dep_ == "nmod"
                        and sub.pos_ in {"PROPN", "NOUN"}
                        and sub.ent_type_ not in {"LOC", "GPE"}
                    ]
                    continue
                if any(c.i in consumed for c in child.children):
                    continue  # "appelé à la protection": the rule's own "à" brings the demand
                if child.dep_ in {"obj", "iobj"} or (
                    child.dep_ in {"obl:arg", "obl"} and case_of(child) in self.g.recipient_cases
                ):
                    if self._is_place_like(child) or self._is_time_like(child):
                        continue
                    recipients += self._owner_or_self(child, offset)
        # "discutés entre des experts russes et ceux du Pentagone": both parties act together.
        for child in verb.children:
            if child.dep_.startswith("obl") and case_of(child) in self.g.between_cases:
                actors += self._with_conjuncts(child, offset, sector)
                reciprocal = True
        if hit.rule.type in RECIPROCAL_TYPES and not recipients and _parties(actors) > 1:
            reciprocal = True
        return Roles(
            tuple(actors), tuple(recipients), reciprocal, passive and agent is None and not actors
        )

    def nominal(self, hit: TriggerHit, offset: int) -> Roles:
        noun = hit.token
        sector = DEFAULT_SECTOR.get(hit.rule.type)
        consumed = {t.i for t in hit.tokens}
        actors: list[ActorMention] = []
        recipients: list[ActorMention] = []
        reciprocal = False
        demonyms = [
            c
            for c in noun.children
            if c.dep_ == "amod" and c.i not in consumed and c.pos_ in {"ADJ", "NOUN"}
        ]
        for child in [*noun.children, *(c for t in hit.tokens[1:] for c in t.children)]:
            if child.i in consumed or child.pos_ not in {"NOUN", "PROPN", "PRON"}:
                continue
            case = case_of(child)
            if child.dep_ != "nmod" or self._is_place_like(child):
                continue
            if case in self.g.between_cases:
                # "des combats entre l'armée et les FSR": two-sided fighting.
                actors += self._with_conjuncts(child, offset, sector)
                reciprocal = True
            elif case in self.g.agent_cases and not self._is_time_like(child):
                if not self._is_direction(child):
                    actors += self._with_conjuncts(child, offset, sector)
            elif case in self.g.target_cases:
                recipients += self._with_conjuncts(child, offset, None)
        if demonyms:
            words = tuple(d.text.lower() for d in demonyms)
            if actors:
                first = actors[0]
                extra = tuple(w for w in words if w not in first.demonyms)
                actors[0] = replace(first, demonyms=first.demonyms + extra)
            else:
                adj = demonyms[0]
                actors.append(
                    ActorMention(
                        text=adj.text,
                        start=offset + adj.idx,
                        end=offset + adj.idx + len(adj.text),
                        demonyms=words,
                        default_sector=sector or "GOV",
                    )
                )
        support = self._support_verb_actors(noun, offset, sector)
        guesses = [a for a in actors if not a.lemmas and not a.names]
        if support and guesses and len(guesses) == len(actors):
            # Adjectives on the trigger are only guesses at a nationality ("heavy clashes",
            # "frappes russes"): the support verb's subject leads, the guesses stay behind
            # it for the resolver to keep or drop.
            actors = support + guesses
        elif support and not any(a.names or a.demonyms for a in actors):
            # "Tsahal a annoncé le rappel de deux brigades": the brigades are mobilised, the
            # one who announces its own act is the actor; a named agent complement stays.
            actors = support
        if hit.rule.type in RECIPROCAL_TYPES and not recipients and _parties(actors) > 1:
            reciprocal = True
        return Roles(tuple(actors), tuple(recipients), reciprocal, False)

    def _support_verb_actors(
        self, noun: Token, offset: int, sector: str | None
    ) -> list[ActorMention]:
        """ "L'armée a mené des frappes", "ont procédé à un échange", "ont achevé l'échange":
        the subject of a plain verb whose object is the event acts in it. Not so for
        reporting verbs or verbs that are events themselves ("ont condamné les frappes")."""
        verb = noun.head
        # Through quantity nouns and time words the parser puts in between: "a mené mardi
        # des frappes" (frappes under mardi), "a tiré une centaine de roquettes".
        for _ in range(3):
            lemma = str(verb.lemma_).lower()
            if verb.head.i == verb.i:
                break
            if lemma in self.g.quantity_nouns or lemma in self.g.time_words:
                noun, verb = verb, verb.head
            else:
                break
        lemma = str(verb.lemma_).lower()
        if (
            verb.pos_ != "VERB"
            or (lemma in self.reporting and lemma not in self.g.announce_verbs)
            or lemma in self.trigger_heads
            or noun.dep_ not in {"obj", "obl", "obl:arg", "obl:mod", "nsubj:pass", "nmod"}
        ):
            return []
        if noun.dep_ == "nsubj:pass":
            agent = next((c for c in verb.children if c.dep_ == "obl:agent"), None)
            return self._with_conjuncts(agent, offset, sector) if agent is not None else []
        subject = self._subject(verb)
        return self._with_conjuncts(subject, offset, sector) if subject is not None else []

    def __call__(self, hit: TriggerHit, offset: int) -> Roles:
        """Actors and recipients of a trigger, by its part of speech."""
        return self.nominal(hit, offset) if hit.nominal else self.verbal(hit, offset)


def _parties(actors: list[ActorMention]) -> int:
    """Conjoined demonyms make one phrase stand for several parties."""
    return len(actors) + sum(max(0, len(a.demonyms) - 1) for a in actors)
