"""Prediction files: the gold format plus sentence offsets (GOLD.md, `--predictions`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from chronique.evaluation.gold import GoldDocument
from chronique.evaluation.scores import SECTIONS
from chronique.records import to_jsonable


def prediction_line(document: GoldDocument, prediction: Mapping[str, Any] | None) -> dict[str, Any]:
    """One JSONL object: the gold document's identity and metadata, then what was predicted.

    Lists the system did not produce are left out rather than written as `[]`, so the
    file says "not predicted" and "predicted nothing" differently, as the gold does.
    Records (dataclasses, dates) inside the prediction are turned into plain JSON.
    """
    line: dict[str, Any] = {
        "id": document.id,
        "language": document.language,
        "published": document.published.isoformat() if document.published else None,
        "agency": document.agency,
        "publisher": document.publisher,
    }
    for key in SECTIONS:
        if prediction is not None and key in prediction:
            line[key] = to_jsonable(prediction[key])
    return line


def write_predictions(
    path: Path, gold_docs: Iterable[GoldDocument], predictions: Mapping[str, Mapping[str, Any]]
) -> None:
    """Write one line per gold document, in gold order, with its prediction (if any)."""
    with Path(path).open("w", encoding="utf-8", newline="\n") as handle:
        for document in gold_docs:
            line = prediction_line(document, predictions.get(document.id))
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def read_predictions(path: Path) -> dict[str, dict[str, Any]]:
    """Read a predictions JSONL file into {document id: prediction object}."""
    predictions: dict[str, dict[str, Any]] = {}
    with Path(path).open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON ({error})") from error
            doc_id = line.get("id") if isinstance(line, dict) else None
            if not isinstance(doc_id, str):
                raise ValueError(f"{path}:{number}: a prediction line needs a string 'id'")
            if doc_id in predictions:
                raise ValueError(f"{path}:{number}: duplicate document id {doc_id!r}")
            predictions[doc_id] = line
    return predictions
