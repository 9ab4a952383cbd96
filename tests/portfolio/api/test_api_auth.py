"""Who the API lets in: personal tokens only, scoped, expiring, revocable, trainees only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from builders_api import (
    READ,
    WRITE,
    bearer,
    error_of,
    expire,
    forge_token,
    make_token,
    token_row,
)
from builders_traces import counts, make_trace

from builders import login, make_user
from portfolio.extensions import db
from portfolio.models import Role, utcnow
from portfolio.services import accounts
from portfolio.services.tokens import revoke_token

NEW_DRAFT = {"title": "Brouillon", "status": "draft"}

# One read and one write of each kind of resource.
READ_URLS = [
    "/api/v1/referentiel",
    "/api/v1/referentiel/search?q=oral",
    "/api/v1/traces",
    "/api/v1/self-assessments",
    "/api/v1/self-assessments/latest",
]


@pytest.fixture
def trainee():
    return make_user(Role.TRAINEE)


def _assert_401(response):
    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_token"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("url", READ_URLS)
def test_a_logged_in_browser_cookie_does_not_open_the_api(client, trainee, url):
    assert login(client, trainee).status_code == 302
    assert client.get("/").status_code == 200  # the cookie works on the site...
    _assert_401(client.get(url))  # ...but not on the API


def test_a_cookie_cannot_write_either(client, trainee):
    login(client, trainee)
    before = counts()
    _assert_401(client.post("/api/v1/traces", json=NEW_DRAFT))
    assert counts() == before


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer e2c_not-a-real-token",
        "Bearer not-even-our-prefix",
        "Bearer e2c_" + "x" * 500,
    ],
)
def test_missing_or_unknown_tokens_answer_401(client, trainee, header):
    headers = {"Authorization": header} if header is not None else {}
    _assert_401(client.get("/api/v1/traces", headers=headers))


def test_the_token_in_the_query_string_does_not_count(client, trainee):
    secret = make_token(trainee)
    response = client.get(f"/api/v1/traces?access_token={secret}")
    _assert_401(response)


def test_a_valid_token_works_and_records_its_last_use(client, trainee):
    secret = make_token(trainee, {READ})
    assert token_row(secret).last_used_at is None
    response = client.get("/api/v1/traces", headers=bearer(secret))
    assert response.status_code == 200
    db.session.rollback()  # only what the request committed counts
    assert token_row(secret).last_used_at is not None


def test_an_expired_token_answers_401(client, trainee):
    secret = make_token(trainee)
    assert client.get("/api/v1/traces", headers=bearer(secret)).status_code == 200
    expire(secret)
    _assert_401(client.get("/api/v1/traces", headers=bearer(secret)))
    _assert_401(client.post("/api/v1/traces", json=NEW_DRAFT, headers=bearer(secret)))


def test_a_revoked_token_replayed_answers_401_and_writes_nothing(client, trainee):
    secret = make_token(trainee)
    assert client.post("/api/v1/traces", json=NEW_DRAFT, headers=bearer(secret)).status_code == 201
    assert revoke_token(trainee, token_row(secret).id)
    db.session.commit()
    before = counts()
    _assert_401(client.post("/api/v1/traces", json=NEW_DRAFT, headers=bearer(secret)))
    _assert_401(client.get("/api/v1/traces", headers=bearer(secret)))
    assert counts() == before


def test_a_deactivated_trainee_token_stops_working(client, trainee):
    secret = make_token(trainee)
    admin = make_user(Role.ADMIN, site=trainee.site)
    accounts.set_active(trainee, False, actor=admin)
    db.session.commit()
    _assert_401(client.get("/api/v1/traces", headers=bearer(secret)))
    accounts.set_active(trainee, True, actor=admin)
    db.session.commit()
    assert client.get("/api/v1/traces", headers=bearer(secret)).status_code == 200


def test_a_read_only_token_cannot_write(client, trainee):
    trace = make_trace(trainee)
    secret = make_token(trainee, {READ})
    before = counts()
    for method, url, body in [
        ("post", "/api/v1/traces", NEW_DRAFT),
        ("patch", f"/api/v1/traces/{trace.id}", {"title": "Autre"}),
        ("delete", f"/api/v1/traces/{trace.id}", None),
        ("post", "/api/v1/self-assessments", {"competency_id": "E2C-1A", "level": 2}),
    ]:
        response = getattr(client, method)(url, json=body, headers=bearer(secret))
        assert response.status_code == 403, url
        error = error_of(response)
        assert error["code"] == "insufficient_scope"
        assert "portfolio:write" in error["message"]
    assert counts() == before
    assert db.session.get(type(trace), trace.id).title == trace.title


def test_a_write_only_token_cannot_read(client, trainee):
    secret = make_token(trainee, {WRITE})
    for url in READ_URLS:
        response = client.get(url, headers=bearer(secret))
        assert response.status_code == 403, url
        assert error_of(response)["code"] == "insufficient_scope"


def test_a_game_token_opens_no_portfolio_endpoint(client, trainee):
    secret = forge_token(trainee, {"game:evidence"})
    for url in READ_URLS:
        assert client.get(url, headers=bearer(secret)).status_code == 403
    response = client.post("/api/v1/traces", json=NEW_DRAFT, headers=bearer(secret))
    assert response.status_code == 403


@pytest.mark.parametrize("role", [Role.REFERENT, Role.COMPANY, Role.ADMIN])
def test_other_roles_tokens_are_refused_even_with_portfolio_scopes(client, role):
    """The settings page gives no token to these roles; one forged in the database is
    still refused: they have no portfolio of their own."""
    person = make_user(role)
    secret = forge_token(person, {READ, WRITE})
    before = counts()
    for url in READ_URLS:
        response = client.get(url, headers=bearer(secret))
        assert response.status_code == 403, url
        assert "stagiaires" in error_of(response)["message"]
    response = client.post("/api/v1/traces", json=NEW_DRAFT, headers=bearer(secret))
    assert response.status_code == 403
    assert counts() == before


def test_a_referent_token_cannot_read_a_followed_trainees_trace(client):
    referent = make_user(Role.REFERENT)
    trainee = make_user(Role.TRAINEE, site=referent.site, referent=referent)
    trace = make_trace(trainee, photos=1)
    secret = forge_token(referent, {READ})
    for url in [
        f"/api/v1/traces/{trace.id}",
        f"/api/v1/traces/{trace.id}/photos/{trace.photos[0].id}",
    ]:
        assert client.get(url, headers=bearer(secret)).status_code == 403


def test_writes_are_rate_limited_per_token_with_a_json_429(app, client, trainee):
    app.config["API_WRITE_RATE_LIMIT"] = "3 per minute"
    first, second = make_token(trainee, name="un"), make_token(trainee, name="deux")
    for _ in range(3):
        response = client.post("/api/v1/traces", json=NEW_DRAFT, headers=bearer(first))
        assert response.status_code == 201
    before = counts()
    response = client.post("/api/v1/traces", json=NEW_DRAFT, headers=bearer(first))
    assert response.status_code == 429
    error = error_of(response)
    assert error["code"] == "rate_limited"
    assert "minute" in error["message"]
    assert counts() == before
    # Reads are not counted, and another token has its own budget.
    assert client.get("/api/v1/traces", headers=bearer(first)).status_code == 200
    response = client.post("/api/v1/traces", json=NEW_DRAFT, headers=bearer(second))
    assert response.status_code == 201


def test_the_issued_token_expiry_is_what_was_asked(trainee):
    secret = make_token(trainee, days=7)
    left = token_row(secret).expires_at - utcnow()
    assert timedelta(days=6, hours=23) < left <= timedelta(days=7)


@pytest.mark.parametrize("role", [Role.REFERENT, Role.COMPANY, Role.ADMIN])
def test_only_trainees_can_be_issued_tokens(role):
    from datetime import timedelta

    from portfolio.services.tokens import TokenError, issue_token

    user = make_user(role)
    with pytest.raises(TokenError, match="Seuls les stagiaires"):
        issue_token(user, "essai", {"portfolio:read"}, timedelta(days=1))
