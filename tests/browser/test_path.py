"""The personalised path in a real browser at 360 px: the trainee sees a proposed session with
its reason on the home and asks to join in one tap; the referent confirms on "Demandes"; the
trainee is then in the session's group. axe checks the two pages on the way.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, time, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from browsing import axe_violations, go, log_in, log_out, no_horizontal_scroll

PASSWORD = "correct-horse-battery"
PHONE = {"width": 360, "height": 740}


def _world(live_app: Any) -> tuple[str, str]:
    from portfolio.activities.services import catalogue, sessions
    from portfolio.activities.services.rules import check_activity
    from portfolio.extensions import db
    from portfolio.models import Role
    from portfolio.services import accounts
    from portfolio.services.frameworks import frameworks

    tag = uuid.uuid4().hex[:8]
    with live_app.app_context():
        site = accounts.create_site(f"path-{tag}", f"E2C Parcours {tag}")
        people = {}
        for login, first, role in (
            (f"ref-path-{tag}", "Claire", Role.REFERENT),
            (f"lea-path-{tag}", "Léa", Role.TRAINEE),
            (f"yan-path-{tag}", "Yanis", Role.TRAINEE),
        ):
            people[first] = accounts.create_user(
                login=login, password=PASSWORD, first_name=first, last_name="Martin",
                role=role, site=site,
            )  # fmt: skip
        accounts.assign_referent(people["Léa"], people["Claire"])
        raw = {"code": "CONFLITS", "title": "Gérer un conflit", "kind": "atelier",
               "duration": 120, "group_size": 8, "targets": ["E2C-1C"]}  # fmt: skip
        activity = catalogue.create_activity(None, site, check_activity(raw, frameworks()))
        sessions.schedule_session(
            people["Claire"],
            activity,
            sessions.SessionInput(
                date.today() + timedelta(days=3), time(14), time(16), "Salle 2", (),
                [people["Yanis"].id],
            ),
        )  # fmt: skip
        db.session.commit()
        return people["Claire"].login, people["Léa"].login


@pytest.fixture
def phone_axe(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, locale="fr-FR", bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_the_trainee_asks_from_the_home_and_the_referent_confirms(
    live_app, live_server, phone_axe, shot
):
    page = phone_axe
    referent, trainee = _world(live_app)
    log_in(page, live_server, trainee, PASSWORD)
    card = page.locator(".path-home")
    expect(card.get_by_text("Gérer un conflit")).to_be_visible()
    expect(card.get_by_text("Vous n'avez pas encore de trace pour « ")).to_be_visible()
    shot(page, "path-home")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    card.get_by_role("button", name="Je veux y aller").click()
    expect(page.get_by_text("Votre demande est envoyée.")).to_be_visible()
    expect(page.locator(".path-home").get_by_text("Demande envoyée")).to_be_visible()
    log_out(page)

    log_in(page, live_server, referent, PASSWORD)
    page.goto(live_server.url + "/parcours/demandes")
    expect(page.get_by_text("Léa Martin")).to_be_visible()
    shot(page, "path-requests")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirmer la place").click()
    expect(page.get_by_text("C'est confirmé")).to_be_visible()
    expect(page.get_by_text("Aucune demande en attente.")).to_be_visible()
    log_out(page)

    log_in(page, live_server, trainee, PASSWORD)
    go(page, "Mes ateliers")
    expect(page.get_by_role("link", name="Gérer un conflit")).to_be_visible()
