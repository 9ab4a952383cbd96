"""Activities in a real browser at 360 px: a referent creates an activity, schedules a session
with 3 trainees (picked by one tap on "Mes stagiaires"), takes the roll in one screen; the
trainee then finds the session in "Mes ateliers". axe checks the pages on the way.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from browsing import axe_violations, go, log_in, log_out, no_horizontal_scroll

PASSWORD = "correct-horse-battery"
PHONE = {"width": 360, "height": 740}


def _people(live_app: Any) -> tuple[str, list[str]]:
    from portfolio.models import Role
    from portfolio.services import accounts

    tag = uuid.uuid4().hex[:8]
    with live_app.app_context():
        from portfolio.extensions import db

        site = accounts.create_site(f"act-{tag}", f"E2C Ateliers {tag}")
        referent = accounts.create_user(
            login=f"ref-act-{tag}",
            password=PASSWORD,
            first_name="Claire",
            last_name="Morel",
            role=Role.REFERENT,
            site=site,
        )
        logins = []
        for n, (first, last) in enumerate(
            (("Léa", "Martin"), ("Yanis", "Haddad"), ("Inès", "Diallo"))
        ):
            trainee = accounts.create_user(
                login=f"sta-act-{tag}-{n}",
                password=PASSWORD,
                first_name=first,
                last_name=last,
                role=Role.TRAINEE,
                site=site,
            )
            accounts.assign_referent(trainee, referent)
            logins.append(trainee.login)
        db.session.commit()
        return referent.login, logins


@pytest.fixture
def phone_axe(browser: Any) -> Iterator[Any]:
    """A 360 px page that lets axe-core in (the app's CSP refuses its injected script)."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR", bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_an_activity_from_creation_to_the_trainees_workshops(
    live_app, live_server, phone_axe, shot
):
    page = phone_axe
    referent, trainees = _people(live_app)
    log_in(page, live_server, referent, PASSWORD)
    go(page, "Activités")
    page.get_by_role("link", name="Nouvelle activité").click()
    page.get_by_label("Titre", exact=True).fill("Atelier cuisine du jeudi")
    page.get_by_label("Code", exact=True).fill("CUISINE-JEUDI")
    page.get_by_label("Type d'activité").select_option("atelier")
    page.get_by_label("Durée habituelle (minutes)").fill("120")
    page.get_by_label("Taille du groupe").fill("8")
    page.get_by_label("Description", exact=True).fill("On prépare le repas de midi pour le groupe.")
    page.locator("summary").first.click()
    page.get_by_label("E2C-2C · Compter et mesurer").check()
    shot(page, "activity-form")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Enregistrer l'activité").click()
    expect(page.get_by_role("heading", name="Atelier cuisine du jeudi")).to_be_visible()

    page.get_by_role("link", name="Programmer une séance").first.click()
    # the page's own button (the header menu has a link of that name, hidden on a phone once
    # the style sheet applies: a locator resolved before it would see both)
    page.locator("#contenu").get_by_role("link", name="Mes stagiaires").click()  # ticks all three
    page.get_by_label("Jour").fill((date.today() + timedelta(days=2)).isoformat())
    page.get_by_label("Début").fill("09:00")
    page.get_by_label("Fin", exact=True).fill("11:00")
    page.get_by_label("Lieu").fill("Cuisine pédagogique")
    for name in ("Léa Martin", "Yanis Haddad", "Inès Diallo"):
        expect(page.get_by_label(name)).to_be_checked()
    shot(page, "session-form")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Programmer la séance").click()
    expect(page.get_by_text("Séance programmée.")).to_be_visible()
    expect(page.get_by_role("heading", name="3 stagiaires")).to_be_visible()

    page.get_by_role("link", name="Faire l'appel").click()
    page.get_by_role("group", name="Léa Martin").get_by_text("Présent").click()
    page.get_by_role("group", name="Yanis Haddad").get_by_text("Absent").click()
    page.get_by_role("group", name="Inès Diallo").get_by_text("Excusé").click()
    shot(page, "attendance")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer l'appel").click()
    expect(page.get_by_text("Appel enregistré.")).to_be_visible()
    expect(page.locator(".attendance-list")).to_contain_text("Présent")
    shot(page, "session-after-roll")
    log_out(page)

    log_in(page, live_server, trainees[0], PASSWORD)
    go(page, "Mes ateliers")
    expect(page.get_by_role("link", name="Atelier cuisine du jeudi")).to_be_visible()
    page.get_by_role("link", name="Atelier cuisine du jeudi").click()
    expect(page.get_by_text("On prépare le repas de midi pour le groupe.")).to_be_visible()
    expect(page.get_by_text("Votre présence : Présent")).to_be_visible()
    expect(page.get_by_text("Yanis")).to_have_count(0)
    shot(page, "trainee-workshop")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
