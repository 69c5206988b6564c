"""Many reports, one event: wire copies out, reports of one event across documents and
languages linked, analysts' merges and splits kept, sources counted once.

`Linker(store).link_documents(ids)` links newly stored documents (the pipeline calls it
after every stored batch); `Linker(store).relink()` links the whole store again;
`merge_events` / `split_event` record an analyst's decision; `nearby_events` answers
"what else happened here, then?". README.md beside this module tells the data files.
"""

from chronique.link.decisions import history, merge_events, split_event
from chronique.link.linker import Linker, LinkStats
from chronique.link.nearby import Nearby, nearby_events
from chronique.link.rules import LinkError

__all__ = [
    "LinkError",
    "LinkStats",
    "Linker",
    "Nearby",
    "history",
    "merge_events",
    "nearby_events",
    "split_event",
]
