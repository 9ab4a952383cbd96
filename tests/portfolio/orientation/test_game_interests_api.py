"""PUT /api/v1/game/interests: the game's interests, with the game's token, kept apart."""

from __future__ import annotations

import pytest
from builders_api import error_of, forge_token
from builders_game import bearer, game_token, trainee_with_referent

from builders import make_user
from portfolio.extensions import db
from portfolio.models import Role
from portfolio.orientation.services import interests
from portfolio.services.tokens import revoke_token

URL = "/api/v1/game/interests"


@pytest.fixture
def trainee():
    return trainee_with_referent()[0]


def test_the_game_sends_interests_and_the_ranking_uses_them(client, trainee):
    token = game_token(trainee)
    answer = client.put(URL, json={"interests": ["R", "C"]}, headers=bearer(token))
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["interests"] == ["R", "C"] and body["updated_at"].endswith("Z")
    assert interests.interests_of(trainee) == interests.Interests("game", ("R", "C"))
    # Sent again with another choice: the latest replaces it; the questionnaire is untouched.
    client.put(URL, json={"interests": ["S"]}, headers=bearer(token))
    assert interests.game_letters(trainee) == ("S",)
    assert interests.answers_of(trainee) == {}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"interests": []},
        {"interests": ["R", "I", "A"]},
        {"interests": ["R", "R"]},
        {"interests": ["X"]},
        {"interests": ["r"]},
        {"interests": "RC"},
        {"interests": [1]},
        {"interests": ["R"], "extra": 1},
        ["R"],
    ],
)
def test_bad_bodies_get_a_french_validation_error_and_change_nothing(client, trainee, body):
    token = game_token(trainee)
    client.put(URL, json={"interests": ["E"]}, headers=bearer(token))
    answer = client.put(URL, json=body, headers=bearer(token))
    assert answer.status_code == 400
    error = error_of(answer)
    assert error["code"] == "validation_error" and error["message"].startswith("Certaines")
    assert interests.game_letters(trainee) == ("E",)


def test_not_json_is_415_and_broken_json_is_400(client, trainee):
    token = game_token(trainee)
    assert client.put(URL, data="R", headers=bearer(token)).status_code == 415
    broken = client.put(
        URL, data="{", headers={**bearer(token), "Content-Type": "application/json"}
    )
    assert error_of(broken)["code"] == "invalid_json"
    assert interests.game_letters(trainee) == ()


def test_a_revoked_or_missing_token_is_refused_and_nothing_changes(client, trainee):
    token = game_token(trainee)
    from builders_api import token_row

    revoke_token(trainee, token_row(token).id)
    db.session.commit()
    for headers in (bearer(token), {}, bearer("e2c_nothing")):
        answer = client.put(URL, json={"interests": ["R"]}, headers=headers)
        assert answer.status_code == 401
        assert error_of(answer)["code"] == "invalid_token"
    assert interests.game_letters(trainee) == ()


def test_a_portfolio_token_or_a_non_trainee_gets_403(client, trainee):
    portfolio_token = forge_token(trainee, {"portfolio:write"})
    answer = client.put(URL, json={"interests": ["R"]}, headers=bearer(portfolio_token))
    assert answer.status_code == 403 and error_of(answer)["code"] == "insufficient_scope"
    referent = make_user(Role.REFERENT)
    answer = client.put(
        URL, json={"interests": ["R"]}, headers=bearer(forge_token(referent, {"game:evidence"}))
    )
    assert answer.status_code == 403
    assert "stagiaires" in error_of(answer)["message"]
    assert interests.game_letters(trainee) == () == interests.game_letters(referent)


def test_the_document_describes_the_endpoint(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/game/interests"]["put"]
    assert operation["security"] == [{"bearer": ["game:evidence"]}]
    schema = document["components"]["schemas"]["GameInterestsInput"]
    items = schema["properties"]["interests"]
    assert items["maxItems"] == 2 and items["minItems"] == 1 and items["uniqueItems"] is True
