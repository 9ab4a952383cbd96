"""Simulation pages: the company's forms, the trainee's one-tap booking, the referent's reading,
who may open what (404 otherwise), and the feedback in the gap view."""

from __future__ import annotations

from builders_company import make_partner
from builders_simulations import data_in, make_slot, past_booked_slot, world
from sqlalchemy import func, select

from builders import counting_queries, login, make_site, make_user, page_text
from portfolio.extensions import db
from portfolio.models import (
    Role,
    SimulationBooking,
    SimulationFeedback,
    SimulationSlot,
)
from portfolio.simulations.services import bookings, feedback


def _count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _slot_form(days: int = 4, **changes: str) -> dict[str, str]:
    data = data_in(days)
    form = {
        "day": data.day.isoformat(), "start": "10:00", "duration": "30", "mode": "on_site",
        "place": "Salle 2", "trade": "D1102:11573",
    }  # fmt: skip
    form.update(changes)
    return form


# -- the company ----------------------------------------------------------------------------


def test_the_company_offers_a_forum_day_and_sees_it_listed(client):
    w = world()
    login(client, w.company_user)
    form = _slot_form(forum_title="Forum de l'emploi", count="5")
    response = client.post("/entreprise/simulations/forum", data=form)
    assert response.status_code == 302, page_text(response)
    assert _count(SimulationSlot) == 5
    listed = page_text(client.get("/entreprise/simulations"))
    assert listed.count("Forum de l'emploi") == 5
    assert listed.count("Libre") == 5
    assert "Boulanger" in listed


def test_a_mistyped_duration_shows_the_form_again_with_the_reason(client):
    w = world()
    login(client, w.company_user)
    response = client.post("/entreprise/simulations/nouveau", data=_slot_form(duration="trente"))
    assert response.status_code == 200
    assert "La durée va de 10 à 180 minutes." in page_text(response)
    assert _count(SimulationSlot) == 0


def test_a_booked_slot_shows_first_name_and_initial_only(client):
    w = world()
    slot = make_slot(w.company_user)
    bookings.book_slot(w.trainee, slot)
    db.session.commit()
    login(client, w.company_user)
    text = page_text(client.get(f"/entreprise/simulations/{slot.id}"))
    assert f"{w.trainee.first_name} {w.trainee.last_name[0]}." in text
    assert w.trainee.last_name not in text
    # A booked slot no longer changes: the edit page sends back to the slot.
    assert client.get(f"/entreprise/simulations/{slot.id}/modifier").status_code == 302


def test_the_company_gives_feedback_once_after_the_slot(client):
    w = world()
    slot = past_booked_slot(w.company_user, w.trainee)
    competency = feedback.rateable_competencies()[0]
    login(client, w.company_user)
    page = client.get(f"/entreprise/simulations/{slot.id}/retour")
    assert page.status_code == 200 and competency.label in page_text(page)
    posted = {
        "clear": "1", "example": "0", "trade_named": "1", "posture": "3",
        "words": "Bravo pour ton calme.", f"level-{competency.id}": "2",
    }  # fmt: skip
    response = client.post(f"/entreprise/simulations/{slot.id}/retour", data=posted)
    assert response.status_code == 302
    text = page_text(client.get(f"/entreprise/simulations/{slot.id}"))
    assert "Bravo pour ton calme." in text and "Très bien" in text
    again = client.post(f"/entreprise/simulations/{slot.id}/retour", data=posted)
    assert "Le retour de cette simulation est déjà donné." in page_text(again)
    assert _count(SimulationFeedback) == 1


def test_an_incomplete_grid_changes_nothing(client):
    w = world()
    slot = past_booked_slot(w.company_user, w.trainee)
    login(client, w.company_user)
    response = client.post(
        f"/entreprise/simulations/{slot.id}/retour", data={"clear": "1", "words": "Bien."}
    )
    assert "Remplissez toute la grille" in page_text(response)
    assert _count(SimulationFeedback) == 0


