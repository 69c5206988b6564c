"""Language packs: the data files of `lang/<code>/`, read into typed tables.

A language is data plus the name of a spaCy model; this module is the only code that knows
the files' layout. Nothing is read at import time: `load_pack` reads on demand and caches.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources

from chronique.errors import LanguagePackError


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """A trigger: a head lemma, the dependents it needs, and its PLOVER coding."""

    head: str
    with_: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    without: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorNoun:
    """A noun (or noun + complement) naming a kind of actor."""

    phrase: tuple[str, ...]
    country: str | None
    sector: str | None
    person: bool
    kind: str


@dataclass(frozen=True, slots=True)
class Organisation:
    """A named organisation or person with fixed codes."""

    name: str
    canonical: str
    country: str
    sector: str
    kind: str


@dataclass(frozen=True, slots=True)
class ReportingCue:
    lemma: str
    kind: str
    modality: str


@dataclass(frozen=True, slots=True)
class Grammar:
    """Closed-class words of a language, by the role the extractor's rules give them."""

    quantity_nouns: frozenset[str]
    pronouns: frozenset[str]
    impersonal: frozenset[str]
    agent_cases: frozenset[str]
    recipient_cases: frozenset[str]
    target_cases: frozenset[str]
    between_cases: frozenset[str]
    place_cases: frozenset[str]
    relay_cases: frozenset[str]
    source_cases: frozenset[str]
    time_words: frozenset[str]
    directions: frozenset[str]
    demonstratives: frozenset[str]
    definite_articles: frozenset[str]
    pronoun_sources: frozenset[str]
    reflexives: frozenset[str]
    announce_verbs: frozenset[str]
    affiliation_prefixes: frozenset[str]
    outcomes: frozenset[str]
    place_nouns: frozenset[str]
    purpose_marks: frozenset[str]


def _grammar(code: str) -> Grammar:
    rows = {r["key"]: frozenset(r["words"].lower().split()) for r in _rows(code, "grammar.tsv")}
    fields = Grammar.__dataclass_fields__
    missing = sorted(set(fields) - set(rows))
    if missing:
        raise LanguagePackError(f"lang/{code}/grammar.tsv lacks: {', '.join(missing)}")
    return Grammar(**{name: rows[name] for name in fields})


_WORD = re.compile(r"\w+")


class OrganisationFinder:
    """The first of a pack's organisations (longest name first) named anywhere in a text.

    One pattern for the whole list instead of one search per organisation: describing a
    source or an actor was a loop of a few hundred regex searches per mention. The lookahead
    reports a match at every position, overlapping ones included; at each position the
    alternation takes the earliest name of the list, so the smallest index over all
    positions is exactly the organisation a loop over the list would have found first.
    """

    def __init__(self, organisations: tuple[Organisation, ...]) -> None:
        self._organisations = organisations
        self._index: dict[str, int] = {}
        for i, org in enumerate(organisations):
            self._index.setdefault(org.name.lower(), i)
        names = "|".join(re.escape(o.name) for o in organisations)
        self._pattern = (
            re.compile(rf"(?<!\w)(?=({names})(?!\w))", re.IGNORECASE) if organisations else None
        )
        # A name starts a word of the text it is in: a text holding none of the names' first
        # words holds no name (one starting with no word at all is always searched for).
        firsts = [_WORD.match(o.name.casefold()) for o in organisations]
        self._first_words = frozenset(m.group(0) for m in firsts if m)
        self._always = not all(firsts)

    def may_name(self, text: str) -> bool:
        """False only when `text` can name none of the organisations."""
        if self._pattern is None:
            return False
        return self._always or not self._first_words.isdisjoint(_WORD.findall(text.casefold()))

    def first(self, text: str) -> Organisation | None:
        if not self.may_name(text):
            return None
        assert self._pattern is not None  # may_name said so
        best: int | None = None
        for match in self._pattern.finditer(text):
            found = match.group(1)
            i = self._index.get(found.lower())
            if i is None:  # a case folding .lower() does not undo: ask each name in order
                i = next(
                    (
                        k
                        for k, o in enumerate(self._organisations)
                        if re.fullmatch(re.escape(o.name), found, re.IGNORECASE)
                    ),
                    None,
                )
            if i is not None and (best is None or i < best):
                best = i
        return None if best is None else self._organisations[best]


