"""The "Paramètres" page: language and password for everyone, API tokens for trainees."""

from __future__ import annotations

import re

import pytest
from builders_api import bearer, make_token, token_row
from sqlalchemy import func, select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import ApiToken, Role, utcnow

NEW_TOKEN = {"name": "Mon téléphone", "scopes": ["portfolio:read", "portfolio:write"], "days": "30"}


def _tokens() -> int:
    return db.session.scalar(select(func.count()).select_from(ApiToken)) or 0


def _secret_in(html: str) -> str:
    found = re.search(r'id="nouveau-jeton"[^>]*value="(e2c_[^"]+)"', html)
    assert found, "the new token is shown"
    return found.group(1)


@pytest.mark.parametrize(
    ("role", "sees_tokens"),
    [(Role.TRAINEE, True), (Role.REFERENT, False), (Role.COMPANY, False), (Role.ADMIN, False)],
)
def test_every_role_has_a_settings_page(client, role, sees_tokens):
    login(client, make_user(role))
    home = page_text(client.get("/", follow_redirects=True))
    assert 'href="/parametres"' in home and "Paramètres" in home
    response = client.get("/parametres")
    assert response.status_code == 200
    text = page_text(response)
    assert "<h1>Paramètres</h1>" in text
    assert "Langue des pages" in text
    assert 'href="/mot-de-passe"' in text
    assert ("Mes jetons d'accès" in text) is sees_tokens


def test_the_page_needs_a_login(client):
    response = client.get("/parametres")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_choosing_english_saves_it_on_the_account(client):
    user = make_user(Role.REFERENT)
    login(client, user)
    response = client.post(
        "/langue", data={"lang": "en", "next": "/parametres"}, follow_redirects=True
    )
    assert response.request.path == "/parametres"
    assert 'lang="en"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(user), user.id).locale == "en"


def test_a_trainee_creates_a_token_shown_once_then_only_its_prefix(client):
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    response = client.post("/parametres/jetons", data=NEW_TOKEN)
    assert response.status_code == 200
    html = page_text(response)
    assert "Il ne sera plus jamais affiché" in html
    secret = _secret_in(html)
    assert response.headers["Cache-Control"] == "no-store"
    # The secret never travels in the session cookie.
    assert secret not in response.headers.get("Set-Cookie", "")

    # It works on the API, with the scopes chosen.
    assert client.get("/api/v1/traces", headers=bearer(secret)).status_code == 200
    row = token_row(secret)
    assert row.name == "Mon téléphone" and row.scope_set == {"portfolio:read", "portfolio:write"}
    assert row.token_hash != secret and secret not in row.token_hash

    # Next visit: listed with its prefix only.
    again = page_text(client.get("/parametres"))
    assert secret not in again
    assert "nouveau-jeton" not in again
    assert f"<code>{row.prefix}…</code>" in again
    assert "Mon téléphone" in again and "actif" in again


def test_a_trainee_revokes_a_token_which_then_stops_working(client):
    trainee = make_user(Role.TRAINEE)
    secret = make_token(trainee, name="Vieux")
    login(client, trainee)
    token_id = token_row(secret).id
    response = client.post(f"/parametres/jetons/{token_id}/supprimer", follow_redirects=True)
    assert "Le jeton est supprimé" in page_text(response)
    assert "supprimé" in page_text(response)
    assert client.get("/api/v1/traces", headers=bearer(secret)).status_code == 401


def test_expired_tokens_are_listed_as_expired_without_a_delete_button(client):
    trainee = make_user(Role.TRAINEE)
    secret = make_token(trainee, name="Ancien")
    row = token_row(secret)
    row.expires_at = utcnow().replace(year=utcnow().year - 1)
    db.session.commit()
    login(client, trainee)
    text = page_text(client.get("/parametres"))
    assert "expiré" in text
    assert f"/parametres/jetons/{row.id}/supprimer" not in text


def test_someone_elses_token_cannot_be_revoked(client):
    other = make_user(Role.TRAINEE)
    secret = make_token(other)
    login(client, make_user(Role.TRAINEE))
    for token_id in (token_row(secret).id, 999999, 2**40):
        assert client.post(f"/parametres/jetons/{token_id}/supprimer").status_code == 404
    assert client.get("/api/v1/traces", headers=bearer(secret)).status_code == 200


@pytest.mark.parametrize("role", [Role.REFERENT, Role.COMPANY, Role.ADMIN])
def test_other_roles_cannot_create_tokens(client, role):
    login(client, make_user(role))
    assert client.post("/parametres/jetons", data=NEW_TOKEN).status_code == 404
    assert _tokens() == 0


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"name": ""}, "Donnez un nom au jeton"),
        ({"name": "x" * 101}, "100"),
        ({"scopes": []}, "Choisissez au moins un droit"),
        ({"scopes": ["game:evidence"]}, "game:evidence\xa0» n'est pas un choix valide"),
        ({"scopes": ["admin"]}, "admin\xa0» n'est pas un choix valide"),
        ({"days": "9999"}, "choix valide"),
        ({"days": ""}, "Choisissez une durée."),
    ],
)
def test_bad_token_forms_create_nothing(client, changes, words):
    login(client, make_user(Role.TRAINEE))
    response = client.post("/parametres/jetons", data={**NEW_TOKEN, **changes})
    assert response.status_code == 200
    html = page_text(response)
    assert "nouveau-jeton" not in html
    assert 'class="errors"' in html
    assert words in html
    assert _tokens() == 0


def test_forms_need_their_csrf_token(csrf_app):
    client = csrf_app.test_client()
    trainee = make_user(Role.TRAINEE)
    secret = make_token(trainee)
    page = client.get("/connexion").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post(
        "/connexion",
        data={"login": trainee.login, "password": "correct-horse-battery", "csrf_token": csrf},
    )
    assert client.post("/parametres/jetons", data=NEW_TOKEN).status_code == 400
    token_id = token_row(secret).id
    assert client.post(f"/parametres/jetons/{token_id}/supprimer").status_code == 400
    assert _tokens() == 1
    assert token_row(secret).revoked_at is None


def test_the_game_section_has_its_slot():
    from pathlib import Path

    import portfolio.settings

    template = Path(portfolio.settings.__file__).parent / "templates/settings/index.html"
    assert '{% include "settings/_game.html" ignore missing %}' in template.read_text()
