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
class Ontology:
    types: dict[str, EventType]
    political_sectors: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    text = resources.files("chronique.ontology").joinpath("plover.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    types = {
        name: EventType(name, str(v["definition"]), tuple(v.get("modes", [])),
                        bool(v["needs_party"]))
        for name, v in data["types"].items()
    }
    return Ontology(types=types, political_sectors=frozenset(data["political_sectors"]))
