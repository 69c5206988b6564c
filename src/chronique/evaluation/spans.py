"""Scores of the span lists: `places`, `times` and `actors` (GOLD.md step 7)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from chronique.evaluation.common import (
    Counts,
    Ratio,
    as_mapping,
    code,
    fold,
    overlap,
    span_of,
)

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius, as geodesy libraries use
ACC161_KM = 161.0  # 100 miles: the "accuracy at 161 km" of Mordecai and CLIFF
_ACTOR_FIELDS = ("country", "sector")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _gold_span(entry: Mapping[str, Any], what: str) -> tuple[int, int]:
    offsets = span_of(entry)
    if offsets is None:
        raise ValueError(f"gold {what} entry {dict(entry)!r} needs integer 'start' < 'end'")
    return offsets


def match_by_overlap(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int] | None]
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), largest overlap first.

    Ties go to the earlier gold span, then the earlier prediction, so results do not
    depend on set or dict ordering.
    """
    candidates = sorted(
        (-shared, g, p)
        for g, gold_span in enumerate(gold)
        for p, span in enumerate(predicted)
        if span is not None and (shared := overlap(gold_span, span)) > 0
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, g, p in candidates:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return sorted(pairs)


def _detect(
    gold: Sequence[Mapping[str, Any]],
    predicted: Sequence[Mapping[str, Any]],
    exempt: Sequence[Mapping[str, Any]],
    what: str,
) -> tuple[Counts, list[tuple[int, int]]]:
    """Span detection counts; unmatched predictions over an exempt span are not wrong."""
    gold_spans = [_gold_span(g, what) for g in gold]
    predicted_spans = [span_of(p) for p in predicted]
    exempt_spans = [s for e in exempt if (s := span_of(e)) is not None]
    pairs = match_by_overlap(gold_spans, predicted_spans)
    matched = {p for _, p in pairs}
    fp = 0
    for p, span in enumerate(predicted_spans):
        if p in matched:
            continue
        if span is not None and any(overlap(span, e) > 0 for e in exempt_spans):
            continue
        fp += 1
    return Counts(tp=len(pairs), fp=fp, fn=len(gold) - len(pairs)), pairs


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _identifier(value: object) -> str | None:
    # GeoNames ids arrive as ints or strings ("2988507"); compare their text.
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


@dataclass(slots=True)
class PlaceScores:
    counts: Counts = field(default_factory=Counts)
    geonames: Ratio = field(default_factory=Ratio)
    acc161: Ratio = field(default_factory=Ratio)
    country: Ratio = field(default_factory=Ratio)

    def add(
        self,
        gold: Sequence[Mapping[str, Any]],
        predicted: Sequence[Mapping[str, Any]],
        optional: Sequence[Mapping[str, Any]],
    ) -> None:
        counts, pairs = _detect(gold, predicted, optional, "places")
        self.counts += counts
        for g, p in pairs:
            gold_place, place = gold[g], predicted[p]
            # A null gold field is one the annotator could not resolve: nothing to check.
            gold_id = _identifier(gold_place.get("geonames_id"))
            if gold_id is not None:
                self.geonames.add(_identifier(place.get("geonames_id")) == gold_id)
            gold_lat, gold_lon = _number(gold_place.get("lat")), _number(gold_place.get("lon"))
            if gold_lat is not None and gold_lon is not None:
                lat, lon = _number(place.get("lat")), _number(place.get("lon"))
                self.acc161.add(
                    lat is not None
                    and lon is not None
                    and haversine_km(gold_lat, gold_lon, lat, lon) <= ACC161_KM
                )
            gold_country = code(gold_place.get("country"))
            if gold_country is not None:
                self.country.add(code(place.get("country")) == gold_country)

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": self.counts.precision,
            "recall": self.counts.recall,
            "f1": self.counts.f1,
            "geonames_accuracy": self.geonames.value,
            "acc161": self.acc161.value,
            "country_accuracy": self.country.value,
        }


@dataclass(slots=True)
class TimeScores:
    counts: Counts = field(default_factory=Counts)
    value: Ratio = field(default_factory=Ratio)

    def add(
        self,
        gold: Sequence[Mapping[str, Any]],
        predicted: Sequence[Mapping[str, Any]],
        excluded: Sequence[Mapping[str, Any]],
    ) -> None:
        counts, pairs = _detect(gold, predicted, excluded, "times")
        self.counts += counts
        for g, p in pairs:
            gold_value = gold[g].get("value")
            if gold_value is None:
                continue
            value = predicted[p].get("value")
            self.value.add(isinstance(value, str) and value.strip() == str(gold_value).strip())

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": self.counts.precision,
            "recall": self.counts.recall,
            "f1": self.counts.f1,
            "value_accuracy": self.value.value,
        }


def scored_fields(gold_actor: Mapping[str, Any]) -> tuple[str, ...]:
    """Fields of a gold actor that are scored.

    By default the non-null ones. An `asserted` list overrides that: it names exactly the
    scored fields, so a null it names is asserted ("no country": the system must give
    none) and a value it leaves out is informative only.
    """
    asserted = gold_actor.get("asserted")
    if isinstance(asserted, (list, tuple)):
        return tuple(f for f in _ACTOR_FIELDS if f in asserted)
    return tuple(f for f in _ACTOR_FIELDS if gold_actor.get(f) is not None)


def match_actors(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]
) -> dict[int, int]:
    """Pair each gold actor phrase with at most one prediction (gold index → predicted).

    Offsets decide when both sides carry them (largest overlap first); otherwise the
    phrase text, case-folded. The `actors` task resolves given phrases, so the system
    returns the same phrases and either key identifies them.
    """
    candidates: list[tuple[int, int, int, int]] = []
    for g, gold_actor in enumerate(gold):
        gold_span = span_of(gold_actor)
        gold_text = gold_actor.get("text")
        for p, actor in enumerate(predicted):
            span = span_of(actor)
            if gold_span is not None and span is not None:
                shared = overlap(gold_span, span)
                if shared > 0:
                    candidates.append((-1, -shared, g, p))
            elif (
                isinstance(gold_text, str)
                and isinstance(actor.get("text"), str)
                and fold(gold_text) == fold(actor["text"])
            ):
                candidates.append((0, 0, g, p))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for *_, g, p in sorted(candidates):
        if g not in pairs and p not in used:
            pairs[g] = p
            used.add(p)
    return pairs


@dataclass(slots=True)
class ActorScores:
    country: Ratio = field(default_factory=Ratio)
    sector: Ratio = field(default_factory=Ratio)
    both: Ratio = field(default_factory=Ratio)

    def add(
        self, gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]
    ) -> None:
        pairs = match_actors(gold, predicted)
        ratios = {"country": self.country, "sector": self.sector}
        for g, gold_actor in enumerate(gold):
            # A phrase the system did not return gets every scored field wrong.
            actor = as_mapping(predicted[pairs[g]]) if g in pairs else None
            right = {
                name: actor is not None and code(actor.get(name)) == code(gold_actor.get(name))
                for name in _ACTOR_FIELDS
            }
            fields = scored_fields(gold_actor)
            for name in fields:
                ratios[name].add(right[name])
            # "both" is measured where both fields are scored; a country-only phrase counts
            # in country_accuracy alone rather than passing "both" on half a check.
            if len(fields) == len(_ACTOR_FIELDS):
                self.both.add(all(right.values()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "country_accuracy": self.country.value,
            "sector_accuracy": self.sector.value,
            "both_accuracy": self.both.value,
        }
