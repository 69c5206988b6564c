"""Load a language's time grammar from `lang/<code>/time.tsv` and compile it to regexes.

A language is data: the TSV lists word classes (months, weekdays, "dernier"/"last" …) and rules,
templates such as `{weekday} {shift}` with a meaning the resolver in `time.py` knows. This
module knows nothing about dates; it only turns the file into compiled, immutable patterns, so
that adding a language never means adding code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

__all__ = [
    "BUILTIN_SLOTS",
    "Rule",
    "TimeGrammar",
    "UnsupportedLanguageError",
    "load_grammar",
    "normalise_key",
    "normalise_language",
    "normalise_text",
]


class UnsupportedLanguageError(LookupError):
    """No `lang/<code>/time.tsv` ships for the language asked for."""


# Slots the code builds itself because they are numbers, not words.
BUILTIN_SLOTS = frozenset({"day", "mnum", "year", "year4", "count"})

# Characters folded before matching. Each maps one character to one character so that offsets
# in the folded text are offsets in the original.
_FOLDED = ("’", "ʼ", "`", "\u00a0", "\u202f", "‑")
_FOLD = str.maketrans(dict(zip(_FOLDED, ("'", "'", "'", " ", " ", "-"), strict=True)))

# A template space: whitespace, or nothing right after a form that ends in an apostrophe,
# hyphen or space ("d'octobre", "mi-mars").
_GAP = r"(?:\s+|(?<=[\s'-]))"
# Mentions start and end on word boundaries, and never inside a number such as "3.000" or
# "12/05/2016".
_START = r"(?<!\w)(?<!\d[.,/])"
_END = r"(?!\w)(?![.,/]\d)"

_SLOT = re.compile(r"\{(\w+)(?::(\w+))?\}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def normalise_text(text: str) -> str:
    """Fold apostrophes and odd spaces, keeping every character at its offset."""
    # Most texts hold none of them: looking is cheaper than translating.
    if not any(c in text for c in _FOLDED):
        return text
    return text.translate(_FOLD)


def normalise_key(form: str) -> str:
    """The lookup key of a form or of matched text: lower case, hyphens and spaces as one space."""
    return re.sub(r"[\s-]+", " ", normalise_text(form).lower()).strip()


def normalise_language(language: str) -> str:
    """`"fr-FR"` → `"fr"`; anything that is not a plain language code raises."""
    code = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
    if not _LANGUAGE.fullmatch(code):
        raise UnsupportedLanguageError(f"not a language code: {language!r}")
    return code


def _form_regex(form: str) -> str:
    # A hyphen or space inside a form matches either ("week-end", "week end"); a trailing one
    # ("mi-") matches one or more of them.
    parts = re.split(r"[\s-]+", normalise_text(form).strip())
    body = r"[\s-]+".join(re.escape(p) for p in parts if p)
    return body + r"[\s-]*" if re.search(r"[\s-]$", form) else body


@dataclass(frozen=True)
class Rule:
    """One grammar row: a compiled template and the name of its meaning."""

    template: str
    meaning: str
    regex: re.Pattern[str]
    # Group name → the class it was built from ({day:day1} → "day1" → "day").
    slots: Mapping[str, str]
    line: int
    # What a text must contain for the rule to match at all: one entry per required slot,
    # each the set of cue words any one of which will do (see `_gate`). Empty: always try.
    gate: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class TimeGrammar:
    """A language's classes, settings and compiled rules, read-only."""

    language: str
    classes: Mapping[str, Mapping[str, str]]
    settings: Mapping[str, str]
    rules: tuple[Rule, ...]
    # `{part} {link}` right before a mention, to widen "l'année dernière" into
    # "fin de l'année dernière".
    part_prefix: re.Pattern[str] | None

    def lookup(self, cls: str, text: str) -> str | None:
        """The value of `text` as a member of `cls`, or None when it is not one."""
        return self.classes.get(cls, {}).get(normalise_key(text))

    def setting(self, name: str, default: str = "") -> str:
        return self.settings.get(name, default)

    def rules_for(self, text: str) -> Iterator[tuple[int, Rule]]:
        """(order, rule) of the rules that may match in `text`: those whose required slots
        each have a cue word in it (see `Rule.gate`). A word of the text holds a cue when it
        starts with it ("lundis" holds "lundi"); `_DIGIT` stands for any digit."""
        held = self._cue_bits.get(_DIGIT, 0) if _HAS_DIGIT.search(text) else 0
        known = self._word_bits
        for word in set(_WORD.findall(text.casefold())):
            found = known.get(word)
            if found is None:
                if len(known) > _WORDS_KEPT:
                    known.clear()  # a bound for long runs; a dict insert is thread-safe
                found = known[word] = self._bits_of(word)
            held |= found
        for order, (rule, mask) in enumerate(zip(self.rules, self._rule_masks, strict=True)):
            if mask & held == mask:
                yield order, rule

    def _bits_of(self, word: str) -> int:
        """The bits of every cue `word` starts with."""
        bits, held = self._cue_bits, 0
        for k in range(1, min(len(word), self._longest_cue) + 1):
            held |= bits.get(word[:k], 0)
        return held

    @functools.cached_property
    def _word_bits(self) -> dict[str, int]:
        # Words met so far and their bits: a language's words repeat from one sentence to
        # the next ("le", "a", "mardi"), their prefixes need not be looked up again.
        return {}

    # A rule's gate as bits: one per distinct cue set, set in `held` by any cue of the set.
    @functools.cached_property
    def _need_bits(self) -> dict[frozenset[str], int]:
        needs = dict.fromkeys(need for r in self.rules for need in r.gate)
        return {need: 1 << k for k, need in enumerate(needs)}

    @functools.cached_property
    def _cue_bits(self) -> dict[str, int]:
        bits: dict[str, int] = {}
        for need, bit in self._need_bits.items():
            for cue in need:
                bits[cue] = bits.get(cue, 0) | bit
        return bits

    @functools.cached_property
    def _rule_masks(self) -> tuple[int, ...]:
        masks = []
        for rule in self.rules:
            mask = 0
            for need in rule.gate:
                mask |= self._need_bits[need]
            masks.append(mask)
        return tuple(masks)

    @functools.cached_property
    def _longest_cue(self) -> int:
        return max((len(c) for c in self._cue_bits), default=0)


