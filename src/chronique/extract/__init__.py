"""Event extraction: annotated text in, draft event reports (roles still in words) out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from chronique.extract.attribution import attribution, prep_sources
from chronique.extract.drafts import ActorMention, DraftReport, PlaceMention
from chronique.extract.mentions import mention, subjects
from chronique.extract.modality import modality
from chronique.extract.places import anchored_phrases, event_places, toponyms
from chronique.extract.roles import RoleReader
from chronique.extract.size import size
from chronique.extract.triggers import TriggerHit, find_triggers, is_anaphoric, is_definite
from chronique.langpack import Grammar, LanguagePack
from chronique.nlp import AnnotatedDocument, sentences
from chronique.ontology import load_ontology
from chronique.records import Size, Source, Span

__all__ = ["ActorMention", "DraftReport", "Extraction", "Extractor"]


@dataclass(frozen=True, slots=True)
class Extraction:
    """The extract stage's output: draft reports, and every place name of the document (the
    resolver votes with them for the country the story is about)."""

    reports: tuple[DraftReport, ...]
    place_names: tuple[PlaceMention, ...]


def _place_names(annotated: AnnotatedDocument) -> Iterator[PlaceMention]:
    # Candidate names only (the model's places and capitalised runs): the resolver's
    # geoparser decides with the gazetteer which are places.
    language = annotated.document.language or ""
    for paragraph in annotated.paragraphs:
        yield from toponyms(paragraph.doc, paragraph.start, paragraph.index, language)


_CONTENT_DEPS = frozenset({"xcomp", "ccomp", "obj", "obl", "obl:arg", "nmod", "mark"})
# A paragraph this short with no final punctuation is a headline or an intertitle.
_HEADLINE_MAX_CHARS = 160


def _is_headline(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) <= _HEADLINE_MAX_CHARS and not stripped.endswith((".", "!", "?", "»"))


@dataclass(frozen=True, slots=True)
class _SentenceFacts:
    """What every report of one sentence shares."""

    size: Size | None
    place_phrases: list[tuple[PlaceMention, Any]]
    prep_sources: list[Any]
    # Character spans (in the document) of the known organisation names in the sentence.
    organisations: list[tuple[int, int]]


class Extractor:
    """Finds event reports in a document with one language pack's data."""

    name = "extract"
    reads = ("AnnotatedDocument",)
    writes = ("DraftReport",)

    def __init__(self, pack: LanguagePack) -> None:
        self.pack = pack
        self.framing_types = load_ontology().framing_types
        # All organisation names in one pattern, longest first, compiled once per pack.
        self._org_names = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(o.name) for o in pack.organisations) + r")(?!\w)",
            re.IGNORECASE,
        )
        self.roles = RoleReader(
            pack.grammar,
            reporting=frozenset(k for k, c in pack.reporting.items() if c.kind == "verb"),
            # Verbs that are events by themselves ("condamner"), not those that need a
            # complement to be one ("conclure" + "accord"): "ont conclu une trêve".
            trigger_heads=frozenset(
                head for head, rules in pack.triggers.items() if any(not r.with_ for r in rules)
            ),
        )
        self._last_source: Source | None = None
        # What the reports of one sentence share (figures, place phrases, "selon X" sources,
        # organisation names), by sentence start, for the paragraph being read.
        self._facts: dict[int, _SentenceFacts] = {}
        self._paragraph_text = ""

    def __call__(self, annotated: AnnotatedDocument) -> Extraction:
        return Extraction(tuple(self._reports(annotated)), tuple(_place_names(annotated)))

    def _reports(self, annotated: AnnotatedDocument) -> Iterator[DraftReport]:
        doc_id = annotated.document.id
        seen_headlines: set[str] = set()
        for paragraph in annotated.paragraphs:
            # Doc.text joins every token's text: read it once per paragraph.
            text = self._paragraph_text = paragraph.doc.text
            headline = _is_headline(text)
            if headline:
                # A scrape repeats the headline: its events are reported once.
                key = " ".join(text.lower().split())
                if key in seen_headlines:
                    continue
                seen_headlines.add(key)
            last_subject: ActorMention | None = None
            self._last_source = None
            self._facts = {}
            for sentence in sentences(paragraph.doc):
                sent_span = Span(
                    paragraph.start + sentence.start_char,
                    paragraph.start + sentence.end_char,
                    text[sentence.start_char : sentence.end_char],
                )
                # One list of the sentence's tokens for every pass over it: a Span makes a
                # new Token object per word each time it is walked.
                tokens = list(sentence)
                hits = find_triggers(tokens, self.pack.triggers)
                hits = [h for h in hits if not self._framed(h, hits) and not self._purpose(h, hits)]
                for hit, mates in _pair_verbs_with_nouns(hits, self.pack.grammar):
                    if self._disaster_agent(hit):
                        continue
                    report = self._report(
                        doc_id,
                        paragraph.index,
                        paragraph.start,
                        sentence,
                        tokens,
                        sent_span,
                        hit,
                        headline,
                        last_subject,
                    )
                    for mate in mates:
                        report = _combine(
                            report,
                            self._report(
                                doc_id,
                                paragraph.index,
                                paragraph.start,
                                sentence,
                                tokens,
                                sent_span,
                                mate,
                                headline,
                                last_subject,
                            ),
                        )
                    yield report
                last_subject = (
                    _sentence_subject(sentence, paragraph.start, self.pack.grammar) or last_subject
                )

    def _claimed(self, hit: TriggerHit) -> bool:
        """ "Les shebab ont revendiqué l'attaque": the claim names the attack told before."""
        return bool(
            hit.token.dep_ in {"obj", "nsubj:pass"}
            and str(hit.token.head.lemma_).lower() in self.pack.grammar.announce_verbs
        )

    def _purpose(self, hit: TriggerHit, hits: list[TriggerHit]) -> bool:
        """ "ont tiré pour disperser la foule", "rassemblés pour réclamer": an infinitive of
        purpose hung on another event belongs to it."""
        token = hit.token
        if hit.nominal or "Inf" not in token.morph.get("VerbForm"):
            return False
        marks = {c.text.lower() for c in token.children if c.dep_ == "mark"}
        if not marks & self.pack.grammar.purpose_marks:
            return False
        return any(h.token.i == token.head.i for h in hits if h is not hit)

    def _denounced(self, hit: TriggerHit, sentence: Any) -> bool:
        """ "MSF a dénoncé une attaque « inacceptable »": an event named as the object of an
        accusation is the one told before, not a new one."""
        if not hit.nominal or hit.token.dep_ != "obj":
            return False
        head = str(hit.token.head.lemma_).lower()
        return any(r.type in {"ACCUSE", "REJECT"} for r in self.pack.triggers.get(head, ()))

    def _framed(self, hit: TriggerHit, hits: list[TriggerHit]) -> bool:
        """An event inside a threat or a demand is its content, not an event: "a menacé de
        bombarder", "a appelé à cesser les frappes" (ontology: framing_types)."""
        frames = {h.token.i for h in hits if h.rule.type in self.framing_types and h is not hit}
        token = hit.token
        for _ in range(4):
            # Only complements carry the content; a relative clause ("…, ce que le
            # gouvernement a refusé") or a coordinated clause tells its own event.
            if token.head.i == token.i or token.dep_ not in _CONTENT_DEPS:
                return False
            token = token.head
            if token.i in frames:
                return True
        return False

    def _disaster_agent(self, hit: TriggerHit) -> bool:
        """ "Des inondations ont frappé la ville": nature or accident as the agent."""
        if hit.nominal:
            agents = [c for c in hit.token.children if c.dep_ == "nmod"]
        else:
            agents = [
                hit.token.head if c.lemma_.lower() == "qui" and hit.token.dep_ == "acl:relcl" else c
                for c in subjects(hit.token)
                if c.dep_ == "nsubj"
            ]
            agents += [c for c in hit.token.children if c.dep_ == "obl:agent"]
        return any(str(a.lemma_).lower() in self.pack.non_agents for a in agents)

    def _report(
        self,
        doc_id: str,
        paragraph: int,
        offset: int,
        sentence: Any,
        tokens: list[Any],
        sent_span: Span,
        hit: Any,
        headline: bool,
        last_subject: ActorMention | None,
    ) -> DraftReport:
        found = self.roles(hit, offset)
        facts = self._sentence_facts(sentence, tokens, offset)
        attr = attribution(hit.token, sentence, self.pack, facts.prep_sources)
        chain = attr.sources
        if chain and chain[0].text.lower().lstrip("-") in self.pack.grammar.pronoun_sources:
            # "a-t-il dit": the speaker named just before.
            chain = ((self._last_source,) if self._last_source else ()) + chain[1:]
        elif chain:
            self._last_source = chain[0]
        actors = tuple(
            self._antecedent(a, attr.reporting_verb, offset, last_subject)
            for a in self._with_names(
                found.actors, facts.organisations, self._paragraph_text, offset
            )
        )
        first, last = hit.tokens[0], hit.tokens[-1]
        trigger = Span(
            offset + first.idx,
            offset + last.idx + len(last.text),
            sentence.doc[first.i : last.i + 1].text,
        )
        return DraftReport(
            document_id=doc_id,
            paragraph=paragraph,
            sentence=sent_span,
            trigger=trigger,
            lemma=" ".join(str(t.lemma_).lower() for t in hit.tokens),
            type=hit.rule.type,
            mode=hit.rule.mode,
            actors=tuple(a for a in actors if a is not None),
            recipients=found.recipients,
            places=event_places(
                hit.token, sentence, offset, self.pack.grammar, facts.place_phrases
            ),
            size=facts.size,
            modality=modality(hit.token, attr.reporting_verb, self.pack.modality, attr.modality),
            attribution=chain,
            reciprocal=found.reciprocal,
            demonstrative=is_anaphoric(hit, self.pack.grammar) or self._denounced(hit, sentence),
            anaphoric=is_anaphoric(hit, self.pack.grammar)
            or (is_definite(hit, self.pack.grammar) and (not actors or self._claimed(hit))),
            passive_without_agent=found.passive_without_agent,
            headline=headline,
        )

    def _sentence_facts(self, sentence: Any, tokens: list[Any], offset: int) -> _SentenceFacts:
        facts = self._facts.get(sentence.start)
        if facts is None:
            base = offset + sentence.start_char
            facts = self._facts[sentence.start] = _SentenceFacts(
                size=size(tokens, self.pack.numbers, self.pack.size_fields),
                place_phrases=anchored_phrases(tokens, offset, self.pack.grammar),
                prep_sources=prep_sources(tokens, self.pack),
                organisations=self._organisations(
                    self._paragraph_text[sentence.start_char : sentence.end_char], base
                ),
            )
        return facts

    def _organisations(self, text: str, base: int) -> list[tuple[int, int]]:
        """Spans (from `base`) of the known organisation names in a sentence's text."""
        # Most sentences name no organisation: the pack's finder says cheaply which may.
        if not self.pack.finder.may_name(text):
            return []
        return [(base + m.start(), base + m.end()) for m in self._org_names.finditer(text)]

    def _with_names(
        self,
        mentions: tuple[ActorMention, ...],
        organisations: list[tuple[int, int]],
        doc_text: str,
        offset: int,
    ) -> list[ActorMention]:
        """Widen a mention to a known organisation's name it overlaps: unknown names parse
        badly ("Boko Haram": "Haram" came out as a pronoun subject)."""
        out = []
        for found in mentions:
            hit = next(
                ((a, b) for a, b in organisations if a < found.end and found.start < b), None
            )
            if hit is not None and not (hit[0] >= found.start and hit[1] <= found.end):
                start, end = min(hit[0], found.start), max(hit[1], found.end)
                found = replace(
                    found,
                    text=doc_text[start - offset : end - offset],
                    start=start,
                    end=end,
                    pronoun=False,
                )
            out.append(found)
        return out

    def _antecedent(
        self,
        actor: ActorMention,
        reporting_verb: Any,
        offset: int,
        last_subject: ActorMention | None,
    ) -> ActorMention | None:
        """A pronoun subject stands for the reporting verb's subject, else the last subject."""
        if not actor.pronoun:
            return actor
        if reporting_verb is not None:
            subj = next((c for c in subjects(reporting_verb) if c.pos_ != "PRON"), None)
            if subj is not None:
                return mention(subj, offset, self.pack.grammar, actor.default_sector)
        return last_subject


