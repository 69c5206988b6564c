"""A small offline gazetteer: countries, first-level divisions and cities by name.

`Gazetteer().lookup("Idleb", "fr")` → ranked `Place`s. See README.md for the data files,
their sources and licences.
"""

from chronique.gazetteer.index import KINDS, Entry, Gazetteer, Kind, default_gazetteer
from chronique.gazetteer.normalize import fold, name_key

__all__ = ["KINDS", "Entry", "Gazetteer", "Kind", "default_gazetteer", "fold", "name_key"]
