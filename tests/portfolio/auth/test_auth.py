"""Logging in and out, passwords, sessions that end, CSRF, rate limits, security headers."""

from __future__ import annotations

import re

import pytest

from builders import PASSWORD, login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import Role
from portfolio.services.passwords import WeakPassword, check_strength


def test_login_page_is_french_and_accessible(client):
    page = client.get("/connexion")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="fr">' in html
    assert "Connexion" in html and "Aller au contenu" in html
    assert re.search(r'<label for="login">Identifiant</label>', html)
    assert 'autocomplete="current-password"' in html


def test_pages_need_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


@pytest.mark.parametrize(
    "role,heading",
    [
        (Role.TRAINEE, "Bonjour"),
        (Role.REFERENT, "Mes stagiaires"),
        (Role.COMPANY, "Espace entreprise"),
        (Role.ADMIN, "Administration"),
    ],
)
def test_each_role_lands_on_its_home(client, role, heading):
    user = make_user(role)
    assert login(client, user).status_code == 302
    page = client.get("/", follow_redirects=True)
    assert page.status_code == 200
    assert heading in page.get_data(as_text=True)


def test_wrong_password_says_so_without_telling_which_part(client):
    user = make_user()
    page = client.post(
        "/connexion",
        data={"login": user.login, "password": "nope-nope-nope"},
        follow_redirects=True,
    )
    assert "Identifiant ou mot de passe incorrect." in page.get_data(as_text=True)
    page = client.post(
        "/connexion", data={"login": "nobody", "password": "nope-nope-nope"}, follow_redirects=True
    )
    assert "Identifiant ou mot de passe incorrect." in page.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_deactivated_account_cannot_log_in_and_is_logged_out(client):
    user = make_user()
    login(client, user)
    assert client.get("/").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get("/").status_code == 302
    assert login(client, user).status_code == 200  # form shown again, no redirect


def test_login_open_redirect_is_refused(client):
    user = make_user()
    response = client.post(
        "/connexion?next=https://evil.example/", data={"login": user.login, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_copied_cookie_stops_working_after_logout(app):
    user = make_user()
    browser = app.test_client()
    login(browser, user)
    stolen = browser.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", stolen, domain="localhost")
    assert thief.get("/").status_code == 200
    browser.post("/deconnexion")
    assert thief.get("/").status_code == 302


def test_password_change_ends_other_sessions_but_not_this_one(app):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    login(phone, user)
    login(laptop, user)
    response = phone.post(
        "/mot-de-passe",
        data={"current": PASSWORD, "new": "velo-nuage-citron", "confirm": "velo-nuage-citron"},
        follow_redirects=True,
    )
    assert "Votre mot de passe est changé" in response.get_data(as_text=True)
    assert phone.get("/").status_code == 200
    assert laptop.get("/").status_code == 302
    fresh = app.test_client()
    assert login(fresh, user, "velo-nuage-citron").status_code == 302


@pytest.mark.parametrize(
    "new,confirm,message",
    [
        ("court", "court", "au moins 10 caractères"),
        ("azertyuiop", "azertyuiop", "trop facile à deviner"),
        ("12345678901", "12345678901", "que des chiffres"),
        ("velo-nuage-citron", "velo-nuage-citrom", "pas identiques"),
    ],
)
def test_weak_or_mismatched_password_is_refused_and_nothing_changes(client, new, confirm, message):
    user = make_user()
    login(client, user)
    old_hash = user.password_hash
    page = client.post(
        "/mot-de-passe",
        data={"current": PASSWORD, "new": new, "confirm": confirm},
        follow_redirects=True,
    )
    assert message in page.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == old_hash


def test_password_must_not_contain_the_name():
    with pytest.raises(WeakPassword, match="votre nom"):
        check_strength("martin-est-la-2026", personal=("lea.m", "Léa", "Martin"))
    check_strength("trois mots au hasard")


def test_imported_account_must_change_password_first(client):
    user = make_user(must_change_password=True)
    response = login(client, user)
    assert response.headers["Location"].endswith("/mot-de-passe")
    assert client.get("/").headers["Location"].endswith("/mot-de-passe")
    client.post(
        "/mot-de-passe",
        data={"current": PASSWORD, "new": "velo-nuage-citron", "confirm": "velo-nuage-citron"},
    )
    assert client.get("/").status_code == 200


def test_login_attempts_are_rate_limited(client):
    user = make_user()
    codes = [
        client.post(
            "/connexion", data={"login": user.login, "password": f"wrong-{i}-attempt"}
        ).status_code
        for i in range(12)
    ]
    assert 429 in codes
    assert codes[:10] == [200] * 10
    # Even the right password waits now.
    assert login(client, user).status_code == 429


def test_forged_csrf_is_refused(csrf_app):
    client = csrf_app.test_client()
    user = make_user()
    response = client.post("/connexion", data={"login": user.login, "password": PASSWORD})
    assert response.status_code == 400
    assert "La page a expiré" in response.get_data(as_text=True)
    page = client.get("/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/connexion", data={"login": user.login, "password": PASSWORD, "csrf_token": token + "x"}
    )
    assert response.status_code == 400
    response = client.post(
        "/connexion", data={"login": user.login, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_security_headers_on_every_page(client):
    response = client.get("/connexion")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    cookies = login(client, make_user()).headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


def test_english_is_available(client):
    client.post("/langue", data={"lang": "en", "next": "/connexion"})
    html = client.get("/connexion").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Log in" in html and "Username" in html
    client.post("/langue", data={"lang": "xx", "next": "//evil.example"})
    assert '<html lang="en">' in client.get("/connexion").get_data(as_text=True)


def test_unknown_page_is_a_french_404(client):
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Cette page n'existe pas" in page_text(response)


@pytest.mark.parametrize(
    "path", ["/sw.js", "/favicon.ico", "/manifest.webmanifest", "/static/css/app.css"]
)
def test_a_background_request_sent_before_the_login_does_not_undo_it(app, path):
    """The service worker's update check, the icon, the manifest or a style sheet, sent by the
    browser with the login form's session and answered after the login, used to send that old
    session back: the browser then dropped the new one and the person was logged out right
    after logging in (a browser test failed so, 2026-12-06)."""
    user = make_user()
    browser = app.test_client()
    browser.get("/connexion")  # the login form: a session with its CSRF token
    before_login = browser.get_cookie("session").value
    login(browser, user)
    assert browser.get_cookie("session").value != before_login
    late = app.test_client()
    late.set_cookie("session", before_login, domain="localhost")
    answer = late.get(path)  # sent before the login, answered after it
    assert answer.status_code == 200
    assert not [c for c in answer.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert browser.get("/").status_code == 200  # still logged in
