"""The trainee's portfolio in a real browser: a trace captured on a phone, filters on a desktop."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from builders_traces import jpeg_bytes
from playwright.sync_api import expect

from browsing import PASSWORD, fresh_trainee, log_in, no_horizontal_scroll, open_home_rest


def test_trainee_captures_a_trace_with_photo_and_link_on_a_phone(
    live_app, live_server, phone, shot, tmp_path: Path
):
    login = fresh_trainee(live_app)
    log_in(phone, live_server, login, PASSWORD)
    shot(phone, "home-empty")
    expect(phone.get_by_role("heading", name="Où j'en suis")).to_be_visible()
    assert no_horizontal_scroll(phone)

    phone.get_by_role("link", name="Nouvelle trace").first.click()
    phone.get_by_label("Qu'avez-vous fait ?").fill("Étagère montée à l'atelier bois")
    picture = tmp_path / "etagere.jpg"
    picture.write_bytes(jpeg_bytes(800, 600, seed=3))
    phone.locator("#photos-files").set_input_files(str(picture))
    phone.get_by_label("Quand ?").fill("2025-03-12")
    phone.get_by_label("Atelier", exact=True).check()
    # The text, the caption and the links are one tap away ("Raconter plus").
    phone.get_by_text("Raconter plus (facultatif)").click()
    phone.get_by_label("Ce qu'on voit sur la photo (facultatif)").fill("L'étagère finie, au mur")
    phone.get_by_label("Ce que j'ai fait").fill(
        "J'ai mesuré, scié et vissé les planches avec Karim. On a suivi le plan ensemble."
    )
    phone.get_by_text("Ajouter des compétences (maintenant ou plus tard)").click()
    picker = phone.locator("#competencies")
    search = phone.get_by_label("Chercher une compétence par un mot")
    search.fill("mesures")
    assert phone.locator("[data-search-count]").inner_text().endswith("trouvée.")
    picker.get_by_label("Compter et mesurer").check()
    search.fill("contribution")
    picker.get_by_label("Aider le groupe à avancer").check()
    phone.get_by_label("Liens (facultatif)").fill("https://www.youtube.com/watch?v=etagere")
    shot(phone, "form-filled")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Enregistrer la trace").first.click()

    expect(phone.get_by_text("Trace enregistrée.")).to_be_visible()
    assert phone.get_by_role("heading", level=1).inner_text() == "Étagère montée à l'atelier bois"
    photo = phone.get_by_role("img", name="L'étagère finie, au mur")
    expect(photo).to_be_visible()
    # The picture really arrives (not a broken image): wait for it, then read its width.
    # (polled from here: wait_for_function polls with eval, which the site's CSP forbids)
    for _ in range(100):
        if phone.evaluate("document.querySelector('.photo-grid img').complete"):
            break
        phone.wait_for_timeout(100)
    assert phone.evaluate("document.querySelector('.photo-grid img').naturalWidth") == 800
    link = phone.get_by_role("link", name="youtube.com")
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=etagere"
    shot(phone, "trace-detail")
    assert no_horizontal_scroll(phone)

    phone.get_by_role("listitem").filter(has_text="Aider le groupe à avancer").get_by_role(
        "link", name="Me situer sur cette compétence"
    ).click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Aider le groupe à avancer"
    phone.get_by_role("radio", name="J'explique").check()
    phone.get_by_label("Mon commentaire (facultatif)").fill("J'ai expliqué le plan à Karim.")
    phone.get_by_label("Étagère montée à l'atelier bois").check()
    shot(phone, "self-assessment")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Enregistrer mon niveau").click()
    expect(phone.get_by_text("Votre niveau est enregistré.")).to_be_visible()
    history = phone.locator(".history li").first
    assert "J'explique" in history.inner_text()
    assert "J'ai expliqué le plan à Karim." in history.inner_text()
    shot(phone, "self-assessment-saved")

    phone.get_by_role("link", name="Accueil").click()
    # On the phone the home shows what is new first; the rest is one tap away ("Ma page").
    open_home_rest(phone)
    recent = phone.locator("section", has=phone.get_by_role("heading", name="Mes dernières traces"))
    expect(recent.get_by_role("link", name="Étagère montée à l'atelier bois")).to_be_visible()
    row = phone.locator(".progress-list li", has_text="Aider le groupe à avancer")
    expect(row).to_be_visible()
    text = " ".join(row.inner_text().split())
    assert "J'explique" in text
    assert "1 trace" in text
    assert "12 mars 2025" in text
    shot(phone, "home-with-trace")
    assert no_horizontal_scroll(phone)


def test_quick_draft_from_a_phone_in_a_few_taps(live_app, live_server, phone, shot):
    login = fresh_trainee(live_app)
    log_in(phone, live_server, login, PASSWORD)
    phone.get_by_role("link", name="Nouvelle trace").first.click()
    phone.get_by_label("Qu'avez-vous fait ?").fill("Visite du chantier")
    phone.get_by_role("button", name="Garder en brouillon (compléter plus tard)").click()
    expect(phone.get_by_text("Brouillon enregistré.", exact=False)).to_be_visible()
    expect(phone.get_by_role("link", name="Compléter")).to_be_visible()
    shot(phone, "draft-saved")
    assert no_horizontal_scroll(phone)


def test_portfolio_filters_on_a_desktop(live_app, live_server, desktop, shot):
    from portfolio.models import TraceContext, User

    login = fresh_trainee(live_app)
    with live_app.app_context():
        from builders_traces import make_trace
        from sqlalchemy import select

        from portfolio.extensions import db

        trainee = db.session.scalar(select(User).where(User.login == login))
        make_trace(
            trainee,
            title="Stage au garage",
            context=TraceContext.INTERNSHIP,
            company_name="Garage Martin",
            competencies=("E2C-7B",),
            happened_on=date(2025, 2, 3),
            photos=1,
        )
        make_trace(
            trainee,
            title="Débat sur le recyclage",
            context=TraceContext.CITIZEN,
            competencies=("E2C-1E",),
            happened_on=date(2025, 3, 5),
        )
        make_trace(
            trainee,
            title="Tableau des dépenses",
            context=TraceContext.WORKSHOP,
            competencies=("E2C-2A", "E2C-3C"),
            happened_on=date(2025, 4, 9),
        )
    log_in(desktop, live_server, login, PASSWORD)
    desktop.get_by_role("link", name="Mon portfolio", exact=True).first.click()
    expect(desktop.get_by_role("heading", name="3 traces")).to_be_visible()
    shot(desktop, "portfolio-all")

    desktop.get_by_text("Filtrer mes traces").click()
    desktop.get_by_label("Domaine").select_option(label="Communiquer (à l'oral et à l'écrit)")
    desktop.get_by_role("button", name="Filtrer", exact=True).click()
    expect(desktop.get_by_role("heading", name="1 trace")).to_be_visible()
    expect(desktop.get_by_role("link", name="Débat sur le recyclage")).to_be_visible()
    assert desktop.get_by_role("link", name="Stage au garage").count() == 0
    shot(desktop, "filtered-by-domain")

    desktop.get_by_role("link", name="Tout voir").click()
    desktop.get_by_text("Filtrer mes traces").click()
    desktop.get_by_label("Où").select_option(label="Stage en entreprise")
    desktop.get_by_label("Du", exact=True).fill("2025-01-01")
    desktop.get_by_label("Au", exact=True).fill("2025-02-28")
    desktop.get_by_role("button", name="Filtrer", exact=True).click()
    expect(desktop.get_by_role("heading", name="1 trace")).to_be_visible()
    expect(desktop.get_by_role("link", name="Stage au garage")).to_be_visible()
    expect(desktop.get_by_role("img", name="Photo 1")).to_be_visible()
    shot(desktop, "filtered-by-context-and-dates")
