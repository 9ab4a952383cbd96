"""Demo interview simulations: the demo company's forum day, one slot booked, one past slot
with its feedback (so the gap view shows the professional stream).

Everything goes through the simulations services, with the clock moved back for the past
slot (created, booked, then given feedback at the moments it would have been). The caller
commits.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from portfolio.demo.company import _company_user
from portfolio.models import Site, SlotMode, User, utcnow
from portfolio.services.access import is_partner
from portfolio.services.frameworks import framework
from portfolio.simulations.services import bookings, feedback, slots
from portfolio.simulations.services.common import LOCAL_ZONE

FORUM_TITLE = "Forum de l'emploi de l'école"


def _at(day_offset: int, hour: int) -> tuple[datetime, slots.SlotData]:
    day = (utcnow().astimezone(LOCAL_ZONE) + timedelta(days=day_offset)).date()
    while day.weekday() >= 5:  # a school day, Monday to Friday
        day += timedelta(days=1 if day_offset > 0 else -1)
    data = slots.SlotData(
        day=day, start=time(hour, 0), duration=30, mode=SlotMode.ON_SITE.value,
        place="École, salle 2", trade="D1102:11573", forum_title=FORUM_TITLE,
    )  # fmt: skip
    return datetime.combine(day, time(hour, 0), tzinfo=LOCAL_ZONE), data


def seed(site: Site, users: dict[str, User]) -> None:
    """A forum day in a week (4 slots, Inès has the first), and Léa's past simulation."""
    company_user = _company_user(site, users)
    if company_user is None or not is_partner(company_user.company):
        return
    _start, data = _at(7, 9)
    forum = slots.create_forum(company_user, data, 4)
    ines = users.get("ines")
    if ines is not None:
        bookings.book_slot(ines, forum[0])
    lea = users.get("lea")
    if lea is None:
        return
    past, data = _at(-10, 14)
    single = slots.SlotData(
        day=data.day, start=data.start, duration=45, mode=SlotMode.ON_SITE.value,
        place="Boulangerie du Marché, Lille", trade="D1102:11573",
    )  # fmt: skip
    slot = slots.create_slot(company_user, single, now=past - timedelta(days=10))
    bookings.book_slot(lea, slot, now=past - timedelta(days=5))
    ids = [c.id for c in feedback.rateable_competencies()][:2]
    fw = framework()
    assert all(fw.get(cid) is not None for cid in ids)
    feedback.give_feedback(
        company_user,
        slot,
        feedback.Grid(clear="1", example="1", trade_named="0", posture="2"),
        "Bonne présentation, tu souris et tu regardes la personne. Tu as raconté ton stage "
        "au marché : c'est un bon exemple. Pense à dire le nom du métier : boulangère.",
        dict(zip(ids, ("2", "3"), strict=False)),
        now=past + timedelta(hours=1),
    )
