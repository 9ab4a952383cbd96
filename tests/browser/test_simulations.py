"""Interview simulations in a real browser at 360 px: a trainee of the demo site books one of
the demo company's forum slots in one tap from the practice home."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from browsing import (
    PASSWORD,
    axe_violations,
    fresh_trainee,
    go,
    log_in,
    log_out,
    no_horizontal_scroll,
)


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page at 360×740 that lets axe-core in (the CSP forbids injected scripts)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", bypass_csp=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_trainee_books_a_forum_slot_on_a_phone(
    live_app: Any, live_server: Any, phone: Any, shot: Any
):
    login = fresh_trainee(live_app)
    log_in(phone, live_server, login, PASSWORD)
    go(phone, "Entretien")
    phone.get_by_role("link", name="Simulations avec des professionnels").click()
    expect(phone.get_by_role("heading", name="Simulations avec des professionnels")).to_be_visible()
    free = phone.locator("[data-open-slot]")
    before = free.count()
    assert before >= 1
    expect(free.first).to_contain_text("Boulangerie du Marché")
    assert no_horizontal_scroll(phone)
    assert axe_violations(phone) == []
    shot(phone, "open-slots")
    free.first.get_by_role("button", name="Réserver").click()
    expect(phone.get_by_text("C'est réservé ! Soyez à l'heure")).to_be_visible()
    booked = phone.locator("[data-booking]")
    expect(booked).to_have_count(1)
    expect(booked.first).to_contain_text("Boulangerie du Marché")
    expect(booked.first.get_by_role("button", name="Annuler ma réservation")).to_be_visible()
    expect(phone.locator("[data-open-slot]")).to_have_count(before - 1)
    assert no_horizontal_scroll(phone)
    assert axe_violations(phone) == []
    shot(phone, "booked")


def _company_password() -> str:
    from portfolio.demo import DEMO_ACCOUNTS

    return str(next(a["password"] for a in DEMO_ACCOUNTS if a["login"] == "entreprise"))


def _slot_happened(live_app: Any, place: str) -> None:
    """Time passes: the slot (found by its place) started an hour ago."""
    from datetime import timedelta

    from sqlalchemy import select

    from portfolio.extensions import db
    from portfolio.models import SimulationSlot, utcnow

    with live_app.app_context():
        slot = db.session.scalar(select(SimulationSlot).where(SimulationSlot.place == place))
        assert slot is not None and slot.booking is not None
        slot.starts_at = utcnow() - timedelta(hours=1)
        db.session.commit()


def test_offered_booked_then_feedback_reaches_the_trainee_gap_view(
    live_app: Any, live_server: Any, phone: Any, shot: Any
):
    from datetime import date, timedelta

    place = "Garage Martin, atelier 2"  # no demo slot is there
    company = _company_password()
    # The company offers a slot in two weeks.
    log_in(phone, live_server, "entreprise", company)
    phone.goto(f"{live_server.url}/entreprise/simulations")
    phone.get_by_role("link", name="Proposer un créneau").click()
    phone.get_by_label("Date").fill((date.today() + timedelta(days=14)).isoformat())
    phone.get_by_label("Heure de début").fill("10:00")
    phone.get_by_label("Lieu, ou comment vous joindre").fill(place)
    phone.get_by_role("button", name="Proposer").click()
    expect(phone.get_by_text("Le créneau est proposé aux stagiaires de l'école.")).to_be_visible()
    log_out(phone)

    # A trainee books it in one tap.
    login = fresh_trainee(live_app)
    log_in(phone, live_server, login, PASSWORD)
    phone.goto(f"{live_server.url}/entretien/simulations")
    offered = phone.locator("[data-open-slot]", has_text=place)
    offered.get_by_role("button", name="Réserver").click()
    expect(phone.locator("[data-booking]", has_text=place)).to_contain_text("C'est réservé.")
    log_out(phone)

    # The simulation took place; the professional gives the grid, words and a level.
    _slot_happened(live_app, place)
    log_in(phone, live_server, "entreprise", company)
    phone.goto(f"{live_server.url}/entreprise/simulations")
    phone.locator("li.simulation-card", has_text=place).get_by_role("link").first.click()
    expect(phone.locator("[data-slot-trainee]")).to_have_text("Sami N.")
    phone.get_by_role("link", name="Donner mon retour").click()
    for group, choice in (
        ("Clair ?", "Oui"),
        ("Un exemple ?", "Oui"),
        ("Le métier nommé ?", "Non"),
        ("Posture", "Très bien"),
    ):
        phone.get_by_role("group", name=group).get_by_text(choice, exact=True).click()
    phone.get_by_label("Vos mots pour le stagiaire").fill("Belle poignée de main. Dis le métier.")
    level = phone.locator("select[name^='level-']").first
    competency = phone.locator(f"label[for='{level.get_attribute('id')}']").inner_text()
    level.select_option(label="palier 3")
    assert no_horizontal_scroll(phone)
    assert axe_violations(phone) == []
    shot(phone, "feedback-form")
    phone.get_by_role("button", name="Envoyer mon retour").click()
    expect(
        phone.get_by_text("Merci ! Le stagiaire et son référent voient votre retour.")
    ).to_be_visible()
    log_out(phone)

    # The trainee is told, and reads the feedback and the level in their gap view.
    log_in(phone, live_server, login, PASSWORD)
    phone.goto(f"{live_server.url}/vitrine/avis")
    expect(phone.get_by_text("a donné son retour sur votre simulation d'entretien")).to_be_visible()
    phone.goto(f"{live_server.url}/mon-suivi/ecart")
    said = phone.locator("[data-pro-feedback]")
    expect(said).to_contain_text("Belle poignée de main. Dis le métier.")
    expect(said).to_contain_text(f"{competency} : palier 3")
    expect(said).to_contain_text("Très bien")
    progression = phone.locator("table.progression")
    row = progression.locator("tr", has=phone.locator("th", has_text=competency))
    expect(row.locator("td").last).to_contain_text("3")
    assert no_horizontal_scroll(phone)
    assert axe_violations(phone) == []
    shot(phone, "gap-view")
