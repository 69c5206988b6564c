"""Place phrases around a trigger: "dans l'ouest de la Syrie", "en Syrie", "à Alep".

The extractor only finds the words; the gazetteer resolves them. A capital that is the
subject of a verb ("Damas a démenti") is an actor, not a place, and is skipped here.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from chronique.extract.drafts import PlaceMention
from chronique.gazetteer.normalize import read_tsv
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


def _owner_path(token: Token | None, trigger: Token) -> str:
    """ "own" if the place (its first word `token`) hangs under the trigger without crossing
    another clause's verb, "sub" if it is under the trigger but inside a subordinate clause,
    else "other"."""
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


def anchored_phrases(
    sentence: Any, offset: int, grammar: Grammar
) -> list[tuple[PlaceMention, Token | None]]:
    """`place_phrases` with each phrase's first word: what `event_places` walks up from.
    The reports of one sentence share them (computed once per sentence)."""
    tokens = sentence if isinstance(sentence, list) else list(sentence)
    at = {offset + t.idx: t for t in tokens}
    return [(p, at.get(p.start)) for p in place_phrases(tokens, offset, grammar)]


def event_places(
    trigger: Token,
    sentence: Any,
    offset: int,
    grammar: Grammar,
    phrases: list[tuple[PlaceMention, Token | None]] | None = None,
) -> tuple[PlaceMention, ...]:
    """Places of the event: those hanging under the trigger first, then the sentence's —
    except those of a clause the trigger governs ("propositions visant à coordonner ses
    frappes en Syrie" places the strikes, not the proposals). `phrases`: the sentence's
    `anchored_phrases`, when the caller has them already."""
    own: list[PlaceMention] = []
    rest: list[PlaceMention] = []
    if phrases is None:
        phrases = anchored_phrases(sentence, offset, grammar)
    for phrase, first in phrases:
        where = _owner_path(first, trigger)
        if where == "own":
            own.append(phrase)
        elif where == "other":
            rest.append(phrase)
    return tuple(own + rest)


# --------------------------------------------------------------------------- toponyms
# Every place name of a paragraph, for the geoparse (`Extraction.place_names`): the NER
# model's place entities, plus runs of capitalised words the model missed or mislabelled
# (it misses many Middle East and Sahel names). The extractor only finds and describes the
# words — who governs them, what noun or preposition precedes them; the resolver decides with
# the gazetteer which are places, and which ones.

_PLACE_LABELS = frozenset({"LOC", "GPE", "FAC"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "csubj", "obl:agent", "agent"})
_HYPHENS = frozenset({"-", "‑", "–"})
_OPENERS = frozenset({"«", '"', "“", "'", "(", "[", "‘"})
_CONJUNCTIONS = frozenset({"et", "and", "ou", "or", ",", "&"})
_OF_WORDS = frozenset({"de", "d'", "d’", "du", "des", "of", "la", "le", "les", "l'", "l’", "the"})


@dataclass(frozen=True, slots=True)
class ToponymWords:
    """A language's words around place names (`lang/<code>/toponyms.tsv`)."""

    admin_nouns: frozenset[str] = frozenset()
    town_nouns: frozenset[str] = frozenset()
    district_nouns: frozenset[str] = frozenset()
    site_nouns: frozenset[str] = frozenset()
    direction_words: frozenset[str] = frozenset()
    near_words: frozenset[str] = frozenset()
    location_preps: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    not_places: frozenset[str] = frozenset()

    def noun_cue(self, word: str) -> str:
        """The cue a place noun gives ("province" → "admin"), or ""."""
        if word in self.admin_nouns:
            return "admin"
        if word in self.town_nouns:
            return "town"
        if word in self.district_nouns:
            return "district"
        if word in self.site_nouns:
            return "site"
        return ""


@functools.cache
def toponym_words(language: str) -> ToponymWords:
    """The words of `lang/<language>/toponyms.tsv` (none for a language without the file)."""
    if not language.isalpha():  # a path segment: letters only
        return ToponymWords()
    try:
        rows = list(read_tsv("lang", language, "toponyms.tsv"))
    except (FileNotFoundError, NotADirectoryError):
        return ToponymWords()
    known = {f.name for f in dataclasses.fields(ToponymWords)}
    values: dict[str, frozenset[str]] = {}
    for row in rows:
        if row[0] not in known:
            raise ValueError(f"lang/{language}/toponyms.tsv: unknown key {row[0]!r}")
        values[row[0]] = frozenset(row[1].lower().split())
    return ToponymWords(**values)


def _is_capitalised(token: Token) -> bool:
    text = str(token.text).lstrip("'’‘ʿ`")
    return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)


def _lower(token: Token) -> str:
    return str(token.text).lower().replace("’", "'")