def _alternation(forms: Mapping[str, str]) -> str:
    # Longest first, so that "après-midi" wins over "midi" and "1er" over "1".
    ordered = sorted(forms, key=len, reverse=True)
    return "(?:" + "|".join(_form_regex(f) for f in ordered) + ")"


def _slot_regex(cls: str, raw: Mapping[str, Mapping[str, str]]) -> str:
    if cls == "day":
        suffix = ""
        if raw.get("day_suffix"):
            suffix = "(?:" + "|".join(re.escape(s) for s in raw["day_suffix"]) + ")?"
        digits = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)" + suffix
        if raw.get("ordinal"):
            return "(?:" + _alternation(raw["ordinal"]) + "|" + digits + ")"
        return digits
    if cls == "mnum":
        return r"(?:1[0-2]|0?[1-9])(?!\d)"
    if cls == "year4":
        return r"(?:1\d{3}|2[01]\d{2})(?!\d)"
    if cls == "year":
        # Two digits only before punctuation or the end: "octobre 98." but not "mars 12 morts".
        return r"(?:1\d{3}|2[01]\d{2}|'?\d{2}(?=\s*(?:[,.;:)!?»]|\Z)))(?!\d)"
    if cls == "count":
        words = "|" + _alternation(raw["count"]) if raw.get("count") else ""
        return r"(?:\d{1,3}(?!\d)" + words + ")"
    if cls not in raw:
        raise ValueError(f"unknown class {{{cls}}}")
    return _alternation(raw[cls])


# Most sentences hold no time expression, and thirty regexes over each is the resolver's largest
# cost. A rule's required slots give a cheap test first: "{weekday} {shift}" cannot match a
# sentence without a weekday word in it.
_DIGIT = "0"
_HAS_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w+")
_NUMERIC_WORDS = {"day": "ordinal", "count": "count"}
# Words whose cue bits a grammar remembers before it starts afresh.
_WORDS_KEPT = 200_000


def _cue(form: str) -> str | None:
    """The first word of a form as the text will show it, or None when it starts otherwise."""
    folded = normalise_text(form).strip().casefold()
    m = _WORD.match(folded)
    return m.group(0) if m else None


def _slot_cues(cls: str, raw: Mapping[str, Mapping[str, str]]) -> frozenset[str] | None:
    """Cue words of one slot; None when any text might hold it (no cheap test)."""
    if cls in BUILTIN_SLOTS:
        words = raw.get(_NUMERIC_WORDS.get(cls, ""), {})
        forms = list(words)
        cues = {_DIGIT}
    else:
        forms = list(raw.get(cls, {}))
        cues = set()
    for form in forms:
        cue = _cue(form)
        if cue is None:
            return None
        cues.add(cue)
    return frozenset(cues)


