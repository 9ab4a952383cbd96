"""What the simulation services share: the error, the clock's zone, the trade's words."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from portfolio.models import SimulationSlot, User
from portfolio.services.rome import rome

# The schools are in France: a slot is typed and shown in Paris time, stored in UTC.
LOCAL_ZONE = ZoneInfo("Europe/Paris")


class SimulationError(ValueError):
    """A slot, booking or feedback refused; ``str()`` is a sentence for the person."""


def local_moment(day: date, start: time) -> datetime:
    """A day and time typed in France, as an aware datetime."""
    return datetime.combine(day, start, tzinfo=LOCAL_ZONE)


def trade_words(slot: SimulationSlot) -> str:
    """The trade a slot is about, in words ("" when the slot names none)."""
    return rome().label(slot.rome_code, slot.job_title) if slot.rome_code else ""


def company_label(user: User) -> str:
    """How a professional signs a feedback: "Prénom Nom, Entreprise"."""
    company = user.company.name if user.company is not None else ""
    return f"{user.full_name}, {company}".strip(", ")[:200]
