"""Which showcases a company may read, as SQL for lists; the rule for one showcase is in
services/access/ (``visible_to_company``), re-exported here for the showcase services."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select, true

from portfolio.extensions import db
from portfolio.models import (
    ApprovalState,
    Company,
    Showcase,
    ShowcasePhoto,
    ShowcaseTrace,
    Trace,
    TracePhoto,
    TraceStatus,
)
from portfolio.services.access import valid_id as _valid_id


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
