"""According to whom: the attribution chain of a report, original source first.

"des sources libanaises avaient affirmé à Reuters que …": the reporting verb's subject is
the source and a dependent introduced by "à" is the relay (the parser labels it `xcomp`,
PARSER-NOTES.md, so the label is not trusted); "selon X" / "d'après X" name the source
directly; "cité par X" adds a relay. The document's own agency is metadata, not a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chronique.extract.mentions import phrase_tokens, real_head, subjects
from chronique.langpack import Grammar, LanguagePack
from chronique.records import Source, SourceKind

Token = Any
_KINDS: frozenset[str] = frozenset(
    {"monitor", "official", "party", "agency", "media", "witness", "anonymous", "ngo", "unknown"}
)


@dataclass(frozen=True, slots=True)
class Attribution:
    sources: tuple[Source, ...]
    reporting_verb: Token | None
    modality: str | None


def _is_reporting(token: Token, pack: LanguagePack) -> bool:
    cue = pack.reporting.get(str(token.lemma_).lower())
    return cue is not None and cue.kind == "verb" and token.pos_ in {"VERB", "AUX"}


def find_reporting_verb(trigger: Token, pack: LanguagePack) -> Token | None:
    """The nearest reporting verb that governs the trigger's clause, or the incise hung on
    the clause ("…, ont indiqué lundi des sources sécuritaires", "…, a-t-il dit")."""
    governing = _governing_reporting_verb(trigger, pack)
    if governing is not None:
        return governing
    clause = trigger
    while clause.dep_ not in {"ROOT"} and clause.head.i != clause.i and clause.pos_ != "VERB":
        clause = clause.head
    for anchor in (clause, clause.head):
        for child in anchor.children:
            if child.dep_ == "parataxis" and child.i > trigger.i and _is_reporting(child, pack):
                return child
    return None


def _governing_reporting_verb(trigger: Token, pack: LanguagePack) -> Token | None:
    current = trigger
    for _ in range(8):
        head = current.head
        if head.i == current.i:
            return None
        cue = pack.reporting.get(str(head.lemma_).lower())
        # The claim is not the claimant: skip a verb whose subject holds the trigger — unless
        # the verb's real subject is inverted after it ("…', a ajouté le général"), where the
        # parser hangs the quoted clause on as its subject.
        if (
            cue is not None
            and cue.kind == "verb"
            and (current.dep_ not in {"nsubj", "obl:agent"} or _inverted(head))
        ):
            return head
        current = head
    return None


def _inverted(verb: Token) -> bool:
    """An incise with its subject after the verb: "…', a ajouté le général"."""
    first = min([verb, *(c for c in verb.children if c.dep_.startswith("aux"))], key=lambda t: t.i)
    after_break = first.i > 0 and first.doc[first.i - 1].text in {",", "'", '"', "»", "-"}
    return after_break and any(
        c.dep_ in {"obj", "nsubj"} and c.i > verb.i and c.pos_ in {"NOUN", "PROPN"}
        for c in verb.children
    )


def _source_token(verb: Token, grammar: Grammar) -> Token | None:
    subj = next(iter(subjects(verb)), None)
    if (
        subj is not None
        and str(subj.lemma_).lower() not in grammar.impersonal
        and not _inverted(verb)
    ):
        return subj
    # "on sait de sources régionales que", "a ajouté le général" (inverted subject parsed obj)
    for child in verb.children:
        if child.dep_ in {"obl:arg", "obl:mod", "obl"} and _case(child) in grammar.source_cases:
            return child
    for child in verb.children:
        if child.dep_ == "obj" and child.i > verb.i and child.pos_ in {"NOUN", "PROPN"}:
            return child
    time_words = grammar.time_words
    if subj is None:
        # An inverted subject the parser hung elsewhere ("ont indiqué lundi des sources").
        for token in verb.subtree:
            lemma = str(token.lemma_).lower()
            if token.i > verb.i and token.pos_ in {"NOUN", "PROPN"} and lemma not in time_words:
                return token
    return subj


def _case(token: Token) -> str:
    cases = [c.text.lower() for c in token.children if c.dep_ == "case"]
    return cases[0] if cases else ""


def describe(token: Token, pack: LanguagePack) -> Source:
    """A source link for the phrase headed by `token`: its text, a name and a kind."""
    toks = phrase_tokens(token)
    text = token.doc[toks[0].i : toks[-1].i + 1].text if toks else token.text
    org = pack.finder.first(text)
    if org is not None:
        kind = org.kind if org.kind in _KINDS else "unknown"
        return Source(text=text, name=org.canonical, kind=_kind(kind))
    head = real_head(token, pack.grammar)
    names = [t for t in toks if t.pos_ == "PROPN" and t.ent_type_ in {"PER", "PERSON", ""}]
    kind = "unknown"
    for noun in pack.actor_nouns.get(str(head.lemma_).lower(), ()):
        kind = noun.kind
        break
    if names and names[0].ent_type_ in {"PER", "PERSON"}:
        name = " ".join(t.text for t in names)
        if kind == "unknown":
            kind = "official"
    else:
        words = [head, *(c for c in head.children if c.dep_ == "amod")]
        name = " ".join(t.text for t in sorted(words, key=lambda t: t.i))
    return Source(text=text, name=name, kind=_kind(kind))


def _kind(value: str) -> SourceKind:
    kinds: dict[str, SourceKind] = {
        "monitor": "monitor",
        "official": "official",
        "party": "party",
        "agency": "agency",
        "media": "media",
        "witness": "witness",
        "anonymous": "anonymous",
        "ngo": "ngo",
    }
    return kinds.get(value, "unknown")


def prep_sources(sentence: Any, pack: LanguagePack) -> list[Token]:
    """Heads of the phrases a source preposition introduces: "selon X", "d'après X"."""
    out: list[Token] = []
    tokens = sentence if isinstance(sentence, list) else list(sentence)
    lowered = [t.text.lower() for t in tokens]
    for words in pack.source_preps:
        n = len(words)
        for i in range(len(tokens) - n + 1):
            if tuple(lowered[i : i + n]) != words:
                continue
            last = tokens[i + n - 1]
            objects = [c for c in last.children if c.dep_ in {"pobj", "obj", "nmod"}]
            if objects:
                out.append(objects[0])
            elif last.dep_ in {"case", "fixed", "mark"}:
                head = last.head
                # "d'après": "après" is fixed to "d'", which is the case of the source.
                if n > 1 and head.i == tokens[i].i:
                    head = head.head
                out.append(head)
    return sorted(out, key=lambda t: t.i)


def _relays(verb: Token, pack: LanguagePack) -> list[Token]:
    out = []
    for child in verb.children:
        # "affirmé à Reuters": only agencies and media are relays; "a dit à un ministre" is not.
        if _case(child) in pack.grammar.relay_cases and child.pos_ in {"PROPN", "NOUN"}:
            source = describe(child, pack)
            if source.kind in {"agency", "media"}:
                out.append(child)
    for token in verb.subtree:
        # "cité par les agences de presse russes": the agent of the quoting relays it.
        cue = pack.reporting.get(str(token.lemma_).lower()) or pack.reporting.get(
            token.text.lower()
        )
        if cue is not None and cue.kind == "relay":
            out += [c for c in token.children if c.dep_ == "obl:agent"]
    return out


def attribution(
    trigger: Token, sentence: Any, pack: LanguagePack, preps: list[Token] | None = None
) -> Attribution:
    """The chain of sources of the report whose trigger is `trigger`. `preps`: the
    sentence's `prep_sources`, when the caller has them already."""
    verb = find_reporting_verb(trigger, pack)
    chain: list[Source] = []
    if preps is None:
        preps = prep_sources(sentence, pack)
    if preps:
        chain.append(describe(preps[0], pack))
    elif verb is not None:
        source = _source_token(verb, pack.grammar)
        if source is not None:
            chain.append(describe(source, pack))
    modality = None
    if verb is not None:
        cue = pack.reporting.get(str(verb.lemma_).lower())
        modality = cue.modality if cue else None
        for relay in _relays(verb, pack):
            link = describe(relay, pack)
            if all(link.name != s.name for s in chain):
                chain.append(link)
    return Attribution(sources=tuple(chain), reporting_verb=verb, modality=modality)
