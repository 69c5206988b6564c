"""The geoparse: which candidate names of a document are places, and which places.

Extraction hands every candidate name (`extract.places.toponyms`): the NER model's place
entities and runs of capitalised words, each with what surrounds it (a place noun or a
preposition before it, whether it is a clause's subject). Here the gazetteer decides:

1. **cut** — a run that is no name as a whole is cut at its capitalised words into the
   longest names the gazetteer knows ("Etat d'Al-Jazira" → "Al-Jazira");
2. **accept** — a name is a place when the model said so, or a place noun or preposition
   says so ("la province d'Idleb", "près de Khan Cheikhoun", "the town of Kafranbel"), or
   it is exactly the name of a country, a division, or a town that is prominent or lies in
   the story's country — and the place found is one the story can mean: a small town abroad,
   or a foreign town reached only through a short or unrelated alternate name ("Boni" is
   Bonn's), is not. Loose matches (transliterations, typos: "Damais") need the model or a
   cue, and reach only the story's countries, a neighbour or a country a demonym of the
   paragraph names ("Albou Kamal, à la frontière irako-syrienne"). Not places: a capital
   that is a clause's subject ("Damas a démenti": its government), a demonym, an acronym
   ("BLA"), a sea or mountain named after a town ("mer Rouge");
3. **choose** — among places of that name, the one that fits the context best
   (`gazetteer.Context`): a division named in the same sentence ("à Maaret al-Noomane,
   dans la province d'Idleb"), a country named in the paragraph, the story's focus country,
   the nearness of the paragraph's other places, then population and kind of place.

`Geoparser.resolve` returns a `Resolution` per name with the place chosen (or None and the
reason), and the candidates considered with their scores (what `chronique geoparse` shows).
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from chronique.extract.drafts import PlaceMention
from chronique.extract.places import toponym_words
from chronique.gazetteer import Candidate, Context, Gazetteer, Kind, name_key, place_of
from chronique.gazetteer.countries import neighbours
from chronique.records import Place

if TYPE_CHECKING:
    from chronique.extract import Extractor
    from chronique.nlp import Annotator
    from chronique.settings import Settings

# NER labels that say a name is something other than a place.
_NOT_PLACE_LABELS = frozenset({"PER", "PERSON", "ORG", "NORP", "MISC", "WORK_OF_ART", "EVENT"})
_PLACE_LABELS = frozenset({"LOC", "GPE", "FAC"})
_STRONG_CUES = frozenset({"admin", "town", "district", "near", "site"})
_CUE_KINDS: dict[str, tuple[Kind, ...]] = {
    "admin": ("region",),
    "town": ("city",),
    "district": ("city", "site"),
}


@dataclass(frozen=True, slots=True)
class Limits:
    """The geoparser's thresholds (settings `geoparse_*`, documented in settings.toml)."""

    loose_min_closeness: float = 0.7  # "Paletwa" is no "Balitai"
    loose_abroad_closeness: float = 0.85
    acronym_letters: int = 3  # "BLA"
    short_alternate: int = 4  # "Ber", an alternate name of Véroia
    min_nearby_population: int = 1000  # "mer Rouge" is no hamlet of Louisiana
    large_city: int = 100_000
    max_run_words: int = 6

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            loose_min_closeness=settings.geoparse_loose_min_closeness,
            loose_abroad_closeness=settings.geoparse_loose_abroad_closeness,
            acronym_letters=settings.geoparse_acronym_letters,
            short_alternate=settings.geoparse_short_alternate,
            min_nearby_population=settings.geoparse_min_nearby_population,
            large_city=settings.geoparse_large_city,
            max_run_words=settings.geoparse_max_run_words,
        )


class CountryKnowledge(Protocol):
    """What the geoparser asks of `resolve.countries.CountryNames`."""

    def metonym(self, name: str) -> tuple[str, str] | None: ...

    def country_of_demonym(self, form: str, language: str) -> str | None: ...

    def countries_of_demonym(self, form: str, language: str) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class Resolution:
    """One candidate name: the place chosen (None if it is not taken as a place), why, and
    the candidates considered, best first."""

    mention: PlaceMention
    place: Place | None
    reason: str
    candidates: tuple[Candidate, ...] = ()


