"""The trainee's portfolio list: filters and pages, and the traces to cite."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Integer, Row, Select, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from portfolio.database import read
from portfolio.extensions import db
from portfolio.models import Trace, TraceCompetency, TracePhoto, User
from portfolio.services.frameworks import framework
from portfolio.trainee.services.inputs import PER_PAGE, TraceFilters
from portfolio.trainee.services.overview import CompetencyTag, PhotoCard, TraceCard

Item = TypeVar("Item", Trace, TraceCard)


@dataclass(frozen=True, slots=True)
class TracePage(Generic[Item]):
    """One page of traces, newest first: whole traces with their photos and competencies
    loaded (:func:`list_traces`) or only what their cards show (:func:`list_cards`)."""

    items: Sequence[Item]
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
        query.order_by(Trace.happened_on.desc(), Trace.id.desc())
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )
    return count, page


@functools.cache
def _trace_statement(*filters: bool) -> Select[tuple[Trace]]:
    """One page of whole traces, their photos and competencies loaded with them."""
    _count_statement, page = _statements(*filters)
    return page.options(joinedload(Trace.photos), joinedload(Trace.competencies))


@functools.cache
def _card_statement(*filters: bool) -> Select[Any]:
    """One page of cards for a combination of filters: the page's traces (only what a card
    shows), each with its photos and competencies, in one statement of plain rows (loading
    twenty whole traces as objects cost more than the rest of the list)."""
    _count_statement, page = _statements(*filters)
    listed = page.with_only_columns(
        Trace.id,
        Trace.title,
        Trace.status,
        Trace.happened_on,
        Trace.context,
        Trace.import_id,
    ).subquery()
    return (
        select(
            listed,
            TracePhoto.id.label("photo_id"),
            TracePhoto.caption,
            TraceCompetency.id.label("tag_id"),
            TraceCompetency.framework_id,
            TraceCompetency.framework_version,
            TraceCompetency.competency_id,
        )
        .outerjoin(TracePhoto, TracePhoto.trace_id == listed.c.id)
        .outerjoin(TraceCompetency, TraceCompetency.trace_id == listed.c.id)
        .order_by(
            listed.c.happened_on.desc(), listed.c.id.desc(), TracePhoto.position, TraceCompetency.id
        )
    )


def _cards(rows: Iterable[Row[Any]]) -> list[TraceCard]:
    """The cards of the rows (one row per trace, photo and competency), in their order."""
    traces: dict[int, Row[Any]] = {}
    photos: dict[int, dict[int, PhotoCard]] = {}
    tags: dict[int, dict[int, CompetencyTag]] = {}
    for row in rows:
        traces.setdefault(row.id, row)
        if row.photo_id is not None:
            photos.setdefault(row.id, {})[row.photo_id] = PhotoCard(row.photo_id, row.caption)
        if row.tag_id is not None:
            tags.setdefault(row.id, {})[row.tag_id] = CompetencyTag(
                row.framework_id, row.framework_version, row.competency_id
            )
    return [
        TraceCard(
            id=trace_id,
            title=row.title,
            status=row.status,
            happened_on=row.happened_on,
            context=row.context,
            photos=tuple(photos.get(trace_id, {}).values()),
            competencies=tuple(tags.get(trace_id, {}).values()),
            import_id=row.import_id,
        )
        for trace_id, row in traces.items()
    ]


def list_traces(
    trainee: User,
    filters: TraceFilters | None = None,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> TracePage[Trace]:
    """The trainee's traces matching ``filters``, newest first, one page. Two queries.

    A page number past the end gives the last page.
    """
    filtered, params, total, page, per_page = _page_params(trainee, filters, page, per_page)
    items = list(db.session.scalars(_trace_statement(*filtered), params).unique())
    return TracePage(items, total, page, per_page)


def list_cards(
    trainee: User,
    filters: TraceFilters | None = None,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> TracePage[TraceCard]:
    """Like :func:`list_traces`, with only what the portfolio's cards show. Two queries."""
    filtered, params, total, page, per_page = _page_params(trainee, filters, page, per_page)
    rows = read(_card_statement(*filtered), params)
    return TracePage(_cards(rows), total, page, per_page)


def _page_params(
    trainee: User, filters: TraceFilters | None, page: int, per_page: int
) -> tuple[tuple[bool, ...], dict[str, Any], int, int, int]:
    """Which filters are set, the statements' parameters (the page's limit and offset
    included), how many traces pass the filters, the page shown (the last one when ``page``
    is past the end) and the page's size (1 to 100)."""
    filters = filters or TraceFilters()
    per_page = max(1, min(int(per_page), 100))
    values = {
        "ids": _competency_ids(filters),
        "context": filters.context,
        "status": filters.status,
        "date_from": filters.date_from,
        "date_to": filters.date_to,
    }
    filtered = tuple(value is not None for value in values.values())
    count, _listed = _statements(*filtered)
    params = {"trainee_id": trainee.id, **{k: v for k, v in values.items() if v is not None}}
    total = read(count, params).scalar() or 0
    page = max(1, min(int(page), max(1, math.ceil(total / per_page))))
    params.update(limit=per_page, offset=(page - 1) * per_page)
    return filtered, params, total, page, per_page


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
