"""Time expressions: find them in news text and resolve them against the publication date.

Finding is done by the language's grammar (`lang/<code>/time.tsv`, compiled by
`time_patterns`), never by `dateparser.search_dates`, which reads French "sa" as Saturday and
misses "la semaine dernière". Each rule names a meaning (`date`, `weekday`, `unit` …) that this
module resolves with calendar arithmetic; only the counted offsets ("il y a trois jours", "two
weeks ago"), which dateparser handles well in many languages, and phrases the grammar does not
know (in `resolve_time`) are handed to dateparser, one phrase at a time, with RELATIVE_BASE set.

Conventions (those of news copy and of the gold files):
- a bare weekday is the most recent such day on or before publication ("mercredi" in a
  Wednesday story is that day);
- "la semaine dernière" is the previous ISO week, Monday to Sunday, precision week;
- a date or month without a year is the nearest one to publication, unless "dernier"/"prochain"
  says which side;
- "début/mi/fin" keep the precision of what they narrow (month, year, week) but narrow the
  range to its first, middle or last third;
- durations ("pendant trois jours") and sets ("chaque mercredi") are not dates: matched so that
  no shorter rule reports part of them, then dropped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from chronique.records import DatePrecision, DateRange
from chronique.resolve.time_patterns import (
    Rule,
    TimeGrammar,
    UnsupportedLanguageError,
    load_grammar,
    normalise_key,
    normalise_text,
)

__all__ = [
    "TimeMention",
    "UnsupportedLanguageError",
    "find_times",
    "range_to_value",
    "resolve_time",
]

log = logging.getLogger(__name__)

# A bare four-digit number is taken as a year only in this span: outside it, "en 1500" or
# "de 3000" are far likelier to be quantities.
_BARE_YEAR_MIN, _BARE_YEAR_MAX = 1800, 2100
# The window in which a weekday with a day number ("jeudi 23") is looked for, in months around
# publication.
_WEEKDAY_DAY_MONTHS = 2


@dataclass(frozen=True)
class TimeMention:
    """A time expression in a text: its span, its resolved range and gold-format value."""

    start: int
    end: int
    text: str
    range: DateRange | None
    value: str | None


class _Invalid(Exception):
    """A rule matched words that turn out not to be a date ("de Mars", "31 février")."""


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    range: DateRange | None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    order: int
    pieces: tuple[_Piece, ...]
    ignore: bool
    has_part: bool
    # For a weekday without "dernier"/"prochain": its ISO number, so that it can follow an
    # explicit date announced earlier in the text (see find_times).
    weekday: int | None = None


# --- calendar helpers ---------------------------------------------------------------------


def _day(d: dt.date) -> DateRange:
    return DateRange(d, d, "day")


def _week(d: dt.date) -> DateRange:
    monday = d - dt.timedelta(days=d.isoweekday() - 1)
    return DateRange(monday, monday + dt.timedelta(days=6), "week")


def _month(year: int, month: int) -> DateRange:
    last = calendar.monthrange(year, month)[1]
    return DateRange(dt.date(year, month, 1), dt.date(year, month, last), "month")


def _year(year: int) -> DateRange:
    return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + k
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _distance(days: int) -> int:
    # News reports more than it announces: a future reading counts double, so "le 3 mars" in
    # an October story is the March past, while "le 30 octobre" in September is still ahead.
    return 2 * days if days > 0 else -days


def _nearest(options: list[dt.date], published: dt.date) -> dt.date | None:
    if not options:
        return None
    return min(options, key=lambda d: (_distance((d - published).days), d))


def _narrow(r: DateRange, part: str, published: dt.date | None) -> DateRange:
    """Narrow a week, month or year to its first, middle or last third ("début/mi/fin").

    The precision stays: "début octobre" is still a month-precision date, only a tighter one.
    """
    if r.precision == "day":
        return r
    n = (r.end - r.start).days + 1
    third = max(1, round(n / 3))
    one = dt.timedelta(days=1)
    if part == "start":
        return replace(r, end=r.start + (third - 1) * one)
    if part == "mid":
        lo, hi = r.start + third * one, r.end - third * one
        return replace(r, start=lo, end=hi) if lo <= hi else r
    if part == "end":
        return replace(r, start=r.end - (third - 1) * one)
    if part == "before" and published is not None and r.start < published <= r.end:
        return replace(r, end=published - one)
    if part == "after" and published is not None and r.start <= published < r.end:
        return replace(r, start=published + one)
    return r


def range_to_value(r: DateRange) -> str:
    """The gold-format value: `2015-10-07`, `2015-W40`, `2015-10` or `2015`."""
    if r.precision == "day":
        return r.start.isoformat()
    if r.precision == "week":
        year, week, _ = r.start.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if r.precision == "month":
        return f"{r.start.year:04d}-{r.start.month:02d}"
    return f"{r.start.year:04d}"


# --- dateparser, for counted offsets and as a fallback --------------------------------------

_PERIODS: dict[str, DatePrecision] = {
    "time": "day",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}


def _dateparser_range(phrase: str, base: dt.date, language: str) -> DateRange | None:
    # Imported here: dateparser is slow to import and most texts never need it.
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day, 12),
        # Without it a bare weekday jumps back a week (PARSER-NOTES.md).
        "PREFER_DATES_FROM": "current_period",
    }
    try:
        data = DateDataParser(languages=[language], settings=settings).get_date_data(phrase)
    except (ValueError, KeyError) as exc:  # unknown language code, odd input
        log.debug("dateparser failed on %r (%s): %s", phrase, language, exc)
        return None
    if data.date_obj is None or data.period is None:
        return None
    d = data.date_obj.date()
    precision = _PERIODS.get(data.period, "day")
    if precision == "week":
        return _week(d)
    if precision == "month":
        return _month(d.year, d.month)
    if precision == "year":
        return _year(d.year)
    return _day(d)


# --- slot access ----------------------------------------------------------------------------


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t«\"'(")
    return not before or before[-1] in ".!?:\n"


class _Slots:
    """What a rule matched, read through the grammar's classes."""

    def __init__(self, match: re.Match[str], rule: Rule, grammar: TimeGrammar, text: str) -> None:
        self.match = match
        self.rule = rule
        self.grammar = grammar
        self.text_all = text
        self.start = match.end("_ctx") if "_ctx" in match.re.groupindex else match.start()
        self.end = match.end()

    def has(self, name: str) -> bool:
        return name in self.rule.slots and self.match.group(name) is not None

    def text(self, name: str) -> str:
        return self.match.group(name) or ""

    def span(self, name: str) -> tuple[int, int]:
        return self.match.span(name)

    def value(self, name: str) -> str:
        cls = self.rule.slots.get(name, name)
        found = self.grammar.lookup(cls, self.text(name))
        if found is None:
            raise _Invalid(f"{self.text(name)!r} is not a {cls}")
        return found

    def optional_int(self, name: str) -> int | None:
        return int(self.value(name)) if self.has(name) else None

    def day(self, name: str = "day") -> int:
        text = self.text(name)
        ordinal = self.grammar.lookup("ordinal", text)
        if ordinal is not None:
            return int(ordinal)
        digits = re.match(r"\d+", text)
        if digits is None:
            raise _Invalid(f"{text!r} is not a day")
        return int(digits.group())

    def month(self) -> int:
        if self.has("mnum"):
            return int(self.text("mnum"))
        text = self.text("month")
        if self.grammar.setting("months_capitalised") == "yes" and text[:1].islower():
            raise _Invalid(f"lower-case {text!r}: a word, not a month")
        return int(self.value("month"))

    def year(self, published: dt.date | None) -> int | None:
        for name in ("year", "year4"):
            if self.has(name):
                text = self.text(name).lstrip("'")
                if len(text) == 4:
                    return int(text)
                # Two digits ("octobre 98"): the century that keeps it no later than a year
                # after publication.
                pivot = (published.year if published else 2030) + 1
                year = 2000 + int(text)
                return year if year <= pivot else year - 100
        return None


