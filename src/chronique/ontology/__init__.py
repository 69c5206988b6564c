"""The PLOVER ontology as Chronique uses it, read from `plover.yaml`."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    definition: str
    modes: tuple[str, ...]
    needs_party: bool


@dataclass(frozen=True, slots=True)
class Cameo:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Ontology:
    types: dict[str, EventType]
    political_sectors: frozenset[str]
    cameo_table: dict[tuple[str, str], Cameo]
    civilian_violence: tuple[str, str, str] = ("ASSAULT", "PROTEST", "riot")
    framing_types: frozenset[str] = frozenset()
    physical_types: frozenset[str] = frozenset()

    def cameo(self, event_type: str, mode: str | None) -> Cameo | None:
        """The CAMEO code nearest to a PLOVER type and mode (the type's default otherwise)."""
        return self.cameo_table.get((event_type, mode or "*")) or self.cameo_table.get(
            (event_type, "*")
        )


@functools.lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    text = resources.files("chronique.ontology").joinpath("plover.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    types = {
        name: EventType(
            name, str(v["definition"]), tuple(v.get("modes", [])), bool(v["needs_party"])
        )
        for name, v in data["types"].items()
    }
    table: dict[tuple[str, str], Cameo] = {}
    rows = resources.files("chronique.ontology").joinpath("cameo.tsv").read_text("utf-8")
    for line in rows.splitlines():
        if not line.strip() or line.startswith(("#", "type\t")):
            continue
        event_type, mode, code, label = line.split("\t")
        table[(event_type, mode)] = Cameo(code, label)
    riot = data.get("civilian_violence", {})
    return Ontology(
        types=types,
        political_sectors=frozenset(data["political_sectors"]),
        cameo_table=table,
        framing_types=frozenset(data.get("framing_types", [])),
        physical_types=frozenset(data.get("physical_types", [])),
        civilian_violence=(
            str(riot.get("from", "ASSAULT")),
            str(riot.get("to", "PROTEST")),
            str(riot.get("mode", "riot")),
        ),
    )
