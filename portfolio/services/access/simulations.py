"""Interview simulation slots: the company that offers them, the trainees of its site.

A company reaches its own slots (``company_slot``); a trainee reaches the slots offered to
their site by a partner company (``site_slot``). A company sees the trainee who booked one
of its slots on that slot's pages only (first name and initial): no guard here leads from a
slot to the trainee's portfolio. The referent reads bookings through ``visible_trainee``.
"""

from __future__ import annotations

from portfolio.models import Role, SimulationSlot, User
from portfolio.services.access._base import _get
from portfolio.services.access.companies import is_partner
from portfolio.services.errors import NotFound


def company_slot(user: User, slot_id: int) -> SimulationSlot:
    """A slot of the user's partner company (cancelled ones too), else NotFound."""
    slot = _get(SimulationSlot, slot_id)
    if (
        slot is None
        or user.role is not Role.COMPANY
        or not is_partner(user.company)
        or slot.company_id != user.company_id
    ):
        raise NotFound
    return slot


def site_slot(trainee: User, slot_id: int) -> SimulationSlot:
    """A slot a partner company offers to the trainee's site, else NotFound."""
    slot = _get(SimulationSlot, slot_id)
    if (
        slot is None
        or trainee.role is not Role.TRAINEE
        or trainee.site_id is None
        or slot.site_id != trainee.site_id
        or not is_partner(slot.company)
    ):
        raise NotFound
    return slot
