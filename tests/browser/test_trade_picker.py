"""The one trade picker in a real browser, at phone width.

1. A trainee types "carsites" (a typo and a plural), picks "Cariste" with the keyboard, saves,
   and sees it on their showcase; a company types "cariste" and finds that showcase.
2. The referent picks an internship trade by its words, without knowing any code.
3. Without JavaScript: the "Chercher" button and radio buttons do the same.
Each step's screenshot lands in test-output/screenshots/.
"""

from __future__ import annotations

import itertools
from typing import Any

from playwright.sync_api import expect

from browsing import axe_violations, log_in, no_horizontal_scroll

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def _person(live_app: Any, role: str) -> tuple[str, int]:
    """A fresh account of the demo site (a trainee follows the demo referent): login, id."""
    from sqlalchemy import select

    from portfolio.extensions import db
    from portfolio.models import Role, Site, User
    from portfolio.services import accounts

    login = f"picker-{role}{next(_seq)}"
    with live_app.app_context():
        site = db.session.scalar(select(Site).where(Site.slug == "demo"))
        company = None
        if role == "company":
            company = accounts.create_company(site, f"Logistique {login}", approved=True)
        user = accounts.create_user(
            login=login,
            password=PASSWORD,
            first_name="Samir" if role == "trainee" else "Julie",
            last_name="Picker",
            role=Role(role),
            site=site,
            company=company,
        )
        if role == "trainee":
            referent = db.session.scalar(select(User).where(User.login == "referente"))
            accounts.assign_referent(user, referent)
        db.session.commit()
        return login, user.id


def _publish(live_app: Any, trainee_id: int) -> None:
    """The trainee's showcase put online through the services (the showcase pages are tested
    elsewhere)."""
    from builders_traces import make_trace
    from sqlalchemy import select

    from portfolio.extensions import db
    from portfolio.models import ApprovalState, User
    from portfolio.showcase import services as showcase

    with live_app.app_context():
        trainee = db.session.get(User, trainee_id)
        trace = make_trace(trainee, title="Inventaire à l'entrepôt")
        showcase.save_showcase(
            trainee,
            showcase.ShowcaseContent(
                presentation="J'aime l'ordre et la logistique.",
                trace_ids=[trace.id],
                photo_ids=[],
                competency_ids=[],
                level_ids=[],
            ),
        )
        published = showcase.publish(
            trainee, consent=True, consent_version=showcase.CONSENT_VERSION
        )
        if published.approval is ApprovalState.PENDING:  # the demo site asks its referent
            referent = db.session.scalar(select(User).where(User.login == "referente"))
            showcase.approve_or_refuse(referent, published, approve=True, note="")
        db.session.commit()


def test_a_trainee_types_caristes_with_a_typo_and_a_company_finds_them(
    live_app, live_server, phone, browser, shot
):
    login, trainee_id = _person(live_app, "trainee")
    log_in(phone, live_server, login, PASSWORD)
    phone.goto(live_server.url + "/vitrine/projet")
    box = phone.get_by_role("combobox", name="Métiers visés (5 au plus)")
    box.press_sequentially("carsites", delay=40)
    listbox = phone.get_by_role("listbox")
    expect(listbox.get_by_role("option").first).to_contain_text("Cariste")
    expect(phone.locator("[data-status]")).to_have_text("8 métiers trouvés.")
    expect(box).to_have_attribute("aria-expanded", "true")
    shot(phone, "suggestions")
    assert no_horizontal_scroll(phone)
    box.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "")
    box.press("Enter")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(phone.locator(".chip")).to_have_text("Cariste×")
    expect(phone.get_by_role("button", name="Retirer Cariste")).to_be_visible()
    phone.get_by_label("Un emploi").check()
    shot(phone, "picked")
    phone.get_by_role("button", name="Enregistrer mon projet").click()
    expect(phone.get_by_text("Votre projet est enregistré.")).to_be_visible()
    expect(phone.get_by_text("Cariste").first).to_be_visible()
    assert "N1101" not in phone.locator("main").inner_text()
    shot(phone, "saved")

    _publish(live_app, trainee_id)
    company_login, _ = _person(live_app, "company")
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR").new_page()
    log_in(page, live_server, company_login, PASSWORD)
    page.goto(live_server.url + "/entreprise/recherche")
    search = page.get_by_role("combobox", name="Métier visé")
    search.press_sequentially("cariste", delay=40)
    option = page.get_by_role("option").filter(has_text="Cariste").first
    expect(option).to_be_visible()
    shot(page, "company-suggestions")
    option.click()  # a tap on a suggestion
    expect(search).to_have_value("Cariste")
    page.get_by_role("button", name="Chercher", exact=True).click()
    shot(page, "company-found")
    expect(page.get_by_text("1 vitrine trouvée")).to_be_visible()
    expect(page.get_by_role("link", name="Samir P.")).to_be_visible()
    assert no_horizontal_scroll(page)
    page.context.close()


