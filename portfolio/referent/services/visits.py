"""Visits and the caseload: what is new since the last visit, and who needs attention.

"New" is worked out from ids, which grow with time: the visit stores the highest trace and
self-assessment ids seen, so the caseload needs a fixed number of queries whatever the volume.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import (
    Date,
    Integer,
    Label,
    Row,
    and_,
    bindparam,
    case,
    func,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.sql.selectable import ScalarSelect

from portfolio.conversations.services.reading import unread_from
from portfolio.database import read
from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    GameStatement,
    GameStatementStatus,
    ReferentAssignment,
    ReferentVisit,
    Review,
    Trace,
    TraineeExit,
    User,
    person_name,
    utcnow,
)
from portfolio.services.access import followed_query
from portfolio.services.frameworks import framework
from portfolio.services.gaps import NEWEST_ASSESSMENT, SimpleGap, largest_gaps
from portfolio.showcase.services.publishing import waiting_approval_of

REVIEW_OVERDUE_DAYS = 30


@dataclass(frozen=True)
class Seen:
    """What a referent had seen of a trainee at their last visit."""

    visited_at: datetime
    trace_id: int  # highest trace id then
    assessment_id: int  # highest self-assessment id then


def last_visit(referent: User, trainee: User) -> Seen | None:
    row = db.session.scalar(
        select(ReferentVisit).where(
            ReferentVisit.referent_id == referent.id, ReferentVisit.trainee_id == trainee.id
        )
    )
    if row is None:
        return None
    return Seen(row.visited_at, row.seen_trace_id, row.seen_assessment_id)


def mark_visited(referent: User, trainee: User) -> Seen | None:
    """Record that the referent opened the trainee's file now; returns the previous visit."""
    previous = last_visit(referent, trainee)
    now = utcnow()
    seen = {
        "visited_at": now,
        "seen_trace_id": db.session.scalar(
            select(func.coalesce(func.max(Trace.id), 0)).where(Trace.trainee_id == trainee.id)
        ),
        "seen_assessment_id": db.session.scalar(
            select(func.coalesce(func.max(Assessment.id), 0)).where(
                Assessment.trainee_id == trainee.id, Assessment.source == AssessmentSource.SELF
            )
        ),
    }
    values = {"referent_id": referent.id, "trainee_id": trainee.id, **seen}
    keys = ["referent_id", "trainee_id"]
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        lite = sqlite.insert(ReferentVisit).values(**values)
        db.session.execute(lite.on_conflict_do_update(index_elements=keys, set_=seen))
    elif dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        pg = postgresql.insert(ReferentVisit).values(**values)
        db.session.execute(pg.on_conflict_do_update(index_elements=keys, set_=seen))
    elif previous is None:  # pragma: no cover - other databases
        db.session.add(ReferentVisit(**values))
    else:  # pragma: no cover
        db.session.execute(
            update(ReferentVisit)
            .where(ReferentVisit.referent_id == referent.id, ReferentVisit.trainee_id == trainee.id)
            .values(**seen)
        )
    return previous


@dataclass(frozen=True, slots=True)
class FollowedTrainee:
    """A trainee as the caseload shows them: three columns, not an account object (a caseload
    of fifty once loaded fifty full ``User`` rows to show their names)."""

    id: int
    first_name: str
    last_name: str
    full_name: str

    @classmethod
    def of(cls, trainee_id: int, first_name: str, last_name: str) -> FollowedTrainee:
        return cls(trainee_id, first_name, last_name, person_name(first_name, last_name))