@dataclass(slots=True)
class _Name:
    mention: PlaceMention
    candidates: list[Candidate]
    kinds: tuple[Kind, ...] | None
    piece: bool = False  # cut from a longer run ("Rapid" of "Rapid Support Forces")
    accepted: bool = False
    reason: str = ""


class Geoparser:
    """The geoparse of one language over a gazetteer; see the module docstring."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        language: str,
        countries: CountryKnowledge | None = None,
        settings: Settings | None = None,
    ) -> None:
        from chronique.settings import Settings

        self.limits = Limits.from_settings(settings or Settings.load())
        self.gazetteer = gazetteer
        self.language = language
        self.words = toponym_words(language)
        # Capitals standing for their state (metonyms.tsv) and demonyms ("Turkish" is no
        # place even if a town is spelt like it); the shared tables when none is given.
        if countries is None:
            from chronique.resolve.countries import country_names

            countries = country_names()
        self.countries = countries
        self._last: tuple[Sequence[PlaceMention], dict[str | None, list[Resolution]]] | None
        self._last = None
        self._cut_of: tuple[Sequence[PlaceMention], dict[int, frozenset[str]], list[_Name]] | None
        self._cut_of = None

    # ------------------------------------------------------------------ public

    def resolve(
        self, mentions: Sequence[PlaceMention], focus: str | None = None
    ) -> list[Resolution]:
        """Every candidate name resolved (or rejected, with the reason), in text order."""
        # The pipeline asks for one document's geoparse several times (focus country, event
        # places, the document's places), with and without its focus: the answers for the
        # last document's mentions are kept.
        if self._last is None or self._last[0] is not mentions:
            self._last = (mentions, {})
        answers = self._last[1]
        if focus not in answers:
            answers[focus] = self._resolve(mentions, focus)
        return answers[focus]

    def _resolve(self, mentions: Sequence[PlaceMention], focus: str | None) -> list[Resolution]:
        # The cut into names does not depend on the focus: a document's second geoparse
        # (once its country is known) starts from the first one's, with fresh verdicts.
        if self._cut_of is None or self._cut_of[0] is not mentions:
            self._cut_of = (
                mentions,
                self._demonym_countries(mentions),
                self._cut([m for m in mentions if m.source != "demonym"]),
            )
        demonyms = self._cut_of[1]
        names = [_Name(n.mention, n.candidates, n.kinds, n.piece) for n in self._cut_of[2]]
        countries = self._countries_by_paragraph(names)
        for name in names:
            paragraph = name.mention.paragraph
            self._judge(
                name,
                focus,
                countries.get(paragraph, frozenset()),
                demonyms.get(paragraph, frozenset()),
            )
        self._disambiguate(names, focus, countries)
        return [self._resolution(name) for name in names]

    def focus_country(self, mentions: Sequence[PlaceMention], lead_end: int = 0) -> str | None:
        """The country the story is about: the one its places point to most often, a country
        or region counting double, the headline's and lead's names double again."""
        votes: Counter[str] = Counter()
        for resolution in self.resolve(mentions):
            place = resolution.place
            if place is None or not place.country:
                continue
            weight = 2 if place.precision in ("country", "region") else 1
            votes[place.country] += weight * (2 if resolution.mention.start < lead_end else 1)
        # Ties go to the name told first (Counter keeps insertion order): the headline's.
        return votes.most_common(1)[0][0] if votes else None

    # ------------------------------------------------------------------ steps

    def _lookup(
        self,
        text: str,
        context: Context,
        kinds: tuple[Kind, ...] | None,
        *,
        fuzzy: bool,
    ) -> list[Candidate]:
        found = self.gazetteer.candidates(text, self.language, context, kinds=kinds, fuzzy=fuzzy)
        if not found and kinds is not None:
            # "la province de Mopti" when only the town is known: the town's place.
            found = self.gazetteer.candidates(text, self.language, context, fuzzy=fuzzy)
        return found

    def _candidates(
        self,
        text: str,
        context: Context,
        kinds: tuple[Kind, ...] | None,
        loose: bool,
        phrase: str = "",
    ) -> list[Candidate]:
        """Exact names of the kind the cue wants, then of any kind, then (if `loose`)
        looser spellings in the same order: "la province de Mopti" is the region, "the port
        of Hodeidah" the governorate spelt alike before a town spelt otherwise."""
        tries: list[tuple[tuple[Kind, ...] | None, bool]] = [(kinds, False)]
        if kinds is not None:
            tries.append((None, False))
        if loose:
            tries.append((kinds, True))
            if kinds is not None:
                tries.append((None, True))
        if phrase:
            # The name with its noun may be a name of its own ("région du Sahel").
            found = self.gazetteer.candidates(phrase, self.language, context, fuzzy=False)
            if found:
                return found
        for wanted, fuzzy in tries:
            found = self.gazetteer.candidates(
                text, self.language, context, kinds=wanted, fuzzy=fuzzy
            )
            if found:
                return found
        return []

    def _cut(self, mentions: Sequence[PlaceMention]) -> list[_Name]:
        """Each mention whole when the gazetteer knows it, else the longest known names
        among its capitalised words; mentions the gazetteer knows nothing of are kept whole
        (and rejected later, with the reason)."""
        out: list[_Name] = []
        empty = Context()
        for mention in mentions:
            kinds = _CUE_KINDS.get(mention.cue)
            whole = self._lookup(mention.text, empty, kinds, fuzzy=False)
            if not whole and (mention.source == "ner" or mention.cue):
                # "Tal Rifaat" is a transliteration of one name, not "Tal" + "Rifaat".
                whole = self._lookup(mention.text, empty, kinds, fuzzy=True)
            words = mention.words
            if whole or len(words) < 2 or len(words) > self.limits.max_run_words:
                out.append(_Name(mention, whole, kinds))
                continue
            pieces = self._pieces(mention, kinds)
            out.extend(pieces or [_Name(mention, [], kinds)])
        return out

    def _pieces(self, mention: PlaceMention, kinds: tuple[Kind, ...] | None) -> list[_Name]:
        words = mention.words
        offset = mention.start
        out: list[_Name] = []
        i = 0
        while i < len(words):
            for j in range(len(words) - 1, i - 1, -1):
                start, end = words[i][0], words[j][1]
                if (i, j) == (0, len(words) - 1):
                    continue  # the whole run: already tried
                text = mention.text[start - offset : end - offset]
                if len(text.split()) == 1 and text.lower() in self.words.not_places:
                    continue
                cued = j == len(words) - 1 if mention.cue_after else i == 0
                phrase = ""
                if cued and mention.cue_after and mention.phrase.startswith(mention.text):
                    phrase = text + mention.phrase[len(mention.text) :]  # "Sahel region"
                found = self._candidates(text, Context(), kinds if cued else None, False, phrase)
                if found:
                    piece = dataclasses.replace(
                        mention,
                        text=text,
                        start=start,
                        end=end,
                        words=words[i : j + 1],
                        # The model's label was for the whole run; a cue before the run
                        # belongs to its first name, a cue after it to its last.
                        source="name",
                        cue=mention.cue if cued else "",
                        phrase=phrase,
                        sentence_initial=mention.sentence_initial and i == 0,
                    )
                    out.append(_Name(piece, found, kinds if cued else None, piece=True))
                    i = j + 1
                    break
            else:
                i += 1
        return out

    def _demonym_countries(self, mentions: Sequence[PlaceMention]) -> dict[int, frozenset[str]]:
        """Countries each paragraph's demonyms name ("irako-syrienne" → IRQ, SYR)."""
        found: dict[int, set[str]] = defaultdict(set)
        for mention in mentions:
            if mention.source in ("demonym", "name"):
                codes = self.countries.countries_of_demonym(mention.text, self.language)
                found[mention.paragraph].update(codes)
        return {p: frozenset(c) for p, c in found.items() if c}

    def _countries_by_paragraph(self, names: list[_Name]) -> dict[int, frozenset[str]]:
        """Countries named outright in each paragraph (exact names of countries)."""
        found: dict[int, set[str]] = defaultdict(set)
        for name in names:
            best = name.candidates[0] if name.candidates else None
            if best is not None and best.entry.kind == "country" and best.tier == "exact":
                found[name.mention.paragraph].add(best.entry.country)
        return {p: frozenset(c) for p, c in found.items()}

    def _judge(
        self,
        name: _Name,
        focus: str | None,
        countries: frozenset[str],
        demonyms: frozenset[str] = frozenset(),
    ) -> None:
        """Accept or reject one name (see the module docstring, step 2)."""
        mention = name.mention
        context = Context(focus_country=focus, countries=countries)
        labels = set(mention.ner.split(",")) - {""}
        if self.countries.country_of_demonym(mention.text, self.language):
            name.reason = "a demonym"
            return
        # Only the model's own entity counts: a piece cut from it ("Haram" of "Boko Haram")
        # keeps the label's text but not its authority.
        model_place = mention.source == "ner"
        strong_cue = mention.cue in _STRONG_CUES
        loose = model_place or bool(mention.cue)
        candidates = self._candidates(mention.text, context, name.kinds, loose, mention.phrase)
        name.candidates = candidates
        if not candidates:
            name.reason = "not in the gazetteer"
            return
        top = candidates[0]
        best = top.entry
        exact = top.tier == "exact"
        # The story's country, or (for ranking and cued names) a country its paragraph names.
        home = best.country == focus
        local = home or best.country in countries
        known = local or best.prominent
        if mention.cue == "feature" and best.kind == "city":
            name.reason = "names a sea, mountain or other feature, not the town so named"
            return
        letters = [c for c in mention.text if c.isalpha()]
        if (
            len(letters) <= self.limits.acronym_letters
            and mention.text.isupper()
            and best.kind != "country"
        ):
            name.reason = "an acronym"
            return
        if mention.subject and self._stands_for_state(mention.text, best.feature_code):
            name.reason = "a capital acting for its government (metonymy)"
            return
        if not exact and not (
            local
            or (
                best.prominent
                and top.closeness >= self.limits.loose_abroad_closeness
                and (
                    focus is None
                    or best.country in neighbours().get(focus, ())
                    or best.country in demonyms
                )
            )
        ):
            # Transliterations and typos reach abroad only a prominent place of a country
            # bordering the story's or one a demonym of the paragraph names ("Albou Kamal, à
            # la frontière irako-syrienne"): elsewhere a name the gazetteer lacks ("Khiam")
            # meets too many foreign towns one letter away.
            name.reason = "loose match outside the story's countries and their neighbours"
            return
        if not exact and top.closeness < self.limits.loose_min_closeness:
            name.reason = "loose match, too far in spelling"
            return
        if (
            exact
            and focus is not None  # a story about somewhere else
            and not home
            and best.kind not in ("country", "region")
            and name_key(best.name) not in self._keys(mention.text)
            and not (
                best.country in countries and best.population >= self.limits.min_nearby_population
            )
            and not (
                model_place
                and (best.population >= self.limits.large_city or best.feature_code == "PPLC")
                and len(name_key(mention.text)) > self.limits.short_alternate
            )
        ):
            # A town abroad reached only through one of its alternate names: "Peace" and
            # "Rapid" name American towns in some list, "Boni" (a Malian village) is Bonn.
            # Exonyms of large cities and capitals stay ("Pékin", "Moscou") when the model
            # saw a place.
            name.reason = "alternate name of a town abroad, nothing else says it is that one"
            return
        if (
            name.piece
            and not mention.cue
            and best.kind == "city"
            and name_key(best.name) not in self._keys(mention.text)
        ):
            # A word cut from a longer name ("Rapid" of "Rapid Support Forces") that names
            # a town only through an alternate name ("Rapid City"): the run was no place.
            name.reason = "part of a longer name, a town's alternate name only"
            return
        if (
            focus is None
            and labels & _NOT_PLACE_LABELS
            and not model_place
            and exact
            and not name.piece
            and best.population >= self.limits.large_city
            and name_key(best.name) in self._keys(mention.text)
        ):
            # No story country yet (the first pass, which finds it): a large place called
            # by its own name counts even if the model took it for a person or a title.
            name.accepted = True
            name.reason = f"a large place's name (the model said {mention.ner})"
            return
        verdict = self._verdict(
            mention, labels, model_place, strong_cue, exact, best.kind, known, home
        )
        name.accepted = verdict.startswith("+")
        name.reason = verdict[1:]
        if name.accepted and local and not best.prominent:
            name.reason += " (in the story's countries)"

    @staticmethod
    def _verdict(
        mention: PlaceMention,
        labels: set[str],
        model_place: bool,
        strong_cue: bool,
        exact: bool,
        kind: Kind,
        known: bool,
        local: bool,
    ) -> str:
        """ "+why" to accept, "-why" to reject. `local`: in the story's country; `known`:
        prominent, or in the story's country or a country its paragraph names."""
        if model_place:
            if known or kind in ("country", "region"):
                return "+the model's place entity"
            return "-the model's place entity, but only a small place abroad has the name"
        if strong_cue:
            return f"+a place word next to it ({mention.cue})"
        prep = mention.cue == "prep"
        if "NORP" in labels:
            # Nationalities and groups ("Shi'ite"); the small English model also tags some
            # towns so ("north of Aleppo").
            return (
                "+exact name of a place of the story"
                if exact and known and prep
                else ("-the model says NORP")
            )
        if labels & _NOT_PLACE_LABELS:
            # The model misses many Middle East and Sahel towns, calling them persons: the
            # gazetteer and the words around overrule it for places of the story.
            if exact and kind == "country":
                return "+a country's name (the model said " + mention.ner + ")"
            if prep and known:
                return f"+a place of the story after a preposition (the model said {mention.ner})"
            if exact and local and kind != "site":
                return f"+exact name of a place of the story (the model said {mention.ner})"
            return "-the model says " + mention.ner
        if not exact:
            return "+loose match after a preposition" if prep and known else "-loose match, no cue"
        if kind in ("country", "region"):
            return f"+exact name of a {kind}"
        if mention.sentence_initial and len(mention.words) == 1 and not prep:
            return "-a capitalised word opening the sentence"
        if known:
            return "+exact name of a place of the story"
        return "-small place abroad, nothing ties the story to it"

    def _keys(self, text: str) -> set[str]:
        """The name's key, with and without a leading article."""
        key = name_key(text)
        keys = {key}
        for article in self.words.articles:
            if key.startswith(article.rstrip("'") + " "):
                keys.add(key.split(" ", 1)[1])
        return keys

    def _stands_for_state(self, text: str, feature_code: str) -> bool:
        if feature_code == "PPLC":
            return True
        return self.countries.metonym(text) is not None

    def _disambiguate(
        self, names: list[_Name], focus: str | None, countries: dict[int, frozenset[str]]
    ) -> None:
        """Re-rank the accepted names that have several candidates with what the same
        paragraph says: divisions and countries named, and the places already clear."""
        by_paragraph: dict[int, list[_Name]] = defaultdict(list)
        for name in names:
            if name.accepted:
                by_paragraph[name.mention.paragraph].append(name)
        for paragraph, group in by_paragraph.items():
            # Divisions count within their sentence ("à Maaret al-Noomane, dans la province
            # d'Idleb"); clear places anywhere in the paragraph.
            admin1: dict[int, set[tuple[str, str]]] = defaultdict(set)
            anchors: list[tuple[int, tuple[float, float]]] = []
            for name in group:
                entry = name.candidates[0].entry
                if entry.kind == "region" and entry.admin1_code:
                    admin1[name.mention.sentence].add((entry.country, entry.admin1_code))
                if len(name.candidates) == 1 and entry.lat is not None and entry.lon is not None:
                    anchors.append((name.mention.start, (entry.lat, entry.lon)))
            for name in group:
                if len(name.candidates) < 2:
                    continue
                context = Context(
                    focus_country=focus,
                    admin1=frozenset(admin1.get(name.mention.sentence, ())),
                    countries=countries.get(paragraph, frozenset()),
                    anchors=tuple(a for start, a in anchors if start != name.mention.start),
                )
                loose = name.candidates[0].tier != "exact"
                reranked = self._candidates(
                    name.mention.text, context, name.kinds, loose, name.mention.phrase
                )
                if reranked:
                    name.candidates = reranked

    def _resolution(self, name: _Name) -> Resolution:
        mention = name.mention
        if not name.accepted or not name.candidates:
            return Resolution(mention, None, name.reason, tuple(name.candidates))
        entry = name.candidates[0].entry
        place = place_of(entry, mention.text)
        if mention.cue == "admin" and entry.kind == "city":
            # "la province de Mopti" with only the town known: its coordinates, a region.
            place = dataclasses.replace(place, precision="region")
        place = dataclasses.replace(place, start=mention.start, end=mention.end)
        return Resolution(mention, place, name.reason, tuple(name.candidates))


