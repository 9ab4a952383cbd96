""" "Où j'en suis": the trainee's home page summary, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from flask import current_app
from sqlalchemy import Integer, Select, bindparam, func, select, union
from sqlalchemy.orm import joinedload

from portfolio.database import read
from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    AudioRecording,
    Objective,
    ObjectiveStatus,
    Trace,
    TraceCompetency,
    TraceContext,
    TracePhoto,
    TraceStatus,
    User,
)
from portfolio.services import summary_cache
from portfolio.services.frameworks import framework
from portfolio.trainee.services.inputs import RECENT
from portfolio.trainee.services.photos import StorageUsage
from referentiel import Competency, Domain, Framework, Level


@dataclass(frozen=True, slots=True)
class CompetencyProgress:
    """One competency on the home page."""

    competency: Competency
    level: Level | None
    assessed_at: date | None
    trace_count: int
    last_evidence_on: date | None

    @property
    def explored(self) -> bool:
        return self.trace_count > 0 or self.level is not None


@dataclass(frozen=True, slots=True)
class DomainProgress:
    domain: Domain
    competencies: list[CompetencyProgress]

    @property
    def explored_count(self) -> int:
        return sum(1 for c in self.competencies if c.explored)


@dataclass(frozen=True, slots=True)
class PhotoCard:
    id: int
    caption: str


@dataclass(frozen=True, slots=True)
class CompetencyTag:
    framework_id: str
    framework_version: str
    competency_id: str


@dataclass(frozen=True, slots=True)
class TraceCard:
    """What a trace card shows (trainee/_macros.html), apart from the database session."""

    id: int
    title: str
    status: TraceStatus
    happened_on: date
    context: TraceContext
    photos: tuple[PhotoCard, ...]
    competencies: tuple[CompetencyTag, ...]
    import_id: int | None = None  # brought by an import: the card says so

    @classmethod
    def of(cls, trace: Trace) -> TraceCard:
        return cls(
            id=trace.id,
            title=trace.title,
            status=trace.status,
            happened_on=trace.happened_on,
            context=trace.context,
            photos=tuple(PhotoCard(p.id, p.caption) for p in trace.photos),
            competencies=tuple(
                CompetencyTag(c.framework_id, c.framework_version, c.competency_id)
                for c in trace.competencies
            ),
            import_id=trace.import_id,
        )


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything "Où j'en suis" shows. Built with a fixed number of queries."""

    domains: list[DomainProgress]
    recent: list[TraceCard]
    to_explore: list[Competency]
    usage: StorageUsage
    trace_count: int
    draft_count: int
    framework_version: str = ""
    levels: tuple[Level, ...] = field(default=())


# The home page's statements are built once: constructing a select() and its cache key on
# every request cost more than running it. Parameters: ``trainee_id`` (and ``source``).
_TRAINEE: Final = bindparam("trainee_id", type_=Integer)
_EVIDENCE_STMT: Final = (
    select(
        TraceCompetency.competency_id,
        func.count(),  # a trace names a competency once
        func.max(Trace.happened_on),
    )
    .join(Trace, Trace.id == TraceCompetency.trace_id)
    .where(Trace.trainee_id == _TRAINEE, Trace.status == TraceStatus.COMPLETE)
    .group_by(TraceCompetency.competency_id)
)
_TRACE_COUNT: Final = (
    select(func.count(Trace.id)).where(Trace.trainee_id == _TRAINEE).scalar_subquery()
)
_DRAFT_COUNT: Final = (
    select(func.count(Trace.id))
    .where(Trace.trainee_id == _TRAINEE, Trace.status == TraceStatus.DRAFT)
    .scalar_subquery()
)
_TOTALS_STMT: Final = select(
    _TRACE_COUNT,
    _DRAFT_COUNT,
    select(func.coalesce(func.sum(TracePhoto.size_bytes), 0))
    .join(Trace, Trace.id == TracePhoto.trace_id)
    .where(Trace.trainee_id == _TRAINEE)
    .scalar_subquery(),
    select(func.coalesce(func.sum(AudioRecording.size_bytes), 0))
    .where(AudioRecording.owner_id == _TRAINEE)
    .scalar_subquery(),
)
_RECENT_STMT: Final = (
    select(Trace)
    .where(Trace.trainee_id == _TRAINEE)
    .options(joinedload(Trace.photos), joinedload(Trace.competencies))
    .order_by(Trace.id.desc())  # the last ones written; the trainee index serves it
    .limit(RECENT)
)


