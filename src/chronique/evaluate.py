"""The evaluation API in one import: `from chronique.evaluate import load_gold, score`.

The implementation lives in the `chronique.evaluation` package (one module per concern);
this module only re-exports its public names for the CLI and the pipeline.
"""

from chronique.evaluation import (
    ArgumentChecks,
    EventAlignment,
    EventPair,
    GoldDocument,
    align_events,
    argument_checks,
    attribution_matches,
    format_table,
    is_full,
    load_gold,
    prediction_line,
    read_predictions,
    score,
    write_predictions,
)

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