@dataclass(frozen=True)
class CaseloadRow:
    trainee: FollowedTrainee
    covered_for: str  # the absent colleague's name, during a hand-over; "" for one's own
    last_visit: datetime | None
    new_traces: int
    new_self_assessments: int
    pending_game: int
    largest_gap: SimpleGap | None
    last_review_on: date | None
    days_since_review: int | None
    left_on: date | None = None  # the exit's date, when one is recorded
    unread_messages: int = 0  # the trainee's messages the referent has not read
    showcases_waiting: int = 0  # 1 when the trainee's showcase waits for approval

    def has_left(self, day: date) -> bool:
        """Left the school by ``day``: followed after the exit, apart from current trainees."""
        return self.left_on is not None and self.left_on <= day

    @property
    def review_overdue(self) -> bool:
        return self.days_since_review is None or self.days_since_review > REVIEW_OVERDUE_DAYS

    @property
    def has_news(self) -> bool:
        return bool(self.new_traces or self.new_self_assessments or self.pending_game)

    @property
    def needs_attention(self) -> bool:
        gap = abs(self.largest_gap.gap) if self.largest_gap else 0
        return self.has_news or self.review_overdue or gap >= 2

    @property
    def attention_score(self) -> int:
        gap = abs(self.largest_gap.gap) if self.largest_gap else 0
        return (
            self.new_traces
            + self.new_self_assessments
            + self.pending_game
            + 2 * gap
            + (3 if self.review_overdue else 0)
        )


CASELOAD_SORTS = ("attention", "nom", "nouveau", "ecart", "bilan")
CASELOAD_FILTERS = ("tous", "attention", "nouveau", "bilan", "ecart")

_REFERENT = bindparam("user_id", type_=Integer)
_SEEN_TRACE = func.coalesce(ReferentVisit.seen_trace_id, 0)
_SEEN_SELF = func.coalesce(ReferentVisit.seen_assessment_id, 0)
_IN_PATH = or_(TraineeExit.left_on.is_(None), TraineeExit.left_on > bindparam("day", type_=Date))


def _in_path(figure: ScalarSelect[Any], name: str) -> Label[Any]:
    """``figure`` for a trainee in their path, NULL for one who left (not counted: the table
    shows the trainees in their path only)."""
    return case((_IN_PATH, figure), else_=null()).label(name)


CASELOAD: Final = (
    followed_query(_REFERENT, bindparam("site_id", type_=Integer), bindparam("day", type_=Date))
    .with_only_columns(
        User.id,
        User.first_name,
        User.last_name,
        ReferentAssignment.referent_id,
        ReferentVisit.visited_at,
        _in_path(
            select(func.count(Trace.id))
            .where(Trace.trainee_id == User.id, Trace.id > _SEEN_TRACE)
            .scalar_subquery(),
            "new_traces",
        ),
        _in_path(
            select(func.count(Assessment.id))
            .where(
                Assessment.trainee_id == User.id,
                Assessment.source == AssessmentSource.SELF,
                Assessment.id > _SEEN_SELF,
            )
            .scalar_subquery(),
            "new_self_assessments",
        ),
        _in_path(
            select(func.count(GameStatement.id))
            .where(
                GameStatement.user_id == User.id,
                GameStatement.status == GameStatementStatus.PENDING,
            )
            .scalar_subquery(),
            "pending_game",
        ),
        _in_path(
            select(func.max(Review.held_on)).where(Review.trainee_id == User.id).scalar_subquery(),
            "reviewed_on",
        ),
        TraineeExit.left_on,
        _in_path(NEWEST_ASSESSMENT, "newest_assessment"),
        # The list's "messages" badges and the menu's two counts (messages, showcases to
        # approve), for everyone followed: read with the rows instead of two more statements.
        unread_from(User.id).label("unread_messages"),
        waiting_approval_of(User.id).label("showcases_waiting"),
    )
    .outerjoin(
        ReferentVisit,
        and_(ReferentVisit.trainee_id == User.id, ReferentVisit.referent_id == _REFERENT),
    )
    .outerjoin(TraineeExit, TraineeExit.trainee_id == User.id)
)
"""The followed trainees (``followed_query``) with their figures, one row each, as a statement
built once (building it per page cost more than running it). Each figure is a correlated
count that the indexes answer; ids grow with time, so a row is new if its id is above the
highest one seen at the last visit. ``newest_assessment`` is the version of the trainee's gaps.
The figures of the table are read for the trainees in their path only (the database skips a
CASE's other branch): at network size a referent follows after their exit as many young people
as there are trainees in their path (the generated network: 27 of 42), whose rows the table does
not show."""


