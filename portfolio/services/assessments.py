"""Assessment streams: levels given to competencies, append-only, one stream per source.

This module holds the trainee's own stream (``AssessmentSource.SELF``) and the reads shared
by every stream. Other streams (referent, game, tutor) are written by their own services;
none of them ever writes, updates or deletes a SELF row, and `record_self_assessment` only
ever writes SELF rows authored by the trainee themself.

A level is a code of the current e2c-apc framework's scale. Level 0 ("Non évaluée") means
"nobody has assessed it yet": it is not a level one gives, so a self-assessment is 1 to 4
(Je fais, J'explique, J'analyse, Je transfère).

Errors are `AssessmentError` (a ValueError) whose ``str()`` is a short sentence (French, or the
reader's language in a request) and
whose ``field`` names the input at fault (``competency``, ``level``, ``comment``, ``traces``).
The caller commits on success and rolls back on error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import Assessment, AssessmentSource, Role, Trace, User
from portfolio.services.frameworks import framework, store_versions
from portfolio.services.i18n import gettext as _
from referentiel import Competency, Level

__all__ = [
    "MAX_COMMENT",
    "MAX_TRACES",
    "AssessmentError",
    "LatestLevel",
    "history",
    "latest_level_codes",
    "latest_levels",
    "level_label",
    "record_self_assessment",
    "self_levels",
]

MAX_COMMENT: Final = 2000
MAX_TRACES: Final = 20


class AssessmentError(ValueError):
    """An assessment cannot be recorded. ``str()`` is for people; ``field`` names the bad input."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def self_levels() -> tuple[Level, ...]:
    """The levels a trainee may give themself (the framework's scale without 0)."""
    return tuple(level for level in framework().levels if level.code > 0)


def _active_competency(competency_id: object) -> Competency:
    fw = framework()
    competency = fw.get(competency_id) if isinstance(competency_id, str) else None
    if competency is None:
        shown = str(competency_id)[:40]
        raise AssessmentError(
            _(
                "La compétence « %(competency)s » n'existe pas dans le référentiel.",
                competency=shown,
            ),
            "competency",
        )
    if competency.retired:
        raise AssessmentError(
            _(
                "La compétence « %(competency)s » n'est plus utilisée : "
                "évaluez celle qui la remplace.",
                competency=competency.label,
            ),
            "competency",
        )
    return competency


def record_self_assessment(
    trainee: User,
    competency_id: str,
    level: int,
    comment: str = "",
    trace_ids: Sequence[int] = (),
) -> Assessment:
    """Append the trainee's own level for one competency, with an optional comment and the
    ids of their traces that support it. Returns the new row (flushed, not committed).

    Raises AssessmentError when: ``trainee`` is not a trainee; the competency does not exist
    or is retired; ``level`` is not an int of the scale 1..4; the comment is too long; a
    trace id is not one of the trainee's traces (or too many are given). Nothing is written
    then. Earlier rows are never changed: the history keeps every level with its date and
    author.
    """
    if not isinstance(trainee, User) or trainee.role is not Role.TRAINEE:
        raise AssessmentError(_("Seul le stagiaire peut faire son auto-évaluation."))
    competency = _active_competency(competency_id)
    codes = [lv.code for lv in self_levels()]
    if isinstance(level, bool) or not isinstance(level, int) or level not in codes:
        raise AssessmentError(
            _("Choisissez un niveau entre %(low)d et %(high)d.", low=min(codes), high=max(codes)),
            "level",
        )
    if comment is None:
        comment = ""
    if not isinstance(comment, str):
        raise AssessmentError(_("Le commentaire n'est pas valide."), "comment")
    comment = comment.replace("\r\n", "\n").replace("\x00", "").strip()
    if len(comment) > MAX_COMMENT:
        raise AssessmentError(
            _("Le commentaire est trop long (maximum %(n)d caractères).", n=MAX_COMMENT),
            "comment",
        )
    if isinstance(trace_ids, (str, bytes)) or not all(
        isinstance(t, int) and not isinstance(t, bool) and 0 < t <= 2_147_483_647 for t in trace_ids
    ):
        raise AssessmentError(_("Les traces choisies ne sont pas valides."), "traces")
    wanted = list(dict.fromkeys(trace_ids))
    if len(wanted) > MAX_TRACES:
        raise AssessmentError(_("Choisissez au plus %(n)d traces.", n=MAX_TRACES), "traces")
    traces: list[Trace] = []
    if wanted:
        traces = list(
            db.session.scalars(
                select(Trace).where(Trace.id.in_(wanted), Trace.trainee_id == trainee.id)
            )
        )
        if len(traces) != len(wanted):
            raise AssessmentError(
                _("Une des traces choisies n'existe pas dans votre portfolio."), "traces"
            )
    fw = framework()
    store_versions()
    assessment = Assessment(
        trainee_id=trainee.id,
        source=AssessmentSource.SELF,
        author_id=trainee.id,
        author_label=trainee.full_name,
        framework_id=fw.id,
        framework_version=fw.version,
        competency_id=competency.id,
        level=level,
        comment=comment,
        traces=traces,
    )
    db.session.add(assessment)
    db.session.flush()
    return assessment


