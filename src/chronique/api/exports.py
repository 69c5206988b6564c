"""Export routes: the filtered events as a file, in any format of `chronique.export`."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse

from chronique.api.routes import Filters, state_of
from chronique.export import FORMATS, export_events

router = APIRouter(prefix="/api")
# Exports past this size are spooled to a temporary file rather than kept in memory.
_SPOOL_BYTES = 16 * 1024 * 1024
_CHUNK = 64 * 1024


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    try:
        handle.seek(0)
        while chunk := handle.read(_CHUNK):
            yield chunk
    finally:
        handle.close()


@router.get(
    "/export.{fmt}",
    tags=["exports"],
    response_class=StreamingResponse,
    responses={200: {"content": {f.media_type: {} for f in FORMATS.values()}}},
)
def export(request: Request, fmt: str, query: Filters) -> StreamingResponse:
    """Every event that passes the filters (no paging), as a file: `plover` (POLECAT-style
    JSONL), `acled` (ACLED-style CSV), `cameo` (TSV), `geojson`, `parquet`."""
    found = FORMATS.get(fmt)
    if found is None:
        raise HTTPException(404, f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
    # The file is written whole while the store is open, then sent: a client reading slowly
    # does not hold a database connection, and a failure is an error status, not a cut file.
    handle = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 (closed by _chunks)
    try:
        with state_of(request).store() as store:
            rows = export_events(store.events(query.filter), fmt, handle)
    except BaseException:
        handle.close()
        raise
    filename = f"chronique-events{found.suffix}"
    return StreamingResponse(
        _chunks(handle),
        media_type=found.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Chronique-Rows": str(rows),
        },
    )
