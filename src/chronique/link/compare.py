"""Could two coded events be one real-world event? The cheap tests, each with its reason.

Type family, modality, actors, targets, place and date are compared here, in that order,
and the first test that fails says why not. The evidence sentences (evidence.py) are
compared only for pairs that pass all of these, since embedding them is what costs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chronique.link.rules import LinkRules
from chronique.records import Actor, Event, Place

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Fit:
    """The verdict on a pair: whether it may be one event, and the reasons in words."""

    ok: bool
    reasons: tuple[str, ...]


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places with coordinates (haversine)."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _codes(actors: tuple[Actor, ...]) -> list[tuple[str, str | None]]:
    return [(a.country, a.sector) for a in actors if a.country]


def _show(codes: list[tuple[str, str | None]]) -> str:
    return ", ".join(f"{c}/{s or '?'}" for c, s in dict.fromkeys(codes)) or "none"


def _place_name(place: Place) -> str:
    return place.name or place.text


class Comparer:
    def __init__(self, rules: LinkRules, max_km: float, tolerance_days: int) -> None:
        self.rules = rules
        self.max_km = max_km
        self.tolerance_days = tolerance_days

    def compare(self, a: Event, b: Event) -> Fit:
        reasons: list[str] = []
        checks = (self._type, self._modality, self._actors, self._targets, self._place, self._date)
        for check in checks:
            ok, reason = check(a, b)
            if not ok:
                return Fit(False, (reason,))
            if reason:
                reasons.append(reason)
        return Fit(True, tuple(reasons))

    def _type(self, a: Event, b: Event) -> tuple[bool, str]:
        family = self.rules.family(a.type)
        if family != self.rules.family(b.type):
            return False, f"types {a.type} and {b.type} are of different families"
        types = a.type if a.type == b.type else f"{a.type}/{b.type}"
        reason = f"same type family {family} ({types})"
        if a.mode and b.mode and a.mode != b.mode:
            # Not a test: coders (and this extractor) often disagree on a mode, as on
            # "bombardement", which is artillery as often as aircraft.
            reason += f", modes differ ({a.mode} / {b.mode})"
        return True, reason

    def _modality(self, a: Event, b: Event) -> tuple[bool, str]:
        if a.modality == b.modality:
            return True, ""
        if self.rules.modalities_match(a.modality, b.modality):
            return True, f"told as {a.modality} and as {b.modality}: both kept as claims"
        return False, f"one is {a.modality}, the other {b.modality}"

    def _actors(self, a: Event, b: Event) -> tuple[bool, str]:
        ca, cb = _codes(a.actors), _codes(b.actors)
        if not ca or not cb:
            return True, ""
        shared = [
            (country, sa or sb)
            for country, sa in ca
            for other, sb in cb
            if country == other and self.rules.sectors_match(sa, sb)
        ]
        if not shared:
            return False, f"actors differ ({_show(ca)} vs {_show(cb)})"
        return True, f"actors share {_show(shared)}"

    def _targets(self, a: Event, b: Event) -> tuple[bool, str]:
        # Targets are the weakest argument of the extractor (README, accuracy): only
        # countries that have nothing in common tell two events apart.
        ca = {c for c, _ in _codes(a.recipients)}
        cb = {c for c, _ in _codes(b.recipients)}
        if ca and cb and not ca & cb:
            return False, f"targets differ ({', '.join(sorted(ca))} vs {', '.join(sorted(cb))})"
        return True, ""

    def _place(self, a: Event, b: Event) -> tuple[bool, str]:
        pa, pb = a.place, b.place
        if pa is None or pb is None:
            return True, ""
        if pa.country and pb.country and pa.country != pb.country:
            return False, f"places in different countries ({pa.country} vs {pb.country})"
        rank = self.rules.precision_rank
        fine = self.rules.point_precisions
        if pa.precision in fine and pb.precision in fine:
            km = distance_km(pa, pb)
            if km is None:
                return True, ""
            if km > self.max_km:
                return False, f"places {km:.0f} km apart (more than {self.max_km:g} km)"
            if km < 1:
                return True, f"same place ({_place_name(pa)})"
            return True, f"places {km:.0f} km apart"
        # A region or a country holds the finer places of its country (and of its region,
        # when both places name one).
        coarse, finer = (
            (pa, pb)
            if rank.get(pa.precision or "", 99) >= rank.get(pb.precision or "", 99)
            else (pb, pa)
        )
        if (
            coarse.precision == "region"
            and coarse.admin1
            and finer.admin1
            and coarse.admin1 != finer.admin1
        ):
            return False, f"places in different regions ({coarse.admin1} vs {finer.admin1})"
        if coarse.country is None:
            return True, ""
        return True, (
            f"place {_place_name(finer)} lies in {_place_name(coarse)} ({coarse.precision})"
            if finer is not coarse and _place_name(finer) != _place_name(coarse)
            else f"same place ({_place_name(coarse)})"
        )

    def _date(self, a: Event, b: Event) -> tuple[bool, str]:
        da, db = a.date, b.date
        if da is None or db is None:
            return True, ""
        gap = (max(da.start, db.start) - min(da.end, db.end)).days
        if gap <= 0:
            day = max(da.start, db.start)
            return True, f"dates overlap ({day.isoformat()})"
        if gap <= self.tolerance_days:
            return True, f"dates {gap} day{'s' if gap > 1 else ''} apart"
        return False, f"dates {gap} days apart (more than {self.tolerance_days})"