class _Sentence:
    """One sentence's tokens and what the toponym rules need to know about them."""

    def __init__(self, sentence: Any, words: ToponymWords) -> None:
        self.tokens = list(sentence)
        self.words = words
        self.first = self.tokens[0].i if self.tokens else 0

    def at(self, i: int) -> Token | None:
        k = i - self.first
        return self.tokens[k] if 0 <= k < len(self.tokens) else None

    def runs(self, taken: set[int]) -> Iterator[list[Token]]:
        """Runs of capitalised words joined by name particles and hyphens, outside `taken`."""
        tokens = self.tokens
        k = 0
        while k < len(tokens):
            token = tokens[k]
            if token.i in taken or token.is_punct or not _is_capitalised(token):
                k += 1
                continue
            last = k
            j = k + 1
            while j < len(tokens) and tokens[j].i not in taken:
                t = tokens[j]
                if _is_capitalised(t) and not t.is_punct:
                    last = j
                elif not self._connects(t):
                    break
                j += 1
            yield tokens[k : last + 1]
            k = last + 1

    def extend(self, tokens: list[Token], taken: set[int]) -> list[Token]:
        """An entity widened to the whole name run it sits in: the model sometimes stops
        inside a name ("Tal" of "Tal Rifaat")."""
        first, last = tokens[0].i, tokens[-1].i
        while True:
            before, joiner = self.at(first - 1), self.at(first - 2)
            if (
                before is not None
                and before.i not in taken
                and _is_capitalised(before)
                and not before.is_punct
                and not self._function_word(before)
            ):
                first -= 1
                continue
            if (
                before is not None
                and joiner is not None
                and self._connects(before)
                and _is_capitalised(joiner)
                and joiner.i not in taken
                and not self._function_word(joiner)
            ):
                first -= 2
                continue
            break
        while True:
            after, joined = self.at(last + 1), self.at(last + 2)
            if (
                after is not None
                and after.i not in taken
                and _is_capitalised(after)
                and not after.is_punct
            ):
                last += 1
                continue
            if (
                after is not None
                and joined is not None
                and self._connects(after)
                and _is_capitalised(joined)
                and joined.i not in taken
            ):
                last += 2
                continue
            break
        doc = tokens[0].doc
        return list(doc[first : last + 1])

    def _function_word(self, token: Token) -> bool:
        """An article, preposition or common capitalised word ("Selon", "The", "En")."""
        word = _lower(token)
        words = self.words
        return word in words.articles or word in words.location_preps or word in words.not_places

    def _connects(self, token: Token) -> bool:
        """A particle or hyphen inside a name: "Deir ez-Zor", "Norte de Santander"."""
        if str(token.text) in _HYPHENS:
            previous = self.at(token.i - 1)
            return previous is not None and not previous.whitespace_ and not token.whitespace_
        return _lower(token) in self.words.name_particles

    def cue_before(self, first: Token) -> str:
        """What precedes a name: a place noun ("la province d'"), a "near" word or a
        location preposition; "" for nothing telling."""
        i = first.i - 1
        steps = 0
        while steps < 4:
            token = self.at(i)
            if token is None:
                return ""
            word = _lower(token)
            if word in _OF_WORDS or (token.is_punct and word not in _CONJUNCTIONS):
                i -= 1
                steps += 1
                continue
            cue = self.words.noun_cue(word)
            if cue:
                return cue
            if word in self.words.near_words or word in self.words.direction_words:
                return "near"
            if word in self.words.location_preps:
                return "prep"
            return ""
        return ""

    def cue_after(self, last: Token) -> str:
        """A place noun right after the name, or after "X and Y": "Idlib province",
        "Kirkuk and Diyala provinces", "Marib city"."""
        token = self.at(last.i + 1)
        if token is None:
            return ""
        cue = self.words.noun_cue(_lower(token))
        if cue:
            return cue
        if _lower(token) in _CONJUNCTIONS - {","}:
            # "Kirkuk and Diyala provinces": a plural noun after the second name.
            for i in range(last.i + 2, last.i + 6):
                after = self.at(i)
                if after is None or not (_is_capitalised(after) or self._connects(after)):
                    if after is not None:
                        plural = _lower(after)
                        cue = self.words.noun_cue(plural)
                        if cue and plural.endswith(("s", "x")):
                            return cue
                    break
        return ""


def _compound(tokens: list[Token]) -> bool:
    """The first word is hyphenated to the next: part of the name ("Port-au-Prince")."""
    return len(tokens) > 1 and not tokens[0].whitespace_ and str(tokens[1].text) in _HYPHENS


def _span_root(tokens: list[Token]) -> Token:
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[0]


