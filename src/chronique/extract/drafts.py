"""What the extractor hands to the resolvers: mentions still in words, not yet in codes."""

from __future__ import annotations

from dataclasses import dataclass

from chronique.records import Modality, Size, Source, Span


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor as the parse gives it: its words and the cues a resolver codes it from.

    `lemmas` are the head noun's lemma and the lemmas of its complements, head first
    ("experts", "ministère", "défense"); `demonyms` the adjectives/nouns that may name a
    country ("russe", "américains"); `names` the proper-noun strings inside the phrase.
    """

    text: str
    start: int
    end: int
    lemmas: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    pronoun: bool = False
    default_sector: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place phrase ("dans l'ouest de la Syrie") with its offsets.

    The geoparser's mentions (`extract.places.toponyms`) also say how the name was found and
    what surrounds it, for the resolver to accept or reject it and choose between places."""

    text: str
    start: int
    end: int
    source: str = "parse"  # "ner" (the model's place entity) or "name" (capitalised words)
    ner: str = ""  # the NER label over the name, if any
    cue: str = ""  # what the words around say it is: "admin" ("la province d'Idleb"),
    #                "town" ("the town of Uvira"), "district", "site", "feature" ("mer
    #                Rouge"), "near" ("près de", "north of"), "prep" ("à", "in")
    cue_after: bool = False  # the cue follows the name ("Idlib province")
    phrase: str = ""  # the name with its place noun as written ("Sahel region")
    subject: bool = False  # the name is a clause's subject or agent ("Damas a démenti")
    sentence_initial: bool = False  # the name opens its sentence (capitalised anyway)
    paragraph: int = 0
    sentence: int = 0  # document offset of the sentence's start
    words: tuple[tuple[int, int], ...] = ()  # offsets of its capitalised words: where the
    #                resolver may cut a run that joins two names ("Kirkouk Diyala")


@dataclass(frozen=True, slots=True)
class DraftReport:
    """An event report with roles in words; the resolve stage turns it into an EventReport."""

    document_id: str
    paragraph: int
    sentence: Span
    trigger: Span
    lemma: str
    type: str
    mode: str | None
    actors: tuple[ActorMention, ...]
    recipients: tuple[ActorMention, ...]
    places: tuple[PlaceMention, ...]
    size: Size | None
    modality: Modality
    attribution: tuple[Source, ...]
    reciprocal: bool = False
    anaphoric: bool = False
    demonstrative: bool = False
    passive_without_agent: bool = False
    headline: bool = False
