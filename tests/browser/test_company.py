"""The partner space in a real browser.

1. A company signs up, an admin approves it, it searches, opens a showcase and writes; the
   trainee accepts on a phone and the company then sees the phone number given.
2. Publishing and unpublishing: what the company sees changes on its next page load.
3. A private link with its QR code, opened by someone outside, then revoked.
"""

from __future__ import annotations

import itertools
from typing import Any

from playwright.sync_api import expect

from browsing import go, log_in, log_out, no_horizontal_scroll

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def _demo(live_app: Any) -> tuple[Any, Any]:
    from sqlalchemy import select

    from portfolio.extensions import db
    from portfolio.models import Site, User

    site = db.session.scalar(select(Site).where(Site.slug == "demo"))
    referent = db.session.scalar(select(User).where(User.login == "referente"))
    return site, referent


def _fresh_showcase(live_app: Any, *, first_name: str, publish: bool) -> tuple[str, int]:
    """A new trainee of the demo site with a showcase (published or not): login, showcase id."""
    from builders_company import COMP_A, publish_trainee

    login = f"vitrine-{first_name.lower()}{next(_seq)}"
    with live_app.app_context():
        site, referent = _demo(live_app)
        pub = publish_trainee(
            site,
            referent=referent,
            levels={COMP_A: 3},
            publish=publish,
            login=login,
            first_name=first_name,
            last_name="Testeur",
            email=f"{login}@example.org",
        )
        return login, pub.showcase.id


def _fresh_company(live_app: Any, name: str) -> str:
    from portfolio.extensions import db
    from portfolio.models import Role
    from portfolio.services import accounts

    login = f"entreprise-nav{next(_seq)}"
    with live_app.app_context():
        site, _referent = _demo(live_app)
        company = accounts.create_company(site, name, approved=True)
        accounts.create_user(
            login=login,
            password=PASSWORD,
            first_name="Julie",
            last_name="Recruteuse",
            role=Role.COMPANY,
            site=site,
            company=company,
        )
        db.session.commit()
    return login


