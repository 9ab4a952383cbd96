"""Simulation slots, bookings and feedback through the services: every rule and bad input."""

from __future__ import annotations

from datetime import time, timedelta
from itertools import pairwise

import pytest
from builders_company import make_partner
from builders_referent import team
from builders_simulations import at, data_in, make_slot, past_booked_slot, world
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from builders import make_site, make_user
from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    Notification,
    Role,
    SimulationBooking,
    SimulationFeedback,
    SimulationSlot,
    utcnow,
)
from portfolio.services.gaps import gap_report
from portfolio.simulations.services import bookings, feedback, slots
from portfolio.simulations.services.common import LOCAL_ZONE, SimulationError

GOOD_GRID = feedback.Grid(clear="1", example="1", trade_named="0", posture="2")


def _count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _refused(action, message: str) -> None:
    with pytest.raises(SimulationError, match=message):
        action()
    db.session.rollback()


# -- offering slots -------------------------------------------------------------------------


def test_a_forum_day_makes_consecutive_slots_for_the_company_site():
    w = world()
    made = slots.create_forum(
        w.company_user, data_in(5, 9, forum_title="Forum", trade="D1102:11573"), 4
    )
    db.session.commit()
    starts = [s.starts_at for s in made]
    assert [b - a for a, b in pairwise(starts)] == [timedelta(minutes=30)] * 3
    assert starts[0].astimezone(LOCAL_ZONE).time() == time(9, 0)
    assert {s.site_id for s in made} == {w.site.id}
    assert {(s.rome_code, s.job_title, s.forum_title) for s in made} == {
        ("D1102", "11573", "Forum")
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day": None}, "la date et l'heure"),
        ({"start": None}, "la date et l'heure"),
        ({"duration": 5}, "de 10 à 180 minutes"),
        ({"duration": "trente"}, "de 10 à 180 minutes"),
        ({"duration": True}, "de 10 à 180 minutes"),
        ({"mode": "teleportation"}, "où se passe"),
        ({"place": ""}, "Écrivez le lieu"),
        ({"place": "x" * 201}, "trop long"),
        ({"trade": "Z9999"}, "n'existe pas"),
    ],
)
def test_bad_slot_input_is_refused_in_words_and_nothing_is_written(changes, message):
    w = world()
    _refused(lambda: slots.create_slot(w.company_user, data_in(3, **changes)), message)
    assert _count(SimulationSlot) == 0


def test_a_past_moment_or_one_too_far_is_refused():
    w = world()
    _refused(lambda: slots.create_slot(w.company_user, data_in(-1)), "déjà passé")
    _refused(lambda: slots.create_slot(w.company_user, data_in(400)), "l'année qui vient")
    assert _count(SimulationSlot) == 0


def test_a_phone_slot_needs_no_place():
    w = world()
    slot = make_slot(w.company_user, mode="phone", place="")
    assert slot.place == ""


@pytest.mark.parametrize(
    ("count", "message"), [(0, "de 1 à 16"), (17, "de 1 à 16"), ("6", "de 1 à 16")]
)
def test_a_forum_size_out_of_bounds_is_refused(count, message):
    w = world()
    _refused(
        lambda: slots.create_forum(w.company_user, data_in(3, forum_title="F"), count), message
    )
    assert _count(SimulationSlot) == 0


def test_a_forum_needs_a_name_and_must_end_before_midnight():
    w = world()
    _refused(lambda: slots.create_forum(w.company_user, data_in(3), 3), "nom au forum")
    late = data_in(3, 22, forum_title="F", duration=60)
    _refused(lambda: slots.create_forum(w.company_user, late, 3), "minuit")
    assert _count(SimulationSlot) == 0


def test_only_a_partner_company_offers_slots():
    site, referent, trainee = team()
    stranger = make_partner(site, approved=False, name="Pas encore partenaire")
    for user in (stranger, referent, trainee):
        _refused(lambda u=user: slots.create_slot(u, data_in(3)), "entreprise partenaire")
    assert _count(SimulationSlot) == 0


def test_a_slot_changes_while_free_and_not_once_booked():
    w = world()
    slot = make_slot(w.company_user)
    slots.update_slot(w.company_user, slot, data_in(4, 14, duration=45))
    db.session.commit()
    assert slot.duration_minutes == 45
    bookings.book_slot(w.trainee, slot)
    db.session.commit()
    _refused(lambda: slots.update_slot(w.company_user, slot, data_in(5)), "ne peut plus changer")
    db.session.refresh(slot)
    assert slot.duration_minutes == 45


