"""The digest as plain text and as HTML, from Jinja2 templates (`templates/`).

The HTML environment escapes every value (article text can hold markup: a `<script>` in an
article is shown as text); the text environment writes values as they are.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jinja2

from chronique.digest.build import Digest
from chronique.records import Actor, Event


@dataclass(frozen=True, slots=True)
class EventView:
    """What a digest shows of one event, ready for a template."""

    id: str
    what: str
    parties: str
    facts: tuple[str, ...]
    sources: str
    before: str
    trigger: str
    after: str


def _parties(actors: tuple[Actor, ...]) -> str:
    return ", ".join(f"{a.country or '?'}/{a.sector or '?'}" for a in actors)


def event_view(event: Event) -> EventView:
    lead = event.reports[0]
    sentence, trigger = lead.sentence, lead.trigger
    cut, end = trigger.start - sentence.start, trigger.end - sentence.start
    place = event.place
    date = event.date
    when = ""
    if date is not None:
        span = str(date.start) if date.start == date.end else f"{date.start} to {date.end}"
        when = f"{span} ({date.precision})"
    actors, recipients = _parties(event.actors), _parties(event.recipients)
    return EventView(
        id=event.id,
        what=f"{event.type} {event.mode}" if event.mode else event.type,
        parties=f"{actors or '?'} → {recipients}" if recipients else actors,
        facts=tuple(
            fact
            for fact in (
                f"where: {place.text} ({place.precision or '?'})" if place else "",
                f"when: {when}" if when else "",
                event.modality,
                f"corroboration {event.corroboration}, {len(event.reports)} report(s)",
            )
            if fact
        ),
        sources=", ".join(event.sources),
        before=sentence.text[:cut],
        trigger=sentence.text[cut:end],
        after=sentence.text[end:],
    )


@functools.cache
def _environment(html: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("chronique.digest", "templates"),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _render(digest: Digest, template: str, html: bool) -> str:
    sections = [(section, [event_view(e) for e in section.events]) for section in digest.sections]
    return (
        _environment(html)
        .get_template(template)
        .render(digest=digest, sections=sections, total=digest.total)
    )


def render_text(digest: Digest) -> str:
    """The digest as plain text."""
    return _render(digest, "digest.txt", html=False)


def render_html(digest: Digest) -> str:
    """The digest as a standalone HTML page (inline styles, for mail readers)."""
    return _render(digest, "digest.html", html=True)