def _mention(
    tokens: list[Token],
    sentence: _Sentence,
    offset: int,
    paragraph: int,
    sentence_start: int,
    source: str,
) -> PlaceMention | None:
    words = sentence.words
    # Leading articles and prepositions are not part of a name ("En Colombie", "A Goma",
    # "The Taliban"); a leading place noun is a cue ("Etat d'Al-Jazira").
    cue_inside = ""
    start_token = tokens[0]
    while tokens and (
        _lower(tokens[0]) in words.articles | words.location_preps | _OF_WORDS
        or (words.noun_cue(_lower(tokens[0])) and not _compound(tokens))
        or tokens[0].is_punct
    ):
        noun = words.noun_cue(_lower(tokens[0]))
        cue_inside = noun or ("prep" if _lower(tokens[0]) in words.location_preps else cue_inside)
        if noun:
            start_token = tokens[0]
        if noun == "site" and len(tokens) > 1 and _lower(tokens[1]) not in _OF_WORDS:
            # "mer Rouge", "mont Hermon": the name is the feature's own, not a town's.
            cue_inside = "feature"
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or not _is_capitalised(tokens[-1])):
        tokens = tokens[:-1]
    if not tokens:
        return None
    first, last = tokens[0], tokens[-1]
    doc = first.doc
    text = doc[first.i : last.i + 1].text
    if len(tokens) == 1 and _lower(first) in words.not_places:
        return None
    after = sentence.cue_after(last)
    cue = after or cue_inside or sentence.cue_before(first)
    phrase = ""
    if after:
        following = sentence.at(last.i + 1)
        if following is not None:  # "Sahel region": one name with its noun, as lists write it
            phrase = doc[first.i : following.i + 1].text
    elif cue_inside in ("admin", "town", "district"):
        phrase = doc[start_token.i : last.i + 1].text  # "région du Sahel"
    before = sentence.at(first.i - 1)
    initial = first.i == sentence.first or (
        before is not None and before.i == sentence.first and str(before.text) in _OPENERS
    )
    root = _span_root(tokens)
    labels = {str(t.ent_type_) for t in tokens if t.ent_type_}
    return PlaceMention(
        text=text,
        start=offset + first.idx,
        end=offset + last.idx + len(last.text),
        source=source,
        ner=",".join(sorted(labels)),
        cue=cue,
        cue_after=bool(after),
        phrase=phrase,
        subject=str(root.dep_) in _SUBJECT_DEPS,
        sentence_initial=initial,
        paragraph=paragraph,
        sentence=sentence_start,
        words=_words(tokens, offset),
    )


def _words(tokens: list[Token], offset: int) -> tuple[tuple[int, int], ...]:
    """Offsets of the capitalised words of a name; hyphenated words count as one
    ("Croissant-Rouge" is never cut into "Rouge")."""
    out: list[tuple[int, int]] = []
    joined = False  # the previous token is glued to this one by a hyphen
    for k, token in enumerate(tokens):
        start, end = offset + token.idx, offset + token.idx + len(token.text)
        if joined and out:
            out[-1] = (out[-1][0], end)
        elif _is_capitalised(token):
            out.append((start, end))
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        joined = (
            following is not None
            and not token.whitespace_
            and (str(token.text) in _HYPHENS or str(following.text) in _HYPHENS)
        )
    return tuple(out)


def toponyms(doc: Any, offset: int, paragraph: int, language: str) -> list[PlaceMention]:
    """Candidate place names of one parsed paragraph, in text order (see above)."""
    from chronique.nlp import sentences

    words = toponym_words(language)
    out: list[PlaceMention] = []
    for sent in sentences(doc):
        sentence = _Sentence(sent, words)
        sentence_start = offset + sent.start_char
        taken: set[int] = set()
        found: list[PlaceMention] = []
        for ent in sent.ents:
            if ent.label_ not in _PLACE_LABELS or any(t.i in taken for t in ent):
                continue
            tokens = sentence.extend(list(ent), taken)
            mention = _mention(tokens, sentence, offset, paragraph, sentence_start, "ner")
            if mention is not None:
                found.append(mention)
                taken.update(t.i for t in tokens)
        for run in sentence.runs(taken):
            mention = _mention(run, sentence, offset, paragraph, sentence_start, "name")
            if mention is not None:
                found.append(mention)
        # Adjectives that may be demonyms ("la frontière irako-syrienne"): never places, but
        # the resolver hears the countries they name.
        found.extend(
            PlaceMention(
                text=str(t.text),
                start=offset + t.idx,
                end=offset + t.idx + len(t.text),
                source="demonym",
                paragraph=paragraph,
                sentence=sentence_start,
            )
            for t in sentence.tokens
            if t.pos_ == "ADJ" and t.i not in taken and not _is_capitalised(t)
        )
        out.extend(sorted(found, key=lambda m: m.start))
    # A conjunct takes the cue of the name before it: "vers Bama et Gwoza".
    text = doc.text if len(out) > 1 else ""
    for k in range(1, len(out)):
        previous, mention = out[k - 1], out[k]
        if mention.cue or not previous.cue or previous.sentence != mention.sentence:
            continue
        gap = text[previous.end - offset : mention.start - offset].strip().lower()
        if gap in _CONJUNCTIONS or gap in {"et à", "and in", "et de", "ou à", ", et"}:
            out[k] = dataclasses.replace(mention, cue=previous.cue)
    return out
