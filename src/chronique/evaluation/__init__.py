"""Scoring against gold annotations, exactly as /shared/GOLD.md describes.

A pure library: it reads gold and prediction JSON and never runs the pipeline, so the
scores do not depend on spaCy or on any stage's internals.

- `gold`: `GoldDocument`, `load_gold`;
- `events`: event matching (exact one-to-one assignment) and argument checks;
- `spans`: places, times and actor phrases;
- `scores`: `score`, `format_table`;
- `predictions`: reading and writing prediction files.
"""

from chronique.evaluation.events import (
    ArgumentChecks,
    EventAlignment,
    EventPair,
    align_events,
    argument_checks,
    attribution_matches,
    is_full,
)
from chronique.evaluation.gold import GoldDocument, load_gold
from chronique.evaluation.predictions import prediction_line, read_predictions, write_predictions
from chronique.evaluation.scores import format_table, score

__all__ = [
    "ArgumentChecks",
    "EventAlignment",
    "EventPair",
    "GoldDocument",
    "align_events",
    "argument_checks",
    "attribution_matches",
    "format_table",
    "is_full",
    "load_gold",
    "prediction_line",
    "read_predictions",
    "score",
    "write_predictions",
]
