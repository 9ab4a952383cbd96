"""Trainees and accounts: who follows whom, who manages whom."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    and_,
    bindparam,
    literal,
    or_,
    select,
    union_all,
)

from portfolio.extensions import db
from portfolio.models import (
    Handover,
    RectificationRequest,
    ReferentAssignment,
    Role,
    Site,
    User,
)
from portfolio.models.base import utcnow
from portfolio.services.access._base import (
    _get,
    valid_id,
)
from portfolio.services.errors import NotFound


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
    """Trainees a referent follows now: their own, plus those of colleagues they cover today.

    The colleagues covered are a subquery, not a list read first: a caseload builds this
    query several times (the list, the menu's count, the news), each once cost a query.
    """
    return followed_query(referent.id, referent.site_id, on or utcnow().date())


def followed_query(referent_id: Any, site_id: Any, day: Any) -> Select[tuple[User]]:
    """``followed_trainees_query`` from values or bind parameters (a statement built once)."""
    covered = select(Handover.from_referent_id).where(
        Handover.to_referent_id == referent_id,
        Handover.cancelled_at.is_(None),
        Handover.starts_on <= day,
        Handover.ends_on >= day,
    )
    me = referent_id if isinstance(referent_id, ColumnElement) else literal(referent_id, Integer)
    referent_ids = union_all(select(me), covered)
    return (
        select(User)
        .join(
            ReferentAssignment,
            and_(ReferentAssignment.trainee_id == User.id, ReferentAssignment.ended_at.is_(None)),
        )
        .where(
            ReferentAssignment.referent_id.in_(referent_ids),
            User.role == Role.TRAINEE,
            User.site_id == site_id,
        )
        .order_by(User.last_name, User.first_name, User.id)
    )


FOLLOWED_IDS: Final = (
    followed_query(
        bindparam("user_id", type_=Integer),
        bindparam("site_id", type_=Integer),
        bindparam("day", type_=Date),
    )
    .with_only_columns(User.id)
    .order_by(None)
)
"""The ids of the trainees a referent follows, as a statement built once: the referent is the
``user_id`` bind parameter (with ``site_id`` and ``day``: ``followed_params``). Menus and
news run on every page, and building the query each time cost more than running it."""


_FOLLOWS_ONE: Final = FOLLOWED_IDS.where(User.id == bindparam("trainee_id", type_=Integer))


def followed_params(referent: User, on: date | None = None) -> dict[str, Any]:
    """The bind parameters of ``FOLLOWED_IDS`` for ``referent`` (today unless ``on``)."""
    return {"user_id": referent.id, "site_id": referent.site_id, "day": on or utcnow().date()}


def can_see_trainee(viewer: User, trainee: User, on: date | None = None) -> bool:
    """The trainee themself, their referent (or the colleague covering), an admin of their site."""
    if trainee.role is not Role.TRAINEE:
        return False
    if viewer.id == trainee.id:
        return True
    if viewer.role is Role.ADMIN:
        return viewer.site_id is None or viewer.site_id == trainee.site_id
    if viewer.role is Role.REFERENT and viewer.site_id == trainee.site_id:
        params = {**followed_params(viewer, on), "trainee_id": trainee.id}
        return db.session.scalar(_FOLLOWS_ONE, params) is not None
    return False


# A referent's pages about one trainee read them only if followed: one query, not two.
_FOLLOWED_TRAINEE: Final = select(User).where(User.id.in_(_FOLLOWS_ONE))


def visible_trainee(viewer: User, trainee_id: int) -> User:
    if viewer.role is Role.REFERENT:
        # The same rule as can_see_trainee's for a referent (a trainee of their site that
        # they follow, or that the colleague they cover follows), read with the trainee.
        found = (
            db.session.scalars(
                _FOLLOWED_TRAINEE, {**followed_params(viewer), "trainee_id": trainee_id}
            ).first()
            if valid_id(trainee_id)
            else None
        )
        if found is None:
            raise NotFound
        return found
    trainee = _get(User, trainee_id)
    if trainee is None or not can_see_trainee(viewer, trainee):
        raise NotFound
    return trainee


def users_manageable_by(admin: User) -> Select[tuple[User]]:
    """Accounts an admin may manage: those of their site (network admins: everyone)."""
    query = select(User).order_by(User.role, User.last_name, User.first_name)
    if admin.site_id is not None:
        query = query.where(or_(User.site_id == admin.site_id))
    return query


def _within_site(admin: User, site_id: int | None) -> bool:
    return admin.site_id is None or site_id == admin.site_id


def managed_user(admin: User, user_id: int) -> User:
    user = _get(User, user_id)
    if user is None or not _within_site(admin, user.site_id):
        raise NotFound
    return user


def managed_rectification(admin: User, request_id: int) -> RectificationRequest:
    """A trainee's rectification request, for an admin of their site (network admins: all)."""
    found = _get(RectificationRequest, request_id)
    if found is None or admin.role is not Role.ADMIN:
        raise NotFound
    managed_user(admin, found.user_id)
    return found


def managed_site(admin: User, site_id: int) -> Site:
    site = _get(Site, site_id)
    if site is None or not _within_site(admin, site.id):
        raise NotFound
    return site
