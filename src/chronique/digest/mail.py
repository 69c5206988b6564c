"""The digest by mail: one multipart/alternative message (plain text, then HTML) over SMTP."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from chronique.digest.build import Digest
from chronique.digest.render import render_html, render_text
from chronique.errors import ChroniqueError


class DigestMailError(ChroniqueError):
    """The SMTP server could not be reached or refused the digest."""


def subject(digest: Digest) -> str:
    return f"Chronique: {digest.total} event(s) on {digest.day}"


def compose(digest: Digest, *, sender: str, to: Sequence[str]) -> EmailMessage:
    """The digest as a message: text first, HTML as the richer alternative."""
    if not to:
        raise DigestMailError("no recipient: give at least one address to send the digest to")
    message = EmailMessage()
    message["Subject"] = subject(digest)
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    # Quoted-printable keeps the message 7-bit: any SMTP relay carries it, accents intact.
    message.set_content(render_text(digest), cte="quoted-printable")
    message.add_alternative(render_html(digest), subtype="html", cte="quoted-printable")
    return message


def send_digest(message: EmailMessage, host: str, port: int, timeout: float = 30.0) -> None:
    """Hand `message` to the SMTP server at host:port; raise DigestMailError if it fails."""
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            refused = smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DigestMailError(f"could not send the digest through {host}:{port}: {exc}") from exc
    if refused:
        # Some recipients were accepted; name the others rather than pretend all went well.
        names = ", ".join(f"{addr} ({code} {reply!r})" for addr, (code, reply) in refused.items())
        raise DigestMailError(f"the SMTP server refused some recipients: {names}")
