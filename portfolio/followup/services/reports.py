"""The funders' report: what became of the young people who left in a period, in numbers only.

No name, no id, no date of a person leaves this module: only counts per outcome, the
situation at 6 and 12 months (from the contacts; "non renseigné" when nobody recorded it,
"pas encore" when the date has not come), the median time in the path and the competencies
gained. A count from 1 to 4 is shown as "< 5" (:func:`shown`): in a small school, "2 young
people in CDD" next to a period and a site is enough to recognise someone, many of them
minors (the statistical secrecy rules of INSEE and the CNIL's anonymisation guidance use the
same kind of threshold). The median time and the competencies are not given below 5 exits.

Exits of erased people count too: ``anonymous_exit`` keeps, at erasure, the outcome, the
month, the situations at 6 and 12 months, the days in the path and the competencies gained
(:func:`exit_figures`); what it cannot give is the day of the exit (a period cut mid-month
counts the whole month's erased exits) and any later contact (there is nobody to contact).

Four queries whatever the number of exits: the exits with their entry date and situations
(correlated subqueries), the erased exits, the competencies reached, and (network) the exits
per site.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import ColumnElement, Row, Select, func, select

from portfolio.extensions import db
from portfolio.models import (
    AnonymousExit,
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
from portfolio.privacy.services.rules import add_months

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


def _exit_rows(*where: ColumnElement[bool]) -> Select[Any]:
    """Per exit: the exit date, the outcome, the first assignment, the first trace and the
    situations at ``MONTHS`` (the report's query; the erasure keeps one row's figures)."""
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
    return (
        select(
            TraineeExit.left_on,
            TraineeExit.outcome,
            assigned,
            first_trace,
            *(_situation(m).scalar_subquery() for m in MONTHS),
        )
        .join(User, User.id == TraineeExit.trainee_id)
        .where(*where)
    )


def _days_in_path(
    left_on: date, assigned_at: datetime | None, traced_on: date | None
) -> int | None:
    starts = [d for d in (assigned_at.date() if assigned_at else None, traced_on) if d]
    return max(0, (left_on - min(starts)).days) if starts else None


@dataclass(frozen=True)
class ExitFigures:
    """What the report counts of one exit: kept in ``anonymous_exit`` when the person is erased."""

    situations: dict[int, ExitOutcome | None]
    days_in_path: int | None
    competencies: int


def exit_figures(exit_: TraineeExit) -> ExitFigures:
    """The report's figures for one exit (the erasure calls it before deleting the rows)."""
    row = db.session.execute(_exit_rows(TraineeExit.id == exit_.id)).one()
    left_on, _outcome, assigned_at, traced_on, *situations = row
    return ExitFigures(
        situations={
            m: ExitOutcome(s) if s is not None else None
            for m, s in zip(MONTHS, situations, strict=True)
        },
        days_in_path=_days_in_path(left_on, assigned_at, traced_on),
        competencies=_competencies([TraineeExit.id == exit_.id]),
    )


def _count_situation(
    report: Report, month: int, situation: str | None, left_on: date, day: date
) -> None:
    if situation is not None:
        value = ExitOutcome(situation).value
    else:
        value = NOT_YET if add_months(left_on, month) > day else UNKNOWN
    report.at_month[month][value] += 1


def build_report(site: Site | None, period: Period, *, today: date | None = None) -> Report:
    """The report for one site, or the whole network when ``site`` is None; the exits of
    erased people (``anonymous_exit``) are counted with the figures kept at erasure."""
    day = today or utcnow().date()
    in_scope = [TraineeExit.left_on >= period.start, TraineeExit.left_on <= period.end]
    if site is not None:
        in_scope.append(User.site_id == site.id)
    rows = db.session.execute(_exit_rows(*in_scope)).all()
    erased = _erased(site, period)
    report = Report(period, exits=len(rows) + len(erased), at_month={m: Counter() for m in MONTHS})
    days: list[int] = []
    for left_on, outcome, assigned_at, traced_on, *situations in rows:
        report.by_outcome[ExitOutcome(outcome).value] += 1
        for month, situation in zip(MONTHS, situations, strict=True):
            _count_situation(report, month, situation, left_on, day)
        spent = _days_in_path(left_on, assigned_at, traced_on)
        if spent is not None:
            days.append(spent)
    gained = _competencies(in_scope)  # always run: the same queries whatever the size
    for gone in erased:
        left_on = date(gone.left_year, gone.left_month, 1)
        report.by_outcome[ExitOutcome(gone.outcome).value] += 1
        for month, situation in zip(MONTHS, (gone.situation_6, gone.situation_12), strict=True):
            _count_situation(report, month, situation, left_on, day)
        if gone.days_in_path is not None:
            days.append(gone.days_in_path)
        gained += gone.competencies
    if report.enough:
        report.median_days = statistics.median(days) if days else None
        report.competencies = gained
    if site is None:
        report.by_site = _by_site(in_scope, erased)
    return report


def _erased(site: Site | None, period: Period) -> list[Row[Any]]:
    """The anonymous exits of the period: an erased exit keeps only its month, so a month is
    in the period when its days are (a period cut mid-month counts that month's erased exits)."""
    month = AnonymousExit.left_year * 12 + AnonymousExit.left_month
    query = (
        select(
            AnonymousExit.outcome,
            AnonymousExit.left_year,
            AnonymousExit.left_month,
            AnonymousExit.situation_6,
            AnonymousExit.situation_12,
            AnonymousExit.days_in_path,
            AnonymousExit.competencies,
            Site.name.label("site_name"),
        )
        .join(Site, Site.id == AnonymousExit.site_id)
        .where(
            month >= period.start.year * 12 + period.start.month,
            month <= period.end.year * 12 + period.end.month,
        )
    )
    if site is not None:
        query = query.where(AnonymousExit.site_id == site.id)
    return list(db.session.execute(query).all())


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


def _by_site(in_scope: list[ColumnElement[bool]], erased: list[Row[Any]]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter(row.site_name for row in erased)
    found = db.session.execute(
        select(Site.name, func.count(TraineeExit.id))
        .join(User, User.id == TraineeExit.trainee_id)
        .join(Site, Site.id == User.site_id)
        .where(*in_scope)
        .group_by(Site.id, Site.name)
        .order_by(Site.name)
    ).all()
    for name, count in found:
        counts[name] += int(count)
    return sorted(counts.items())


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def default_period(today: date | None = None) -> Period:
    """The last twelve months up to today."""
    day = today or utcnow().date()
    return Period(day - timedelta(days=364), day)