def latest_levels(
    trainee: User, source: AssessmentSource = AssessmentSource.SELF
) -> dict[str, Assessment]:
    """The latest assessment of each competency in one stream: competency id -> row.

    One query. Rows are append-only, so the latest is the one with the highest id.
    """
    latest_ids = (
        select(func.max(Assessment.id))
        .where(Assessment.trainee_id == trainee.id, Assessment.source == source)
        .group_by(Assessment.competency_id)
    )
    rows = db.session.scalars(select(Assessment).where(Assessment.id.in_(latest_ids)))
    return {row.competency_id: row for row in rows}


@dataclass(frozen=True, slots=True)
class LatestLevel:
    """The latest level of one competency in one stream (light: no ORM object)."""

    level: int
    at: datetime


def latest_level_codes(
    trainee: User, source: AssessmentSource = AssessmentSource.SELF
) -> dict[str, LatestLevel]:
    """Like `latest_levels` but only (level, date) per competency id: cheaper for summaries."""
    rows = db.session.execute(_LATEST_LEVELS_STMT, {"trainee_id": trainee.id, "source": source})
    return {competency_id: LatestLevel(level, at) for competency_id, level, at in rows}


# Built once (a statement's construction costs more than running it on a home page).
_LATEST_LEVELS_STMT: Final = select(
    Assessment.competency_id, Assessment.level, Assessment.created_at
).where(
    Assessment.id.in_(
        select(func.max(Assessment.id))
        .where(
            Assessment.trainee_id == bindparam("trainee_id"),
            Assessment.source == bindparam("source"),
        )
        .group_by(Assessment.competency_id)
    )
)


def level_label(code: int) -> str:
    """The plain words of a level of the current scale, e.g. 2 -> "J'explique"."""
    for level in framework().levels:
        if level.code == code:
            return level.label
    return str(code)


def history(
    trainee: User, competency_id: str, source: AssessmentSource | None = AssessmentSource.SELF
) -> list[Assessment]:
    """Every assessment of one competency for a trainee, newest first, in one stream (or in
    all streams with ``source=None``). Each row has ``created_at`` (UTC), ``author`` (None
    for sources without an account: then ``author_label``), ``level``, ``comment`` and
    ``traces`` loaded. Two to four queries, whatever the length."""
    query = (
        select(Assessment)
        .where(Assessment.trainee_id == trainee.id, Assessment.competency_id == competency_id)
        .options(selectinload(Assessment.traces), selectinload(Assessment.author))
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
    )
    if source is not None:
        query = query.where(Assessment.source == source)
    return list(db.session.scalars(query))
