"""Corroboration and claims (chronique.link.sources) and the pair tests (compare.py), on
records alone."""

from __future__ import annotations

import dataclasses
import datetime as dt

from chronique.link.compare import Comparer, distance_km
from chronique.link.rules import load_rules
from chronique.link.sources import corroborate
from chronique.records import EventReport, Place, Size
from chronique.store.links import DocumentInfo
from link_helpers import HOMS, IDLEB, SARAQEB, document, event

RULES = load_rules()


def _info(doc_id: str, agency: str, group: str | None = None) -> DocumentInfo:
    return DocumentInfo(doc_id, None, None, None, None, agency, "fr", group or doc_id, None, None)


def _report(doc_id: str, source: str | None, dead: int | None = None, **kw: object) -> EventReport:
    doc = document(f"Des frappes ont visé Idleb ({doc_id}).")
    base = event(doc, "frappes", source=source, dead=dead).reports[0]
    return dataclasses.replace(base, document_id=doc_id, **kw)  # type: ignore[arg-type]


def test_one_source_through_two_agencies_is_one() -> None:
    docs = {"a": _info("a", "ATS"), "b": _info("b", "AFP")}
    counted = corroborate([_report("a", "OSDH"), _report("b", "OSDH")], docs, RULES)
    assert counted.count == 1 and counted.sources == ("OSDH",)


def test_aliases_in_other_languages_are_one_source() -> None:
    docs = {"a": _info("a", "ATS"), "b": _info("b", "Reuters")}
    reports = [_report("a", "OSDH"), _report("b", "Syrian Observatory for Human Rights")]
    assert corroborate(reports, docs, RULES).count == 1


def test_wire_copies_count_once_and_uncited_reports_speak_for_their_outlet() -> None:
    docs = {
        "a": _info("a", "AFP", "a"),
        "b": _info("b", "AFP", "a"),  # a copy of a
        "c": _info("c", "Reuters"),
    }
    counted = corroborate([_report("a", None), _report("b", None), _report("c", None)], docs, RULES)
    assert counted.independent == ("AFP", "Reuters") and counted.sources == ()
    # A headline (uncited) in a document that cites OSDH adds nothing of its own.
    with_body = corroborate([_report("a", "OSDH"), _report("a", None)], docs, RULES)
    assert with_body.independent == ("OSDH",)


def test_disagreeing_tolls_and_a_denial_are_kept_side_by_side() -> None:
    docs = {"a": _info("a", "ATS"), "b": _info("b", "Reuters"), "c": _info("c", "AP")}
    reports = [
        _report("a", "OSDH", 12),
        _report("a", None, 12),  # its headline
        _report("b", "Syrian Civil Defence", 15),
        _report("c", None, modality="denied"),
    ]
    counted = corroborate(reports, docs, RULES)
    assert counted.count == 2  # the denial confirms nothing
    assert [(c.source, c.modality, c.size, c.documents) for c in counted.claims] == [
        ("OSDH", "asserted", Size(dead=12), ("a",)),
        ("Syrian Civil Defence", "asserted", Size(dead=15), ("b",)),
        ("them", "denied", None, ("c",)),
    ]
    agreeing = corroborate([_report("a", "OSDH", 12), _report("b", "X", 12)], docs, RULES)
    assert agreeing.claims == ()


def test_the_pair_tests_and_their_reasons() -> None:
    compare = Comparer(RULES, max_km=50.0, tolerance_days=1).compare
    doc = document("Des frappes russes ont visé Idleb vendredi.")
    base = event(doc, "frappes")
    near = event(doc, "frappes", place=SARAQEB, source="OSDH")
    fit = compare(base, near)
    assert fit.ok and fit.reasons == (
        "same type family ATTACK (ASSAULT)",
        "actors share RUS/MIL",
        "places 18 km apart",
        "dates overlap (2024-03-08)",
    )
    region = Place("le nord-ouest de la Syrie", name="Syria", country="SYR", precision="region")
    assert (
        "place Idlib lies in Syria (region)"
        in compare(base, event(doc, "frappes", place=region)).reasons
    )
    assert not compare(base, event(doc, "frappes", place=HOMS)).ok  # 135 km
    later = event(doc, "frappes", day=dt.date(2024, 3, 10))
    assert compare(base, later).reasons == ("dates 2 days apart (more than 1)",)
    agreement = event(doc, "frappes", type="AGREE", mode=None)
    assert compare(agreement, event(doc, "frappes", type="COOPERATE", mode=None)).ok
    assert not compare(base, agreement).ok
    army = event(doc, "frappes", actor=("RUS", "GOV"))  # "Moscou": the state, like its army
    assert compare(base, army).ok
    rebels = event(doc, "frappes", actor=("RUS", "REB"))
    assert compare(base, rebels).reasons == ("actors differ (RUS/MIL vs RUS/REB)",)
    assert 17 < (distance_km(IDLEB, SARAQEB) or 0) < 19
    assert not compare(base, dataclasses.replace(base, modality="planned")).ok


def test_sources_are_named_canonically() -> None:
    assert RULES.canonical_source("l'Observatoire syrien des droits de l'homme") == "OSDH"
    assert RULES.canonical_source("SOHR") == "OSDH"
    assert RULES.canonical_source("Unknown Monitor") == "Unknown Monitor"
    assert RULES.family_types("AGREE") == ("AGREE", "COOPERATE")
