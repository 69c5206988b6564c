"""Country names, demonyms and metonyms → ISO 3166-1 alpha-3 codes.

- `country_of_name("aux Etats-Unis", "fr")` → "USA": babel (CLDR) and pycountry names in the
  text's language, the team's aliases (`gazetteer/country_aliases.tsv`), with or without a
  leading preposition and article ("la Syrie", "de la Syrie", "en Syrie", "au Mali",
  "in the United States"), accents optional ("Etats-Unis"), typographic apostrophes
  ("Côte d’Ivoire"), case-sensitive acronyms ("USA", "RDC").
- `country_of_demonym("syriennes", "fr")` → "SYR" from `lang/<language>/demonyms.tsv`;
  `countries_of_demonym("russo-américaines", "fr")` → ("RUS", "USA") for compounds.
- `metonym("le Kremlin")` → ("RUS", "GOV") from `gazetteer/metonyms.tsv`: a capital or a
  seat standing for its state's institutions.

Tables load on first use, once per language; nothing is read at import time.
Use the shared instance `country_names()` rather than building new ones.
"""

from __future__ import annotations

import functools
import re
import threading

from chronique.gazetteer.countries import country_acronyms
from chronique.gazetteer.countries import country_names as _country_name_table
from chronique.gazetteer.normalize import fold, name_key, read_tsv

# Prepositions and articles that may precede a country name in running text. Applied to
# folded text (no accents: "à" is "a"). The elided forms ("d'", "l'") need no space.
_LEADING = {
    "fr": re.compile(
        r"^(?:(?:depuis|dans|vers|pour|sur|par|contre|avec|chez|entre|en|au|aux|a|de|du|des)"
        r"\s+|d')?(?:(?:la|le|les)\s+|l')?"
    ),
    "en": re.compile(
        r"^(?:(?:in|into|inside|within|from|of|to|at|on|across|throughout|over|against|for|"
        r"with|by|toward|towards)\s+)?(?:the\s+)?"
    ),
}
_POSSESSIVE = re.compile(r"'s?$")  # "Syria's", "the Philippines'"
_TRIM = " \t\n\"'«»“”()[],;:!?"
# English participles glued to a demonym or name: "Saudi-led", "US-backed", "Iran-allied".
# The country is the first part; the participle adds none.
_PARTICIPLES = frozenset(
    {
        "led",
        "backed",
        "based",
        "born",
        "owned",
        "made",
        "allied",
        "sponsored",
        "trained",
        "funded",
        "brokered",
        "controlled",
        "held",
        "run",
        "supported",
        "aligned",
    }
)


# Demonym answers kept per CountryNames: enough for a day's distinct words, bounded.
_ANSWERS_KEPT = 100_000


