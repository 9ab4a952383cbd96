"""Paramètres > Jeu: a one-time code links the game; "Délier" revokes its token."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from builders_game import bearer, game_token, link_code, statement
from sqlalchemy import func, select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.game_link.services import game_link
from portfolio.models import ApiToken, GameLinkCode, Role, utcnow

LINK = "/api/v1/game/link"
CODE_RE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")


def _tokens() -> int:
    return db.session.scalar(select(func.count(ApiToken.id)))


@pytest.fixture
def trainee():
    return make_user(Role.TRAINEE, first_name="Inès")


def test_the_settings_page_shows_a_code_the_game_trades_for_a_scoped_token(client, trainee):
    login(client, trainee)
    page = page_text(client.get("/parametres/jeu"))
    assert "Lier le jeu à mon portfolio" in page
    assert "10 minutes" in page
    code = CODE_RE.search(page).group(1)
    assert all(ch in game_link.CODE_ALPHABET for ch in code.replace("-", ""))

    response = client.post(LINK, json={"code": code, "device": "PC salle 2"})

    assert response.status_code == 201
    body = response.get_json()
    assert body["scope"] == "game:evidence"
    assert body["display_name"] == "Inès"
    assert body["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "http://localhost", "name": trainee.public_id},
    }
    assert body["token_id"] and body["expires_at"].endswith("Z")
    token = db.session.get(ApiToken, int(body["token_id"]))
    assert token.name == "Jeu · PC salle 2" and token.scope_set == {"game:evidence"}
    # The token sends evidence, with the actor it was given.
    sent = statement(trainee, actor=body["actor"])
    answer = client.post("/api/v1/statements", json=[sent], headers=bearer(body["token"]))
    assert answer.status_code == 200 and answer.get_json()["stored"] == [sent["id"]]
    # And the trainee sees the device in their settings.
    assert "Jeu · PC salle 2" in page_text(client.get("/parametres/jeu"))
    assert "Jeu · PC salle 2" in page_text(client.get("/parametres"))


def test_the_code_reads_aloud_letter_by_letter(client, trainee):
    login(client, trainee)
    page = page_text(client.get("/parametres/jeu"))
    code = CODE_RE.search(page).group(1)
    assert " ".join(code.replace("-", "")) in page


def test_a_code_works_once(client, trainee):
    code = link_code(trainee)
    assert client.post(LINK, json={"code": code, "device": "PC 1"}).status_code == 201
    again = client.post(LINK, json={"code": code, "device": "PC 2"})
    assert again.status_code == 400
    assert again.get_json()["error"]["code"] == "invalid_code"
    assert _tokens() == 1


def test_a_code_is_typed_loosely(client, trainee):
    code = link_code(trainee)
    typed = " " + code.lower().replace("-", " ") + " "
    assert client.post(LINK, json={"code": typed}).status_code == 201


def test_an_expired_code_is_refused(client, trainee):
    code = link_code(trainee)
    row = db.session.scalar(select(GameLinkCode))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post(LINK, json={"code": code, "device": "PC"})
    assert response.status_code == 400
    assert "nouveau code" in response.get_json()["error"]["message"]
    assert _tokens() == 0


def test_a_deactivated_trainees_code_is_refused(client, trainee):
    code = link_code(trainee)
    trainee.active = False
    db.session.commit()
    assert client.post(LINK, json={"code": code}).status_code == 400
    assert _tokens() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"code": "ZZZZ-ZZZZ"},
        {"code": "K7QF-93T"},
        {"code": 12345678},
        {"code": None},
        {},
        ["K7QF-93TD"],
        {"code": "K7QF-93TD", "device": ["PC"]},
    ],
)
def test_bad_link_requests_get_400_and_no_token(client, trainee, body):
    link_code(trainee)
    response = client.post(LINK, json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] in {"invalid_code", "invalid_request"}
    assert _tokens() == 0


def test_a_body_that_is_not_json_gets_400(client):
    response = client.post(LINK, data="code=K7QF-93TD")
    assert response.status_code == 400
    assert _tokens() == 0


def test_guessing_codes_is_rate_limited(client, trainee):
    statuses = [client.post(LINK, json={"code": "ABCD-EFGH"}).status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    response = client.post(LINK, json={"code": link_code(trainee)})
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"


def test_only_a_few_codes_stay_alive(trainee):
    for _ in range(8):
        link_code(trainee)
    live = db.session.scalar(
        select(func.count(GameLinkCode.id)).where(GameLinkCode.used_at.is_(None))
    )
    assert live == game_link.MAX_LIVE_CODES


def test_a_device_name_is_cleaned(client, trainee):
    code = link_code(trainee)
    body = client.post(
        LINK, json={"code": code, "device": "  PC\x00 salle\n 2 " + "x" * 150}
    ).get_json()
    name = db.session.get(ApiToken, int(body["token_id"])).name
    assert name.startswith("Jeu · PC salle 2 x") and "\x00" not in name
    assert len(name) <= len("Jeu · ") + game_link.DEVICE_MAX


def test_the_game_unlinks_itself(client, trainee):
    body = client.post(LINK, json={"code": link_code(trainee)}).get_json()
    response = client.delete(LINK, headers=bearer(body["token"]))
    assert response.status_code == 204
    answer = client.post(
        "/api/v1/statements", json=[statement(trainee)], headers=bearer(body["token"])
    )
    assert answer.status_code == 401
    assert client.delete(LINK, headers=bearer(body["token"])).status_code == 401


def test_a_portfolio_read_token_cannot_unlink(client, trainee):
    secret = game_token(trainee, {"portfolio:read"})
    assert client.delete(LINK, headers=bearer(secret)).status_code == 403


def test_delier_revokes_the_devices_token(client, trainee):
    body = client.post(LINK, json={"code": link_code(trainee), "device": "Tablette"}).get_json()
    login(client, trainee)

    response = client.post(
        f"/parametres/jeu/appareils/{body['token_id']}/delier", follow_redirects=True
    )

    page = page_text(response)
    assert "Le jeu est délié de cet appareil" in page
    assert "Jeu · Tablette" not in page
    answer = client.post(
        "/api/v1/statements", json=[statement(trainee)], headers=bearer(body["token"])
    )
    assert answer.status_code == 401


def test_delier_needs_the_form_token(csrf_app, trainee):
    client = csrf_app.test_client()
    secret = game_token(trainee)
    token_id = db.session.scalar(select(ApiToken.id))
    login_page = client.get("/connexion")
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page_text(login_page))
    client.post(
        "/connexion",
        data={
            "login": trainee.login,
            "password": "correct-horse-battery",
            "csrf_token": csrf.group(1),
        },
    )
    response = client.post(f"/parametres/jeu/appareils/{token_id}/delier")
    assert response.status_code == 400
    assert client.get("/api/v1/statements", headers=bearer(secret)).status_code == 200


@pytest.mark.parametrize("whose", ["other trainee", "not a game token", "unknown", "huge"])
def test_delier_someone_elses_token_is_404(client, trainee, whose):
    other = make_user(Role.TRAINEE, site=trainee.site)
    if whose == "other trainee":
        game_token(other)
    elif whose == "not a game token":
        game_token(trainee, {"portfolio:read"})
    token_id = db.session.scalar(select(ApiToken.id)) or 999
    if whose == "huge":
        token_id = 2**40
    login(client, trainee)
    response = client.post(f"/parametres/jeu/appareils/{token_id}/delier")
    assert response.status_code == 404
    assert (
        db.session.scalar(select(func.count(ApiToken.id)).where(ApiToken.revoked_at.is_not(None)))
        == 0
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.TRAINEE, 200),
        (Role.REFERENT, 404),
        (Role.COMPANY, 404),
        (Role.ADMIN, 404),
        (None, 302),
    ],
)
def test_who_may_open_the_game_settings(client, role, expected):
    if role is not None:
        login(client, make_user(role))
    assert client.get("/parametres/jeu").status_code == expected


def test_other_roles_see_no_game_section_in_settings(client):
    login(client, make_user(Role.REFERENT))
    page = page_text(client.get("/parametres"))
    assert "Obtenir un code pour le jeu" not in page


def test_only_trainees_get_codes():
    with pytest.raises(game_link.GameLinkError):
        game_link.new_link_code(make_user(Role.REFERENT))
