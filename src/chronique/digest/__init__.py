"""The daily digest: the day's events, by country, the most corroborated first.

    digest = build_digest(day_events(store, day, settings), day)
    render_text(digest), render_html(digest)        # plain text and HTML (Jinja2, autoescaped)
    send_digest(compose(digest, sender=..., to=[...]), host, port)    # SMTP

A country's section lists the events that happened there (the event's place); events with
no place come last, under their own heading. Countries with more events come first.
"""

from chronique.digest.build import CountrySection, Digest, build_digest, day_events, is_of_day
from chronique.digest.mail import compose, send_digest
from chronique.digest.render import render_html, render_text

__all__ = [
    "CountrySection",
    "Digest",
    "build_digest",
    "compose",
    "day_events",
    "is_of_day",
    "render_html",
    "render_text",
    "send_digest",
]