def test_the_referent_picks_an_internship_trade_by_its_words(live_app, live_server, phone, shot):
    _login, trainee_id = _person(live_app, "trainee")
    log_in(phone, live_server, "referente", "piano-rivage-28")
    phone.goto(live_server.url + f"/referent/stagiaires/{trainee_id}/stages/nouveau")
    phone.get_by_label("Entreprise").fill("Sécurité Plus")
    phone.get_by_label("Nom du tuteur ou de la tutrice").fill("Paul Garde")
    phone.get_by_label("Email du tuteur ou de la tutrice").fill("paul@example.fr")
    phone.get_by_label("Début du stage").fill("2026-03-02")
    phone.get_by_label("Fin du stage").fill("2026-03-20")
    box = phone.get_by_role("combobox", name="Métier visé")
    box.press_sequentially("agent securite", delay=40)
    expect(phone.get_by_role("option").first).to_contain_text("Agent / Agente de sécurité")
    box.press("ArrowDown")
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("ArrowDown")
    box.press("Enter")
    expect(box).to_have_value("Agent / Agente de sécurité")
    shot(phone, "internship-picked")
    phone.get_by_role("button", name="Enregistrer le stage").click()
    expect(phone.get_by_text("Stage enregistré.")).to_be_visible()
    expect(phone.get_by_text("Agent / Agente de sécurité")).to_be_visible()
    assert "K2503" not in phone.locator("main").inner_text()
    shot(phone, "internship-saved")


def test_a_trade_picked_before_the_last_letters_suggestions_stays_picked(
    live_app, live_server, phone
):
    """A quick tap on a suggestion while the last letter's question still waits (or is on its
    way): the choice stays and the list does not open again over the form."""
    _login, trainee_id = _person(live_app, "trainee")
    log_in(phone, live_server, "referente", "piano-rivage-28")
    phone.goto(live_server.url + f"/referent/stagiaires/{trainee_id}/stages/nouveau")
    box = phone.get_by_role("combobox", name="Métier visé")
    box.press_sequentially("boulange", delay=40)
    first = phone.get_by_role("option").first
    expect(first).to_contain_text("Boulanger")
    chosen = first.locator("span").first.inner_text()
    box.press_sequentially("r")  # its question leaves 200 ms later, after the tap
    first.click()
    expect(box).to_have_value(chosen)
    phone.wait_for_timeout(800)  # the dropped question's time, and an answer's
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(phone.get_by_role("listbox")).to_be_hidden()
    expect(box).to_have_value(chosen)


def test_without_javascript_the_chercher_button_picks_a_trade(live_app, live_server, browser, shot):
    login, _trainee_id = _person(live_app, "trainee")
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, live_server, login, PASSWORD)
    page.goto(live_server.url + "/vitrine/projet")
    page.get_by_label("Métiers visés (5 au plus)").fill("carsites")
    page.get_by_label("Un emploi").check()
    page.get_by_role("button", name="Chercher", exact=True).click()
    expect(page.get_by_text("8 métiers trouvés.")).to_be_visible()
    expect(page.get_by_label("Un emploi")).to_be_checked()  # the other fields are kept
    shot(page, "no-js-results")
    assert no_horizontal_scroll(page)
    page.get_by_role("checkbox", name="Cariste ·", exact=False).first.check()
    page.get_by_role("button", name="Enregistrer mon projet").click()
    expect(page.get_by_text("Votre projet est enregistré.")).to_be_visible()
    expect(page.get_by_text("Cariste").first).to_be_visible()
    shot(page, "no-js-saved")
    context.close()


def test_the_open_list_of_suggestions_and_the_server_results_pass_axe(
    live_app, live_server, browser
):
    login, _trainee_id = _person(live_app, "trainee")
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", bypass_csp=True
    )
    page = context.new_page()
    try:
        log_in(page, live_server, login, PASSWORD)
        page.goto(live_server.url + "/vitrine/projet")
        box = page.get_by_role("combobox", name="Métiers visés (5 au plus)")
        box.press_sequentially("serveuse", delay=40)
        expect(page.get_by_role("option").first).to_be_visible()
        box.press("ArrowDown")
        assert axe_violations(page) == []
        box.press("Escape")  # the list closes and uncovers the button below it
        expect(box).to_have_attribute("aria-expanded", "false")
        page.get_by_role("button", name="Chercher", exact=True).click()  # the server's results
        expect(page.get_by_text("8 métiers trouvés.").last).to_be_visible()
        assert axe_violations(page) == []
    finally:
        context.close()