def test_cancelling_a_free_slot_deletes_it_and_a_booked_one_tells_the_trainee():
    w = world()
    free = make_slot(w.company_user)
    assert slots.cancel_slot(w.company_user, free) is False
    db.session.commit()
    assert _count(SimulationSlot) == 0
    booked = make_slot(w.company_user)
    bookings.book_slot(w.trainee, booked)
    assert slots.cancel_slot(w.company_user, booked) is True
    db.session.commit()
    assert booked.cancelled_at is not None
    told = db.session.scalars(select(Notification).where(Notification.user_id == w.trainee.id))
    assert [n.kind for n in told] == ["simulation_cancelled"]
    _refused(lambda: slots.cancel_slot(w.company_user, booked), "déjà annulé")


def test_another_company_cannot_change_or_cancel_our_slot():
    w = world()
    slot = make_slot(w.company_user)
    other = make_partner(w.site, name="Concurrent")
    _refused(lambda: slots.update_slot(other, slot, data_in(4)), "pas celui de votre entreprise")
    _refused(lambda: slots.cancel_slot(other, slot), "pas celui de votre entreprise")
    assert db.session.get(SimulationSlot, slot.id) is not None


# -- booking --------------------------------------------------------------------------------


def test_a_trainee_books_an_open_slot_which_leaves_the_open_list():
    w = world()
    slot = make_slot(w.company_user)
    assert bookings.open_slots(w.trainee) == [slot]
    bookings.book_slot(w.trainee, slot)
    db.session.commit()
    assert bookings.open_slots(w.trainee) == []
    assert [b.slot_id for b in bookings.bookings_of(w.trainee)] == [slot.id]


def test_a_full_slot_a_second_booking_a_past_or_cancelled_slot_are_refused():
    w = world()
    slot = make_slot(w.company_user)
    bookings.book_slot(w.trainee, slot)
    db.session.commit()
    _refused(lambda: bookings.book_slot(w.trainee, slot), "déjà réservé ce créneau")
    other = make_user(Role.TRAINEE, site=w.site)
    _refused(lambda: bookings.book_slot(other, slot), "déjà pris")
    later = at(slot, 60)
    past = make_slot(w.company_user, days=1)
    _refused(
        lambda: bookings.book_slot(other, past, now=past.starts_at + timedelta(minutes=1)), "passé"
    )
    cancelled = make_slot(w.company_user, days=2)
    bookings.book_slot(other, cancelled)
    slots.cancel_slot(w.company_user, cancelled)
    db.session.commit()
    third = make_user(Role.TRAINEE, site=w.site)
    _refused(lambda: bookings.book_slot(third, cancelled), "annulé")
    assert later > slot.starts_at
    assert _count(SimulationBooking) == 2


def test_a_slot_of_another_site_is_refused():
    w = world()
    slot = make_slot(w.company_user)
    elsewhere = make_user(Role.TRAINEE, site=make_site())
    _refused(lambda: bookings.book_slot(elsewhere, slot), "autre école")
    assert bookings.open_slots(elsewhere) == []
    assert _count(SimulationBooking) == 0


def test_a_trainee_holds_two_upcoming_simulations_at_most():
    w = world()
    for days in (2, 3):
        bookings.book_slot(w.trainee, make_slot(w.company_user, days=days))
    db.session.commit()
    _refused(lambda: bookings.book_slot(w.trainee, make_slot(w.company_user, days=4)), "déjà 2")
    assert _count(SimulationBooking) == 2