@dataclass(frozen=True, slots=True)
class LanguagePack:
    """Everything the extractor and resolvers know about one language."""

    code: str
    name: str
    spacy_models: tuple[str, ...]
    dependency_scheme: str
    triggers: dict[str, tuple[TriggerRule, ...]]
    actor_nouns: dict[str, tuple[ActorNoun, ...]]
    organisations: tuple[Organisation, ...]
    reporting: dict[str, ReportingCue]
    modality: dict[str, str]
    numbers: dict[str, int]
    size_fields: dict[str, str]
    non_agents: frozenset[str]
    grammar: Grammar
    source_preps: tuple[tuple[str, ...], ...] = ()
    # Built from `organisations` (again by `dataclasses.replace`): the extractor asks it of
    # every source it describes, and finding it in a cache keyed by the list hashed the
    # whole list each time.
    finder: OrganisationFinder = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "finder", organisation_finder(self.organisations))


@functools.lru_cache(maxsize=16)
def organisation_finder(organisations: tuple[Organisation, ...]) -> OrganisationFinder:
    """One finder per organisation list (per pack, or per pack plus a user dictionary)."""
    return OrganisationFinder(organisations)


def available_languages() -> list[str]:
    """Codes of the languages that ship a pack."""
    root = resources.files("chronique").joinpath("lang")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.joinpath("pack.tsv").is_file())


def _rows(code: str, filename: str) -> Iterator[dict[str, str]]:
    """Rows of a pack TSV as dicts; '#' lines are comments."""
    path = resources.files("chronique").joinpath("lang", code, filename)
    if not path.is_file():
        raise LanguagePackError(f"language pack '{code}' has no {filename}")
    text = path.read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    for lineno, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise LanguagePackError(f"lang/{code}/{filename}: malformed row {lineno}: {row}")
        yield {k: (v or "").strip() for k, v in row.items()}


def _opt(value: str) -> str | None:
    return None if value in ("", "-") else value


def _split(value: str) -> tuple[str, ...]:
    return tuple(w for w in value.lower().split() if w)


@functools.lru_cache(maxsize=8)
def load_pack(code: str) -> LanguagePack:
    """Read and check the pack of language `code` (cached: packs are immutable)."""
    if code not in available_languages():
        raise LanguagePackError(
            f"no language pack for '{code}' (available: {', '.join(available_languages())})"
        )
    settings = {row["key"]: row["value"] for row in _rows(code, "pack.tsv")}
    triggers: dict[str, list[TriggerRule]] = {}
    for row in _rows(code, "triggers.tsv"):
        rule = TriggerRule(
            head=row["head"].lower(),
            with_=_split(row["with"]),
            pos=row["pos"] or "*",
            type=row["type"],
            mode=_opt(row["mode"]),
            without=_split(row.get("without", "")),
        )
        triggers.setdefault(rule.head, []).append(rule)
    nouns: dict[str, list[ActorNoun]] = {}
    for row in _rows(code, "actors.tsv"):
        phrase = _split(row["phrase"])
        noun = ActorNoun(
            phrase=phrase,
            country=_opt(row["country"]),
            sector=_opt(row["sector"]),
            person=row["person"] == "yes",
            kind=row["kind"] if row["kind"] not in ("", "-") else "unknown",
        )
        nouns.setdefault(phrase[0], []).append(noun)
    orgs = tuple(
        Organisation(r["name"], r["canonical"], r["country"], r["sector"], r["kind"])
        for r in _rows(code, "organisations.tsv")
    )
    reporting = {
        r["lemma"]: ReportingCue(r["lemma"], r["kind"], r["modality"])
        for r in _rows(code, "reporting.tsv")
    }
    modality = {r["cue"]: r["modality"] for r in _rows(code, "modality.tsv")}
    try:
        numbers = {r["word"]: int(r["value"]) for r in _rows(code, "numbers.tsv")}
    except ValueError as exc:
        raise LanguagePackError(f"lang/{code}/numbers.tsv: {exc}") from exc
    size_fields = {r["word"]: r["field"] for r in _rows(code, "size.tsv")}
    non_agents = frozenset(r["lemma"].lower() for r in _rows(code, "non_agents.tsv"))
    return LanguagePack(
        code=code,
        name=settings.get("name", code),
        spacy_models=tuple(settings.get("spacy_models", "").split()),
        dependency_scheme=settings.get("dependency_scheme", "ud"),
        # Longest `with` first, so the most specific rule on a head is tried first.
        triggers={k: tuple(sorted(v, key=lambda r: -len(r.with_))) for k, v in triggers.items()},
        actor_nouns={k: tuple(sorted(v, key=lambda n: -len(n.phrase))) for k, v in nouns.items()},
        organisations=tuple(sorted(orgs, key=lambda o: -len(o.name))),
        reporting=reporting,
        modality=modality,
        numbers=numbers,
        size_fields=size_fields,
        non_agents=non_agents,
        grammar=_grammar(code),
        # Token sequences that introduce a source ("selon", "d' après"), longest first.
        source_preps=tuple(
            sorted(
                (tuple(c.lemma.lower().split()) for c in reporting.values() if c.kind == "prep"),
                key=len,
                reverse=True,
            )
        ),
    )
