"""What a writer needs besides the events: the moment of export and the batch size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Options shared by the writers.

    `exported_at` stamps the records (ACLED's `timestamp`, PLOVER's `coded_date`): the store
    keeps no modification time per event, so the export's own time is the honest one. Give a
    fixed value for byte-identical exports.
    """

    exported_at: dt.datetime = field(default_factory=_now)
    # Events per Parquet row group (and per batch converted to Arrow): memory stays bounded
    # by one batch whatever the export's size.
    batch_rows: int = 5000