def test_the_database_keeps_one_booking_per_slot():
    w = world()
    slot = make_slot(w.company_user)
    other = make_user(Role.TRAINEE, site=w.site)
    db.session.add(SimulationBooking(slot_id=slot.id, trainee_id=w.trainee.id))
    db.session.commit()
    db.session.add(SimulationBooking(slot_id=slot.id, trainee_id=other.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_race_lost_at_the_database_says_the_slot_is_taken(monkeypatch):
    w = world()
    slot = make_slot(w.company_user)
    other = make_user(Role.TRAINEE, site=w.site)
    db.session.add(SimulationBooking(slot_id=slot.id, trainee_id=other.id))
    db.session.commit()
    # The check ran before the other booking landed: only the unique constraint is left.
    monkeypatch.setattr(bookings, "_check_bookable", lambda *_args: None)
    _refused(lambda: bookings.book_slot(w.trainee, slot), "déjà pris")
    assert _count(SimulationBooking) == 1


def test_cancelling_a_booking_up_to_24_hours_before():
    w = world()
    slot = make_slot(w.company_user, days=3)
    bookings.book_slot(w.trainee, slot)
    db.session.commit()
    _refused(
        lambda: bookings.cancel_booking(w.trainee, slot, now=slot.starts_at - timedelta(hours=23)),
        "Moins de 24 heures",
    )
    assert _count(SimulationBooking) == 1
    other = make_user(Role.TRAINEE, site=w.site)
    _refused(lambda: bookings.cancel_booking(other, slot), "pas réservé")
    bookings.cancel_booking(w.trainee, slot)
    db.session.commit()
    assert _count(SimulationBooking) == 0
    assert bookings.open_slots(w.trainee) == [slot]


# -- feedback -------------------------------------------------------------------------------


def test_feedback_after_the_slot_records_the_grid_and_the_professional_stream():
    w = world()
    slot = past_booked_slot(w.company_user, w.trainee)
    ids = [c.id for c in feedback.rateable_competencies()][:2]
    given = feedback.give_feedback(
        w.company_user, slot, GOOD_GRID, "Très bonne posture.", {ids[0]: "3", ids[1]: ""}
    )
    db.session.commit()
    assert (given.clear, given.example, given.trade_named, given.posture) == (1, 1, 0, 2)
    rows = list(db.session.scalars(select(Assessment)))
    assert [(r.source, r.competency_id, r.level) for r in rows] == [
        (AssessmentSource.PROFESSIONAL, ids[0], 3)
    ]
    assert [(c.id, level) for c, level in feedback.levels_of(given)] == [(ids[0], 3)]
    row = gap_report(w.trainee).row(ids[0])
    assert row is not None and row.professional is not None and row.professional.level == 3
    assert row.tutor is None and row.referent is None
    told = db.session.scalars(select(Notification.kind).where(Notification.user_id == w.trainee.id))
    assert list(told) == ["simulation_feedback"]


def test_feedback_before_the_slot_twice_or_without_a_booking_is_refused():
    w = world()
    future = make_slot(w.company_user)
    _refused(lambda: feedback.give_feedback(w.company_user, future, GOOD_GRID, ""), "Personne")
    bookings.book_slot(w.trainee, future)
    db.session.commit()
    _refused(
        lambda: feedback.give_feedback(w.company_user, future, GOOD_GRID, ""), "après la simulation"
    )
    slot = past_booked_slot(w.company_user, make_user(Role.TRAINEE, site=w.site))
    feedback.give_feedback(w.company_user, slot, GOOD_GRID, "")
    db.session.commit()
    _refused(lambda: feedback.give_feedback(w.company_user, slot, GOOD_GRID, ""), "déjà donné")
    assert _count(SimulationFeedback) == 1


@pytest.mark.parametrize(
    ("grid", "words", "levels", "message"),
    [
        (feedback.Grid("1", "1", "1", None), "", {}, "toute la grille"),
        (feedback.Grid("2", "1", "1", "2"), "", {}, "toute la grille"),
        (feedback.Grid("1", "1", "1", "4"), "", {}, "toute la grille"),
        (feedback.Grid(True, "1", "1", "2"), "", {}, "toute la grille"),
        (GOOD_GRID, "x" * 3001, {}, "trop long"),
        (GOOD_GRID, ["pas", "du texte"], {}, "pas valide"),
        (GOOD_GRID, "", {"E2C-ZZ": "2"}, "ne se note pas"),
        (GOOD_GRID, "", {"__first__": "9"}, "niveau entre"),
        (GOOD_GRID, "", {"__first__": "deux"}, "niveau entre"),
    ],
)
def test_bad_feedback_is_refused_and_nothing_is_written(grid, words, levels, message):
    w = world()
    slot = past_booked_slot(w.company_user, w.trainee)
    first = feedback.rateable_competencies()[0].id
    levels = {first if k == "__first__" else k: v for k, v in levels.items()}
    _refused(lambda: feedback.give_feedback(w.company_user, slot, grid, words, levels), message)
    assert _count(SimulationFeedback) == 0
    assert _count(Assessment) == 0


def test_another_company_or_a_cancelled_slot_gets_no_feedback():
    w = world()
    slot = past_booked_slot(w.company_user, w.trainee)
    other = make_partner(w.site, name="Concurrent")
    _refused(lambda: feedback.give_feedback(other, slot, GOOD_GRID, ""), "pas celui de votre")
    cancelled = make_slot(w.company_user, days=2)
    bookings.book_slot(make_user(Role.TRAINEE, site=w.site), cancelled)
    slots.cancel_slot(w.company_user, cancelled)
    db.session.commit()
    later = cancelled.starts_at + timedelta(hours=1)
    _refused(
        lambda: feedback.give_feedback(w.company_user, cancelled, GOOD_GRID, "", now=later),
        "annulé",
    )
    assert _count(SimulationFeedback) == 0


def test_the_professional_stream_needs_a_company_author():
    from portfolio.services.assessments import AssessmentError, record_assessment
    from portfolio.services.frameworks import framework

    w = world()
    fw = framework()
    cid = feedback.rateable_competencies()[0].id
    with pytest.raises(AssessmentError, match="entreprise partenaire"):
        record_assessment(
            AssessmentSource.PROFESSIONAL, w.trainee, w.referent, cid, 2, fw.version,
            framework_id=fw.id,
        )  # fmt: skip
    assert utcnow() and _count(Assessment) == 0
