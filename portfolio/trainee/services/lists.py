"""The trainee's portfolio list: filters and pages, and the traces to cite."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from sqlalchemy import Integer, Select, bindparam, func, select
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


def _competency_ids(filters: TraceFilters) -> list[str] | None:
    """The competencies a trace must show to pass the domain and competency filters (None:
    any; an empty list: none can, say for a competency outside the chosen domain)."""
    ids: list[str] | None = None
    if filters.domain_id:
        fw = framework()
        domain = next((d for d in fw.domains if d.id == filters.domain_id), None)
        ids = [c.id for c in domain.competencies] if domain else []
    if filters.competency_id:
        ids = [filters.competency_id] if ids is None or filters.competency_id in ids else []
    return ids


@functools.cache
def _statements(
    by_competency: bool, by_context: bool, by_status: bool, since: bool, until: bool
) -> tuple[Select[tuple[int]], Select[tuple[Trace]]]:
    """The count and one page of a trainee's traces for one combination of filters, built
    once with bound values (the list opens unfiltered on every visit: building its two
    statements each time cost more than running them)."""
    query = select(Trace).where(Trace.trainee_id == bindparam("trainee_id"))
    if by_competency:
        shown = TraceCompetency.competency_id.in_(bindparam("ids", expanding=True))
        query = query.where(Trace.id.in_(select(TraceCompetency.trace_id).where(shown)))
    if by_context:
        query = query.where(Trace.context == bindparam("context"))
    if by_status:
        query = query.where(Trace.status == bindparam("status"))
    if since:
        query = query.where(Trace.happened_on >= bindparam("date_from"))
    if until:
        query = query.where(Trace.happened_on <= bindparam("date_to"))
    count = select(func.count()).select_from(query.subquery())
    page = (
        query.options(joinedload(Trace.photos), joinedload(Trace.competencies))
        .order_by(Trace.happened_on.desc(), Trace.id.desc())
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )
    return count, page


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
    ids = _competency_ids(filters)
    values = {
        "ids": ids,
        "context": filters.context,
        "status": filters.status,
        "date_from": filters.date_from,
        "date_to": filters.date_to,
    }
    count, listed = _statements(*(value is not None for value in values.values()))
    params = {"trainee_id": trainee.id, **{k: v for k, v in values.items() if v is not None}}
    total = db.session.scalar(count, params) or 0
    pages = max(1, math.ceil(total / per_page))
    page = max(1, min(int(page), pages))
    params.update(limit=per_page, offset=(page - 1) * per_page)
    items = list(db.session.scalars(listed, params).unique())
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
