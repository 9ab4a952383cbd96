"""A new password ends the personal API tokens; a linked game stays linked.

Someone who learnt the old password could have created a token in the settings page; the
owner changing the password (or the admin giving a temporary one) must shut them out of the
API too, not only out of the web pages. A game linked with a one-time code stays linked: it
is a device the trainee chose, listed in the settings with a button to unlink it.
"""

from __future__ import annotations

from builders_api import READ, bearer, make_token
from builders_game import link_code

from builders import PASSWORD, login, make_user, page_text
from portfolio.models import Role

TRACES = "/api/v1/traces"
JOURNAL = "/api/v1/statements"
NEW_PASSWORD = "velo-nuage-citron"


def _change_password(client) -> object:
    return client.post(
        "/mot-de-passe",
        data={"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        follow_redirects=True,
    )


def _linked_game(client, trainee) -> str:
    response = client.post("/api/v1/game/link", json={"code": link_code(trainee), "device": "PC"})
    assert response.status_code == 201
    return str(response.get_json()["token"])


def test_changing_the_password_ends_every_personal_token(client):
    trainee = make_user(Role.TRAINEE)
    first, second = make_token(trainee), make_token(trainee, {READ}, name="autre")
    for secret in (first, second):
        assert client.get(TRACES, headers=bearer(secret)).status_code == 200
    login(client, trainee)
    page = page_text(_change_password(client))
    assert "Vos 2 jetons d'accès ne marchent plus" in page
    assert page.count("supprimé") >= 2  # the settings page lists them as deleted
    for secret in (first, second):
        response = client.get(TRACES, headers=bearer(secret))
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "invalid_token"


def test_a_password_change_without_tokens_says_nothing_about_them(client):
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    page = page_text(_change_password(client))
    assert "Votre mot de passe est changé" in page
    assert "jetons" not in page.lower()


def test_a_temporary_password_from_the_admin_ends_every_personal_token(client):
    trainee = make_user(Role.TRAINEE)
    admin = make_user(Role.ADMIN, site=trainee.site)
    secret = make_token(trainee)
    assert client.get(TRACES, headers=bearer(secret)).status_code == 200
    login(client, admin)
    response = client.post(f"/admin/comptes/{trainee.id}/mot-de-passe", follow_redirects=True)
    assert "Nouveau mot de passe provisoire" in page_text(response)
    assert "jetons d'accès" in page_text(response)
    assert client.get(TRACES, headers=bearer(secret)).status_code == 401


def test_a_linked_game_stays_linked_after_a_password_change(client):
    trainee = make_user(Role.TRAINEE)
    game = _linked_game(client, trainee)
    personal = make_token(trainee, {READ, "game:evidence"}, name="script")
    assert client.get(JOURNAL, headers=bearer(game)).status_code == 200
    login(client, trainee)
    page = page_text(_change_password(client))
    assert "Votre jeton d'accès ne marche plus" in page
    assert "Vos jeux liés restent liés" in page
    assert client.get(JOURNAL, headers=bearer(game)).status_code == 200
    # A token made by hand with the game's right is still a personal token: it ends.
    assert client.get(JOURNAL, headers=bearer(personal)).status_code == 401


def test_a_failed_password_change_keeps_the_tokens(client):
    trainee = make_user(Role.TRAINEE)
    secret = make_token(trainee)
    login(client, trainee)
    client.post(
        "/mot-de-passe",
        data={"current": "pas-le-bon-123", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert client.get(TRACES, headers=bearer(secret)).status_code == 200
