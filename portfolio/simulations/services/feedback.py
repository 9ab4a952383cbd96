"""The professional's feedback after a simulation: the practice's grid, free words, levels.

One feedback per booking (the database's unique ``booking_id`` too), given by the company of
the slot, after the slot started, for the trainee who booked it. The competencies rated are
levels of the ``professional`` assessment stream, written by ``record_assessment`` with the
feedback's own moment, so the feedback finds them again (:func:`levels_of`) and the gap view
shows them as their own column.

Why a stream of its own rather than the tutor's: a tutor follows the trainee for weeks of
internship and co-assesses; a professional sees them for half an hour, in an interview
simulation. Mixed in one column, a simulation's level would hide (or pass for) the tutor's
observation at work. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from portfolio.extensions import db
from portfolio.interview.services.questions import bank
from portfolio.models import (
    Assessment,
    AssessmentSource,
    SimulationBooking,
    SimulationFeedback,
    SimulationSlot,
    User,
    utcnow,
)
from portfolio.models.interview import POSTURE_STEPS
from portfolio.services.assessments import AssessmentError, record_assessment
from portfolio.services.frameworks import framework
from portfolio.services.i18n import gettext as _
from portfolio.services.text import TextRefused, clean_text
from portfolio.showcase.services.common import notify
from portfolio.simulations.services.common import SimulationError, company_label
from referentiel import Competency

MAX_WORDS: Final = 3000


@dataclass(frozen=True)
class Grid:
    """The grid as posted: "1"/"0" for the three questions, "1" to "3" for the posture."""

    clear: object
    example: object
    trade_named: object
    posture: object


def rateable_competencies() -> list[Competency]:
    """The competencies an interview shows: those of the bank's general questions."""
    fw = framework()
    wanted = {cid for q in bank().general() for cid in q.competencies}
    return [c for c in fw.competencies if c.id in wanted and not c.retired]


def _yes_no(value: object) -> int:
    if isinstance(value, bool) or str(value) not in ("0", "1"):
        raise SimulationError(_("Remplissez toute la grille : une réponse par ligne."))
    return int(str(value))


def _posture(value: object) -> int:
    allowed = [str(n) for n in range(1, POSTURE_STEPS + 1)]
    if isinstance(value, bool) or str(value) not in allowed:
        raise SimulationError(_("Remplissez toute la grille : une réponse par ligne."))
    return int(str(value))


def expected(slot: SimulationSlot, now: datetime | None = None) -> bool:
    """True when the slot waits for its feedback: booked, held (not cancelled), none yet."""
    booking = slot.booking
    return (
        booking is not None
        and booking.feedback is None
        and slot.cancelled_at is None
        and slot.starts_at <= (now or utcnow())
    )


def _booking(user: User, slot: SimulationSlot, now: datetime) -> SimulationBooking:
    if slot.company_id != user.company_id:
        raise SimulationError(_("Ce créneau n'est pas celui de votre entreprise."))
    booking = db.session.scalar(
        select(SimulationBooking).where(SimulationBooking.slot_id == slot.id)
    )
    if booking is None:
        raise SimulationError(
            _("Personne n'a réservé ce créneau : il n'y a pas de retour à donner.")
        )
    if slot.cancelled_at is not None:
        raise SimulationError(_("Ce créneau a été annulé : il n'y a pas de retour à donner."))
    if slot.starts_at > now:
        raise SimulationError(_("Le retour se donne après la simulation."))
    if booking.feedback is not None:
        raise SimulationError(_("Le retour de cette simulation est déjà donné."))
    return booking


def give_feedback(
    user: User,
    slot: SimulationSlot,
    grid: Grid,
    words: object,
    levels: Mapping[str, object] | None = None,
    now: datetime | None = None,
) -> SimulationFeedback:
    """Record the professional's feedback and the levels they gave (all or nothing)."""
    now = now or utcnow()
    booking = _booking(user, slot, now)
    try:
        text = clean_text(words, limit=MAX_WORDS)
    except TextRefused as refused:
        if refused.kind == "not_text":
            raise SimulationError(_("Le commentaire n'est pas valide.")) from None
        raise SimulationError(
            _("Le commentaire est trop long (%(n)d caractères au plus).", n=MAX_WORDS)
        ) from None
    label = company_label(user)
    feedback = SimulationFeedback(
        booking_id=booking.id, author_id=user.id, author_label=label,
        clear=_yes_no(grid.clear), example=_yes_no(grid.example),
        trade_named=_yes_no(grid.trade_named), posture=_posture(grid.posture),
        words=text, created_at=now,
    )  # fmt: skip
    allowed = {c.id for c in rateable_competencies()}
    fw = framework()
    for competency_id, level in (levels or {}).items():
        if level in (None, ""):
            continue
        if competency_id not in allowed:
            raise SimulationError(_("Cette compétence ne se note pas ici."))
        try:
            value = int(level) if isinstance(level, str) and level.isdigit() else level
            record_assessment(
                AssessmentSource.PROFESSIONAL, booking.trainee, user, competency_id, value,
                fw.version, framework_id=fw.id, author_label=label, at=now,
                comment=_("Simulation d'entretien"),
            )  # fmt: skip
        except AssessmentError as err:
            raise SimulationError(str(err)) from None
    db.session.add(feedback)
    db.session.flush()
    notify(booking.trainee, "simulation_feedback", subject=slot.company.name)
    return feedback


def feedbacks_of(trainee: User, limit: int = 3) -> list[SimulationFeedback]:
    """The trainee's latest feedbacks, newest first, each with its booking (one query)."""
    return list(
        db.session.scalars(
            select(SimulationFeedback)
            .join(SimulationBooking, SimulationBooking.id == SimulationFeedback.booking_id)
            .where(SimulationBooking.trainee_id == trainee.id)
            .options(contains_eager(SimulationFeedback.booking))
            .order_by(SimulationFeedback.created_at.desc(), SimulationFeedback.id.desc())
            .limit(limit)
        )
    )


def levels_for(
    feedbacks: Sequence[SimulationFeedback],
) -> dict[int, list[tuple[Competency, int]]]:
    """The levels given with each feedback (by id), read in one query for a whole page.

    A feedback's levels are the professional stream's rows of its trainee, author and moment.
    """
    found: dict[int, list[tuple[Competency, int]]] = {f.id: [] for f in feedbacks}
    if not feedbacks:
        return found
    by_key = {(f.booking.trainee_id, f.author_id, f.created_at): f.id for f in feedbacks}
    fw = framework()
    rows = db.session.execute(
        select(
            Assessment.trainee_id,
            Assessment.author_id,
            Assessment.created_at,
            Assessment.competency_id,
            Assessment.level,
        )
        .where(
            Assessment.trainee_id.in_({key[0] for key in by_key}),
            Assessment.source == AssessmentSource.PROFESSIONAL,
        )
        .order_by(Assessment.id)
    ).all()
    for trainee_id, author_id, created_at, competency_id, level in rows:
        feedback_id = by_key.get((trainee_id, author_id, created_at))
        competency = fw.get(competency_id)
        if feedback_id is not None and competency is not None:
            found[feedback_id].append((competency, level))
    return found


def levels_of(feedback: SimulationFeedback) -> list[tuple[Competency, int]]:
    """The levels given with one feedback."""
    return levels_for([feedback])[feedback.id]
