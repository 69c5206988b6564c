"""The linker's data: type families, sector and modality groups, source aliases.

Read from `families.yaml` and `source_aliases.tsv` beside this module (README.md says where
they come from); nothing here is a threshold — those are settings (`link_*`, `wire_copy_*`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import yaml

from chronique.errors import ChroniqueError


class LinkError(ChroniqueError):
    """A link request that cannot be done (unknown event, nothing to split), or bad data."""


@dataclass(frozen=True, slots=True)
class LinkRules:
    family_of: Mapping[str, str]  # type → its family's name
    members: Mapping[str, tuple[str, ...]]  # family → its types
    sector_groups: Mapping[str, frozenset[str]]  # sector → every sector it may stand for
    modality_groups: Mapping[str, frozenset[str]]
    precision_rank: Mapping[str, int]  # finest first
    point_precisions: frozenset[str]
    aliases: Mapping[str, str]  # folded alias → canonical name
    disputing: frozenset[str]  # modalities of reports that say it did not happen

    def family(self, event_type: str) -> str:
        return self.family_of.get(event_type, event_type)

    def family_types(self, event_type: str) -> tuple[str, ...]:
        return self.members.get(self.family(event_type), (event_type,))

    def sectors_match(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None or a == b:
            return True
        return b in self.sector_groups.get(a, frozenset())

    def modalities_match(self, a: str, b: str) -> bool:
        return a == b or b in self.modality_groups.get(a, frozenset())

    def canonical_source(self, name: str) -> str:
        """The canonical name of an original source ("SOHR" → "OSDH"), else the name."""
        key = fold(name)
        found = self.aliases.get(key) or self.aliases.get(_ARTICLE.sub("", key))
        return found or name.strip()

    def source_key(self, name: str) -> str:
        """What makes two source names one source: the folded canonical name, without a
        leading article."""
        return _ARTICLE.sub("", fold(self.canonical_source(name)))


_NOT_WORD = re.compile(r"[\W_]+")
# A leading article, after folding: "l'OSDH", "the Pentagon", "les Casques blancs".
_ARTICLE = re.compile(r"^(?:l|le|la|les|the|un|une|a|an) ")


# Source names repeat across every report a linked event holds, and are counted again at
# each join: a pure function of a short string, remembered.
@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case, accents and punctuation folded away: "l'Observatoire" → "l observatoire"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", bare).strip()


def _groups(raw: object, what: str) -> dict[str, frozenset[str]]:
    if not isinstance(raw, dict):
        raise LinkError(f"families.yaml: '{what}' must map group names to lists")
    out: dict[str, set[str]] = {}
    for items in raw.values():
        for item in items:
            out.setdefault(str(item), set()).update(str(i) for i in items)
    return {k: frozenset(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def load_rules() -> LinkRules:
    here = resources.files("chronique.link")
    data = yaml.safe_load(here.joinpath("families.yaml").read_text("utf-8"))
    families: dict[str, tuple[str, ...]] = {
        str(name): tuple(str(t) for t in types) for name, types in data["families"].items()
    }
    family_of: dict[str, str] = {}
    for name, types in families.items():
        for event_type in types:
            if event_type in family_of:
                raise LinkError(f"families.yaml: {event_type} is in two families")
            family_of[event_type] = name
    aliases: dict[str, str] = {}
    for line in here.joinpath("source_aliases.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line == "alias\tcanonical":
            continue
        alias, canonical = line.split("\t")
        aliases[fold(alias)] = canonical.strip()
        aliases.setdefault(fold(canonical), canonical.strip())
    precisions = [str(p) for p in data["precisions"]]
    return LinkRules(
        family_of=family_of,
        members=families,
        sector_groups=_groups(data["sector_groups"], "sector_groups"),
        modality_groups=_groups(data["modality_groups"], "modality_groups"),
        precision_rank={p: i for i, p in enumerate(precisions)},
        point_precisions=frozenset(str(p) for p in data["point_precisions"]),
        aliases=aliases,
        disputing=frozenset(str(m) for m in data["disputing_modalities"]),
    )


def reference_sentences() -> dict[str, list[str]]:
    """The sentences whose mean embedding is taken away per language (evidence.py)."""
    text = resources.files("chronique.link").joinpath("reference_sentences.tsv").read_text("utf-8")
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line == "language\tsentence":
            continue
        language, sentence = line.split("\t")
        out.setdefault(language, []).append(sentence)
    return out