def overview(trainee: User, fw: Framework | None = None) -> Overview:
    """The "Où j'en suis" summary of a trainee: per domain, each active competency with its
    latest self level, number of traces and date of last evidence; the recent traces; the
    competencies never evidenced ("à explorer"); the storage usage. ``fw``: the framework
    shown (default E2C).

    Four queries, whatever the number of traces, and none while nothing changed: the summary
    is kept in memory (see summary_cache)."""
    shown = fw or framework()
    quota = int(current_app.config["STORAGE_QUOTA_BYTES"])
    return summary_cache.cached(
        trainee,
        ("overview", shown.id, shown.version, quota),
        lambda: _overview(trainee, quota, shown),
    )


def _overview(trainee: User, quota: int, fw: Framework) -> Overview:
    from portfolio.services.assessments import latest_level_codes

    params = {"trainee_id": trainee.id}
    stats: dict[str, tuple[int, date | None]] = {
        competency_id: (int(count), last)
        for competency_id, count, last in db.session.execute(_EVIDENCE_STMT, params)
    }
    latest = latest_level_codes(trainee, AssessmentSource.SELF)
    total, drafts, photo_bytes, audio_bytes = db.session.execute(_TOTALS_STMT, params).one()
    used = int(photo_bytes or 0) + int(audio_bytes or 0)  # one quota for photos and voice
    recent = [TraceCard.of(t) for t in db.session.scalars(_RECENT_STMT, params).unique()]
    levels = {level.code: level for level in fw.levels}
    domains: list[DomainProgress] = []
    to_explore: list[Competency] = []
    for domain in fw.domains:
        rows: list[CompetencyProgress] = []
        for competency in domain.competencies:
            if competency.retired:
                continue
            count, last = stats.get(competency.id, (0, None))
            mine = latest.get(competency.id)
            row = CompetencyProgress(
                competency,
                levels.get(mine.level) if mine else None,
                mine.at.date() if mine else None,
                count,
                last,
            )
            rows.append(row)
            if not row.explored:
                to_explore.append(competency)
        domains.append(DomainProgress(domain, rows))
    return Overview(
        domains=domains,
        recent=recent,
        to_explore=to_explore,
        usage=StorageUsage(used, quota),
        trace_count=int(total or 0),
        draft_count=int(drafts or 0),
        framework_version=fw.version,
        levels=fw.levels,
    )


@dataclass(frozen=True, slots=True)
class Standing:
    """The home's "Où j'en suis" in four figures (the whole summary is on "Ma page")."""

    trace_count: int
    draft_count: int
    open_objectives: int
    started: int  # active competencies with a complete trace or a level of the trainee's own
    total: int  # active competencies of the framework


# A competency is started once it has a complete trace or a level of the trainee's own.
_STARTED: Final = union(
    select(TraceCompetency.competency_id)
    .join(Trace, Trace.id == TraceCompetency.trace_id)
    .where(Trace.trainee_id == _TRAINEE, Trace.status == TraceStatus.COMPLETE),
    select(Assessment.competency_id).where(
        Assessment.trainee_id == _TRAINEE, Assessment.source == AssessmentSource.SELF
    ),
).subquery("started")
# The home's four figures in one statement (``active``: the framework's active competencies,
# the union above being of every framework's ids).
_STANDING_STMT: Final = select(
    _TRACE_COUNT,
    _DRAFT_COUNT,
    select(func.count(Objective.id))
    .where(Objective.trainee_id == _TRAINEE, Objective.status == ObjectiveStatus.OPEN)
    .scalar_subquery(),
    select(func.count())
    .select_from(_STARTED)
    .where(_STARTED.c.competency_id.in_(bindparam("active", expanding=True)))
    .scalar_subquery(),
)


# The same without the started competencies, for a caller that has read them.
_COUNTS_STMT: Final = select(*_STANDING_STMT.selected_columns[:3])


def _read_one(statement: Select[Any], params: Mapping[str, Any]) -> Sequence[Any]:
    return read(statement, params).one()


def standing(
    trainee: User,
    started: set[str] | None = None,
    reader: Callable[[Select[Any], Mapping[str, Any]], Sequence[Any]] = _read_one,
) -> Standing:
    """What the home says of the trainee's progress, in one small query: the same counts as
    ``overview`` (a competency is started once it has a complete trace or a self level)
    without building each competency's row, the recent traces or the storage usage.

    ``started``: the ids of the competencies started, when the caller has them (the home reads
    them with the path's facts, ``path.services.ranking.Facts.started``): not read again.
    ``reader`` reads the statement's one row: the home's reads it with the menu's counts
    (``template_globals.read_with_menu``)."""
    active = [c.id for c in framework().active_competencies]
    if started is not None:
        counts = reader(_COUNTS_STMT, {"trainee_id": trainee.id})
        traces_total, drafts, objectives = counts
        begun = len(started.intersection(active))
    else:
        params = {"trainee_id": trainee.id, "active": active}
        traces_total, drafts, objectives, begun = reader(_STANDING_STMT, params)
    return Standing(int(traces_total), int(drafts), int(objectives), int(begun), len(active))
