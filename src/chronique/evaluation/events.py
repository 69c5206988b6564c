"""Event scores: GOLD.md scoring steps 2 to 6.

Step 2 (matching) is solved exactly per document with a maximum-weight assignment; the
three criteria (required gold matched, all gold matched, argument agreement) are packed
into one integer weight per pair so that each criterion strictly dominates the next.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from chronique.evaluation.assignment import max_matching, max_weight_assignment
from chronique.evaluation.common import (
    Counts,
    Ratio,
    as_list,
    as_mapping,
    code,
    contains_tokens,
    fold,
    parse_date,
    span_of,
    tokens,
)

# Argument agreement is a mean in [0, 1]; it enters the integer weight at this resolution.
# Two matchings whose agreement sums differ by less than 1e-6 are equally good anyway.
_AGREEMENT_STEPS = 1_000_000
_SIZE_FIELDS = ("dead", "injured", "arrested")

ActorPair = tuple[str | None, str | None]


@dataclass(frozen=True, slots=True)
class PairCounts:
    """(country, sector) pairs of one role in one matched pair: found, extra, missed."""

    tp: int
    fp: int
    fn: int

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        # Both sides empty: the prediction agrees with the gold ("nobody").
        return 2 * self.tp / denominator if denominator else 1.0

    def as_counts(self) -> Counts:
        return Counts(self.tp, self.fp, self.fn)


@dataclass(frozen=True, slots=True)
class ArgumentChecks:
    """Step 5 checks of one (gold, prediction) pair; None where the gold does not annotate."""

    actors: PairCounts | None
    recipients: PairCounts | None
    place_country: bool | None
    date: bool | None
    modality: bool | None
    attribution: bool | None
    size: bool | None

    @property
    def agreement(self) -> float:
        """Mean of the annotated checks (step 2's third criterion); 0 when none is."""
        values: list[float] = [c.f1 for c in (self.actors, self.recipients) if c is not None]
        values += [
            float(ok)
            for ok in (self.place_country, self.date, self.modality, self.attribution, self.size)
            if ok is not None
        ]
        return sum(values) / len(values) if values else 0.0


@dataclass(frozen=True, slots=True)
class EventPair:
    """A gold event and the prediction matched to it."""

    gold: int
    prediction: int
    optional: bool
    checks: ArgumentChecks
    full: bool


@dataclass(frozen=True, slots=True)
class EventAlignment:
    """The matching of one document: indices into its gold and predicted event lists."""

    pairs: tuple[EventPair, ...]
    false_positives: tuple[int, ...]
    missed: tuple[int, ...]
    missed_optional: tuple[int, ...]

    @property
    def counts(self) -> Counts:
        tp = sum(1 for pair in self.pairs if not pair.optional)
        return Counts(tp=tp, fp=len(self.false_positives), fn=len(self.missed))


def align_events(
    text: str, gold_events: Sequence[Mapping[str, Any]], predictions: Sequence[Mapping[str, Any]]
) -> EventAlignment:
    """Match one document's predicted events to its gold events (GOLD.md steps 2–3)."""
    sentences = [_sentence_texts(text, p) for p in predictions]
    triggers = [_trigger(g) for g in gold_events]
    pairs: list[EventPair] = []
    types = {t for g in gold_events if (t := _type(g)) is not None}
    # Only same-type pairs can match, so each type is an independent assignment problem.
    for event_type in sorted(types):
        gold_ids = [i for i, g in enumerate(gold_events) if _type(g) == event_type]
        pred_ids = [j for j, p in enumerate(predictions) if _type(p) == event_type]
        if not pred_ids:
            continue
        checks: dict[tuple[int, int], ArgumentChecks] = {}
        for i in gold_ids:
            for j in pred_ids:
                if _trigger_in(triggers[i], sentences[j]):
                    checks[i, j] = argument_checks(gold_events[i], predictions[j])
        if not checks:
            continue
        # Lexicographic weights: one more required match outweighs any number of optional
        # matches, which outweigh any agreement total (n pairs at most in one matching).
        n = min(len(gold_ids), len(pred_ids))
        match_weight = n * _AGREEMENT_STEPS + 1
        required_weight = n * (match_weight + _AGREEMENT_STEPS) + 1
        weights = [
            [
                _pair_weight(
                    checks.get((i, j)),
                    required=not _optional(gold_events[i]),
                    match_weight=match_weight,
                    required_weight=required_weight,
                )
                for j in pred_ids
            ]
            for i in gold_ids
        ]
        for row, col in max_weight_assignment(weights):
            i, j = gold_ids[row], pred_ids[col]
            pairs.append(
                EventPair(
                    gold=i,
                    prediction=j,
                    optional=_optional(gold_events[i]),
                    checks=checks[i, j],
                    full=is_full(gold_events[i], predictions[j]),
                )
            )
    pairs.sort(key=lambda pair: pair.gold)
    matched_gold = {pair.gold for pair in pairs}
    matched_pred = {pair.prediction for pair in pairs}
    unmatched_gold = [i for i in range(len(gold_events)) if i not in matched_gold]
    return EventAlignment(
        pairs=tuple(pairs),
        # Every unmatched prediction is wrong, including one that codes a `non_political`
        # incident: those incidents are never gold events, so nothing can absorb it.
        false_positives=tuple(j for j in range(len(predictions)) if j not in matched_pred),
        missed=tuple(i for i in unmatched_gold if not _optional(gold_events[i])),
        missed_optional=tuple(i for i in unmatched_gold if _optional(gold_events[i])),
    )


def _pair_weight(
    checks: ArgumentChecks | None, *, required: bool, match_weight: int, required_weight: int
) -> int:
    if checks is None:
        return 0
    agreement = round(checks.agreement * _AGREEMENT_STEPS)
    return (required_weight if required else 0) + match_weight + agreement


def _type(event: Mapping[str, Any]) -> str | None:
    return code(event.get("type"))


def _optional(event: Mapping[str, Any]) -> bool:
    return bool(event.get("optional"))


def _trigger(event: Mapping[str, Any]) -> str | None:
    trigger = event.get("trigger")
    # A trigger given as a span object (as records.EventReport serialises it) has `text`.
    if isinstance(trigger, Mapping):
        trigger = trigger.get("text")
    if not isinstance(trigger, str) or not fold(trigger):
        return None
    return fold(trigger)


def _sentence_texts(text: str, prediction: Mapping[str, Any]) -> list[str]:
    """Folded text of every sentence a prediction came from (`sentence` and `sentences`)."""
    spans = [prediction.get("sentence"), *as_list(prediction.get("sentences"))]
    found: list[str] = []
    for entry in spans:
        entry = as_mapping(entry)
        offsets = span_of(entry)
        if offsets is not None:
            found.append(fold(text[offsets[0] : offsets[1]]))
        elif isinstance(entry.get("text"), str):
            # No offsets: fall back on the sentence text the prediction carries.
            found.append(fold(entry["text"]))
    return found


def _trigger_in(trigger: str | None, sentences: Sequence[str]) -> bool:
    if trigger is None:
        return True
    return any(trigger in sentence for sentence in sentences)


def argument_checks(gold: Mapping[str, Any], prediction: Mapping[str, Any]) -> ArgumentChecks:
    """Every step-5 check of a pair; a check is None when the gold key is absent."""
    return ArgumentChecks(
        actors=_role_counts(gold, prediction, "actors"),
        recipients=_role_counts(gold, prediction, "recipients"),
        place_country=_place_country(gold, prediction),
        date=_date(gold, prediction),
        modality=_modality(gold, prediction),
        attribution=_attribution(gold, prediction),
        size=_size(gold, prediction),
    )


def _actor_pairs(actors: object) -> set[ActorPair]:
    return {
        (code(as_mapping(a).get("country")), code(as_mapping(a).get("sector")))
        for a in as_list(actors)
    }


def _role_counts(
    gold: Mapping[str, Any], prediction: Mapping[str, Any], role: str
) -> PairCounts | None:
    """Distinct (country, sector) pairs of a role; a null gold field accepts any value.

    Pairs are compared as sets: two phrases for the same party ("la Russie", "Moscou")
    are one party, and a system that names it twice should not lose precision for it.
    Null gold fields follow GOLD.md's rule for actor lists (a null field is not scored),
    which is what the sources mean by it (PETRARCH actors without a sector, POPCORN
    initiators whose nationality is not given).
    """
    if role not in gold:
        return None
    gold_pairs = sorted(_actor_pairs(gold[role]), key=str)
    predicted = sorted(_actor_pairs(prediction.get(role)), key=str)
    compatible = [
        [(gc is None or gc == pc) and (gs is None or gs == ps) for pc, ps in predicted]
        for gc, gs in gold_pairs
    ]
    tp = max_matching(compatible) if gold_pairs and predicted else 0
    return PairCounts(tp=tp, fp=len(predicted) - tp, fn=len(gold_pairs) - tp)


def _place_country(gold: Mapping[str, Any], prediction: Mapping[str, Any]) -> bool | None:
    if "place" not in gold:
        return None
    gold_place = gold["place"]
    if isinstance(gold_place, Mapping):
        gold_country = code(gold_place.get("country"))
        if gold_country is None:
            return None  # a place whose country the annotator could not tell
    else:
        gold_country = None  # `place: null`: no place, so no country is the right answer
    return code(as_mapping(prediction.get("place")).get("country")) == gold_country


def _date(gold: Mapping[str, Any], prediction: Mapping[str, Any]) -> bool | None:
    if "date" not in gold:
        return None
    predicted = prediction.get("date")
    if gold["date"] is None:
        return predicted is None or predicted == {}
    gold_date = as_mapping(gold["date"])
    gold_start, gold_end = parse_date(gold_date.get("start")), parse_date(gold_date.get("end"))
    if gold_start is None or gold_end is None:
        raise ValueError(f"gold date {gold_date!r} needs ISO 'start' and 'end'")
    predicted = as_mapping(predicted)
    start, end = parse_date(predicted.get("start")), parse_date(predicted.get("end"))
    if start is None or end is None:
        return False
    same_precision = code(predicted.get("precision")) == code(gold_date.get("precision"))
    return same_precision and gold_start <= start <= end <= gold_end


def _modality(gold: Mapping[str, Any], prediction: Mapping[str, Any]) -> bool | None:
    if "modality" not in gold:
        return None
    return code(prediction.get("modality")) == code(gold["modality"])


def _source(entry: object) -> tuple[str, str]:
    """(text, name) of one attribution link; a bare string stands for both."""
    if isinstance(entry, str):
        return entry, entry
    mapping = as_mapping(entry)
    text, name = mapping.get("text"), mapping.get("name")
    return (text if isinstance(text, str) else ""), (name if isinstance(name, str) else "")


def attribution_matches(gold_source: object, predicted_source: object) -> bool:
    """Does a predicted original source agree with the gold one (GOLD.md step 5)?

    Same `name` (case-folded, whitespace collapsed, apostrophes folded), or overlapping
    `text`: one text's word tokens are a contiguous run of the other's. Token boundaries
    keep a stray short word from matching inside a longer one; the "either way" lets a
    system that kept the bare name ("l'OSDH") match the gold's full phrase and vice versa.
    """
    gold_text, gold_name = _source(gold_source)
    text, name = _source(predicted_source)
    if gold_name and name and tokens(gold_name) == tokens(name) and tokens(name):
        return True
    gold_tokens, predicted_tokens = tokens(gold_text), tokens(text)
    return contains_tokens(gold_tokens, predicted_tokens) or contains_tokens(
        predicted_tokens, gold_tokens
    )


def _attribution(gold: Mapping[str, Any], prediction: Mapping[str, Any]) -> bool | None:
    if "attribution" not in gold:
        return None
    gold_chain = as_list(gold["attribution"])
    predicted_chain = as_list(prediction.get("attribution"))
    if not gold_chain:
        return not predicted_chain  # told as fact by the writer: the system must not invent one
    return bool(predicted_chain) and attribution_matches(gold_chain[0], predicted_chain[0])


def _figures(size: object) -> dict[str, int]:
    figures: dict[str, int] = {}
    for key in _SIZE_FIELDS:
        value = as_mapping(size).get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            figures[key] = int(value)
    return figures


def _size(gold: Mapping[str, Any], prediction: Mapping[str, Any]) -> bool | None:
    if "size" not in gold:
        return None
    return _figures(prediction.get("size")) == _figures(gold["size"])


def _countries(actors: object) -> set[str]:
    return {c for a in as_list(actors) if (c := code(as_mapping(a).get("country")))}


def is_full(gold: Mapping[str, Any], prediction: Mapping[str, Any]) -> bool:
    """Step 6: the prediction has every gold actor country and the first recipient's."""
    gold_actors = as_list(gold.get("actors"))
    gold_recipients = as_list(gold.get("recipients"))
    predicted_actors = _countries(prediction.get("actors"))
    predicted_recipients = _countries(prediction.get("recipients"))
    # Reciprocal: the gold *annotates* recipients as none and lists several parties. An
    # absent `recipients` key says nothing about roles, so it does not make an event
    # reciprocal (POPCORN lists initiators only, never who they acted on).
    if "recipients" in gold and not gold_recipients and len(gold_actors) >= 2:
        return _countries(gold_actors) <= predicted_actors | predicted_recipients
    if not _countries(gold_actors) <= predicted_actors:
        return False
    if gold_recipients:
        first = code(as_mapping(gold_recipients[0]).get("country"))
        return first is None or first in predicted_recipients
    return True


@dataclass(slots=True)
class EventScores:
    """Event scores pooled over documents (steps 4–6)."""

    counts: Counts = field(default_factory=Counts)
    full: int = 0
    actors: Counts = field(default_factory=Counts)
    recipients: Counts = field(default_factory=Counts)
    place_country: Ratio = field(default_factory=Ratio)
    date: Ratio = field(default_factory=Ratio)
    modality: Ratio = field(default_factory=Ratio)
    attribution: Ratio = field(default_factory=Ratio)
    size: Ratio = field(default_factory=Ratio)

    def add(self, alignment: EventAlignment) -> None:
        self.counts += alignment.counts
        for pair in alignment.pairs:
            if pair.optional:
                continue  # step 3: a match with an optional event enters no score
            self.full += int(pair.full)
            checks = pair.checks
            if checks.actors is not None:
                self.actors += checks.actors.as_counts()
            if checks.recipients is not None:
                self.recipients += checks.recipients.as_counts()
            for ratio, ok in (
                (self.place_country, checks.place_country),
                (self.date, checks.date),
                (self.modality, checks.modality),
                (self.attribution, checks.attribution),
                (self.size, checks.size),
            ):
                if ok is not None:
                    ratio.add(ok)

    def as_dict(self) -> dict[str, Any]:
        counts = self.counts
        denominator = 2 * counts.tp + counts.fp + counts.fn
        return {
            "tp": counts.tp,
            "fp": counts.fp,
            "fn": counts.fn,
            "precision": counts.precision,
            "recall": counts.recall,
            "f1": counts.f1,
            "full_f1": 2 * self.full / denominator if denominator else None,
            "actor_f1": self.actors.f1,
            "recipient_f1": self.recipients.f1,
            "place_country_accuracy": self.place_country.value,
            "date_accuracy": self.date.value,
            "modality_accuracy": self.modality.value,
            "attribution_accuracy": self.attribution.value,
            "size_accuracy": self.size.value,
        }
