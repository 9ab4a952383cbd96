"""The company's side: offering slots (one, or a forum day), changing them, cancelling them.

A slot is offered to the company's own site (a partner company belongs to one site). It may
be changed while nobody booked it; cancelling a booked slot keeps the booking, marks the slot
and tells the trainee (an "avis"); cancelling a free slot deletes it. Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    Company,
    Role,
    SimulationBooking,
    SimulationSlot,
    SlotMode,
    User,
    utcnow,
)
from portfolio.models.simulations import MAX_MINUTES, MIN_MINUTES
from portfolio.services.access import is_partner
from portfolio.services.i18n import gettext as _
from portfolio.services.rome import TradeChoice, UnknownTrade
from portfolio.services.text import TextRefused, clean_text
from portfolio.showcase.services.common import notify
from portfolio.simulations.services.common import SimulationError, local_moment
from portfolio.trades.services import parse_pick

MAX_FORUM_SLOTS: Final = 16
MAX_AHEAD: Final = timedelta(days=366)


@dataclass(frozen=True)
class SlotData:
    """What the company typed for one slot (or for each slot of a forum day)."""

    day: date | None
    start: time | None
    duration: object
    mode: object
    place: object = ""
    trade: TradeChoice | str | None = None
    forum_title: object = ""


def _company(user: User) -> Company:
    if user.role is not Role.COMPANY or not is_partner(user.company):
        raise SimulationError(_("Seule une entreprise partenaire peut proposer des créneaux."))
    assert user.company is not None
    return user.company


def _duration(value: object) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not (MIN_MINUTES <= value <= MAX_MINUTES)
    ):
        raise SimulationError(
            _("La durée va de %(low)d à %(high)d minutes.", low=MIN_MINUTES, high=MAX_MINUTES)
        )
    return value


def _mode(value: object) -> SlotMode:
    try:
        return SlotMode(str(value))
    except ValueError:
        raise SimulationError(_("Choisissez où se passe la simulation.")) from None


def _text(value: object, limit: int, message: str, *, required: bool = False) -> str:
    try:
        return clean_text(value, limit=limit, required=required)
    except TextRefused:
        raise SimulationError(message) from None


def _trade(value: TradeChoice | str | None) -> TradeChoice | None:
    if value is None or value == "":
        return None
    try:
        return parse_pick(value)
    except UnknownTrade as err:
        raise SimulationError(str(err)) from None


def _start(data: SlotData, now: datetime) -> datetime:
    if data.day is None or data.start is None:
        raise SimulationError(_("Donnez la date et l'heure du créneau."))
    starts = local_moment(data.day, data.start)
    if starts <= now:
        raise SimulationError(_("Ce moment est déjà passé. Choisissez une date à venir."))
    if starts > now + MAX_AHEAD:
        raise SimulationError(_("Choisissez une date dans l'année qui vient."))
    return starts


def _fill(slot: SimulationSlot, data: SlotData, now: datetime) -> None:
    """Check ``data`` and copy it onto ``slot`` (nothing is changed when a rule is broken)."""
    starts = _start(data, now)
    duration = _duration(data.duration)
    mode = _mode(data.mode)
    place = _text(data.place, 200, _("Le lieu est trop long (200 caractères au plus)."))
    if mode is SlotMode.ON_SITE and not place:
        raise SimulationError(_("Écrivez le lieu du rendez-vous."))
    title = _text(data.forum_title, 200, _("Le nom du forum est trop long."))
    trade = _trade(data.trade)
    slot.starts_at, slot.duration_minutes, slot.mode, slot.place = starts, duration, mode, place
    slot.forum_title = title
    slot.rome_code = trade.code if trade else None
    slot.job_title = trade.job_title if trade else None


def create_slot(user: User, data: SlotData, now: datetime | None = None) -> SimulationSlot:
    """One slot offered to the trainees of the company's site."""
    company = _company(user)
    slot = SimulationSlot(company_id=company.id, site_id=company.site_id, author_id=user.id)
    _fill(slot, data, now or utcnow())
    db.session.add(slot)
    db.session.flush()
    return slot


