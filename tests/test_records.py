import datetime as dt

from chronique.records import Actor, DateRange, EventReport, Span, to_jsonable


def test_report_serialises_to_plain_json() -> None:
    report = EventReport(
        document_id="d1",
        sentence=Span(0, 10, "Une phrase"),
        trigger=Span(4, 10, "phrase"),
        type="ASSAULT",
        mode="aerial",
        actors=(Actor("l'aviation russe", "RUS", "MIL"),),
        date=DateRange(dt.date(2015, 10, 7), dt.date(2015, 10, 7), "day"),
    )
    data = to_jsonable(report)
    assert data["actors"][0]["country"] == "RUS"
    assert data["date"]["start"] == "2015-10-07"
    assert data["sentence"] == {"start": 0, "end": 10, "text": "Une phrase"}