def _governor(token: Any, grammar: Grammar) -> Any:
    """The word `token` depends on, seen through "lors de" and quantity nouns ("tiré une
    centaine de roquettes": "roquettes" hangs on "centaine", which hangs on "tiré")."""
    head = token.head
    for _ in range(2):
        if head.i == head.head.i:
            break
        if head.pos_ in {"ADV", "ADP"} or str(head.lemma_).lower() in grammar.quantity_nouns:
            head = head.head
        else:
            break
    return head


def _pair_verbs_with_nouns(
    hits: list[TriggerHit], grammar: Grammar
) -> list[tuple[TriggerHit, list[TriggerHit]]]:
    """Two triggers of one type, one depending on the other, tell one event:
    - a noun on a verb: "des frappes ont tué douze civils", "tués dans des frappes" — the
      noun (the more specific trigger) leads, the verb lends its object and mood;
    - a verb in a clause of another: "ont attaqué le village, tuant trente agriculteurs",
      "ont été tués lorsque les forces ont tiré" — the governing verb leads.
    """
    partners: dict[int, list[TriggerHit]] = {}
    absorbed: set[int] = set()
    for hit in hits:
        if id(hit) in absorbed or (hit.nominal and is_anaphoric(hit, grammar)):
            continue
        if hit.nominal:
            governor = _governor(hit.token, grammar)
            mate = next(
                (
                    v
                    for v in hits
                    if not v.nominal
                    and v.token.i == governor.i
                    and v.rule.type == hit.rule.type
                    and id(v) not in absorbed
                    and v is not hit
                ),
                None,
            )
        else:
            # Verbs in adverbial or participial clauses of this verb, or a participial tail
            # after it whatever the parser hung it on ("…, tuant trente agriculteurs").
            mate = next(
                (
                    v
                    for v in hits
                    if not v.nominal
                    and v.token.i > hit.token.i
                    and "Part" in v.token.morph.get("VerbForm")
                    and "Pres" in v.token.morph.get("Tense")
                    and v.rule.type == hit.rule.type
                    and id(v) not in absorbed
                    and id(v) not in partners
                    and v is not hit
                ),
                None,
            ) or next(
                (
                    v
                    for v in hits
                    if not v.nominal
                    and v.token.head.i == hit.token.i
                    and v.token.dep_ in {"advcl", "acl"}
                    and v.rule.type == hit.rule.type
                    and id(v) not in absorbed
                    and id(v) not in partners
                    and v is not hit
                ),
                None,
            )
        if mate is not None and id(hit) not in partners:
            partners[id(hit)] = [mate]
            absorbed.add(id(mate))
    # A toll verb ("tués", "blessés") left alone reports the outcome of the nearest other
    # event of its type in the sentence: "des tirs d'obus sur le marché ont tué trois civils".
    for outcome in hits:
        lemma = str(outcome.token.lemma_).lower()
        if outcome.nominal or lemma not in grammar.outcomes or id(outcome) in absorbed:
            continue
        if id(outcome) in partners:
            continue
        leads = [
            h
            for h in hits
            if h is not outcome
            and h.rule.type == outcome.rule.type
            and id(h) not in absorbed
            and str(h.token.lemma_).lower() not in grammar.outcomes
        ]
        if leads:
            lead = min(leads, key=lambda h: abs(h.token.i - outcome.token.i))
            partners.setdefault(id(lead), []).append(outcome)
            absorbed.add(id(outcome))
    return [(h, partners.get(id(h), [])) for h in hits if id(h) not in absorbed]


def _combine(lead: DraftReport, mate: DraftReport) -> DraftReport:
    """One report out of two triggers of one event (see `_pair_verbs_with_nouns`)."""
    return replace(
        lead,
        mode=lead.mode or mate.mode,
        actors=lead.actors or mate.actors,
        recipients=lead.recipients or mate.recipients,
        modality=lead.modality if lead.modality != "asserted" else mate.modality,
        attribution=lead.attribution or mate.attribution,
        size=lead.size or mate.size,
        places=lead.places or mate.places,
    )


def _sentence_subject(sentence: Any, offset: int, grammar: Grammar) -> ActorMention | None:
    """The root's nominal subject, kept to resolve "il"/"elle" in the next sentence."""
    root = sentence.root
    subj = next((c for c in subjects(root) if c.pos_ != "PRON"), None)
    return mention(subj, offset, grammar) if subj is not None else None
