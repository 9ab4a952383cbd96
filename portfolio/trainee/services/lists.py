"""The trainee's portfolio list: filters and pages, and the traces to cite."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from portfolio.extensions import db
from portfolio.models import Trace, TraceCompetency, User
from portfolio.services.frameworks import framework
from portfolio.trainee.services.inputs import PER_PAGE, TraceFilters


@dataclass(frozen=True, slots=True)
class TracePage:
    """One page of traces, newest first, with their photos and competencies loaded."""

    items: list[Trace]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _filtered(trainee: User, filters: TraceFilters) -> Select[tuple[Trace]]:
    query = select(Trace).where(Trace.trainee_id == trainee.id)
    ids: list[str] | None = None
    if filters.domain_id:
        fw = framework()
        domain = next((d for d in fw.domains if d.id == filters.domain_id), None)
        ids = [c.id for c in domain.competencies] if domain else []
    if filters.competency_id:
        ids = [filters.competency_id] if ids is None or filters.competency_id in ids else []
    if ids is not None:
        query = query.where(
            Trace.id.in_(
                select(TraceCompetency.trace_id).where(TraceCompetency.competency_id.in_(ids))
            )
        )
    if filters.context is not None:
        query = query.where(Trace.context == filters.context)
    if filters.status is not None:
        query = query.where(Trace.status == filters.status)
    if filters.date_from is not None:
        query = query.where(Trace.happened_on >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(Trace.happened_on <= filters.date_to)
    return query


def list_traces(
    trainee: User,
    filters: TraceFilters | None = None,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> TracePage:
    """The trainee's traces matching ``filters``, newest first, one page. Two queries.

    A page number past the end gives the last page.
    """
    filters = filters or TraceFilters()
    per_page = max(1, min(int(per_page), 100))
    query = _filtered(trainee, filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, math.ceil(total / per_page))
    page = max(1, min(int(page), pages))
    items = list(
        db.session.scalars(
            query.options(joinedload(Trace.photos), joinedload(Trace.competencies))
            .order_by(Trace.happened_on.desc(), Trace.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).unique()
    )
    return TracePage(items, total, page, per_page)


def traces_for_choice(trainee: User, competency_id: str | None = None) -> list[Trace]:
    """The trainee's traces to cite in a self-assessment: those showing ``competency_id``
    first, then the others, newest first."""
    traces = list(
        db.session.scalars(
            select(Trace)
            .where(Trace.trainee_id == trainee.id)
            .options(selectinload(Trace.competencies))
            .order_by(Trace.happened_on.desc(), Trace.id.desc())
        )
    )
    if competency_id is None:
        return traces
    shows = [t for t in traces if any(c.competency_id == competency_id for c in t.competencies)]
    return shows + [t for t in traces if t not in shows]
