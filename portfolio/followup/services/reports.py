"""The funders' report: what became of the young people who left in a period, in numbers only.

No name, no id, no date of a person leaves this module: only counts per outcome, the
situation at 6 and 12 months (from the contacts; "non renseigné" when nobody recorded it,
"pas encore" when the date has not come), the median time in the path and the competencies
gained. A count from 1 to 4 is shown as "< 5" (:func:`shown`): in a small school, "2 young
people in CDD" next to a period and a site is enough to recognise someone, many of them
minors (the statistical secrecy rules of INSEE and the CNIL's anonymisation guidance use the
same kind of threshold). The median time and the competencies are not given below 5 exits.

Three queries whatever the number of exits: the exits with their entry date and situations
(correlated subqueries), the competencies reached, and (network) the exits per site.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from sqlalchemy import ColumnElement, Select, func, select

from portfolio.extensions import db
from portfolio.followup.services.contacts import add_months
from portfolio.models import (
    Assessment,
    AssessmentSource,
    ExitOutcome,
    FollowUpContact,
    ReferentAssignment,
    Site,
    Trace,
    TraineeExit,
    User,
    utcnow,
)

SMALL: Final = 5  # counts from 1 to SMALL - 1 are shown as "< 5"
MONTHS: Final = (6, 12)
NOT_YET: Final = "pas_encore"
UNKNOWN: Final = "non_renseigne"


def shown(count: int) -> str:
    """A count as published: "< 5" from 1 to 4, the number otherwise."""
    return f"< {SMALL}" if 0 < count < SMALL else str(count)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive


@dataclass
class Report:
    period: Period
    exits: int = 0
    by_outcome: Counter[str] = field(default_factory=Counter)
    # month -> situation value (an ExitOutcome value, UNKNOWN or NOT_YET) -> count
    at_month: dict[int, Counter[str]] = field(default_factory=dict)
    median_days: float | None = None
    competencies: int | None = None
    by_site: list[tuple[str, int]] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.exits >= SMALL


def _situation(month: int) -> Select[tuple[ExitOutcome | None]]:
    return (
        select(FollowUpContact.situation)
        .where(FollowUpContact.exit_id == TraineeExit.id, FollowUpContact.month == month)
        .limit(1)
    )


def build_report(site: Site | None, period: Period, *, today: date | None = None) -> Report:
    """The report for one site, or the whole network when ``site`` is None."""
    day = today or utcnow().date()
    in_scope = [TraineeExit.left_on >= period.start, TraineeExit.left_on <= period.end]
    if site is not None:
        in_scope.append(User.site_id == site.id)
    assigned = (
        select(func.min(ReferentAssignment.started_at))
        .where(ReferentAssignment.trainee_id == TraineeExit.trainee_id)
        .scalar_subquery()
    )
    first_trace = (
        select(func.min(Trace.happened_on))
        .where(Trace.trainee_id == TraineeExit.trainee_id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            TraineeExit.left_on,
            TraineeExit.outcome,
            assigned,
            first_trace,
            *(_situation(m).scalar_subquery() for m in MONTHS),
        )
        .join(User, User.id == TraineeExit.trainee_id)
        .where(*in_scope)
    ).all()
    report = Report(period, exits=len(rows), at_month={m: Counter() for m in MONTHS})
    days: list[int] = []
    for left_on, outcome, assigned_at, traced_on, *situations in rows:
        report.by_outcome[ExitOutcome(outcome).value] += 1
        for month, situation in zip(MONTHS, situations, strict=True):
            if situation is not None:
                value = ExitOutcome(situation).value
            else:
                value = NOT_YET if add_months(left_on, month) > day else UNKNOWN
            report.at_month[month][value] += 1
        starts = [d for d in (assigned_at.date() if assigned_at else None, traced_on) if d]
        if starts:
            days.append(max(0, (left_on - min(starts)).days))
    gained = _competencies(in_scope)  # always run: the same queries whatever the size
    if report.enough:
        report.median_days = statistics.median(days) if days else None
        report.competencies = gained
    if site is None:
        report.by_site = _by_site(in_scope)
    return report


def _competencies(in_scope: list[ColumnElement[bool]]) -> int:
    """Competencies that reached referent level 2 or more by the exit date, counted once per
    young person (the first time the team gave 2 or more)."""
    found = db.session.execute(
        select(TraineeExit.left_on, func.min(Assessment.created_at))
        .join(User, User.id == TraineeExit.trainee_id)
        .join(Assessment, Assessment.trainee_id == TraineeExit.trainee_id)
        .where(
            *in_scope,
            Assessment.source == AssessmentSource.REFERENT,
            Assessment.level >= 2,
        )
        .group_by(TraineeExit.id, TraineeExit.left_on, Assessment.competency_id)
    ).all()
    return sum(1 for left_on, first in found if first and first.date() <= left_on)


def _by_site(in_scope: list[ColumnElement[bool]]) -> list[tuple[str, int]]:
    found = db.session.execute(
        select(Site.name, func.count(TraineeExit.id))
        .join(User, User.id == TraineeExit.trainee_id)
        .join(Site, Site.id == User.site_id)
        .where(*in_scope)
        .group_by(Site.id, Site.name)
        .order_by(Site.name)
    ).all()
    return [(name, int(count)) for name, count in found]


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def default_period(today: date | None = None) -> Period:
    """The last twelve months up to today."""
    day = today or utcnow().date()
    return Period(day - timedelta(days=364), day)
