"""Corroboration: how many independent original sources tell an event, and what each says.

A report's original source is the first link of its attribution chain ("OSDH" in "OSDH →
ATS"): "OSDH via ATS" and "OSDH via AFP" are one source, and so are "l'OSDH" and "SOHR"
(`source_aliases.tsv`). The copies of one wire story count once: their reports are pooled
as one voice. A document (or copy group) whose reports cite nobody speaks for itself: its
agency, else its publisher, is then its source — two AFP stories that cite nobody are one
source, AFP.

When sources disagree — two death tolls, a claim and a denial — each version is kept as a
`Claim`, side by side, never averaged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from chronique.link.rules import LinkRules, fold
from chronique.records import Claim, EventReport, Modality, Size
from chronique.store.links import DocumentInfo


@dataclass(frozen=True, slots=True)
class Corroboration:
    sources: tuple[str, ...]  # the original sources cited, canonical names, first seen first
    independent: tuple[str, ...]  # every independent source, voices of uncited reports too
    claims: tuple[Claim, ...]  # empty unless the sources disagree

    @property
    def count(self) -> int:
        return max(1, len(self.independent))


def corroborate(
    reports: Sequence[EventReport], documents: Mapping[str, DocumentInfo], rules: LinkRules
) -> Corroboration:
    def group(document_id: str) -> str:
        info = documents.get(document_id)
        return (info.group_id if info else None) or document_id

    def voice(document_id: str) -> str:
        info = documents.get(document_id)
        return rules.canonical_source(info.voice if info else f"document {document_id[:12]}")

    names: dict[str, str] = {}  # source key → the name shown
    # Copy group → keys of the sources its reports cite as telling the event happened; a
    # denial is a claim, never a confirmation.
    affirmed: dict[str, list[str]] = {}
    for report in reports:
        if report.attribution:
            name = rules.canonical_source(report.attribution[0].name)
            key = rules.source_key(name)
            names.setdefault(key, name)
            if report.modality not in rules.disputing:
                keys = affirmed.setdefault(group(report.document_id), [])
                if key not in keys:
                    keys.append(key)
    independent: dict[str, str] = {}
    for report in reports:
        if report.modality in rules.disputing:
            continue
        cited = affirmed.get(group(report.document_id))
        if cited:
            for key in cited:
                independent.setdefault(key, names[key])
        else:
            name = voice(report.document_id)
            independent.setdefault(rules.source_key(name), name)

    parties: dict[tuple[str | None, ...], str] = {}  # a party's codes → its words

    def source(report: EventReport) -> str:
        if report.attribution:
            return names[rules.source_key(rules.canonical_source(report.attribution[0].name))]
        if report.modality in rules.disputing and report.actors:
            # "The army denied…": the party speaks for itself, named as first written.
            actor = report.actors[0]
            codes = (actor.country, actor.sector)
            return parties.setdefault(codes if any(codes) else (fold(actor.text),), actor.text)
        # An uncited report (a headline) repeats what its document's source says.
        cited = affirmed.get(group(report.document_id))
        return names[cited[0]] if cited else voice(report.document_id)

    return Corroboration(
        tuple(names.values()), tuple(independent.values()), _claims(reports, source)
    )


def _claims(
    reports: Sequence[EventReport], source: Callable[[EventReport], str]
) -> tuple[Claim, ...]:
    versions: dict[tuple[str, Modality, Size | None], list[str]] = {}
    for report in reports:
        docs = versions.setdefault((source(report), report.modality, report.size), [])
        if report.document_id not in docs:
            docs.append(report.document_id)
    sizes = {size for _, _, size in versions if size is not None}
    modalities = {modality for _, modality, _ in versions}
    if len(sizes) < 2 and len(modalities) < 2:
        return ()
    # A version without figures says nothing against one with figures of the same source.
    sized = {(name, modality) for name, modality, size in versions if size is not None}
    return tuple(
        Claim(name, modality, size, tuple(docs))
        for (name, modality, size), docs in versions.items()
        if size is not None or (name, modality) not in sized
    )
