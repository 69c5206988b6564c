"""Resolution: draft reports (roles in words) → event reports (roles in codes).

Actors to country + sector, places to gazetteer entries with a precision, the time
expressions of the sentence to a date range relative to the publication date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from chronique.extract import Extraction
from chronique.extract.drafts import ActorMention, DraftReport, PlaceMention
from chronique.langpack import LanguagePack
from chronique.ontology import load_ontology
from chronique.records import Actor, DateRange, Document, EventReport, Modality, Place
from chronique.resolve.actors import ActorResolver
from chronique.resolve.dictionary import ActorDictionary
from chronique.resolve.geoparse import Geoparser
from chronique.resolve.place import locate_reports

if TYPE_CHECKING:
    from chronique.gazetteer import Gazetteer
    from chronique.resolve.countries import CountryNames
    from chronique.resolve.time import TimeMention
    from chronique.settings import Settings

# How much each modality lowers the confidence of a report (asserted = none).
_MODALITY_DOUBT: dict[Modality, float] = {
    "asserted": 0.0,
    "alleged": 0.15,
    "possible": 0.25,
    "planned": 0.2,
    "negated": 0.3,
    "denied": 0.3,
}


def _bare_weekday(text: str) -> bool:
    """One word, a weekday in any language we know of: no "dernier", no date number."""
    words = text.split()
    return len(words) == 1 or (len(words) == 2 and words[0].lower() in {"on", "le", "ce"})


class Resolver:
    """The resolve stage for one language."""

    name = "resolve"
    reads = ("Document", "DraftReport")
    writes = ("EventReport",)

    def __init__(
        self,
        pack: LanguagePack,
        countries: CountryNames,
        gazetteer: Gazetteer,
        base_confidence: float = 0.6,
        dictionary: ActorDictionary | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.pack = pack
        self.countries = countries
        self.gazetteer = gazetteer
        self.actors = ActorResolver(pack, countries, dictionary)
        self.geoparser = Geoparser(gazetteer, pack.code, countries, settings)
        self.ontology = load_ontology()
        self.base_confidence = base_confidence
        self._times: dict[str, list[TimeMention]] = {}
        # Names already resolved, by phrase and focus (a pure function of both, given the
        # gazetteer): names repeat within a story and across a day's stories.
        self._places: dict[tuple[str, str | None], Place | None] = {}

    def __call__(self, document: Document, extraction: Extraction) -> list[EventReport]:
        focus = self.focus_country(extraction.place_names, extraction.reports)
        # Time expressions per sentence: the reports of one sentence share them.
        self._times = {}
        # Actors already coded in this document, by head noun: "le groupe", "les insurgés"
        # refer back to the group or insurgents named before (simple coreference).
        memory: dict[str, Actor] = {}
        reports = (self._report(document, d, focus, memory) for d in extraction.reports)
        kept = [r for r in reports if self._has_needed_party(r)]
        # Physical events told without a place take their paragraph's, else the story's
        # country (resolve/place.py, locate_reports).
        places = [
            (r.mention.paragraph, r.place)
            for r in self.geoparser.resolve(extraction.place_names, focus)
            if r.place is not None
        ]
        country = self.gazetteer.country(focus) if focus else None
        return locate_reports(
            self._inherit_setting(kept), places, country, self.ontology.physical_types
        )

    def _inherit_setting(self, reports: list[EventReport]) -> list[EventReport]:
        """A physical event told without its own date or place takes those of the event told
        just before it in the paragraph: "Les assaillants ont également enlevé dix femmes"
        happened when and where the attack did. Statements and plans keep theirs empty."""
        out: list[EventReport] = []
        previous: EventReport | None = None
        for report in reports:
            if report.headline:
                out.append(report)
                continue
            if (
                previous is not None
                and previous.paragraph == report.paragraph
                and report.type in self.ontology.physical_types
                and previous.type in self.ontology.physical_types
                and report.modality in {"asserted", "alleged"}
            ):
                report = replace(
                    report,
                    date=report.date or previous.date,
                    place=report.place or previous.place,
                )
            out.append(report)
            previous = report
        return out

    def _has_needed_party(self, report: EventReport) -> bool:
        """Types that need a party (ontology/plover.yaml) are dropped without one: "une
        réunion de parents d'élèves" is not a CONSULT."""
        event_type = self.ontology.types.get(report.type)
        if event_type is None or not event_type.needs_party:
            return True
        return any(
            a.sector in self.ontology.political_sectors or (a.name and a.country)
            for a in (*report.actors, *report.recipients)
        )

    def places(self, extraction: Extraction, focus: str | None) -> tuple[Place, ...]:
        """Every place name of the document (the geoparse, `resolve/geoparse.py`)."""
        resolved = self.geoparser.resolve(extraction.place_names, focus)
        return tuple(r.place for r in resolved if r.place is not None)

    def focus_country(
        self, names: Sequence[PlaceMention], drafts: Sequence[DraftReport] = ()
    ) -> str | None:
        """The country the story is about: the one its place names point to most often, the
        headline's and lead's names counting double (they say what the story is about)."""
        lead_end = min((d.sentence.end for d in drafts if not d.headline), default=0)
        # A country named outright says more than a city (talks are often held abroad: "à
        # La Havane" in a story about Colombia): see Geoparser.focus_country.
        return self.geoparser.focus_country(names, lead_end)

    def place(self, phrase: str, focus: str | None) -> Place | None:
        """The place a phrase names. Transliteration and typo matches ("Damais" for Damas)
        are kept only inside the story's country: elsewhere they found "Burqin" in China for
        "Burkina" and "Woodlawn" for "Oudalan"."""
        key = (phrase, focus)
        if key not in self._places:
            if len(self._places) > 50_000:  # a bound for week-long runs, not a tuned size
                self._places.clear()
            self._places[key] = self._place(phrase, focus)
        return self._places[key]

    def _place(self, phrase: str, focus: str | None) -> Place | None:
        from chronique.resolve.place import resolve_place

        exact = resolve_place(phrase, self.pack.code, focus, self.gazetteer, fuzzy=False)
        if exact is not None or focus is None:
            return exact
        loose = resolve_place(phrase, self.pack.code, focus, self.gazetteer)
        return loose if loose is not None and loose.country == focus else None

    def _codes(
        self,
        mentions: Sequence[ActorMention],
        focus: str | None,
        day: dt.date | None,
        memory: dict[str, Actor],
    ) -> tuple[Actor, ...]:
        seen: set[tuple[str | None, str | None]] = set()
        out: list[Actor] = []
        for mention in mentions:
            for actor in self._coded(mention, focus, day, memory):
                key = (actor.country, actor.sector)
                if key not in seen:
                    seen.add(key)
                    out.append(actor)
        return tuple(out)

    def _coded(
        self,
        mention: ActorMention,
        focus: str | None,
        day: dt.date | None,
        memory: dict[str, Actor],
    ) -> tuple[Actor, ...]:
        head = mention.lemmas[0] if mention.lemmas else ""
        bare = not mention.names and not mention.demonyms
        if bare and head in memory:
            earlier = memory[head]
            return (replace(earlier, text=mention.text, start=mention.start, end=mention.end),)
        actors = self.actors.resolve(mention, focus, day)
        if head and len(actors) == 1 and actors[0].country and (not bare or actors[0].name):
            memory[head] = actors[0]
        return actors

    def _date(self, document: Document, draft: DraftReport) -> DateRange | None:
        from chronique.resolve.time import find_times

        text = draft.sentence.text
        if text not in self._times:
            self._times[text] = find_times(text, document.published, self.pack.code)
        mentions = [m for m in self._times[text] if m.range is not None]
        if not mentions:
            return None
        # The expression nearest the trigger is the one most likely to date it.
        trigger_at = draft.trigger.start - draft.sentence.start
        best = min(mentions, key=lambda m: abs(m.start - trigger_at))
        found = best.range
        published = document.published
        if (
            found is not None
            and published is not None
            and draft.modality == "planned"
            and found.precision == "day"
            and found.start < published
            and (published - found.start).days < 7
            and _bare_weekday(best.text)
        ):
            # The tense decides: "se réuniront jeudi" in a Wednesday story is tomorrow, not
            # last Thursday (a bare weekday is read as past by default, news being news).
            week = dt.timedelta(days=7)
            found = replace(found, start=found.start + week, end=found.end + week)
        return found

    def _report(
        self,
        document: Document,
        draft: DraftReport,
        focus: str | None,
        memory: dict[str, Actor],
    ) -> EventReport:
        day = document.published
        actors = self._codes(draft.actors, focus, day, memory)
        recipients = tuple(
            r for r in self._codes(draft.recipients, focus, day, memory) if r not in actors
        )
        place = next(
            (p for p in (self._placed(m.text, m.start, m.end, focus) for m in draft.places) if p),
            None,
        )
        event_type, mode = draft.type, draft.mode
        source_type, riot_type, riot_mode = self.ontology.civilian_violence
        if event_type == source_type and actors and all(a.sector == "CVL" for a in actors):
            event_type, mode = riot_type, riot_mode
        confidence = self.base_confidence - _MODALITY_DOUBT[draft.modality]
        confidence += 0.1 if draft.attribution else 0.0
        confidence += 0.1 if actors else -0.1
        return EventReport(
            document_id=document.id,
            sentence=draft.sentence,
            trigger=draft.trigger,
            type=event_type,
            mode=mode,
            actors=actors,
            recipients=recipients,
            place=place,
            date=self._date(document, draft),
            size=draft.size,
            modality=draft.modality,
            attribution=draft.attribution,
            confidence=round(max(0.05, min(0.95, confidence)), 2),
            reciprocal=draft.reciprocal,
            paragraph=draft.paragraph,
            lemma=draft.lemma,
            headline=draft.headline,
            anaphoric=draft.anaphoric,
            demonstrative=draft.demonstrative,
            elaboration=draft.passive_without_agent,
        )

    def _placed(self, text: str, start: int, end: int, focus: str | None) -> Place | None:

        place = self.place(text, focus)
        return replace(place, start=start, end=end) if place is not None else None
