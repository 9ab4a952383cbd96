"""Rectification on request: the trainee asks the site to correct what they cannot change
themselves (their name, birth date, e-mail, the facts of their exit, a detail of an
attestation); the site admin corrects it where it lives and answers with a word.

A sibling of the erasure request (``requests.py``), not the same row: an erasure plan is one
per person with a due date, a rectification is free text, may be asked more than once and
gets an answer. Same path otherwise: the referent is told at once by mail (the outbox), the
admin sees both on ``/admin/effacements``, and the rows go with the account (a NOT NULL
foreign key to ``user_account``: the erasure finds them by itself).
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import func, select

from portfolio.extensions import db
from portfolio.models import RectificationRequest, Role, User, utcnow
from portfolio.models.privacy import RECTIFICATION_MAX
from portfolio.privacy.services.requests import tell_referent
from portfolio.services.accounts import AccountError
from portfolio.services.i18n import gettext as _

MAX_OPEN: Final = 5
"""Open requests a trainee may have at once (a sixth waits for an answer)."""


def _text(raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise AccountError(_("Écrivez ce qui n'est pas juste."))
    text = raw.strip()
    if len(text) > RECTIFICATION_MAX:
        raise AccountError(_("%(n)d caractères au plus.", n=RECTIFICATION_MAX))
    return text


def requests_of(trainee: User) -> list[RectificationRequest]:
    """The trainee's requests, newest first."""
    return list(
        db.session.scalars(
            select(RectificationRequest)
            .where(RectificationRequest.user_id == trainee.id)
            .order_by(RectificationRequest.created_at.desc(), RectificationRequest.id.desc())
        )
    )


def ask_rectification(trainee: User, what: object) -> RectificationRequest:
    """The trainee asks for a correction; their referent is told. Never commits."""
    if trainee.role is not Role.TRAINEE:
        raise AccountError(_("Seul un compte de stagiaire peut demander une correction."))
    text = _text(what)
    open_count = db.session.scalar(
        select(func.count(RectificationRequest.id)).where(
            RectificationRequest.user_id == trainee.id, RectificationRequest.answer.is_(None)
        )
    )
    if (open_count or 0) >= MAX_OPEN:
        raise AccountError(
            _("Vous avez déjà %(n)d demandes en attente. Attendez une réponse.", n=MAX_OPEN)
        )
    request = RectificationRequest(user_id=trainee.id, what=text)
    db.session.add(request)
    db.session.flush()
    _tell_referent(trainee)
    return request


def _tell_referent(trainee: User) -> None:
    tell_referent(
        trainee,
        lambda name: _("%(name)s demande une correction de ses données", name=name),
        lambda name: _(
            "%(name)s a demandé de corriger une information sur son compte. "
            "L'administrateur du site va s'en occuper.",
            name=name,
        ),
    )


def answer_rectification(admin: User, request: RectificationRequest, answer: object) -> None:
    """The admin (the guard ``managed_rectification`` found the request) says what was done.
    Never commits."""
    if request.answer is not None:
        raise AccountError(_("Cette demande a déjà une réponse."))
    if not isinstance(answer, str) or not answer.strip():
        raise AccountError(_("Écrivez ce qui a été fait, en quelques mots."))
    text = answer.strip()
    if len(text) > RECTIFICATION_MAX:
        raise AccountError(_("%(n)d caractères au plus.", n=RECTIFICATION_MAX))
    request.answer = text
    request.answered_at = utcnow()
    db.session.flush()


def open_for(admin: User) -> list[tuple[RectificationRequest, User]]:
    """The unanswered rectification requests of the admin's site (every site for a network
    admin), oldest first."""
    query = (
        select(RectificationRequest, User)
        .join(User, User.id == RectificationRequest.user_id)
        .where(RectificationRequest.answer.is_(None))
        .order_by(RectificationRequest.created_at, RectificationRequest.id)
    )
    if admin.site_id is not None:
        query = query.where(User.site_id == admin.site_id)
    return [(item, user) for item, user in db.session.execute(query).tuples()]