def test_another_company_gets_404_and_changes_nothing(client):
    w = world()
    slot = past_booked_slot(w.company_user, w.trainee)
    future = make_slot(w.company_user)
    login(client, make_partner(w.site, name="Concurrent"))
    for url in (
        f"/entreprise/simulations/{slot.id}",
        f"/entreprise/simulations/{future.id}/modifier",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/entreprise/simulations/{future.id}/annuler").status_code == 404
    posted = {"clear": "1", "example": "1", "trade_named": "1", "posture": "2"}
    assert client.post(f"/entreprise/simulations/{slot.id}/retour", data=posted).status_code == 404
    assert _count(SimulationFeedback) == 0
    assert db.session.get(SimulationSlot, future.id) is not None
    assert w.trainee.first_name not in page_text(client.get("/entreprise/simulations"))


def test_cancelling_a_booked_slot_tells_the_trainee(app, client):
    w = world()
    slot = make_slot(w.company_user)
    bookings.book_slot(w.trainee, slot)
    db.session.commit()
    login(client, w.company_user)
    assert client.post(f"/entreprise/simulations/{slot.id}/annuler").status_code == 302
    trainee = app.test_client()
    login(trainee, w.trainee)
    assert "L'entreprise a annulé ce rendez-vous." in page_text(
        trainee.get("/entretien/simulations")
    )


# -- the trainee ----------------------------------------------------------------------------


def test_the_trainee_finds_the_page_from_the_practice_home_and_books_in_one_tap(client):
    w = world()
    slot = make_slot(w.company_user)
    login(client, w.trainee)
    assert "/entretien/simulations" in page_text(client.get("/entretien"))
    assert "Réserver" in page_text(client.get("/entretien/simulations"))
    response = client.post(f"/entretien/simulations/{slot.id}/reserver")
    assert response.status_code == 302
    page = page_text(client.get("/entretien/simulations"))
    assert "C'est réservé" in page and "Annuler ma réservation" in page
    again = client.post(f"/entretien/simulations/{slot.id}/reserver", follow_redirects=True)
    assert "Vous avez déjà réservé ce créneau." in page_text(again)
    assert _count(SimulationBooking) == 1


def test_a_full_slot_says_so_and_keeps_the_first_booking(client):
    w = world()
    slot = make_slot(w.company_user)
    bookings.book_slot(w.trainee, slot)
    db.session.commit()
    other = make_user(Role.TRAINEE, site=w.site)
    login(client, other)
    response = client.post(f"/entretien/simulations/{slot.id}/reserver", follow_redirects=True)
    assert "Ce créneau est déjà pris. Choisissez-en un autre." in page_text(response)
    assert db.session.scalar(select(SimulationBooking.trainee_id)) == w.trainee.id


def test_a_trainee_of_another_site_gets_404_and_does_not_see_the_slot(client):
    w = world()
    slot = make_slot(w.company_user)
    elsewhere = make_user(Role.TRAINEE, site=make_site())
    login(client, elsewhere)
    assert client.post(f"/entretien/simulations/{slot.id}/reserver").status_code == 404
    assert client.post(f"/entretien/simulations/{slot.id}/annuler").status_code == 404
    assert "Salle 2" not in page_text(client.get("/entretien/simulations"))
    assert _count(SimulationBooking) == 0


def test_unknown_and_huge_slot_ids_answer_404(client):
    w = world()
    login(client, w.trainee)
    for slot_id in (999999, 2**40):
        assert client.post(f"/entretien/simulations/{slot_id}/reserver").status_code == 404


def test_the_trainee_page_reads_a_constant_number_of_queries(client):
    w = world()
    login(client, w.trainee)

    def queries() -> int:
        with counting_queries() as seen:
            assert client.get("/entretien/simulations").status_code == 200
        return len(seen)

    slot = past_booked_slot(w.company_user, w.trainee)
    feedback.give_feedback(w.company_user, slot, feedback.Grid("1", "1", "1", "2"), "Bien")
    make_slot(w.company_user)
    db.session.commit()
    few = queries()
    past_two = past_booked_slot(w.company_user, w.trainee, days_ago=5)
    feedback.give_feedback(w.company_user, past_two, feedback.Grid("0", "1", "1", "3"), "")
    for days in range(3, 9):
        make_slot(w.company_user, days=days)
    other = make_user(Role.TRAINEE, site=w.site)
    bookings.book_slot(w.trainee, make_slot(w.company_user, days=10))
    bookings.book_slot(other, make_slot(w.company_user, days=11))
    db.session.commit()
    assert queries() == few  # more slots, bookings and feedback: the same queries


# -- the referent and the gap view ---------------------------------------------------------


def test_the_referent_sees_bookings_and_feedback_and_the_gap_view_its_column(app, client):
    w = world()
    slot = past_booked_slot(w.company_user, w.trainee)
    competency = feedback.rateable_competencies()[0]
    feedback.give_feedback(
        w.company_user, slot, feedback.Grid("1", "1", "0", "2"), "Pense au métier.",
        {competency.id: "3"},
    )  # fmt: skip
    db.session.commit()
    login(client, w.referent)
    text = page_text(client.get(f"/referent/stagiaires/{w.trainee.id}/simulations"))
    assert "Pense au métier." in text and "palier 3" in text
    gap = page_text(client.get(f"/referent/stagiaires/{w.trainee.id}/ecart"))
    assert "Professionnel" in gap and "gc-professional" in gap
    trainee = app.test_client()
    login(trainee, w.trainee)
    mine = page_text(trainee.get("/mon-suivi/ecart"))
    assert "Simulation d'entretien" in mine and "gc-professional" in mine
    # The professional's words and levels are on the trainee's gap view itself.
    assert "Ce que disent les professionnels" in mine and "Pense au métier." in mine
    assert f"{competency.code} · {competency.label} : palier 3" in mine
    assert "Ce que disent les professionnels" not in gap  # the referent reads the simulations page


def test_the_trainee_gap_view_costs_the_same_queries_with_more_feedback(app, client):
    w = world()
    login(client, w.trainee)

    def queries() -> int:
        with counting_queries() as seen:
            assert client.get("/mon-suivi/ecart").status_code == 200
        return len(seen)

    first = past_booked_slot(w.company_user, w.trainee, days_ago=20)
    feedback.give_feedback(w.company_user, first, feedback.Grid("1", "1", "0", "2"), "Un.")
    db.session.commit()
    few = queries()
    for days in (16, 12, 8):  # each booked 3 days before it: never 2 upcoming at once
        slot = past_booked_slot(w.company_user, w.trainee, days_ago=days)
        feedback.give_feedback(w.company_user, slot, feedback.Grid("1", "0", "0", "1"), "Deux.")
    db.session.commit()
    assert queries() == few


def test_a_referent_who_does_not_follow_the_trainee_gets_404(client):
    w = world()
    past_booked_slot(w.company_user, w.trainee)
    stranger = make_user(Role.REFERENT, site=w.site)
    login(client, stranger)
    assert client.get(f"/referent/stagiaires/{w.trainee.id}/simulations").status_code == 404
