"""Writing a mail for one person, and sending it once the event it tells about is committed.

``notify_now`` adds an ``OutgoingMail`` row in the transaction of the event (a shared note, a
company's contact): a rolled back event never mails. The row's id is kept on the session; when
that transaction commits, the ids wait in ``g`` and are sent at the end of the request (after
the view's commit, before the answer leaves), then marked sent in a transaction of their own.
A mail that could not leave stays unsent and the next ``notifications digest`` sends it again
(up to ``MAX_ATTEMPTS`` tries). Outside a request (CLI, scripts) the digest command sends.

Rejected: sending inside the service (a mail for an event that then rolls back, and the SMTP
wait inside the database transaction); a task queue (one more service to run for a few mails a
day per site: the digest run is the retry).

Every text is written in the recipient's language (:func:`in_language_of`), whatever the
sender's: the caller builds subject and lines inside it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, g, has_app_context, has_request_context, render_template
from flask_babel import force_locale
from flask_sqlalchemy.session import Session as AppSession
from sqlalchemy import event, select
from sqlalchemy.orm import Session, joinedload
from werkzeug.wrappers import Response

from portfolio.database import is_read_only_request
from portfolio.extensions import db
from portfolio.models import MailFrequency, MailKind, OutgoingMail, User, utcnow
from portfolio.notifications import mailer
from portfolio.notifications.services.preferences import (
    can_receive,
    frequency_of,
    unsubscribe_token,
)
from portfolio.services.i18n import gettext as _

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
_PENDING = "e2c_mail_pending"  # ids written in the open transaction
_READY = "e2c_mail_ready"  # ids committed, to send at the end of the request
_PUSH_PENDING = "e2c_push_pending"  # Web Push notices of the open transaction
_PUSH_READY = "e2c_push_ready"


@contextmanager
def in_language_of(user: User) -> Iterator[None]:
    """Translations and external links for ``user``: their language (French when they chose
    none); outside a request, a request on ``PUBLIC_URL`` so links point at the site."""
    languages = current_app.config["LANGUAGES"]
    locale = user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
    if has_request_context():
        with force_locale(locale):
            yield
        return
    with (
        current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]),
        force_locale(locale),
    ):
        yield


def compose(
    user: User, kind: MailKind, subject: str, lines: Sequence[str], link: str
) -> OutgoingMail:
    """The mail, text and HTML, in the recipient's language, added to the session."""
    from flask import url_for

    with in_language_of(user):
        unsubscribe_url = url_for(
            "notifications.unsubscribe", token=unsubscribe_token(user), _external=True
        )
        context = {
            "user": user,
            "lines": list(lines),
            "link": link,
            "unsubscribe_url": unsubscribe_url,
            "settings_url": url_for("settings.index", _external=True) + "#e-mails",
            "digest": kind is MailKind.DIGEST,
        }
        mail = OutgoingMail(
            user_id=user.id,
            kind=kind,
            subject=subject[:200],
            text_body=render_template("notifications/mail.txt", **context),
            html_body=render_template("notifications/mail.html", **context),
            unsubscribe_url=unsubscribe_url,
        )
    db.session.add(mail)
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append(mail.id)
    return mail


def wants_now(user: User, *, direct: bool) -> bool:
    """Direct messages leave at once unless "Jamais"; other events only for "Tout de suite"."""
    if not can_receive(user):
        return False
    frequency = frequency_of(user)
    if frequency is MailFrequency.NEVER:
        return False
    return direct or frequency is MailFrequency.IMMEDIATE


def notify_now(
    user: User, subject: str, body_lines: Sequence[str], link: str, *, direct: bool = False
) -> OutgoingMail | None:
    """Mail one event to ``user`` now, if their choice allows; else None (the digest or the
    app tells them). Texts in the recipient's language: build them in ``in_language_of``."""
    if not wants_now(user, direct=direct):
        return None
    return compose(user, MailKind.IMMEDIATE, subject, body_lines, link)


def notify_direct_message(
    recipient_id: int, sender_name: str, thread_url: str
) -> OutgoingMail | None:
    """For conversations: a message written to the person (immediate unless "Jamais").

    ``thread_url`` is the thread's absolute address (``url_for(..., _external=True)``).
    """
    recipient = db.session.get(User, recipient_id)
    if recipient is None:
        return None
    with in_language_of(recipient):
        subject = _("%(name)s vous a écrit", name=sender_name)
        lines = [_("%(name)s vous a envoyé un message.", name=sender_name)]
    queue_push(recipient.id, subject, lines[0], thread_url)
    return notify_now(recipient, subject, lines, thread_url, direct=True)