_Resolver = Callable[[_Slots, dt.date | None], list[_Piece]]


def _date_without_year(
    day: int, month: int, weekday: int | None, shift: int | None, published: dt.date
) -> dt.date | None:
    options = [
        d
        for y in (published.year - 1, published.year, published.year + 1)
        if (d := _safe_date(y, month, day)) is not None
    ]
    if shift is not None and shift < 0:
        past = [d for d in options if d < published]
        return max(past) if past else None
    if shift is not None and shift > 0:
        future = [d for d in options if d > published]
        return min(future) if future else None
    if weekday is not None:
        # "mardi 12 octobre" without a year: the year whose 12 October is a Tuesday, if near.
        agreeing = [d for d in options if d.isoweekday() == weekday]
        options = agreeing or options
    return _nearest(options, published)


def _resolve_day_month(s: _Slots, published: dt.date | None) -> dt.date | None:
    """The date of a `date` match; None when it needs a publication date it has not got."""
    day, month = s.day(), s.month()
    if _safe_date(2000, month, day) is None:  # 2000 is a leap year: 29 February is a date
        raise _Invalid("no such day")
    year = s.year(published)
    if year is not None:
        d = _safe_date(year, month, day)
        if d is None:
            raise _Invalid("no such day")
        return d
    if published is None:
        return None
    return _date_without_year(
        day, month, s.optional_int("weekday"), s.optional_int("shift"), published
    )


