"""Keep what a worker loaded once out of the garbage collector's way.

A loaded language (the spaCy model's lemma tables, the gazetteer's indexes) is half a million
Python containers that live as long as the process. Every full collection walks them all: a
quarter of a second each, several times a minute while coding, for nothing. `gc.freeze()`
moves the objects alive now into a generation the collector never walks.

It is process-wide, so only the owner of a process calls it, once its pipeline is loaded:
`chronique run` and the worker processes of `--workers`, never library code (a program
embedding Chronique decides for itself).
"""

from __future__ import annotations

import gc


def freeze_loaded() -> None:
    """Collect what is garbage now, then exempt every object still alive from later
    collections (they are still freed normally when nothing refers to them)."""
    gc.collect()
    gc.freeze()
