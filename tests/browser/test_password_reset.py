"""A trainee who forgot the password, on a phone: the mail is caught by a real SMTP server."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect
from smtpserver import SMTPServer, point_app_at
from sqlalchemy import select

from browsing import no_horizontal_scroll


def _new_trainee(app) -> tuple[str, str]:
    from portfolio.extensions import db
    from portfolio.models import Role, Site
    from portfolio.services import accounts

    login = f"samia{uuid.uuid4().hex[:6]}"
    address = f"{login}@example.org"
    with app.app_context():
        site = db.session.scalar(select(Site).where(Site.slug == "demo"))
        accounts.create_user(
            login=login,
            password="ancien-mot-de-passe-12",
            first_name="Samia",
            role=Role.TRAINEE,
            site=site,
            email=address,
        )
        db.session.commit()
    return login, address


def test_forgotten_password_new_one_by_mail_then_logged_in(live_server, phone, shot):
    app = live_server.app
    login, address = _new_trainee(app)
    before = {key: app.config[key] for key in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT")}
    with SMTPServer() as smtp:
        point_app_at(app, smtp.config())
        try:
            phone.goto(live_server.url + "/connexion")
            phone.get_by_role("link", name="Mot de passe oublié ?").click()
            phone.get_by_label("Votre identifiant ou votre adresse e-mail").fill(login)
            shot(phone, "forgot")
            assert no_horizontal_scroll(phone)
            phone.get_by_role("button", name="Recevoir le lien").click()
            expect(phone.get_by_role("heading", name="Regardez vos e-mails")).to_be_visible()
            shot(phone, "sent")

            [mail] = smtp.inbox.wait_for(address)
            link = re.search(r"(http://127\.0\.0\.1:\d+/mot-de-passe-oublie/\S+)", mail.text())
            assert link, mail.text()
            phone.goto(link.group(1))
            phone.get_by_label("Nouveau mot de passe", exact=True).fill("citron-nuage-velo")
            phone.get_by_label("Nouveau mot de passe, encore une fois").fill("citron-nuage-velo")
            shot(phone, "new-password")
            assert no_horizontal_scroll(phone)
            phone.get_by_role("button", name="Enregistrer le mot de passe").click()
            expect(phone.get_by_role("heading", level=1)).to_contain_text("Bonjour Samia")
            expect(phone.get_by_text("Votre mot de passe est changé.")).to_be_visible()
            shot(phone, "logged-in")

            phone.goto(link.group(1))  # the same link a second time
            expect(phone.get_by_role("heading", name="Ce lien ne marche plus")).to_be_visible()
        finally:
            point_app_at(app, before)