def queue_push(user_id: int, title: str, body: str, url: str) -> None:
    """A Web Push notice to the phones the person subscribed, sent after the commit (like the
    mails: a write rolled back pushes nothing). Push is opt-in per phone, so it does not
    follow the e-mail choice; without VAPID keys nothing is sent."""
    parts = urlsplit(url)  # the worker opens a page of this site: its path, not the address
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    db.session.info.setdefault(_PUSH_PENDING, []).append((user_id, title, body, path or "/"))


def _link(endpoint: str, **values: Any) -> str:
    from flask import url_for

    return url_for(endpoint, _external=True, **values)


def notify_note_shared(trainee: User, author: User, note_id: int) -> OutgoingMail | None:
    """A referent shared a note with the trainee (a push at once; a mail at once or in the
    digest, as the trainee chose)."""
    with in_language_of(trainee):
        subject = _("Une nouvelle note de %(name)s", name=author.first_name)
        lines = [_("%(name)s a écrit une note pour vous.", name=author.first_name)]
        link = _link("trainee.my_note", note_id=note_id)
    queue_push(trainee.id, subject, lines[0], link)
    if not wants_now(trainee, direct=False):
        return None
    return notify_now(trainee, subject, lines, link)


def notify_company_contact(
    trainee: User, company_name: str, contact_id: int, *, first: bool = True
) -> OutgoingMail | None:
    """A company wrote to the trainee through the school (``first``: its contact request;
    else a later message of the same contact)."""
    with in_language_of(trainee):
        subject = _("Message de %(company)s", company=company_name)
        if first:
            lines = [_("%(company)s voudrait vous rencontrer.", company=company_name)]
        else:
            lines = [_("Message de %(company)s.", company=company_name)]
        link = _link("showcase.contact", contact_id=contact_id)
    queue_push(trainee.id, subject, lines[0], link)
    if not wants_now(trainee, direct=False):
        return None
    return notify_now(trainee, subject, lines, link)


# -- sending ---------------------------------------------------------------------------------


def send_pending(
    ids: Sequence[int] | None = None, *, after_each: Callable[[], None] | None = None
) -> tuple[int, int]:
    """Send the unsent mails (these ``ids``, or all still worth a try); (sent, failed).

    A mail whose person has since lost their address or chosen "Jamais" is dropped. The
    caller commits (``after_each`` after every mail, so a crash never sends one twice).
    """
    query = (
        select(OutgoingMail)
        .where(OutgoingMail.sent_at.is_(None), OutgoingMail.attempts < MAX_ATTEMPTS)
        .options(joinedload(OutgoingMail.user))
        .order_by(OutgoingMail.id)
    )
    if ids is not None:
        query = query.where(OutgoingMail.id.in_(list(ids)))
    mails = db.session.scalars(query).all()
    if not mails:
        return 0, 0
    with mailer.batch() as connection:
        return _send_each(mails, connection, after_each)


def _send_each(
    mails: Sequence[OutgoingMail], connection: Any, after_each: Callable[[], None] | None
) -> tuple[int, int]:
    sent = failed = 0
    for mail in mails:
        user = mail.user
        if not can_receive(user) or frequency_of(user) is MailFrequency.NEVER:
            db.session.delete(mail)
        else:
            letter = mailer.Letter(
                to=str(user.email),
                subject=mail.subject,
                text=mail.text_body,
                html=mail.html_body,
                unsubscribe_url=mail.unsubscribe_url,
            )
            mail.attempts += 1
            if mailer.send(letter, connection):
                mail.sent_at = utcnow()
                sent += 1
            else:
                failed += 1
        db.session.flush()
        if after_each is not None:
            after_each()
    return sent, failed


@event.listens_for(AppSession, "after_commit")
def _committed(session: Session) -> None:
    ids = session.info.pop(_PENDING, None)
    if ids and has_app_context():
        g.setdefault(_READY, []).extend(ids)
    pushes = session.info.pop(_PUSH_PENDING, None)
    if pushes and has_app_context():
        g.setdefault(_PUSH_READY, []).extend(pushes)


@event.listens_for(AppSession, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_PUSH_PENDING, None)


def _send_ready(response: Response) -> Response:
    _push_ready()
    ids = g.pop(_READY, None)
    if not ids or is_read_only_request():  # a page that only reads wrote no mail
        return response
    try:
        send_pending(ids)
        db.session.commit()
    except Exception:  # a mail must never turn the person's page into an error
        db.session.rollback()
        log.exception("mail: sending after the request failed; the digest will retry")
    return response


def _push_ready() -> None:
    from portfolio.pwa.services.push import push_to_user

    pushes = g.pop(_PUSH_READY, None)
    if not pushes or is_read_only_request():
        return
    try:
        for user_id, title, body, url in pushes:
            push_to_user(user_id, title, body, url)
        db.session.commit()  # subscriptions the push service forgot are deleted
    except Exception:  # a notice must never turn the person's page into an error
        db.session.rollback()
        log.exception("push: sending after the request failed")


def init_app(app: Flask) -> None:
    app.after_request(_send_ready)