class CountryNames:
    """Country names, demonyms and metonyms of every language with data; see module doc."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._demonyms: dict[str, dict[str, str]] = {}
        self._metonyms: dict[str, tuple[str, str]] | None = None
        # Answers of `countries_of_demonym`: the geoparse asks it of every name, twice per
        # document (before and after the story's country is known).
        self._demonym_answers: dict[tuple[str, str], tuple[str, ...]] = {}

    # ------------------------------------------------------------------ names

    def country_of_name(self, text: str, language: str) -> str | None:
        """ISO alpha-3 code of a country named in `text` (the whole text is the name)."""
        raw = text.strip(_TRIM)
        if not raw:
            return None
        acronyms = country_acronyms()
        folded = fold(raw)
        candidates = [folded]
        stripped = self._strip_leading(folded, language)
        if stripped != folded:
            candidates.append(stripped)
        for candidate in list(candidates):
            if _POSSESSIVE.search(candidate):
                candidates.append(_POSSESSIVE.sub("", candidate))
        # Acronyms are case-sensitive: take the same number of trailing characters from the
        # raw text as the stripped candidate has ("aux USA" → "USA").
        for candidate in candidates:
            tail = raw[len(raw) - len(candidate) :] if len(candidate) <= len(raw) else raw
            code = acronyms.get(tail.replace(".", "").replace(" ", ""))
            if code is not None:
                return code
        tables = [_country_name_table(language)]
        if language != "en":
            # News quotes English names too ("Syria" in a French dispatch); the text's own
            # language has the last word where they disagree ("Congo").
            tables.append(_country_name_table("en"))
        for table in tables:
            for candidate in candidates:
                code = table.get(name_key(candidate))
                if code is not None:
                    return code
        return None

    @staticmethod
    def _strip_leading(folded: str, language: str) -> str:
        pattern = _LEADING.get(language)
        patterns = [pattern] if pattern is not None else list(_LEADING.values())
        for candidate in patterns:
            match = candidate.match(folded)
            if match and match.end() and match.end() < len(folded):
                return folded[match.end() :]
        return folded

    # ------------------------------------------------------------------ demonyms

    def _demonym_table(self, language: str) -> dict[str, str]:
        table = self._demonyms.get(language)
        if table is None:
            with self._lock:
                table = self._demonyms.get(language)
                if table is None:
                    table = {}
                    try:
                        # A language code is a path segment here: letters only, no "..".
                        rows = (
                            list(read_tsv("lang", language, "demonyms.tsv"))
                            if language.isalpha()
                            else []
                        )
                    except (FileNotFoundError, NotADirectoryError):
                        rows = []  # a language without a pack has no demonyms
                    for form, code in rows:
                        table[fold(form)] = code
                    self._demonyms[language] = table
        return table

    def country_of_demonym(self, form: str, language: str) -> str | None:
        """ISO alpha-3 code of a demonym ("syriennes", "Russian"), or None.

        A compound naming two countries ("russo-américaines") has no single country: None;
        see `countries_of_demonym`. A compound of one country ("Saudi-led") gives it.
        """
        countries = self.countries_of_demonym(form, language)
        return countries[0] if len(countries) == 1 else None

    def countries_of_demonym(self, form: str, language: str) -> tuple[str, ...]:
        """Every country of a demonym or compound: "russo-américaines" → ("RUS", "USA")."""
        answers = self._demonym_answers
        found = answers.get((form, language))
        if found is None:
            if len(answers) > _ANSWERS_KEPT:
                answers.clear()  # a bound for long runs; a dict insert is thread-safe
            found = answers[(form, language)] = self._countries_of_demonym(form, language)
        return found

    def _countries_of_demonym(self, form: str, language: str) -> tuple[str, ...]:
        key = fold(form.strip(_TRIM))
        if not key:
            return ()
        table = self._demonym_table(language)
        code = table.get(key)
        if code is not None:
            return (code,)
        if "-" not in key:
            return ()
        found: list[str] = []
        for part in key.split("-"):
            if not part:
                return ()
            if part in _PARTICIPLES and found:
                continue
            code = table.get(part)
            if code is None:
                # "US-led": the first part may be a country name or acronym.
                code = self.country_of_name(part.upper() if len(part) <= 3 else part, language)
            if code is None:
                # "pro-russes", "anti-américaine": a part that names no country makes the
                # compound something else than a demonym.
                return ()
            if code not in found:
                found.append(code)
        return tuple(found)

    # ------------------------------------------------------------------ metonyms

    def _metonym_table(self) -> dict[str, tuple[str, str]]:
        if self._metonyms is None:
            with self._lock:
                if self._metonyms is None:
                    self._metonyms = {
                        name_key(name): (country, sector)
                        for name, country, sector in read_tsv("gazetteer", "metonyms.tsv")
                    }
        return self._metonyms

    def metonym(self, name: str) -> tuple[str, str] | None:
        """(country, sector) when `name` is a capital or seat standing for a state
        ("Damas", "le Kremlin", "the Pentagon"), else None. Language-independent."""
        folded = fold(name.strip(_TRIM))
        if not folded:
            return None
        table = self._metonym_table()
        candidates = [folded] + [self._strip_leading(folded, lang) for lang in _LEADING]
        for candidate in candidates:
            found = table.get(name_key(candidate))
            if found is not None:
                return found
        return None


@functools.cache
def country_names() -> CountryNames:
    """The process-wide `CountryNames` (its tables load lazily, once per language)."""
    return CountryNames()
