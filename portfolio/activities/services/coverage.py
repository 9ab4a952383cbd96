"""Coverage of the competencies by a site's pedagogy ("ingénierie pédagogique").

For one site, and optionally one referent's cohort (the trainees they follow), per competency
of the E2C framework and of the psychosocial competencies (CPS), grouped by domain:

- how many activities of the site's catalogue target it;
- how many observations the team recorded for it in the last three months, and ever;
- so which competencies were never observed.

An observation is a competency named by an explicitation note (the referent's notes and the
collective observation grid, which writes one note per trainee), plus a referent level given
without citing a note (a level given from the grid cites the note it wrote: counted once).

Four queries whatever the size of the catalogue or of the cohort. Reads only.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, select

from portfolio.extensions import db
from portfolio.models import (
    Activity,
    ActivityTarget,
    Assessment,
    AssessmentSource,
    ExplicitationNote,
    NoteCompetency,
    ReferentAssignment,
    Role,
    Site,
    User,
    assessment_note,
    utcnow,
)
from portfolio.services.frameworks import SWITCHABLE, frameworks
from referentiel import Competency, Domain, Framework

WINDOW_DAYS = 91  # "the last three months"
# Upper bounds of the heat map's bands of recent observations: 0, 1-2, 3-5, 6-10, more.
BANDS = (0, 2, 5, 10)


class Status(enum.StrEnum):
    """What the team knows of a competency: observed lately, only before, or never."""

    RECENT = "recent"
    OLD = "old"
    NEVER = "never"


@dataclass(frozen=True, slots=True)
class Cell:
    """One competency's figures."""

    competency: Competency
    activities: int = 0
    recent: int = 0
    ever: int = 0

    @property
    def status(self) -> Status:
        if self.recent:
            return Status.RECENT
        return Status.OLD if self.ever else Status.NEVER

    @property
    def band(self) -> int:
        """0 (no recent observation) to 4 (more than ten), for the heat map's colour."""
        return sum(1 for bound in BANDS if self.recent > bound)

    @property
    def activity_band(self) -> int:
        return sum(1 for bound in BANDS if self.activities > bound)


@dataclass(frozen=True, slots=True)
class DomainCoverage:
    domain: Domain
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class FrameworkCoverage:
    framework: Framework
    domains: tuple[DomainCoverage, ...]

    @property
    def cells(self) -> list[Cell]:
        return [c for d in self.domains for c in d.cells]

    def count(self, status: Status | str) -> int:
        return sum(1 for c in self.cells if c.status == status)

    @property
    def targeted(self) -> int:
        return sum(1 for c in self.cells if c.activities)


@dataclass(frozen=True, slots=True)
class Coverage:
    site: Site
    referent: User | None
    since: date
    today: date
    trainees: int
    frameworks: tuple[FrameworkCoverage, ...]


def _trainee_ids(site: Site, referent: User | None) -> Select[tuple[int]]:
    """The trainees in scope: the site's, or those the referent follows (their own)."""
    query = select(User.id).where(User.site_id == site.id, User.role == Role.TRAINEE)
    if referent is None:
        return query
    return query.join(
        ReferentAssignment,
        and_(ReferentAssignment.trainee_id == User.id, ReferentAssignment.ended_at.is_(None)),
    ).where(ReferentAssignment.referent_id == referent.id)


def _counted(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def coverage(site: Site, referent: User | None = None, *, today: date | None = None) -> Coverage:
    """The coverage of the site (or of one referent's cohort) on ``today`` (default: now)."""
    today = today or utcnow().date()
    since = today - timedelta(days=WINDOW_DAYS)
    since_at = datetime.combine(since, time.min, tzinfo=UTC)
    trainees = _trainee_ids(site, referent)
    key = tuple[str, str]
    targeted: dict[key, int] = {
        (f, c): int(n)
        for f, c, n in db.session.execute(
            select(
                ActivityTarget.framework_id,
                ActivityTarget.competency_id,
                func.count(func.distinct(ActivityTarget.activity_id)),
            )
            .join(Activity, Activity.id == ActivityTarget.activity_id)
            .where(Activity.site_id == site.id)
            .group_by(ActivityTarget.framework_id, ActivityTarget.competency_id)
        )
    }
    seen: dict[key, list[int]] = {}
    noted = (
        select(
            NoteCompetency.framework_id,
            NoteCompetency.competency_id,
            _counted(ExplicitationNote.observed_on >= since),
            func.count(NoteCompetency.id),
        )
        .join(ExplicitationNote, ExplicitationNote.id == NoteCompetency.note_id)
        .where(ExplicitationNote.trainee_id.in_(trainees))
        .group_by(NoteCompetency.framework_id, NoteCompetency.competency_id)
    )
    cites_note = exists().where(assessment_note.c.assessment_id == Assessment.id)
    rated = (
        select(
            Assessment.framework_id,
            Assessment.competency_id,
            _counted(Assessment.created_at >= since_at),
            func.count(Assessment.id),
        )
        .where(
            Assessment.trainee_id.in_(trainees),
            Assessment.source == AssessmentSource.REFERENT,
            ~cites_note,
        )
        .group_by(Assessment.framework_id, Assessment.competency_id)
    )
    for query in (noted, rated):
        for f, c, recent, ever in db.session.execute(query):
            tally = seen.setdefault((f, c), [0, 0])
            tally[0] += int(recent or 0)
            tally[1] += int(ever or 0)
    count = int(db.session.scalar(select(func.count()).select_from(trainees.subquery())) or 0)
    return Coverage(
        site=site,
        referent=referent,
        since=since,
        today=today,
        trainees=count,
        frameworks=tuple(_framework_coverage(fw, targeted, seen) for fw in _shown()),
    )


def _shown() -> Sequence[Framework]:
    loaded = frameworks()
    return [loaded[f] for f in SWITCHABLE.values() if f in loaded]


def _framework_coverage(
    fw: Framework, targeted: dict[tuple[str, str], int], seen: dict[tuple[str, str], list[int]]
) -> FrameworkCoverage:
    return FrameworkCoverage(
        framework=fw,
        domains=tuple(
            DomainCoverage(
                domain=domain,
                cells=tuple(
                    Cell(
                        competency=c,
                        activities=targeted.get((fw.id, c.id), 0),
                        recent=seen.get((fw.id, c.id), [0, 0])[0],
                        ever=seen.get((fw.id, c.id), [0, 0])[1],
                    )
                    for c in domain.competencies
                    if not c.retired
                ),
            )
            for domain in fw.domains
        ),
    )
