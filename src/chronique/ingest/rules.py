"""Load the cleaner's data file, boilerplate.tsv, into compiled rules.

The phrases and patterns are data so that a new site's footer or a new agency is a line in
a TSV file, reviewed like any other data, not a code change.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

RULES_PATH = Path(__file__).with_name("boilerplate.tsv")
AGENCY_PLACEHOLDER = "{agency}"
KINDS = frozenset(
    {"agency", "credit", "footer", "footer_re", "signature", "signature_end", "dateline"}
)
# Characters ignored at the end of a footer phrase line ("Lire aussi :", "Partager ›").
_FOOTER_TRAILING = " :.›»>|-–—"


@dataclass(frozen=True, slots=True)
class Agency:
    """A news agency: the name stored in Document.agency and every spelling that means it."""

    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rules:
    """Compiled boilerplate rules; see boilerplate.tsv for what each kind means."""

    agencies: tuple[Agency, ...]
    credit: tuple[re.Pattern[str], ...]
    footer_phrases: frozenset[str]
    footer: tuple[re.Pattern[str], ...]
    signature: tuple[re.Pattern[str], ...]
    signature_end: tuple[re.Pattern[str], ...]
    dateline: tuple[re.Pattern[str], ...]
    agency_pattern: re.Pattern[str]

    def canonical_agency(self, name: str) -> str | None:
        """The canonical name of an agency spelled `name` ("ats" → "ATS"), else None."""
        key = " ".join(name.split()).casefold()
        for agency in self.agencies:
            if any(alias.casefold() == key for alias in agency.aliases):
                return agency.name
        return None

    def agencies_in(self, text: str) -> list[tuple[int, str]]:
        """(offset, canonical name) of each agency spelled in `text`, in text order."""
        found: list[tuple[int, str]] = []
        for match in self.agency_pattern.finditer(text):
            name = self.canonical_agency(match.group(0))
            if name is not None:
                found.append((match.start(), name))
        return found

    def is_footer_phrase(self, line: str) -> bool:
        return footer_key(line) in self.footer_phrases


def footer_key(line: str) -> str:
    """How footer phrases are compared: case-folded, one space, straight apostrophes."""
    text = " ".join(line.replace("’", "'").split()).casefold()
    return text.rstrip(_FOOTER_TRAILING)


def _agency_regex(aliases: Iterable[str]) -> str:
    # Longest first so that "Keystone-ATS" wins over "ATS"; the lookarounds keep "AP" from
    # matching inside "APA" or "cap".
    ordered = sorted(set(aliases), key=len, reverse=True)
    body = "|".join(re.escape(alias).replace(r"\ ", r"\s+") for alias in ordered)
    return rf"(?<!\w)(?:{body})(?!\w)"


def _read_rows(path: Path) -> list[tuple[int, str, str, str]]:
    rows: list[tuple[int, str, str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for number, row in enumerate(reader, start=1):
            if not row or not row[0].strip() or row[0].startswith("#") or row[0] == "kind":
                continue
            if len(row) < 3:
                raise ValueError(f"{path}:{number}: expected kind, pattern, language, comment")
            kind, pattern, language = row[0].strip(), row[1], row[2].strip()
            if kind not in KINDS:
                raise ValueError(f"{path}:{number}: unknown kind {kind!r}")
            rows.append((number, kind, pattern, language))
    return rows


@functools.cache
def load_rules(path: Path = RULES_PATH) -> Rules:
    """Read and compile a boilerplate TSV (cached: the cleaner runs once per document)."""
    rows = _read_rows(path)
    agencies = tuple(
        Agency(name=aliases[0], aliases=aliases)
        for aliases in (
            tuple(a.strip() for a in pattern.split("|") if a.strip())
            for _, kind, pattern, _ in rows
            if kind == "agency"
        )
        if aliases
    )
    agency_regex = _agency_regex(alias for agency in agencies for alias in agency.aliases)
    compiled: dict[str, list[re.Pattern[str]]] = {kind: [] for kind in KINDS}
    phrases: set[str] = set()
    for number, kind, pattern, _language in rows:
        if kind == "agency":
            continue
        if kind == "footer":
            phrases.add(footer_key(pattern))
            continue
        try:
            compiled[kind].append(
                re.compile(pattern.replace(AGENCY_PLACEHOLDER, agency_regex), re.IGNORECASE)
            )
        except re.error as error:
            raise ValueError(f"{path}:{number}: bad regex: {error}") from error
    return Rules(
        agencies=agencies,
        credit=tuple(compiled["credit"]),
        footer_phrases=frozenset(phrases),
        footer=tuple(compiled["footer_re"]),
        signature=tuple(compiled["signature"]),
        signature_end=tuple(compiled["signature_end"]),
        dateline=tuple(compiled["dateline"]),
        agency_pattern=re.compile(agency_regex, re.IGNORECASE),
    )
