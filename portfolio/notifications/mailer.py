"""Sending one mail through Flask-Mailman (SMTP in production).

Where mails go is chosen once, at start-up:
- ``MAIL_SERVER`` set: SMTP (``MAIL_PORT``, ``MAIL_USE_TLS``, ``MAIL_USERNAME``...);
- else ``MAIL_BACKEND`` if set (``console``, ``file``, ``locmem``, ``dummy``);
- else, for ``make run``: files under ``instance/mails/`` (one line in the log says so), so a
  developer reads the digest and the reset links there; the test suite keeps them in memory.

A mail that cannot leave (server down, refused) is logged without any address or content and
answered ``False``: the caller keeps it for the next try, the person never gets a 500.
Rejected: Flask-Mail (unmaintained since 2014); hand-written ``smtplib`` (no file backend for
development, no in-memory one for tests, MIME assembly by hand).
"""

from __future__ import annotations

import logging
import os
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from flask_mailman import EmailMultiAlternatives, Mail

log = logging.getLogger(__name__)
mail = Mail()


@dataclass(frozen=True)
class Letter:
    to: str
    subject: str
    text: str
    html: str
    unsubscribe_url: str = ""


def init_app(app: Flask) -> None:
    if app.config.get("MAIL_SERVER"):
        app.config["MAIL_BACKEND"] = app.config.get("MAIL_BACKEND") or "smtp"
    elif not app.config.get("MAIL_BACKEND"):
        if app.testing:
            app.config["MAIL_BACKEND"] = "locmem"
        else:
            folder = os.path.join(app.instance_path, "mails")
            app.config["MAIL_BACKEND"] = "file"
            app.config.setdefault("MAIL_FILE_PATH", folder)
            log.info("mail: no MAIL_SERVER set, mails are written to %s", folder)
    mail.init_app(app)


def headers_for(letter: Letter) -> dict[str, str]:
    """List-Unsubscribe with the one-click POST of RFC 8058 (mail clients show a button)."""
    if not letter.unsubscribe_url:
        return {}
    return {
        "List-Unsubscribe": f"<{letter.unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


@contextmanager
def batch() -> Iterator[Any]:
    """One SMTP connection for many mails (the digest); None if it cannot open, and each
    :func:`send` then tries on its own and says so."""
    connection = mail.get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as err:
        log.warning("mail: no connection (%s)", type(err).__name__)
        yield None
        return
    try:
        yield connection
    finally:
        with suppress(smtplib.SMTPException, OSError):
            connection.close()


def send(letter: Letter, connection: Any = None) -> bool:
    """Send one mail; ``False`` (logged, without personal data) when it could not leave."""
    message = EmailMultiAlternatives(
        connection=connection,
        subject=letter.subject,
        body=letter.text,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[letter.to],
        headers=headers_for(letter),
    )
    message.attach_alternative(letter.html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as err:
        log.warning("mail: not sent (%s), kept for the next try", type(err).__name__)
        return False
    return True