def _r_date(s: _Slots, published: dt.date | None) -> list[_Piece]:
    d = _resolve_day_month(s, published)
    return [_Piece(s.start, s.end, _day(d) if d else None)]


def _r_date_pair(s: _Slots, published: dt.date | None) -> list[_Piece]:
    """Two dates sharing a month: "les 6 et 13 avril", "du 3 au 6 mai", "March 3 and 5"."""
    second = _resolve_day_month(s, published)
    day1 = s.day("day1")
    first: dt.date | None = None
    if second is not None:
        first = _safe_date(second.year, second.month, day1)
        if first is None or day1 > second.day:
            # "du 28 au 3 mars": the first day is in the month before.
            y, m = _add_months(second.year, second.month, -1)
            first = _safe_date(y, m, day1)
    elif _safe_date(2000, s.month(), day1) is None:
        raise _Invalid("no such day")
    split = s.span("conj")[1]
    while split < s.end and s.text_all[split].isspace():
        split += 1
    return [
        _Piece(s.start, s.span("day1")[1], _day(first) if first else None),
        _Piece(split, s.end, _day(second) if second else None),
    ]


def _bare_weekday(weekday: int, published: dt.date) -> dt.date:
    return published - dt.timedelta(days=(published.isoweekday() - weekday) % 7)


def _r_weekday_day(s: _Slots, published: dt.date | None) -> list[_Piece]:
    """A weekday and a day number ("jeudi 23"): the 23rd near publication that is a Thursday."""
    weekday, day = int(s.value("weekday")), s.day()
    if not 1 <= day <= 31:
        raise _Invalid("no such day")
    if published is None:
        return [_Piece(s.start, s.end, None)]
    options = []
    for k in range(-_WEEKDAY_DAY_MONTHS, _WEEKDAY_DAY_MONTHS + 1):
        y, m = _add_months(published.year, published.month, k)
        d = _safe_date(y, m, day)
        if d is not None and d.isoweekday() == weekday:
            options.append(d)
    found = _nearest(options, published)
    if found is not None:
        return [_Piece(s.start, s.end, _day(found))]
    # "mardi 3 soldats ont été tués": the number was not a day; keep the weekday alone.
    w_start, w_end = s.span("weekday")
    return [_Piece(w_start, w_end, _day(_bare_weekday(weekday, published)))]


