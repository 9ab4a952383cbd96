"""The cohort view: a referent's trainees, or a whole site, seen together.

Calibration: for each competency, how many trainees rate themselves above, below or level
with their referent (latest levels, counted, never averaged). Activity: traces and bilans per
trainee, and who has done nothing for two weeks. A fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select

from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    ExplicitationNote,
    NoteReply,
    Review,
    Role,
    Site,
    Trace,
    User,
    utcnow,
)
from portfolio.services.access import followed_trainees_query
from portfolio.services.frameworks import DEFAULT_FRAMEWORK, framework
from portfolio.services.gaps import latest_pairs
from referentiel import Competency, Domain

INACTIVE_DAYS = 14


@dataclass(frozen=True)
class CalibrationRow:
    competency: Competency
    domain: Domain
    over: int  # trainees who rate themselves higher than their referent
    under: int  # ... lower
    same: int

    @property
    def compared(self) -> int:
        return self.over + self.under + self.same

    @property
    def tendency(self) -> str:
        """ "over", "under", "same" or "" when nobody is compared or it is balanced."""
        if not self.compared:
            return ""
        if self.over > self.under and self.over >= self.same:
            return "over"
        if self.under > self.over and self.under >= self.same:
            return "under"
        if self.same >= self.over and self.same >= self.under:
            return "same"
        return ""


@dataclass(frozen=True)
class ActivityRow:
    trainee: User
    traces: int
    reviews: int
    notes: int
    last_activity: datetime | None

    def inactive(self, now: datetime) -> bool:
        since = self.last_activity or self.trainee.created_at
        return since < now - timedelta(days=INACTIVE_DAYS)


@dataclass(frozen=True)
class Cohort:
    calibration: tuple[CalibrationRow, ...]
    activity: tuple[ActivityRow, ...]
    inactive: tuple[ActivityRow, ...]

    @property
    def size(self) -> int:
        return len(self.activity)


def trainees_of_referent(referent: User) -> list[User]:
    return list(db.session.scalars(followed_trainees_query(referent)))


def trainees_of_site(site: Site) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.site_id == site.id, User.role == Role.TRAINEE, User.active.is_(True))
            .order_by(User.last_name, User.first_name, User.id)
        )
    )


def cohort(
    trainees: Sequence[User], *, framework_id: str = DEFAULT_FRAMEWORK, now: datetime | None = None
) -> Cohort:
    now = now or utcnow()
    ids = [t.id for t in trainees]
    fw = framework(framework_id)
    counts: dict[str, list[int]] = {}
    for pair in latest_pairs(ids, fw.id):
        tally = counts.setdefault(pair.competency_id, [0, 0, 0])
        if pair.self_level > pair.referent_level:
            tally[0] += 1
        elif pair.self_level < pair.referent_level:
            tally[1] += 1
        else:
            tally[2] += 1
    calibration = [
        CalibrationRow(competency, domain, *counts.get(competency.id, [0, 0, 0]))
        for domain in fw.domains
        for competency in domain.competencies
        if not competency.retired
    ]

    traces, last_trace = _grouped(
        select(Trace.trainee_id, func.count(Trace.id), func.max(Trace.updated_at))
        .where(Trace.trainee_id.in_(ids))
        .group_by(Trace.trainee_id)
    )
    reviews, _ = _grouped(
        select(Review.trainee_id, func.count(Review.id), func.max(Review.created_at))
        .where(Review.trainee_id.in_(ids))
        .group_by(Review.trainee_id)
    )
    notes, _ = _grouped(
        select(
            ExplicitationNote.trainee_id,
            func.count(ExplicitationNote.id),
            func.max(ExplicitationNote.created_at),
        )
        .where(ExplicitationNote.trainee_id.in_(ids))
        .group_by(ExplicitationNote.trainee_id)
    )
    _, last_self = _grouped(
        select(Assessment.trainee_id, func.count(Assessment.id), func.max(Assessment.created_at))
        .where(Assessment.trainee_id.in_(ids), Assessment.source == AssessmentSource.SELF)
        .group_by(Assessment.trainee_id)
    )
    _, last_reply = _grouped(
        select(NoteReply.author_id, func.count(NoteReply.id), func.max(NoteReply.created_at))
        .where(NoteReply.author_id.in_(ids))
        .group_by(NoteReply.author_id)
    )
    activity: list[ActivityRow] = []
    for trainee in trainees:
        stamps = [
            s
            for s in (
                last_trace.get(trainee.id),
                last_self.get(trainee.id),
                last_reply.get(trainee.id),
            )
            if s is not None
        ]
        activity.append(
            ActivityRow(
                trainee=trainee,
                traces=traces.get(trainee.id, 0),
                reviews=reviews.get(trainee.id, 0),
                notes=notes.get(trainee.id, 0),
                last_activity=max(stamps) if stamps else None,
            )
        )
    return Cohort(
        calibration=tuple(calibration),
        activity=tuple(activity),
        inactive=tuple(a for a in activity if a.inactive(now)),
    )


def _grouped(query: Select[Any]) -> tuple[dict[int, int], dict[int, datetime]]:
    counts: dict[int, int] = {}
    latest: dict[int, datetime] = {}
    for key, count, last in db.session.execute(query).all():
        counts[key] = int(count)
        if last is not None:
            latest[key] = last
    return counts, latest
