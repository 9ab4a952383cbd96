"""Join requests and interests: every write of ``PathRequest``.

The trainee asks (one tap) and may take it back while nobody has answered; the site's team
confirms (a join adds the trainee to the session through ``sessions.add_participant``, the
session write path, so a full or past session is refused there too) or declines with a short
word. Every refusal is a :class:`PathError` whose text is a sentence for the person; the
services never commit.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portfolio.activities.services.sessions import SessionError, add_participant
from portfolio.extensions import db
from portfolio.models import (
    ActivitySession,
    PathRequest,
    PathRequestKind,
    PathRequestStatus,
    Role,
    User,
    utcnow,
)
from portfolio.models.path import MAX_ANSWER
from portfolio.services import access, text
from portfolio.services.i18n import gettext as _


class PathError(ValueError):
    """A request cannot be made or answered; ``str(err)`` is a sentence for the person."""


def _trainee_only(user: User) -> None:
    if user.role is not Role.TRAINEE or user.site_id is None:
        raise PathError(_("Seul un ou une stagiaire d'un site peut demander une place."))


def ask_to_join(trainee: User, session_id: int, *, today: date | None = None) -> PathRequest:
    """Ask for a place in an upcoming session of the trainee's site (asked twice: once)."""
    _trainee_only(trainee)
    session = access.site_session(trainee, session_id)
    if session.day < (today or utcnow().date()):
        raise PathError(_("Cette séance est déjà passée."))
    if any(p.trainee_id == trainee.id for p in session.participants):
        raise PathError(_("Vous êtes déjà dans le groupe de cette séance."))
    found = db.session.scalar(
        select(PathRequest).where(
            PathRequest.trainee_id == trainee.id, PathRequest.session_id == session.id
        )
    )
    if found is not None:
        if found.status is PathRequestStatus.DECLINED:
            raise PathError(_("Votre équipe a déjà répondu pour cette séance."))
        return found
    if len(session.participants) >= session.activity.group_size:
        raise PathError(_("Cette séance est complète. Regardez les autres propositions."))
    request = PathRequest(
        trainee_id=trainee.id,
        site_id=session.site_id,
        kind=PathRequestKind.JOIN,
        activity_id=session.activity_id,
        session_id=session.id,
    )
    db.session.add(request)
    db.session.flush()
    return request


def mark_interest(trainee: User, activity_id: int) -> PathRequest:
    """Say "this activity interests me" (marked twice: once)."""
    _trainee_only(trainee)
    activity = access.site_activity(trainee, activity_id)
    found = db.session.scalar(
        select(PathRequest).where(
            PathRequest.trainee_id == trainee.id,
            PathRequest.activity_id == activity.id,
            PathRequest.session_id.is_(None),
        )
    )
    if found is not None:
        return found
    request = PathRequest(
        trainee_id=trainee.id,
        site_id=trainee.site_id,
        kind=PathRequestKind.INTEREST,
        activity_id=activity.id,
    )
    db.session.add(request)
    db.session.flush()
    return request


def withdraw(trainee: User, request_id: int) -> None:
    """Take back a request nobody has answered yet (the undo of the one tap)."""
    request = access.own_path_request(trainee, request_id)
    if request.status is not PathRequestStatus.PENDING:
        raise PathError(_("Votre équipe a déjà répondu : la demande ne peut plus être retirée."))
    db.session.delete(request)
    db.session.flush()


def _pending(staff: User, request_id: int) -> PathRequest:
    request = access.team_path_request(staff, request_id)
    if request.status is not PathRequestStatus.PENDING:
        raise PathError(_("Quelqu'un a déjà répondu à cette demande."))
    return request


def confirm(staff: User, request_id: int, *, today: date | None = None) -> PathRequest:
    """Say yes: a join request puts the trainee in the session's group (expected)."""
    request = _pending(staff, request_id)
    if request.session is not None:
        try:
            add_participant(staff, request.session, request.trainee, today=today)
        except SessionError as err:
            raise PathError(str(err)) from None
    request.status = PathRequestStatus.CONFIRMED
    request.decided_at = utcnow()
    request.decided_by_id = staff.id
    db.session.flush()
    return request


def decline(staff: User, request_id: int, answer: object) -> PathRequest:
    """Say no, with a short word for the trainee (required: they deserve a why)."""
    request = _pending(staff, request_id)
    try:
        words = text.clean_text(answer, limit=MAX_ANSWER, required=True)
    except text.TextRefused:
        raise PathError(
            _("Écrivez un mot pour le ou la stagiaire (%(n)d caractères au plus).", n=MAX_ANSWER)
        ) from None
    request.status = PathRequestStatus.DECLINED
    request.answer = words
    request.decided_at = utcnow()
    request.decided_by_id = staff.id
    db.session.flush()
    return request


def site_requests(staff: User) -> list[PathRequest]:
    """The pending requests of the staff member's site, oldest first."""
    if staff.site_id is None or not access.in_team_of(staff, staff.site_id):
        return []
    return list(
        db.session.scalars(
            select(PathRequest)
            .where(
                PathRequest.site_id == staff.site_id,
                PathRequest.status == PathRequestStatus.PENDING,
            )
            .options(
                selectinload(PathRequest.trainee),
                selectinload(PathRequest.activity),
                selectinload(PathRequest.session),
            )
            .order_by(PathRequest.id)
        )
    )


def trainee_requests(trainee: User) -> list[PathRequest]:
    """The trainee's own requests, the latest first."""
    return list(
        db.session.scalars(
            select(PathRequest)
            .where(PathRequest.trainee_id == trainee.id)
            .options(
                selectinload(PathRequest.activity),
                selectinload(PathRequest.session).selectinload(ActivitySession.activity),
            )
            .order_by(PathRequest.id.desc())
        )
    )