def _r_month(s: _Slots, published: dt.date | None) -> list[_Piece]:
    month = s.month()
    year = s.year(published)
    if year is None:
        text = s.text("month")
        if text.endswith("."):
            raise _Invalid("an abbreviation alone is not a month")  # "divisé en sept."
        if (
            s.grammar.setting("months_capitalised") == "no"
            and text[:1].isupper()
            and not _at_sentence_start(s.text_all, s.span("month")[0])
        ):
            raise _Invalid(f"capitalised {text!r}: a name, not a month")  # "la surface de Mars"
        if published is None:
            return [_Piece(s.start, s.end, None)]
        shift = s.optional_int("shift")
        here = (published.year, published.month)
        if shift is not None and shift < 0:
            year = published.year if (published.year, month) < here else published.year - 1
        elif shift is not None and shift > 0:
            year = published.year if (published.year, month) > here else published.year + 1
        else:
            years = (published.year - 1, published.year, published.year + 1)
            year = min(
                years,
                key=lambda y: (_distance((y - here[0]) * 12 + month - here[1]), y),
            )
    return [_Piece(s.start, s.end, _month(year, month))]


def _check_year_follow(s: _Slots, end: int) -> None:
    """A bare year is followed by punctuation, a capital or a closed-class word."""
    rest = s.text_all[end:]
    conj = s.grammar.classes.get("conj", {})
    # "de 1998 à 2002", "de 2000 à 3000 personnes": judge by what follows the range.
    m = re.match(r"\s*(\w+)\s*\d+(?!\w)", rest)
    if m and normalise_key(m.group(1)) in conj:
        rest = rest[m.end() :]
    word = re.match(r"\s*([^\W\d_][\w']*)", rest)
    if word is None:
        return
    token = word.group(1)
    if token[:1].isupper():
        return
    follow = s.grammar.classes.get("year_follow", {})
    if normalise_key(token) in follow:
        return
    # Elided forms: "qu'il", "l'équipe".
    if "'" in token and normalise_key(token.split("'")[0] + "'") in follow:
        return
    raise _Invalid(f"a number before {token!r}, not a year")


def _bare_year(s: _Slots, name: str) -> int:
    year = int(s.text(name))
    if not _BARE_YEAR_MIN <= year <= _BARE_YEAR_MAX:
        raise _Invalid("out of the range of bare years")
    return year


def _r_year(s: _Slots, published: dt.date | None) -> list[_Piece]:
    year = _bare_year(s, "year4")
    _check_year_follow(s, s.end)
    return [_Piece(s.start, s.end, _year(year))]


def _r_year_pair(s: _Slots, published: dt.date | None) -> list[_Piece]:
    first, second = _bare_year(s, "year1"), _bare_year(s, "year4")
    _check_year_follow(s, s.end)
    return [
        _Piece(*s.span("year1"), _year(first)),
        _Piece(*s.span("year4"), _year(second)),
    ]


def _r_relday(s: _Slots, published: dt.date | None) -> list[_Piece]:
    offset = int(s.value("relday"))
    if published is None:
        return [_Piece(s.start, s.end, None)]
    return [_Piece(s.start, s.end, _day(published + dt.timedelta(days=offset)))]


def _r_today(s: _Slots, published: dt.date | None) -> list[_Piece]:
    return [_Piece(s.start, s.end, _day(published) if published else None)]


def _r_weekday(s: _Slots, published: dt.date | None) -> list[_Piece]:
    weekday = int(s.value("weekday"))
    if published is None:
        return [_Piece(s.start, s.end, None)]
    shift = s.optional_int("shift")
    now = published.isoweekday()
    if s.has("this"):
        # "ce dimanche": the one of the publication's week.
        d = published + dt.timedelta(days=weekday - now)
    elif shift is not None and shift < 0:
        d = published - dt.timedelta(days=(now - weekday) % 7 or 7)
    elif shift is not None and shift > 0:
        d = published + dt.timedelta(days=(weekday - now) % 7 or 7)
    else:
        d = _bare_weekday(weekday, published)
    return [_Piece(s.start, s.end, _day(d))]


