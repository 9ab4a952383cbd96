"""Interview simulations in a real browser at 360 px: a trainee of the demo site books one of
the demo company's forum slots in one tap from the practice home."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from browsing import PASSWORD, axe_violations, fresh_trainee, go, log_in, no_horizontal_scroll


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
