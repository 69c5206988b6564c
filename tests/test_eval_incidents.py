from chronique.evaluation.gold import GoldDocument
from chronique.evaluation.scores import score

TEXT = "Un incendie a ravagé un entrepôt. Des frappes ont visé la ville."


def _gold() -> GoldDocument:
    return GoldDocument(
        id="d",
        text=TEXT,
        language="fr",
        published=None,
        agency=None,
        publisher=None,
        raw={},
        events=(),
        places=None,
        times=None,
        actors=None,
        non_political=(
            {
                "popcorn_type": "FIRE",
                "trigger": "incendie",
                "mentions": [{"text": "incendie", "start": 3, "end": 11}],
            },
        ),
        places_optional=(),
        times_excluded=(),
    )


def test_incident_left_alone_counts_as_not_coded() -> None:
    pred = {
        "events": [
            {"type": "ASSAULT", "trigger": "frappes", "sentence": {"start": 34, "end": len(TEXT)}}
        ]
    }
    section = score([_gold()], {"d": pred})["non_political"]
    assert section == {"incidents": 1, "coded": 0, "not_coded_share": 1.0}


def test_incident_coded_as_an_event_is_counted() -> None:
    pred = {
        "events": [{"type": "ASSAULT", "trigger": "incendie", "sentence": {"start": 0, "end": 33}}]
    }
    section = score([_gold()], {"d": pred})["non_political"]
    assert section["coded"] == 1 and section["not_coded_share"] == 0.0
