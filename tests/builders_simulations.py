"""Small builders for the simulation tests: a site with a partner, a trainee, slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from builders_company import make_partner
from builders_referent import team

from portfolio.extensions import db
from portfolio.models import SimulationSlot, Site, SlotMode, User, utcnow
from portfolio.simulations.services import bookings, slots
from portfolio.simulations.services.common import LOCAL_ZONE


@dataclass
class World:
    site: Site
    referent: User
    trainee: User
    company_user: User


def world() -> World:
    site, referent, trainee = team()
    return World(site, referent, trainee, make_partner(site))


def data_in(days: int, hour: int = 10, **changes: object) -> slots.SlotData:
    """A slot ``days`` from today (local), at ``hour``:00, 30 minutes, on site."""
    day = (utcnow().astimezone(LOCAL_ZONE) + timedelta(days=days)).date()
    values: dict[str, object] = {
        "day": day, "start": time(hour, 0), "duration": 30, "mode": SlotMode.ON_SITE.value,
        "place": "Salle 2", "trade": None, "forum_title": "",
    }  # fmt: skip
    values.update(changes)
    return slots.SlotData(**values)  # type: ignore[arg-type]


def make_slot(company_user: User, days: int = 3, **changes: object) -> SimulationSlot:
    slot = slots.create_slot(company_user, data_in(days, **changes))
    db.session.commit()
    return slot


def past_booked_slot(company_user: User, trainee: User, days_ago: int = 2) -> SimulationSlot:
    """A slot that happened ``days_ago`` days ago, booked by ``trainee`` before it."""
    start = utcnow() - timedelta(days=days_ago)
    local = start.astimezone(LOCAL_ZONE)
    data = data_in(0, day=local.date(), start=time(local.hour, local.minute))
    slot = slots.create_slot(company_user, data, now=start - timedelta(days=7))
    bookings.book_slot(trainee, slot, now=start - timedelta(days=3))
    db.session.commit()
    return slot


def at(slot: SimulationSlot, minutes: int) -> datetime:
    return slot.starts_at + timedelta(minutes=minutes)