def _weekend(published: dt.date, shift: int) -> DateRange:
    saturday = published + dt.timedelta(days=6 - published.isoweekday())
    if shift == 0:
        # "ce week-end" early in the week is the one just past; from Thursday on, the coming one.
        if published.isoweekday() <= 3:
            saturday -= dt.timedelta(days=7)
    elif shift < 0:
        saturday -= dt.timedelta(days=7)
    elif published >= saturday:
        saturday += dt.timedelta(days=7)
    return DateRange(saturday, saturday + dt.timedelta(days=1), "week")


def _r_unit(s: _Slots, published: dt.date | None) -> list[_Piece]:
    unit = s.value("unit")
    shift = s.optional_int("shift") or 0
    if unit == "day" and s.has("part"):
        raise _Invalid("no part of a day is a date here")  # "en fin de journée"
    if published is None:
        return [_Piece(s.start, s.end, None)]
    r: DateRange
    if unit == "day":
        r = _day(published + dt.timedelta(days=shift))
    elif unit == "week":
        r = _week(published + dt.timedelta(days=7 * shift))
    elif unit == "weekend":
        r = _weekend(published, shift)
    elif unit == "month":
        r = _month(*_add_months(published.year, published.month, shift))
    elif unit == "year":
        r = _year(published.year + shift)
    else:
        raise _Invalid(f"unknown unit {unit!r}")
    return [_Piece(s.start, s.end, r)]


def _r_relative(s: _Slots, published: dt.date | None) -> list[_Piece]:
    if published is None:
        return [_Piece(s.start, s.end, None)]
    language = s.grammar.setting("dateparser", s.grammar.language)
    phrase = s.text_all[s.start : s.end]
    return [_Piece(s.start, s.end, _dateparser_range(phrase, published, language))]


def _r_ignore(s: _Slots, published: dt.date | None) -> list[_Piece]:
    return []


_RESOLVERS: dict[str, _Resolver] = {
    "date": _r_date,
    "date_pair": _r_date_pair,
    "weekday_day": _r_weekday_day,
    "month": _r_month,
    "year": _r_year,
    "year_pair": _r_year_pair,
    "relday": _r_relday,
    "today": _r_today,
    "weekday": _r_weekday,
    "unit": _r_unit,
    "relative": _r_relative,
    "ignore": _r_ignore,
}


# --- finding ---------------------------------------------------------------------------------


@functools.cache
def _grammar_or_none(language: str) -> TimeGrammar | None:
    """The grammar, or None (logged once per language) when the language has no time.tsv."""
    try:
        grammar = load_grammar(language)
    except UnsupportedLanguageError as exc:
        log.warning("time expressions not found: %s", exc)
        return None
    unknown = sorted({r.meaning for r in grammar.rules} - set(_RESOLVERS))
    if unknown:
        raise ValueError(f"time.tsv ({grammar.language}): unknown rule meanings {unknown}")
    return grammar


