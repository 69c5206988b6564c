"""The gazetteer: countries, divisions, towns and sites by name, offline, in a SQLite store.

`Gazetteer().lookup("Idleb", "fr")` → ranked `Place`s. See README.md for the store, the data
it ships, what `chronique gazetteer load` adds, and the sources and licences.
"""

from chronique.gazetteer.index import (
    KINDS,
    Candidate,
    Context,
    Entry,
    Gazetteer,
    Kind,
    default_gazetteer,
    haversine_km,
    place_of,
)
from chronique.gazetteer.normalize import fold, name_key

__all__ = [
    "KINDS",
    "Candidate",
    "Context",
    "Entry",
    "Gazetteer",
    "Kind",
    "default_gazetteer",
    "fold",
    "haversine_km",
    "name_key",
    "place_of",
]