def caseload(referent: User, *, today: date | None = None) -> list[CaseloadRow]:
    """The referent's trainees (own and covered today) with what needs attention.

    A fixed number of queries, whatever the number of traces or trainees: the trainees with
    their figures (one row each), the largest gaps, and the names of absent colleagues if any.
    """
    day = today or utcnow().date()
    me = referent.id  # read once: ``referent`` is often the ``current_user`` proxy
    params = {"user_id": me, "site_id": referent.site_id, "day": day}
    rows = read(CASELOAD, params).all()
    if not rows:
        return []
    colleagues = _colleague_names({row.referent_id for row in rows} - {me})
    # NULL for those who left (the CASE) and for a trainee without levels: no gap to find.
    versions = {row.id: row.newest_assessment for row in rows if row.newest_assessment is not None}
    gaps_found = largest_gaps(list(versions), framework().id, versions=versions)
    return [
        _caseload_row(row, colleagues.get(row.referent_id, ""), gaps_found.get(row.id), day)
        for row in rows
    ]


def _caseload_row(row: Row[Any], covered_for: str, gap: SimpleGap | None, day: date) -> CaseloadRow:
    reviewed = row.reviewed_on
    return CaseloadRow(
        trainee=FollowedTrainee.of(row.id, row.first_name, row.last_name),
        covered_for=covered_for,
        last_visit=row.visited_at,
        new_traces=int(row.new_traces or 0),
        new_self_assessments=int(row.new_self_assessments or 0),
        pending_game=int(row.pending_game or 0),
        largest_gap=gap,
        last_review_on=reviewed,
        days_since_review=(day - reviewed).days if reviewed else None,
        left_on=row.left_on,
        unread_messages=int(row.unread_messages or 0),
        showcases_waiting=int(row.showcases_waiting or 0),
    )


def _colleague_names(colleague_ids: set[int]) -> dict[int, str]:
    """The names of the absent colleagues whose trainees are covered (a hand-over)."""
    if not colleague_ids:
        return {}
    found = db.session.execute(
        select(User.id, User.first_name, User.last_name).where(User.id.in_(colleague_ids))
    )
    return {uid: person_name(first, last) for uid, first, last in found}


def sort_and_filter(
    rows: Sequence[CaseloadRow], *, sort: str = "attention", show: str = "tous", query: str = ""
) -> list[CaseloadRow]:
    """Sort and filter the caseload (unknown values fall back to the defaults)."""
    words = query.strip().lower().split()
    if words:
        rows = [r for r in rows if all(w in r.trainee.full_name.lower() for w in words)]
    if show == "attention":
        rows = [r for r in rows if r.needs_attention]
    elif show == "nouveau":
        rows = [r for r in rows if r.has_news]
    elif show == "bilan":
        rows = [r for r in rows if r.review_overdue]
    elif show == "ecart":
        rows = [r for r in rows if r.largest_gap is not None]

    def by_name(r: CaseloadRow) -> tuple[str, str, int]:
        return (r.trainee.last_name.lower(), r.trainee.first_name.lower(), r.trainee.id)

    ordered = sorted(rows, key=by_name)
    if sort == "nom":
        return ordered
    if sort == "nouveau":
        return sorted(
            ordered, key=lambda r: -(r.new_traces + r.new_self_assessments + r.pending_game)
        )
    if sort == "ecart":
        return sorted(ordered, key=lambda r: -(abs(r.largest_gap.gap) if r.largest_gap else -1))
    if sort == "bilan":
        return sorted(
            ordered,
            key=lambda r: -(r.days_since_review if r.days_since_review is not None else 10**6),
        )
    return sorted(ordered, key=lambda r: -r.attention_score)
