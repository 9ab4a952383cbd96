"""The trainee's side: the open slots of their site, booking one in one tap, cancelling.

A slot holds one trainee: the service says so in words, and the database's unique
``simulation_booking.slot_id`` keeps it when two trainees tap at the same moment (the loser
gets the same sentence). A trainee holds at most :data:`MAX_UPCOMING` future simulations and
cancels up to :data:`CANCEL_BEFORE` before the slot (later, they tell the company through
their referent). Nothing here commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    Company,
    Role,
    SimulationBooking,
    SimulationSlot,
    User,
    utcnow,
)
from portfolio.services.access import is_partner
from portfolio.services.i18n import gettext as _
from portfolio.simulations.services.common import SimulationError

MAX_UPCOMING: Final = 2
CANCEL_BEFORE: Final = timedelta(hours=24)


def open_slots(trainee: User, now: datetime | None = None) -> list[SimulationSlot]:
    """Future slots of partner companies for the trainee's site that nobody booked."""
    if trainee.site_id is None:
        return []
    return list(
        db.session.scalars(
            select(SimulationSlot)
            .join(Company, Company.id == SimulationSlot.company_id)
            .outerjoin(SimulationBooking, SimulationBooking.slot_id == SimulationSlot.id)
            .where(
                SimulationSlot.site_id == trainee.site_id,
                SimulationSlot.starts_at > (now or utcnow()),
                SimulationSlot.cancelled_at.is_(None),
                Company.approved_at.is_not(None),
                SimulationBooking.id.is_(None),
            )
            .options(selectinload(SimulationSlot.company))
            .order_by(SimulationSlot.starts_at, SimulationSlot.id)
        )
    )


def bookings_of(trainee: User) -> list[SimulationBooking]:
    """The trainee's bookings, newest slot first, with slot, company and feedback."""
    return list(
        db.session.scalars(
            select(SimulationBooking)
            .join(SimulationSlot, SimulationSlot.id == SimulationBooking.slot_id)
            .where(SimulationBooking.trainee_id == trainee.id)
            .options(
                selectinload(SimulationBooking.slot).selectinload(SimulationSlot.company),
                selectinload(SimulationBooking.feedback),
            )
            .order_by(SimulationSlot.starts_at.desc(), SimulationBooking.id.desc())
        )
    )


def _upcoming_count(trainee: User, now: datetime) -> int:
    return int(
        db.session.scalar(
            select(func.count(SimulationBooking.id))
            .join(SimulationSlot, SimulationSlot.id == SimulationBooking.slot_id)
            .where(
                SimulationBooking.trainee_id == trainee.id,
                SimulationSlot.starts_at > now,
                SimulationSlot.cancelled_at.is_(None),
            )
        )
        or 0
    )


def _check_bookable(trainee: User, slot: SimulationSlot, now: datetime) -> None:
    if trainee.role is not Role.TRAINEE or not trainee.active:
        raise SimulationError(_("Seul un stagiaire peut réserver une simulation."))
    if slot.site_id != trainee.site_id or not is_partner(slot.company):
        raise SimulationError(_("Ce créneau est proposé aux stagiaires d'une autre école."))
    if slot.cancelled_at is not None:
        raise SimulationError(_("L'entreprise a annulé ce créneau. Choisissez-en un autre."))
    if slot.starts_at <= now:
        raise SimulationError(_("Ce créneau est passé. Choisissez-en un autre."))
    booking = db.session.scalar(
        select(SimulationBooking).where(SimulationBooking.slot_id == slot.id)
    )
    if booking is not None and booking.trainee_id == trainee.id:
        raise SimulationError(_("Vous avez déjà réservé ce créneau."))
    if booking is not None:
        raise SimulationError(_("Ce créneau est déjà pris. Choisissez-en un autre."))
    if _upcoming_count(trainee, now) >= MAX_UPCOMING:
        raise SimulationError(
            _(
                "Vous avez déjà %(n)d simulations à venir. Faites-les d'abord, ou annulez-en une.",
                n=MAX_UPCOMING,
            )
        )


def book_slot(
    trainee: User, slot: SimulationSlot, now: datetime | None = None
) -> SimulationBooking:
    """Book ``slot`` for ``trainee`` (one tap). Refused in words when it cannot be."""
    now = now or utcnow()
    _check_bookable(trainee, slot, now)
    booking = SimulationBooking(slot_id=slot.id, trainee_id=trainee.id, booked_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(booking)
    except IntegrityError:
        # Another trainee booked it between our check and our write.
        raise SimulationError(_("Ce créneau est déjà pris. Choisissez-en un autre.")) from None
    return booking


def cancel_booking(trainee: User, slot: SimulationSlot, now: datetime | None = None) -> None:
    """The trainee gives their place back, up to :data:`CANCEL_BEFORE` before the slot."""
    now = now or utcnow()
    booking = db.session.scalar(
        select(SimulationBooking).where(
            SimulationBooking.slot_id == slot.id, SimulationBooking.trainee_id == trainee.id
        )
    )
    if booking is None:
        raise SimulationError(_("Vous n'avez pas réservé ce créneau."))
    if slot.cancelled_at is not None:
        raise SimulationError(_("L'entreprise a déjà annulé ce créneau."))
    if slot.starts_at - now < CANCEL_BEFORE:
        raise SimulationError(
            _(
                "Moins de 24 heures avant, on ne peut plus annuler ici. "
                "Prévenez votre référent, qui préviendra l'entreprise."
            )
        )
    db.session.delete(booking)
    db.session.flush()
