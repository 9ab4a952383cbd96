"""Interview practice in a real browser at 360 px: a whole practice kept as a trace, then a
second one whose progress sentence counts the examples."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from browsing import PASSWORD, axe_violations, fresh_trainee, go, log_in, no_horizontal_scroll


def _with_project(live_app: Any, login: str) -> None:
    from sqlalchemy import select

    from portfolio.extensions import db
    from portfolio.models import ProfessionalProject, ProjectTrade, User

    with live_app.app_context():
        user = db.session.scalar(select(User).where(User.login == login))
        assert user is not None
        db.session.add(
            ProfessionalProject(
                trainee_id=user.id,
                trades=[ProjectTrade(rome_code="G1602", grand_domaine="G", position=0)],
            )
        )
        db.session.commit()


def _practise(phone: Any, shot: Any, examples: int, *, check: bool = False) -> None:
    """Start, answer and rate the five questions; ``examples`` of them say "an example"."""
    expect(phone.get_by_role("combobox", name="Métier visé")).to_have_value(re.compile("Commis"))
    phone.get_by_role("button", name="Commencer").click()
    for n in range(1, 6):
        expect(phone.get_by_role("heading", name=f"Question {n} sur 5")).to_be_visible()
        if check and n == 1:
            expect(phone.get_by_role("heading", name="Parlez-moi de vous.")).to_be_visible()
            phone.get_by_text("Un conseil").click()
            expect(phone.get_by_text("Parlez de vous en trois parties.")).to_be_visible()
            assert no_horizontal_scroll(phone)
            assert axe_violations(phone) == []
            shot(phone, "question")
        phone.get_by_label("Votre réponse").fill(f"Ma réponse {n}. En stage, j'ai servi 80 repas.")
        phone.get_by_role("button", name="Suivant").click()
        expect(phone.get_by_role("heading", name=f"Votre réponse {n}")).to_be_visible()
        for group, choice in (
            ("Clair ?", "Oui"),
            ("Un exemple ?", "Oui" if n <= examples else "Non"),
            ("Le métier nommé ?", "Non"),
            ("Posture", "Correcte"),
        ):
            box = phone.get_by_role("group", name=group)
            box.get_by_text(choice, exact=True).click()
            expect(box.get_by_role("radio", name=choice, exact=True)).to_be_checked()
        if check and n == 1:
            assert no_horizontal_scroll(phone)
            assert axe_violations(phone) == []
            shot(phone, "grid")
        phone.get_by_role("button", name="Suivant").click()
    expect(phone.get_by_role("heading", name="Bilan de l'entraînement")).to_be_visible()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page at 360×740 that lets axe-core in (the CSP forbids injected scripts)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", bypass_csp=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_whole_practice_on_a_phone_kept_as_a_trace_then_a_second_one(
    live_app, live_server, phone, shot
):
    login = fresh_trainee(live_app)
    _with_project(live_app, login)
    log_in(phone, live_server, login, PASSWORD)
    go(phone, "Entretien")
    expect(phone.get_by_role("heading", name="S'entraîner à l'entretien")).to_be_visible()
    _practise(phone, shot, examples=5, check=True)
    expect(phone.locator("[data-progress]")).to_have_text(
        "1er entraînement : vous avez donné un exemple à 5 questions sur 5."
    )
    expect(phone.get_by_role("radio", name="Oui, le garder")).to_be_checked()
    assert axe_violations(phone) == []
    shot(phone, "summary")
    phone.get_by_role("button", name="Terminer").click()
    expect(phone.get_by_text("Entraînement terminé. Bravo !")).to_be_visible()
    phone.get_by_role("link", name="Voir la trace dans mon portfolio").click()
    expect(phone.get_by_role("heading", name="Entraînement à l'entretien n° 1")).to_be_visible()
    expect(phone.get_by_text("Ma réponse 3. En stage, j'ai servi 80 repas.")).to_be_visible()
    go(phone, "Portfolio")
    expect(phone.get_by_text("Entraînement à l'entretien n° 1").first).to_be_visible()
    shot(phone, "portfolio")

    go(phone, "Entretien")
    _practise(phone, shot, examples=3)
    phone.get_by_text("Non", exact=True).click()  # not kept this time
    phone.get_by_role("button", name="Terminer").click()
    expect(phone.locator("[data-progress]")).to_have_text(
        "2e entraînement : vous avez donné un exemple à 3 questions sur 5."
    )
    go(phone, "Entretien")
    expect(phone.locator("[data-progress]")).to_contain_text("2e entraînement")
    shot(phone, "second")