def _candidates(text: str, grammar: TimeGrammar, published: dt.date | None) -> list[_Candidate]:
    found: list[_Candidate] = []
    for order, rule in grammar.rules_for(text):
        resolver = _RESOLVERS[rule.meaning]
        for match in rule.regex.finditer(text):
            slots = _Slots(match, rule, grammar, text)
            try:
                pieces = resolver(slots, published)
            except _Invalid:
                continue
            has_part = slots.has("part")
            if has_part:
                part = slots.value("part")
                pieces = [
                    replace(p, range=_narrow(p.range, part, published)) if p.range else p
                    for p in pieces
                ]
            weekday = None
            if rule.meaning == "weekday" and not slots.has("shift"):
                weekday = int(slots.value("weekday"))
            found.append(
                _Candidate(
                    slots.start,
                    slots.end,
                    order,
                    tuple(pieces),
                    rule.meaning == "ignore",
                    has_part,
                    weekday,
                )
            )
    return found


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then the earlier rule, then the leftmost; no two chosen overlap."""
    chosen: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.order, c.start)):
        if all(c.end <= k.start or k.end <= c.start for k in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _widen_with_part(
    c: _Candidate, text: str, floor: int, grammar: TimeGrammar, published: dt.date | None
) -> _Candidate:
    """Take in a part word before a mention: "fin de" + "l'année dernière", "earlier this month".

    The span widens to the part word and the range narrows to that part.
    """
    if grammar.part_prefix is None or c.has_part or len(c.pieces) != 1:
        return c
    piece = c.pieces[0]
    if piece.range is None or piece.range.precision == "day":
        return c
    lo = max(floor, c.start - 40)
    m = grammar.part_prefix.search(text, lo, c.start)
    if m is None:
        return c
    part = grammar.lookup("part", m.group("part"))
    if part is None:
        return c
    widened = _Piece(m.start(), piece.end, _narrow(piece.range, part, published))
    return replace(c, start=m.start(), pieces=(widened,), has_part=True)


def _follow_announced(c: _Candidate, announced: list[dt.date], published: dt.date) -> _Candidate:
    """A bare weekday after an announced date: "rouvrira lundi 6 septembre … ce même lundi".

    Only dates in the coming week count: a journalist writes out a past date precisely when it
    is more than a week old, so a bare weekday after it still means the one just past.
    """
    for d in reversed(announced):
        if d.isoweekday() == c.weekday and 0 < (d - published).days <= 7:
            pieces = tuple(replace(p, range=_day(d)) for p in c.pieces)
            return replace(c, pieces=pieces)
    return c


def _scan(
    text: str, grammar: TimeGrammar, published: dt.date | None
) -> tuple[list[TimeMention], bool]:
    """The mentions of `text`, and whether a set or duration was matched (and dropped)."""
    folded = normalise_text(text)
    mentions: list[TimeMention] = []
    announced: list[dt.date] = []
    dropped = False
    floor = 0
    for c in _select(_candidates(folded, grammar, published)):
        dropped = dropped or c.ignore
        if not c.ignore:
            c = _widen_with_part(c, folded, floor, grammar, published)
            if c.weekday is not None and published is not None:
                c = _follow_announced(c, announced, published)
            for p in c.pieces:
                words = text[p.start : p.end]
                r = replace(p.range, text=words) if p.range else None
                if r is not None and r.precision == "day" and c.weekday is None:
                    announced.append(r.start)
                mentions.append(
                    TimeMention(p.start, p.end, words, r, range_to_value(r) if r else None)
                )
        floor = c.end
    return mentions, dropped


def find_times(text: str, published: dt.date | None, language: str = "fr") -> list[TimeMention]:
    """Every time expression of `text`, with character offsets, resolved against `published`.

    With `published` None only absolute expressions ("7 octobre 2015", "en 2014") get a range;
    relative ones are reported with range and value None. Sets ("chaque mercredi") and
    durations ("pendant trois jours") are not reported. A language without a
    `lang/<code>/time.tsv` gives an empty list (and one logged warning).
    """
    grammar = _grammar_or_none(language)
    if grammar is None or not text:
        return []
    return _scan(text, grammar, published)[0]


def resolve_time(phrase: str, published: dt.date | None, language: str = "fr") -> DateRange | None:
    """The range of one time phrase ("mercredi dernier", "7 octobre 2015"), or None.

    The grammar is tried first; a phrase it does not know is handed to dateparser, and then,
    without a publication date, kept only if its reading does not depend on the date it is
    read from (an absolute date).
    """
    grammar = _grammar_or_none(language)
    if grammar is None or not phrase.strip():
        return None
    mentions, dropped = _scan(phrase, grammar, published)
    if mentions:
        best = max(mentions, key=lambda m: m.end - m.start)
        return best.range
    if dropped:  # a set or a duration: not a date, whatever dateparser would make of it
        return None
    dp_language = grammar.setting("dateparser", grammar.language)
    if published is not None:
        r = _dateparser_range(phrase, published, dp_language)
    else:
        # Read from two far-apart dates: an absolute phrase gives the same range from both.
        r = _dateparser_range(phrase, dt.date(2001, 3, 14), dp_language)
        if r != _dateparser_range(phrase, dt.date(2011, 9, 21), dp_language):
            return None
    return replace(r, text=phrase.strip()) if r else None
