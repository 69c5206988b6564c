"""`score`: every measure of GOLD.md over a gold set, and `format_table` to print it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from chronique.evaluation.common import as_list, as_mapping
from chronique.evaluation.events import EventScores, align_events
from chronique.evaluation.gold import GoldDocument
from chronique.evaluation.incidents import IncidentScores
from chronique.evaluation.spans import ActorScores, PlaceScores, TimeScores

SECTIONS = ("events", "non_political", "places", "times", "actors")


def predicted_list(prediction: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """A predicted list of objects; an absent or null list is an empty prediction."""
    return [as_mapping(entry) for entry in as_list(prediction.get(key))]


def score(
    gold: Sequence[GoldDocument], predictions: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """Score predictions (keyed by gold document id, in the gold format) against gold.

    The result has `documents` and one section per list that at least one gold document
    annotates, in the shape GOLD.md shows. A document without a prediction counts as
    one that predicted nothing; predictions for ids absent from the gold are ignored.
    Scores are unrounded floats, or None when there was nothing to measure.
    """
    events = EventScores()
    places = PlaceScores()
    times = TimeScores()
    actors = ActorScores()
    incidents = IncidentScores()
    present: set[str] = set()
    for document in gold:
        prediction = as_mapping(predictions.get(document.id))
        # Absent list = not annotated: that part of the prediction is not scored at all.
        if document.events is not None:
            present.add("events")
            events.add(
                align_events(document.text, document.events, predicted_list(prediction, "events"))
            )
        if document.non_political:
            present.add("non_political")
            incidents.add(
                document.text, document.non_political, predicted_list(prediction, "events")
            )
        if document.places is not None:
            present.add("places")
            places.add(
                document.places, predicted_list(prediction, "places"), document.places_optional
            )
        if document.times is not None:
            present.add("times")
            times.add(document.times, predicted_list(prediction, "times"), document.times_excluded)
        if document.actors is not None:
            present.add("actors")
            actors.add(document.actors, predicted_list(prediction, "actors"))
    result: dict[str, Any] = {"documents": len(gold)}
    sections: dict[str, EventScores | IncidentScores | PlaceScores | TimeScores | ActorScores] = {
        "events": events,
        "non_political": incidents,
        "places": places,
        "times": times,
        "actors": actors,
    }
    for name in SECTIONS:
        if name in present:
            result[name] = sections[name].as_dict()
    return result


_INTEGER_KEYS = frozenset({"tp", "fp", "fn", "incidents", "coded"})


def _cell(key: str, value: object) -> str:
    if value is None:
        return "-"  # nothing to measure (GOLD.md: null)
    if key in _INTEGER_KEYS or isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def format_table(result: Mapping[str, Any]) -> str:
    """The result of `score` as a plain-text table, one block per scored section."""
    lines = [f"documents  {result.get('documents', 0)}"]
    for name in SECTIONS:
        section = result.get(name)
        if not isinstance(section, Mapping):
            continue
        width = max(len(str(key)) for key in section) if section else 0
        lines.append("")
        lines.append(name)
        lines.append("-" * max(len(name), width + 10))
        for key, value in section.items():
            lines.append(f"  {key:<{width}}  {_cell(key, value):>6}")
    return "\n".join(lines) + "\n"