def create_forum(
    user: User, data: SlotData, count: object, now: datetime | None = None
) -> list[SimulationSlot]:
    """A forum day: ``count`` consecutive slots of the same length from ``data``'s start."""
    company = _company(user)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_FORUM_SLOTS:
        raise SimulationError(_("Un forum compte de 1 à %(n)d créneaux.", n=MAX_FORUM_SLOTS))
    if not str(data.forum_title or "").strip():
        raise SimulationError(_("Donnez un nom au forum (par exemple : Forum de l'emploi)."))
    first = SimulationSlot(company_id=company.id, site_id=company.site_id, author_id=user.id)
    _fill(first, data, now or utcnow())
    step = timedelta(minutes=first.duration_minutes)
    last_end = first.starts_at + step * count
    if last_end.astimezone(first.starts_at.tzinfo).date() != first.starts_at.date():
        raise SimulationError(
            _("Les créneaux dépassent minuit : commencez plus tôt ou prévoyez-en moins.")
        )
    slots = [first]
    for n in range(1, count):
        slots.append(
            SimulationSlot(
                company_id=company.id, site_id=company.site_id, author_id=user.id,
                forum_title=first.forum_title, starts_at=first.starts_at + step * n,
                duration_minutes=first.duration_minutes, mode=first.mode, place=first.place,
                rome_code=first.rome_code, job_title=first.job_title,
            )
        )  # fmt: skip
    db.session.add_all(slots)
    db.session.flush()
    return slots


def _is_booked(slot: SimulationSlot) -> bool:
    return (
        db.session.scalar(select(SimulationBooking.id).where(SimulationBooking.slot_id == slot.id))
        is not None
    )


def update_slot(
    user: User, slot: SimulationSlot, data: SlotData, now: datetime | None = None
) -> SimulationSlot:
    """Change a slot nobody booked yet (the guard ``company_slot`` found it)."""
    _company(user)
    now = now or utcnow()
    if slot.company_id != user.company_id:
        raise SimulationError(_("Ce créneau n'est pas celui de votre entreprise."))
    if slot.cancelled_at is not None or slot.starts_at <= now:
        raise SimulationError(_("Ce créneau est passé ou annulé : il ne peut plus changer."))
    if _is_booked(slot):
        raise SimulationError(
            _("Un stagiaire a réservé ce créneau : il ne peut plus changer. Vous pouvez l'annuler.")
        )
    _fill(slot, data, now)
    db.session.flush()
    return slot


def cancel_slot(user: User, slot: SimulationSlot, now: datetime | None = None) -> bool:
    """Cancel a future slot. Booked: marked and the trainee told (True); free: deleted."""
    _company(user)
    now = now or utcnow()
    if slot.company_id != user.company_id:
        raise SimulationError(_("Ce créneau n'est pas celui de votre entreprise."))
    if slot.cancelled_at is not None:
        raise SimulationError(_("Ce créneau est déjà annulé."))
    if slot.starts_at <= now:
        raise SimulationError(_("Ce créneau est passé : il ne peut plus être annulé."))
    booking = db.session.scalar(
        select(SimulationBooking).where(SimulationBooking.slot_id == slot.id)
    )
    if booking is None:
        db.session.delete(slot)
        db.session.flush()
        return False
    slot.cancelled_at = now
    notify(booking.trainee, "simulation_cancelled", subject=slot.company.name)
    db.session.flush()
    return True


def slots_of_company(company: Company) -> list[SimulationSlot]:
    """Every slot of the company, soonest first, with its booking, trainee and feedback."""
    return list(
        db.session.scalars(
            select(SimulationSlot)
            .where(SimulationSlot.company_id == company.id)
            .options(
                selectinload(SimulationSlot.booking).selectinload(SimulationBooking.trainee),
                selectinload(SimulationSlot.booking).selectinload(SimulationBooking.feedback),
            )
            .order_by(SimulationSlot.starts_at, SimulationSlot.id)
        )
    )
