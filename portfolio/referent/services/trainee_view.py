"""The trainee's own view of their follow-up: objectives, bilans and the notes shared with them.

The home page shows a small part of it with prepared statements (three small queries), since
every trainee sees it on each visit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, bindparam, select

from portfolio.extensions import db
from portfolio.models import (
    ExplicitationNote,
    NoteVisibility,
    Objective,
    ObjectiveStatus,
    Review,
    ReviewCompetency,
    User,
)
from portfolio.referent.services.notes import notes_of
from portfolio.referent.services.reviews import objectives_of, reviews_of
from portfolio.services.frameworks import framework


def _labelled(competency_ids: Iterable[str]) -> list[tuple[str, str]]:
    """(id, label) of each competency, the id standing in for one the framework lost."""
    fw = framework()
    return [(cid, found.label if (found := fw.get(cid)) else cid) for cid in competency_ids]


@dataclass(frozen=True)
class FollowUp:
    """The trainee's follow-up page: objectives, bilans, shared notes."""

    open_objectives: list[Objective]
    closed_objectives: list[Objective]
    priorities: list[Objective]
    discussed: list[tuple[str, str]]  # (competency id, label) discussed at the last bilan
    shared_notes: list[ExplicitationNote]
    reviews: list[Review]
    reviews_waiting: list[Review]  # bilans the trainee has not agreed to yet


def follow_up(trainee: User, *, notes: int = 5) -> FollowUp:
    objectives = objectives_of(trainee)
    open_ones = [o for o in objectives if o.status is ObjectiveStatus.OPEN]
    closed = sorted(
        (o for o in objectives if o.status is not ObjectiveStatus.OPEN),
        key=lambda o: o.reached_at or o.dropped_at or o.created_at,
        reverse=True,
    )[:5]
    reviews = reviews_of(trainee)
    discussed = _labelled(
        [item.competency_id for item in reviews[0].competencies] if reviews else []
    )
    shared = notes_of(trainee, shared_only=True)[:notes]
    return FollowUp(
        open_objectives=open_ones,
        closed_objectives=closed,
        priorities=[o for o in open_ones if o.priority],
        discussed=discussed,
        shared_notes=shared,
        reviews=reviews,
        reviews_waiting=[r for r in reviews if r.trainee_agreed_at is None],
    )


@dataclass(frozen=True)
class HomeFollowUp:
    """The part of the follow-up that the trainee's home shows, in three small queries."""

    open_objectives: list[Objective]  # the first ones: priorities, then by due date
    discussed: list[tuple[str, str]]  # (competency id, label) discussed at the last bilan
    review_waiting_id: int | None  # the latest bilan the trainee has not agreed to yet
    last_note_id: int | None  # the latest note shared with the trainee
    last_note_on: date | None


HOME_OBJECTIVES = 5
_HOME_TRAINEE = bindparam("trainee_id", type_=Integer)
_HOME_OBJECTIVES_STMT = (
    select(Objective)
    .where(Objective.trainee_id == _HOME_TRAINEE, Objective.status == ObjectiveStatus.OPEN)
    .order_by(Objective.priority.desc(), Objective.due_on, Objective.id)
    .limit(HOME_OBJECTIVES)
)
_LATEST_REVIEW = (
    select(Review.id)
    .where(Review.trainee_id == _HOME_TRAINEE)
    .order_by(Review.held_on.desc(), Review.id.desc())
    .limit(1)
)
_LATEST_SHARED_NOTE = (
    select(ExplicitationNote.id, ExplicitationNote.observed_on)
    .where(
        ExplicitationNote.trainee_id == _HOME_TRAINEE,
        ExplicitationNote.visibility == NoteVisibility.SHARED,
    )
    .order_by(ExplicitationNote.observed_on.desc(), ExplicitationNote.id.desc())
    .limit(1)
    .subquery()
)
_HOME_FACTS_STMT = select(
    _LATEST_REVIEW.scalar_subquery(),
    select(Review.id)
    .where(Review.trainee_id == _HOME_TRAINEE, Review.trainee_agreed_at.is_(None))
    .order_by(Review.held_on.desc(), Review.id.desc())
    .limit(1)
    .scalar_subquery(),
    select(_LATEST_SHARED_NOTE.c.id).scalar_subquery(),
    select(_LATEST_SHARED_NOTE.c.observed_on).scalar_subquery(),
)
_DISCUSSED_STMT = (
    select(ReviewCompetency.competency_id)
    .where(ReviewCompetency.review_id == bindparam("review_id", type_=Integer))
    .order_by(ReviewCompetency.id)
)


def home_follow_up(trainee: User) -> HomeFollowUp:
    """Objectives, the last bilan and the last shared note, for the trainee's home page."""
    params = {"trainee_id": trainee.id}
    objectives = list(db.session.scalars(_HOME_OBJECTIVES_STMT, params))
    review_id, waiting_id, note_id, note_on = db.session.execute(_HOME_FACTS_STMT, params).one()
    discussed = _labelled(
        db.session.scalars(_DISCUSSED_STMT, {"review_id": review_id}) if review_id else []
    )
    return HomeFollowUp(objectives, discussed, waiting_id, note_id, note_on)
