import datetime as dt

from chronique.merge import compatible, merge_document
from chronique.records import Actor, DateRange, Document, EventReport, Span

DOC = Document(id="doc1", text="x" * 500, agency="ATS")
DAY = DateRange(dt.date(2015, 10, 7), dt.date(2015, 10, 7), "day")


def report(
    start: int,
    type_: str = "ASSAULT",
    *,
    mode: str | None = None,
    actors: tuple[Actor, ...] = (),
    recipients: tuple[Actor, ...] = (),
    paragraph: int = 1,
    **flags: object,
) -> EventReport:
    return EventReport(
        document_id="doc1",
        sentence=Span(start, start + 50, "s"),
        trigger=Span(start + 5, start + 10, "t"),
        type=type_,
        mode=mode,
        actors=actors,
        recipients=recipients,
        paragraph=paragraph,
        date=DAY,
        **flags,  # type: ignore[arg-type]
    )


RUS = Actor("aviation russe", "RUS", "MIL")
SYR = Actor("forces du régime", "SYR", "MIL")
REB = Actor("rebelles", "SYR", "REB")


def test_headline_merges_into_the_body_event_with_the_same_lemma() -> None:
    head = report(0, mode="aerial", actors=(RUS,), paragraph=0, headline=True, lemma="frappe")
    body1 = report(100, mode="aerial", actors=(RUS,), lemma="bombardement")
    body2 = report(160, actors=(SYR,), lemma="assaut terrestre")
    head2 = report(20, paragraph=0, headline=True, lemma="assaut terrestre")
    events = merge_document(DOC, [head, body1, body2, head2])
    assert len(events) == 2
    by_trigger = {e.reports[0].trigger.start: e for e in events}
    assert len(by_trigger[105].reports) == 2
    assert by_trigger[165].reports[1].headline
    assert any("headline" in r for e in events for r in e.merge_reasons)


def test_agentless_passive_lends_targets_and_merges() -> None:
    assault = report(100, actors=(SYR,))
    detail = report(200, recipients=(REB,), elaboration=True)
    events = merge_document(DOC, [assault, detail])
    assert len(events) == 1
    assert events[0].recipients == (REB,)
    assert len(events[0].reports) == 2


def test_demonstrative_refers_back_but_different_actors_do_not_merge() -> None:
    first = report(100, actors=(SYR,))
    other = report(200, actors=(RUS,))
    again = report(300, anaphoric=True, paragraph=2)
    events = merge_document(DOC, [first, other, again])
    assert len(events) == 2
    assert len(events[1].reports) == 2  # the latest compatible event takes it


def test_compatible_rejects_other_type_mode_country_and_dates() -> None:
    a = report(0, mode="aerial", actors=(RUS,))
    assert not compatible(a, report(0, type_="CONSULT"))
    assert not compatible(a, report(0, mode="firearms"))
    assert not compatible(a, report(0, actors=(SYR,)))
    week = DateRange(dt.date(2015, 9, 28), dt.date(2015, 10, 4), "week")
    b = EventReport("doc1", Span(0, 1, "s"), Span(0, 1, "t"), "ASSAULT", None, date=week)
    assert not compatible(a, b)
    assert compatible(a, report(0, actors=()))


def test_event_ids_are_stable() -> None:
    reports = [report(100, actors=(SYR,))]
    assert merge_document(DOC, reports)[0].id == merge_document(DOC, reports)[0].id


def test_a_later_sentence_retelling_the_event_joins_it() -> None:
    first = report(100, mode="aerial", actors=(RUS,), lemma="frappe")
    again = report(300, mode="aerial", actors=(RUS,), paragraph=3, lemma="bombardement")
    other_actor = report(400, mode="aerial", actors=(SYR,), paragraph=3, lemma="frappe")
    events = merge_document(DOC, [first, again, other_actor])
    assert [len(e.reports) for e in events] == [2, 1]
    assert any("retells" in r for r in events[0].merge_reasons)