def test_company_signs_up_is_approved_searches_contacts_and_the_trainee_accepts(
    live_app, live_server, desktop, phone, shot
):
    trainee_login, _showcase_id = _fresh_showcase(live_app, first_name="Camille", publish=True)
    company_login = f"primeur-halles{next(_seq)}"

    # 1. The company asks to join, without an account.
    desktop.goto(live_server.url + "/entreprise/rejoindre")
    desktop.get_by_label("L'école avec qui vous voulez travailler").select_option(
        label="E2C Démo (Lille)"
    )
    desktop.get_by_label("Nom de l'entreprise").fill("Primeur des Halles")
    desktop.get_by_label("Votre prénom").fill("Hugo")
    desktop.get_by_label("Votre nom").fill("Marchand")
    desktop.get_by_label("Votre e-mail professionnel").fill("hugo@primeur.example")
    desktop.get_by_label("Identifiant de connexion choisi").fill(company_login)
    desktop.get_by_label("Mot de passe choisi").fill("poire-cageot-93-marche")
    desktop.get_by_label("Mot de passe, encore une fois").fill("poire-cageot-93-marche")
    desktop.get_by_label("Je m'engage à respecter la charte", exact=False).check()
    shot(desktop, "join-form")
    desktop.get_by_role("button", name="Envoyer ma demande").click()
    expect(desktop.get_by_role("heading", name="Merci, votre demande est envoyée.")).to_be_visible()
    shot(desktop, "join-sent")

    # Not approved yet: the chosen login does not open anything.
    log_in(desktop, live_server, company_login, "poire-cageot-93-marche")
    expect(desktop.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible()
    # 2. The site admin approves it, recording the agreement.
    log_in(desktop, live_server, "admin", "cerise-orage-17")
    desktop.get_by_role("link", name="Entreprises", exact=False).first.click()
    desktop.get_by_role("link", name="Primeur des Halles").click()
    desktop.get_by_label("Référence de la convention (facultatif)").fill("CONV-2025-31")
    shot(desktop, "admin-request")
    desktop.get_by_role("button", name="Accepter comme partenaire").click()
    expect(desktop.get_by_text("Primeur des Halles est partenaire.", exact=False)).to_be_visible()
    shot(desktop, "admin-approved")
    log_out(desktop)

    # 3. The company searches by competency, level and trade, then opens the showcase.
    log_in(desktop, live_server, company_login, "poire-cageot-93-marche")
    desktop.get_by_role("link", name="Chercher des profils").first.click()
    desktop.get_by_label("Compétence ou domaine").select_option("E2C-1A")
    desktop.get_by_label("Niveau confirmé par l'école, au moins").select_option("3")
    desktop.get_by_role("combobox", name="Métier visé").press_sequentially("boulanger", delay=30)
    desktop.get_by_role("option", name="Boulanger / Boulangère", exact=False).first.click()
    desktop.get_by_role("button", name="Chercher", exact=True).click()
    result = desktop.get_by_role("link", name="Camille T.")
    expect(result).to_be_visible()
    shot(desktop, "search-results")
    result.click()
    expect(desktop.get_by_role("heading", name="Vitrine de Camille T.")).to_be_visible()
    expect(desktop.get_by_text("Confirmée").first).to_be_visible()
    assert desktop.get_by_text("Testeur").count() == 0  # the last name is never shown
    shot(desktop, "showcase")

    # 4. It writes through the school.
    desktop.get_by_role("link", name="Écrire à Camille T. par l'école").click()
    desktop.get_by_label("Votre message").fill(
        "Bonjour Camille, nous cherchons un apprenti pour la vente au marché. Parlons-en !"
    )
    desktop.get_by_role("button", name="Envoyer").click()
    expect(desktop.get_by_text("Votre message est envoyé.", exact=False)).to_be_visible()
    expect(desktop.get_by_text("Pas encore de réponse.", exact=False)).to_be_visible()
    contact_url = desktop.url
    shot(desktop, "contact-sent")

    # 5. The trainee, on a phone, is told and accepts, giving a phone number only.
    log_in(phone, live_server, trainee_login, PASSWORD)
    # The unread notice is counted on the "Plus" page, where the rest of the menu is.
    go(phone, "Plus")
    more = phone.locator("#contenu")
    expect(more.get_by_role("link", name="Avis (1 nouveau)")).to_be_visible()
    more.get_by_role("link", name="Ma vitrine", exact=True).click()
    expect(phone.get_by_role("heading", name="Des entreprises vous ont écrit")).to_be_visible()
    shot(phone, "trainee-showcase-home")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("link", name="Primeur des Halles").click()
    expect(phone.get_by_text("nous cherchons un apprenti", exact=False)).to_be_visible()
    phone.get_by_label("Mon e-mail").fill("")
    phone.get_by_label("Mon téléphone").fill("06 98 76 54 32")
    shot(phone, "trainee-contact")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Accepter et donner mes coordonnées").click()
    expect(phone.get_by_text("C'est accepté.", exact=False)).to_be_visible()
    shot(phone, "trainee-accepted")

    # 6. The company now sees the number, and nothing else.
    desktop.goto(contact_url)
    expect(desktop.get_by_text("06 98 76 54 32")).to_be_visible()
    assert desktop.get_by_text(f"{trainee_login}@example.org").count() == 0
    shot(desktop, "company-sees-phone")


def test_publishing_and_unpublishing_change_what_the_company_sees(
    live_app, live_server, desktop, phone, shot
):
    trainee_login, showcase_id = _fresh_showcase(live_app, first_name="Noor", publish=False)
    company_login = _fresh_company(live_app, "Fournil de la Gare")
    showcase_url = f"{live_server.url}/entreprise/vitrines/{showcase_id}"

    log_in(desktop, live_server, company_login, PASSWORD)
    response = desktop.goto(showcase_url)
    assert response.status == 404
    desktop.goto(live_server.url + "/entreprise/recherche")
    assert desktop.get_by_role("link", name="Noor T.").count() == 0

    # The trainee reviews the preview on a phone, then publishes with consent.
    log_in(phone, live_server, trainee_login, PASSWORD)
    go(phone, "Ma vitrine")
    expect(phone.get_by_role("heading", name="Ma vitrine n'est pas en ligne")).to_be_visible()
    shot(phone, "not-online")
    phone.get_by_role("link", name="Choisir ce que je montre").click()
    shot(phone, "build")
    assert no_horizontal_scroll(phone)
    phone.goto(live_server.url + "/vitrine/apercu")
    expect(phone.get_by_text("Voici exactement ce qu'une entreprise voit.")).to_be_visible()
    shot(phone, "preview")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("link", name="Publier", exact=True).click()
    phone.get_by_label("J'ai lu ce texte. Je suis d'accord pour publier ma vitrine.").check()
    shot(phone, "consent")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Publier").click()
    expect(phone.get_by_text("Votre vitrine est en ligne.")).to_be_visible()
    shot(phone, "published")

    # Next page load for the company: the showcase is there.
    desktop.reload()
    expect(desktop.get_by_role("link", name="Noor T.")).to_be_visible()
    response = desktop.goto(showcase_url)
    assert response.status == 200
    expect(desktop.get_by_role("heading", name="Vitrine de Noor T.")).to_be_visible()
    shot(desktop, "company-sees-it")

    # The trainee withdraws it: the very next company request answers "not found".
    phone.get_by_role("button", name="Retirer ma vitrine").click()
    expect(phone.get_by_text("Plus aucune entreprise ne la voit.", exact=False)).to_be_visible()
    shot(phone, "unpublished")
    response = desktop.reload()
    assert response.status == 404
    assert desktop.get_by_text("Noor").count() == 0
    shot(desktop, "company-after-unpublish")
    desktop.goto(live_server.url + "/entreprise/recherche")
    assert desktop.get_by_role("link", name="Noor T.").count() == 0


def test_private_link_with_qr_code_then_revoked(live_app, live_server, phone, browser, shot):
    trainee_login, _showcase_id = _fresh_showcase(live_app, first_name="Lina", publish=True)
    log_in(phone, live_server, trainee_login, PASSWORD)
    phone.goto(live_server.url + "/vitrine/liens")
    phone.get_by_label("Pour qui est ce lien ?").fill("Job dating jeudi")
    phone.get_by_role("button", name="Créer le lien et son QR code").click()
    qr = phone.get_by_role("img", name="QR code du lien privé")
    expect(qr).to_be_visible()
    assert phone.evaluate("document.querySelector('img.qr').naturalWidth") > 100
    link = phone.get_by_label("Le lien", exact=True).input_value()
    shot(phone, "link-created")
    assert no_horizontal_scroll(phone)

    outsider = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
    try:
        page = outsider.new_page()
        page.goto(link)
        expect(page.get_by_role("heading", name="Vitrine de Lina T.")).to_be_visible()
        shot(page, "outsider-sees-showcase")
        phone.goto(live_server.url + "/vitrine/liens")
        phone.get_by_role("button", name="Retirer Job dating jeudi").click()
        expect(phone.get_by_text("Le lien est retiré", exact=False)).to_be_visible()
        response = page.reload()
        assert response.status == 404
        expect(page.get_by_role("heading", name="Ce lien a été retiré.")).to_be_visible()
        assert page.get_by_text("Lina").count() == 0
        shot(page, "outsider-after-revoke")
    finally:
        outsider.close()
