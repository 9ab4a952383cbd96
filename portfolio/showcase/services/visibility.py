"""The one privacy rule: which company may read which showcase, checked on every request."""

from __future__ import annotations

from datetime import datetime

from flask import abort
from sqlalchemy import ColumnElement, and_, or_, select, true

from portfolio.extensions import db
from portfolio.models import (
    ApprovalState,
    Company,
    Role,
    Showcase,
    ShowcasePhoto,
    ShowcaseTrace,
    Trace,
    TracePhoto,
    TraceStatus,
    User,
    utcnow,
)
from portfolio.showcase.services.common import _valid_id


def is_partner(company: Company | None) -> bool:
    return company is not None and company.approved_at is not None


def visible_condition(now: datetime) -> ColumnElement[bool]:
    """SQL: the showcase is online (published, approved if needed, not expired)."""
    return and_(
        Showcase.is_published.is_(True),
        Showcase.approval.in_([ApprovalState.NOT_NEEDED, ApprovalState.APPROVED]),
        or_(Showcase.expires_at.is_(None), Showcase.expires_at > now),
    )


def company_scope(company: Company) -> ColumnElement[bool]:
    """SQL: the company is a partner of the showcase's site, or the showcase is network-wide."""
    return or_(Showcase.site_id == company.site_id, Showcase.network_wide.is_(true()))


def is_visible(showcase: Showcase, now: datetime | None = None) -> bool:
    """Online now: published, approved if the site asks for it, not expired, trainee active."""
    now = now or utcnow()
    return (
        showcase.is_published
        and showcase.approval in (ApprovalState.NOT_NEEDED, ApprovalState.APPROVED)
        and (showcase.expires_at is None or showcase.expires_at > now)
        and showcase.trainee.active
    )


def visible_to_company(showcase: Showcase, company: Company | None) -> bool:
    if company is None or not is_partner(company) or not is_visible(showcase):
        return False
    return showcase.site_id == company.site_id or showcase.network_wide


def get_showcase_for_company_or_404(user: User, showcase_id: int) -> Showcase:
    """The showcase if ``user``'s company may see it now; 404 otherwise (never 403)."""
    showcase = db.session.get(Showcase, showcase_id) if _valid_id(showcase_id) else None
    if (
        showcase is None
        or user.role is not Role.COMPANY
        or not visible_to_company(showcase, user.company)
    ):
        abort(404)
    return showcase


def showcase_photo(showcase: Showcase, photo_id: int) -> TracePhoto | None:
    """A photo the trainee chose to show, on a complete trace that is still in the showcase."""
    if not _valid_id(photo_id):
        return None
    return db.session.scalar(
        select(TracePhoto)
        .join(ShowcasePhoto, ShowcasePhoto.photo_id == TracePhoto.id)
        .join(Trace, Trace.id == TracePhoto.trace_id)
        .join(
            ShowcaseTrace,
            and_(ShowcaseTrace.trace_id == Trace.id, ShowcaseTrace.showcase_id == showcase.id),
        )
        .where(
            ShowcasePhoto.showcase_id == showcase.id,
            TracePhoto.id == photo_id,
            Trace.status == TraceStatus.COMPLETE,
        )
    )