def _gate(template: str, raw: Mapping[str, Mapping[str, str]]) -> tuple[frozenset[str], ...]:
    """The cue sets of a template's required slots (those outside `[...]`).

    A slot counts only where it starts a word in any match: at the template's start or after
    a space, apostrophe, hyphen or `<`, never glued to a letter before it.
    """
    need: list[frozenset[str]] = []
    depth = 0
    for i, ch in enumerate(template):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "|" and depth == 0:
            return ()  # alternatives at the top: no slot is required by all of them
        elif ch == "{" and depth == 0:
            before = template[i - 1] if i else " "
            if before.isalnum() or before == "_":
                continue
            m = _SLOT.match(template, i)
            cues = _slot_cues(m.group(1), raw) if m else None
            if cues is not None:
                need.append(cues)
    return tuple(need)


def _compile_template(
    template: str, raw: Mapping[str, Mapping[str, str]]
) -> tuple[re.Pattern[str], dict[str, str]]:
    slots: dict[str, str] = {}
    out: list[str] = []
    i = 0
    context_open = False
    if template.startswith("<"):
        out.append("(?P<_ctx>")
        context_open = True
        i = 1
    while i < len(template):
        ch = template[i]
        if ch == "{":
            m = _SLOT.match(template, i)
            if m is None:
                raise ValueError(f"bad slot in template {template!r}")
            cls, name = m.group(1), m.group(2) or m.group(1)
            if name in slots:
                raise ValueError(f"slot {name!r} used twice in {template!r}: name it {{cls:name}}")
            slots[name] = cls
            out.append(f"(?P<{name}>{_slot_regex(cls, raw)})")
            i = m.end()
            continue
        if ch == ">" and context_open:
            out.append(")")
            context_open = False
        elif ch == "[":
            out.append("(?:")
        elif ch == "]":
            out.append(")?")
        elif ch == "|":
            out.append("|")  # alternatives inside [...]: "[la |le |l']"
        elif ch == " ":
            out.append(_GAP)
        else:
            out.append(re.escape(ch))
        i += 1
    if context_open:
        raise ValueError(f"unclosed <context> in template {template!r}")
    pattern = _START + "".join(out) + _END
    return re.compile(pattern, re.IGNORECASE), slots


def parse_grammar(language: str, source: str) -> TimeGrammar:
    """Build a grammar from the text of a time.tsv file (separate from I/O for tests)."""
    raw: dict[str, dict[str, str]] = {}
    settings: dict[str, str] = {}
    rule_rows: list[tuple[int, str, str]] = []
    for number, line in enumerate(source.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        if len(cells) != 3:
            raise ValueError(f"time.tsv ({language}) line {number}: expected 3 tab-separated cells")
        kind, forms, value = (c.strip() for c in cells)
        if kind == "setting":
            settings[forms] = value
        elif kind == "rule":
            rule_rows.append((number, forms, value))
        else:
            for form in forms.split("|"):
                if form.strip():
                    raw.setdefault(kind, {})[form.strip()] = value
    classes: dict[str, Mapping[str, str]] = {
        cls: MappingProxyType({normalise_key(f): v for f, v in forms.items()})
        for cls, forms in raw.items()
    }
    rules: list[Rule] = []
    for number, template, meaning in rule_rows:
        try:
            regex, slots = _compile_template(template, raw)
        except (ValueError, re.error) as exc:
            raise ValueError(f"time.tsv ({language}) line {number}: {exc}") from exc
        gate = _gate(template, raw)
        rules.append(Rule(template, meaning, regex, MappingProxyType(slots), number, gate))
    part_prefix = None
    if raw.get("part"):
        link = ""
        if raw.get("link"):
            link = r"(?:\s*(?P<link>" + _alternation(raw["link"]) + "))?"
        part_prefix = re.compile(
            r"(?<!\w)(?P<part>" + _alternation(raw["part"]) + ")" + link + r"\s*\Z",
            re.IGNORECASE,
        )
    return TimeGrammar(
        language=language,
        classes=MappingProxyType(classes),
        settings=MappingProxyType(settings),
        rules=tuple(rules),
        part_prefix=part_prefix,
    )


def available_languages() -> tuple[str, ...]:
    """Language codes that ship a time.tsv."""
    root = resources.files("chronique").joinpath("lang")
    if not root.is_dir():
        return ()
    return tuple(
        sorted(d.name for d in root.iterdir() if d.is_dir() and d.joinpath("time.tsv").is_file())
    )


@functools.cache
def load_grammar(language: str) -> TimeGrammar:
    """The grammar of `language` ("fr", "en", "fr-FR" …), read once and cached.

    Raises UnsupportedLanguageError when no `lang/<code>/time.tsv` ships.
    """
    code = normalise_language(language)
    resource = resources.files("chronique").joinpath("lang").joinpath(code).joinpath("time.tsv")
    if not resource.is_file():
        raise UnsupportedLanguageError(
            f"no time grammar for language {code!r} (expected chronique/lang/{code}/time.tsv; "
            f"available: {', '.join(available_languages()) or 'none'})"
        )
    return parse_grammar(code, resource.read_text(encoding="utf-8"))