@dataclass(frozen=True, slots=True)
class Geoparse:
    """A text's geoparse: its language, the story's focus country and every name resolved."""

    language: str
    focus_country: str | None
    resolutions: tuple[Resolution, ...]

    @property
    def places(self) -> tuple[Place, ...]:
        return tuple(r.place for r in self.resolutions if r.place is not None)


class TextGeoparser:
    """Parse, find and resolve the place names of texts (`chronique geoparse`): the spaCy
    model and the geoparser of each language are loaded once, on first use."""

    def __init__(
        self, gazetteer: Gazetteer | None = None, settings: Settings | None = None
    ) -> None:
        from chronique.settings import Settings

        self.settings = settings or Settings.load()
        self._gazetteer = gazetteer
        self._stages: dict[str, tuple[Annotator, Extractor, Geoparser]] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer(settings=self.settings)
        return self._gazetteer

    def _language(self, code: str) -> tuple[Annotator, Extractor, Geoparser]:
        if code not in self._stages:
            from chronique.extract import Extractor
            from chronique.langpack import load_pack
            from chronique.nlp import Annotator
            from chronique.resolve.countries import country_names

            pack = load_pack(code)
            annotator = Annotator(
                pack.spacy_models, self.settings.batch_size, pack.dependency_scheme
            )
            geoparser = Geoparser(self.gazetteer, code, country_names(), self.settings)
            self._stages[code] = (annotator, Extractor(pack), geoparser)
        return self._stages[code]

    def __call__(self, text: str, language: str | None = None) -> Geoparse:
        from chronique.errors import ChroniqueError
        from chronique.langpack import available_languages
        from chronique.language import assign_language
        from chronique.records import Document, Rejection

        document = Document(id="geoparse", text=text, language=language)
        if language is None:
            detected = assign_language(
                document,
                available_languages(),
                self.settings.language_min_score,
                self.settings.default_language,
            )
            if isinstance(detected, Rejection):
                raise ChroniqueError(f"cannot geoparse: {detected.reason}")
            document = detected
        code = document.language or self.settings.default_language
        annotator, extractor, geoparser = self._language(code)
        annotated = next(iter(annotator.annotate([document])))
        extraction = extractor(annotated)
        mentions = extraction.place_names
        lead_end = text.find("\n") if "\n" in text.strip() else len(text)
        focus = geoparser.focus_country(mentions, max(lead_end, 0))
        return Geoparse(code, focus, tuple(geoparser.resolve(mentions, focus)))
