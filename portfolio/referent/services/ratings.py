"""The referent's assessment stream, and what the referent may see of the trainee's own.

Blind rating (a site setting): the trainee's self level of a competency stays hidden from the
referent until the referent has rated that competency, so the first look is independent.
The row itself is written by :func:`portfolio.services.assessments.record_assessment`, like
every other stream (which refuses a trace or a note that is not the trainee's); this module
keeps the referent's own rules (following the trainee, a justification is required).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import Assessment, AssessmentSource, User, assessment_note
from portfolio.referent.services.visits import Seen
from portfolio.services.assessments import AssessmentError, record_assessment
from portfolio.services.frameworks import DEFAULT_FRAMEWORK
from portfolio.services.i18n import gettext as _
from portfolio.services.rules import (
    ReferentError,
    check_follows,
    clean_text,
    framework_or_error,
    parse_competency,
    parse_ids,
    parse_level,
)


def blind_rating(trainee: User) -> bool:
    return bool(trainee.site and trainee.site.blind_rating)


def referent_has_rated(trainee: User, competency_id: str, framework_id: str) -> bool:
    return (
        db.session.scalar(
            select(Assessment.id)
            .where(
                Assessment.trainee_id == trainee.id,
                Assessment.source == AssessmentSource.REFERENT,
                Assessment.framework_id == framework_id,
                Assessment.competency_id == competency_id,
            )
            .limit(1)
        )
        is not None
    )


def self_level_visible_to_referent(trainee: User, competency_id: str, framework_id: str) -> bool:
    """Blind rating: the self level shows only once a referent has rated the competency."""
    return not blind_rating(trainee) or referent_has_rated(trainee, competency_id, framework_id)


def record_referent_assessment(
    referent: User,
    trainee: User,
    *,
    competency_id: object,
    level: object,
    justification: object,
    trace_ids: Sequence[object] = (),
    note_ids: Sequence[object] = (),
    framework_id: str = DEFAULT_FRAMEWORK,
) -> Assessment:
    """Append a level to the referent stream; earlier levels stay as they were.

    The referent's own rules run here (they follow the trainee, a justification is required,
    the form's values are read); the row is written by the one write path of assessments,
    which also refuses a trace or a note that is not this trainee's.
    """
    check_follows(referent, trainee)
    fw = framework_or_error(framework_id)
    competency = parse_competency(fw, competency_id)
    value = parse_level(fw, level)
    text = clean_text(justification, _("Justification"), required=True)
    traces = parse_ids(trace_ids, _("Traces"))
    notes = parse_ids(note_ids, _("Notes"))
    try:
        return record_assessment(
            AssessmentSource.REFERENT,
            trainee,
            referent,
            competency.id,
            value,
            fw.version,
            framework_id=fw.id,
            comment=text,
            trace_ids=traces,
            note_ids=notes,
        )
    except AssessmentError as err:
        raise ReferentError(str(err)) from None


def assessment_stream(
    trainee: User, source: AssessmentSource, competency_id: str | None = None
) -> list[Assessment]:
    query = (
        select(Assessment)
        .where(Assessment.trainee_id == trainee.id, Assessment.source == source)
        .options(selectinload(Assessment.traces))
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
    )
    if competency_id is not None:
        query = query.where(Assessment.competency_id == competency_id)
    return list(db.session.scalars(query))


def notes_of_assessments(assessment_ids: Sequence[int]) -> dict[int, list[int]]:
    if not assessment_ids:
        return {}
    rows = db.session.execute(
        select(assessment_note.c.assessment_id, assessment_note.c.note_id).where(
            assessment_note.c.assessment_id.in_(list(assessment_ids))
        )
    ).all()
    found: dict[int, list[int]] = {}
    for assessment_id, note_id in rows:
        found.setdefault(assessment_id, []).append(note_id)
    return found


@dataclass(frozen=True)
class NewLevel:
    """A self-assessment the referent has not seen yet; ``level`` None in blind rating."""

    competency_id: str
    level: int | None
    comment: str
    at: datetime


def new_self_assessments(trainee: User, *, since: Seen | None, limit: int = 20) -> list[NewLevel]:
    """The trainee's self-assessments after the visit ``since`` (all when None), newest first.

    In blind rating, the level of a competency no referent has rated yet stays hidden.
    """
    query = (
        select(Assessment)
        .where(Assessment.trainee_id == trainee.id, Assessment.source == AssessmentSource.SELF)
        .order_by(Assessment.id.desc())
        .limit(limit)
    )
    if since is not None:
        query = query.where(Assessment.id > since.assessment_id)
    rows = list(db.session.scalars(query))
    rated: set[str] = set()
    if rows and blind_rating(trainee):
        rated = set(
            db.session.scalars(
                select(Assessment.competency_id).where(
                    Assessment.trainee_id == trainee.id,
                    Assessment.source == AssessmentSource.REFERENT,
                )
            )
        )
    hide = blind_rating(trainee)
    return [
        NewLevel(
            competency_id=a.competency_id,
            level=None if hide and a.competency_id not in rated else a.level,
            comment="" if hide and a.competency_id not in rated else a.comment,
            at=a.created_at,
        )
        for a in rows
    ]
