"""Non-political incidents (GOLD.md `non_political`): how many the system left uncoded.

Accidents, fires, crime and weather are not PLOVER events. An incident counts as *coded*
when a predicted event's trigger overlaps one of the incident's mentions; the trigger is
located inside the prediction's sentence(s) by its text, since predictions carry the
trigger's words, not its offsets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from chronique.evaluation.common import as_list, as_mapping


@dataclass(slots=True)
class IncidentScores:
    incidents: int = 0
    coded: int = 0

    def add(
        self,
        text: str,
        incidents: Sequence[Mapping[str, Any]],
        predictions: Sequence[Mapping[str, Any]],
    ) -> None:
        spans = [_trigger_span(text, p) for p in predictions]
        found = [s for s in spans if s is not None]
        for incident in incidents:
            mentions = [as_mapping(m) for m in as_list(incident.get("mentions"))]
            self.incidents += 1
            if any(
                int(m["start"]) < end and start < int(m["end"])
                for m in mentions
                if "start" in m and "end" in m
                for start, end in found
            ):
                self.coded += 1

    def as_dict(self) -> dict[str, Any]:
        share = None if not self.incidents else (self.incidents - self.coded) / self.incidents
        return {"incidents": self.incidents, "coded": self.coded, "not_coded_share": share}


def _trigger_span(text: str, prediction: Mapping[str, Any]) -> tuple[int, int] | None:
    trigger = prediction.get("trigger")
    if isinstance(trigger, Mapping):
        trigger = trigger.get("text")
    if not isinstance(trigger, str) or not trigger:
        return None
    sentences = [as_mapping(s) for s in as_list(prediction.get("sentences"))]
    sentences.append(as_mapping(prediction.get("sentence")))
    for sentence in sentences:
        if "start" not in sentence or "end" not in sentence:
            continue
        start, end = int(sentence["start"]), int(sentence["end"])
        at = text[start:end].casefold().find(trigger.casefold())
        if at >= 0:
            return start + at, start + at + len(trigger)
    return None
