"""Who may see which trainee: the one place where that rule lives.

Views call :func:`get_trainee_or_404`; a record someone may not see answers 404, never 403,
so its existence is not disclosed.
"""

from __future__ import annotations

from datetime import date

from flask import abort
from sqlalchemy import Select, and_, or_, select

from portfolio.extensions import db
from portfolio.models import Handover, ReferentAssignment, Role, User
from portfolio.models.base import utcnow


def covered_referent_ids(referent: User, on: date | None = None) -> list[int]:
    """Referents whose trainees ``referent`` covers today (a hand-over in progress)."""
    day = on or utcnow().date()
    return list(
        db.session.scalars(
            select(Handover.from_referent_id).where(
                Handover.to_referent_id == referent.id,
                Handover.cancelled_at.is_(None),
                Handover.starts_on <= day,
                Handover.ends_on >= day,
            )
        )
    )


def followed_trainees_query(referent: User, on: date | None = None) -> Select[tuple[User]]:
    """Trainees a referent follows now: their own, plus those of colleagues they cover today."""
    referent_ids = [referent.id, *covered_referent_ids(referent, on)]
    return (
        select(User)
        .join(
            ReferentAssignment,
            and_(ReferentAssignment.trainee_id == User.id, ReferentAssignment.ended_at.is_(None)),
        )
        .where(
            ReferentAssignment.referent_id.in_(referent_ids),
            User.role == Role.TRAINEE,
            User.site_id == referent.site_id,
        )
        .order_by(User.last_name, User.first_name, User.id)
    )


def can_see_trainee(viewer: User, trainee: User, on: date | None = None) -> bool:
    """The trainee themself, their referent (or the colleague covering), an admin of their site."""
    if trainee.role is not Role.TRAINEE:
        return False
    if viewer.id == trainee.id:
        return True
    if viewer.role is Role.ADMIN:
        return viewer.site_id is None or viewer.site_id == trainee.site_id
    if viewer.role is Role.REFERENT and viewer.site_id == trainee.site_id:
        query = followed_trainees_query(viewer, on).where(User.id == trainee.id)
        return db.session.scalar(query) is not None
    return False


def get_trainee_or_404(viewer: User, trainee_id: int) -> User:
    trainee = db.session.get(User, trainee_id)
    if trainee is None or not can_see_trainee(viewer, trainee):
        abort(404)
    return trainee


def users_manageable_by(admin: User) -> Select[tuple[User]]:
    """Accounts an admin may manage: those of their site (network admins: everyone)."""
    query = select(User).order_by(User.role, User.last_name, User.first_name)
    if admin.site_id is not None:
        query = query.where(or_(User.site_id == admin.site_id))
    return query


def get_managed_user_or_404(admin: User, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or (admin.site_id is not None and user.site_id != admin.site_id):
        abort(404)
    return user
