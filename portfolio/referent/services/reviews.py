"""Bilans (reviews) and objectives: what was discussed, what was agreed, what comes next.

A bilan records the gaps discussed with the levels as they were that day, so it still reads
the same after newer assessments. Both the trainee and the referent record their agreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    AssessmentSource,
    Objective,
    ObjectiveOrigin,
    ObjectiveStatus,
    Review,
    ReviewCompetency,
    Role,
    Trace,
    User,
    utcnow,
)
from portfolio.services.frameworks import DEFAULT_FRAMEWORK
from portfolio.services.gaps import latest_levels
from portfolio.services.i18n import gettext as _
from portfolio.services.rules import (
    MAX_REPLY,
    ReferentError,
    check_follows,
    clean_text,
    framework_or_error,
    parse_competency,
    parse_day,
    parse_ids,
)
from referentiel import Competency

MAX_OBJECTIVES = 6


# -- bilans and objectives ---------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveInput:
    title: str
    due_on: date | None
    competency_id: str = ""  # "" when the objective is about the project
    for_project: bool = False
    priority: bool = False
    framework_id: str = DEFAULT_FRAMEWORK


@dataclass(frozen=True)
class ReviewInput:
    held_on: date | None
    participants: str
    trainee_words: str = ""
    summary: str = ""
    trace_ids: tuple[object, ...] = ()
    competency_ids: tuple[object, ...] = ()
    objectives: tuple[ObjectiveInput, ...] = ()
    referent_agrees: bool = False
    framework_id: str = DEFAULT_FRAMEWORK


def _objective(
    author: User, trainee: User, item: ObjectiveInput, *, not_before: date, number: int = 0
) -> Objective:
    where = _("Objectif %(number)d : ", number=number) if number else ""
    try:
        title = clean_text(item.title, _("Objectif"), required=True, limit=300)
        due = parse_day(item.due_on, _("Pour le"))
    except ReferentError as err:
        raise ReferentError(where + str(err)) from None
    if due < not_before:
        raise ReferentError(_("%(where)sla date prévue doit venir après le bilan.", where=where))
    competency: Competency | None = None
    fw = framework_or_error(item.framework_id)
    if item.competency_id:
        competency = parse_competency(fw, item.competency_id)
    if (competency is None) == (not item.for_project):
        raise ReferentError(
            _(
                "%(where)sreliez l'objectif à une compétence, ou bien au projet professionnel "
                "(l'un des deux).",
                where=where,
            )
        )
    return Objective(
        trainee_id=trainee.id,
        author_id=author.id,
        title=title,
        framework_id=fw.id if competency else None,
        framework_version=fw.version if competency else None,
        competency_id=competency.id if competency else None,
        for_project=competency is None,
        priority=bool(item.priority),
        due_on=due,
    )


MAX_OWN_OBJECTIVES = 5  # open objectives a trainee may write themselves


def propose_objective(trainee: User, item: ObjectiveInput) -> Objective:
    """An objective the trainee writes themselves ("prescripteur de son parcours").

    Same checks as a bilan's objective; marked ``origin = trainee`` so the referent sees who
    proposed it and discusses it at the next bilan. The trainee never edits the referent's.
    """
    if trainee.role is not Role.TRAINEE:
        raise ReferentError(_("Seul le ou la stagiaire peut proposer son objectif ici."))
    open_own = db.session.scalar(
        select(func.count(Objective.id)).where(
            Objective.trainee_id == trainee.id,
            Objective.origin == ObjectiveOrigin.TRAINEE,
            Objective.status == ObjectiveStatus.OPEN,
        )
    )
    if (open_own or 0) >= MAX_OWN_OBJECTIVES:
        raise ReferentError(
            _(
                "Vous avez déjà %(n)d objectifs en cours : parlez-en à votre référent au bilan.",
                n=MAX_OWN_OBJECTIVES,
            )
        )
    objective = _objective(trainee, trainee, item, not_before=utcnow().date())
    objective.origin = ObjectiveOrigin.TRAINEE
    db.session.add(objective)
    db.session.flush()
    return objective


def create_review(referent: User, trainee: User, data: ReviewInput) -> Review:
    """Record a bilan, the gaps discussed (levels as they are today) and its objectives."""
    check_follows(referent, trainee)
    fw = framework_or_error(data.framework_id)
    held_on = parse_day(data.held_on, _("Date du bilan"), not_future=True)
    participants = clean_text(data.participants, _("Participants"), required=True, limit=1000)
    if len(data.objectives) > MAX_OBJECTIVES:
        raise ReferentError(_("%(n)d objectifs au plus par bilan.", n=MAX_OBJECTIVES))
    trace_ids = parse_ids(data.trace_ids, _("Traces"))
    traces: list[Trace] = []
    if trace_ids:
        traces = list(
            db.session.scalars(
                select(Trace).where(Trace.id.in_(trace_ids), Trace.trainee_id == trainee.id)
            )
        )
        if len(traces) != len(trace_ids):
            raise ReferentError(_("Une des traces choisies n'existe plus. Rechargez la page."))
    competencies = list(
        dict.fromkeys(parse_competency(fw, c).id for c in data.competency_ids if c != "")
    )
    objectives = [
        _objective(referent, trainee, item, not_before=held_on, number=n)
        for n, item in enumerate(data.objectives, start=1)
    ]
    levels = latest_levels([trainee.id], framework_id=fw.id)
    now = utcnow()
    review = Review(
        trainee_id=trainee.id,
        author_id=referent.id,
        held_on=held_on,
        participants=[line.strip() for line in participants.splitlines() if line.strip()],
        trainee_words=clean_text(data.trainee_words, _("Ce que le stagiaire a dit")),
        summary=clean_text(data.summary, _("Ce que l'on retient")),
        referent_agreed_at=now if data.referent_agrees else None,
        traces=traces,
    )
    db.session.add(review)
    db.session.flush()
    for competency_id in competencies:
        db.session.add(
            ReviewCompetency(
                review_id=review.id,
                framework_id=fw.id,
                framework_version=fw.version,
                competency_id=competency_id,
                self_level=levels.get(trainee.id, AssessmentSource.SELF, competency_id),
                referent_level=levels.get(trainee.id, AssessmentSource.REFERENT, competency_id),
            )
        )
    for objective in objectives:
        objective.review_id = review.id
        db.session.add(objective)
    db.session.flush()
    return review


def agree_to_review(user: User, review: Review, comment: object = "") -> Review:
    """The trainee (or the referent) records their agreement with the bilan."""
    text = clean_text(comment, _("Votre commentaire"), limit=MAX_REPLY)
    if user.role is Role.TRAINEE:
        if user.id != review.trainee_id:
            raise ReferentError(_("Ce bilan n'est pas le vôtre."))
        if review.trainee_agreed_at is not None:
            raise ReferentError(_("Vous avez déjà donné votre accord pour ce bilan."))
        review.trainee_agreed_at = utcnow()
        review.trainee_comment = text
    else:
        check_follows(user, review.trainee)
        if review.referent_agreed_at is not None:
            raise ReferentError(_("L'accord du référent est déjà enregistré."))
        review.referent_agreed_at = utcnow()
    db.session.flush()
    return review


def add_objective(
    author: User, trainee: User, item: ObjectiveInput, review: Review | None = None
) -> Objective:
    check_follows(author, trainee)
    objective = _objective(author, trainee, item, not_before=utcnow().date())
    objective.review_id = review.id if review else None
    db.session.add(objective)
    db.session.flush()
    return objective


def close_objective(user: User, objective: Objective, status: object) -> Objective:
    """Record that an objective was reached or dropped, with the date."""
    trainee = db.session.get(User, objective.trainee_id)
    assert trainee is not None
    check_follows(user, trainee)
    try:
        new = ObjectiveStatus(status if isinstance(status, str) else "")
    except ValueError:
        raise ReferentError(_("Choisissez « atteint » ou « abandonné ».")) from None
    if new is ObjectiveStatus.OPEN:
        raise ReferentError(_("Choisissez « atteint » ou « abandonné »."))
    if objective.status is not ObjectiveStatus.OPEN:
        raise ReferentError(_("Cet objectif est déjà clos."))
    objective.status = new
    now = utcnow()
    if new is ObjectiveStatus.REACHED:
        objective.reached_at = now
    else:
        objective.dropped_at = now
    objective.closed_by_id = user.id
    db.session.flush()
    return objective


def objectives_of(trainee: User) -> list[Objective]:
    return list(
        db.session.scalars(
            select(Objective)
            .where(Objective.trainee_id == trainee.id)
            .order_by(
                case((Objective.status == ObjectiveStatus.OPEN, 0), else_=1),
                Objective.priority.desc(),
                Objective.due_on,
                Objective.id,
            )
        )
    )


def reviews_of(trainee: User) -> list[Review]:
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.trainee_id == trainee.id)
            .options(selectinload(Review.objectives), selectinload(Review.competencies))
            .order_by(Review.held_on.desc(), Review.id.desc())
        )
    )
