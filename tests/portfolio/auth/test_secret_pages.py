"""Pages opened by a secret in their address, and HTTPS only when the site says so.

A secret address (a private showcase link, a tutor link) must not be kept by a cache (a
shared computer, a proxy) nor sent to another site in a ``Referer`` header. When the site
runs behind HTTPS (``SESSION_COOKIE_SECURE=1``), browsers are told never to use plain HTTP.
"""

from __future__ import annotations

from typing import Any

import pytest
from builders_company import publish_trainee
from builders_referent import make_internship, team

from builders import PASSWORD, make_user
from portfolio.extensions import db
from portfolio.internships import services as internships
from portfolio.models import Role
from portfolio.showcase import services as showcase_service

HSTS = "max-age=31536000; includeSubDomains"


def _secret_headers_ok(response: Any) -> bool:
    return (
        response.headers.get("Cache-Control") == "no-store"
        and response.headers.get("Referrer-Policy") == "no-referrer"
    )


def test_a_private_showcase_link_is_neither_cached_nor_told_to_other_sites(client):
    pub = publish_trainee()
    _link, token = showcase_service.create_private_link(pub.trainee, "Salon", 7)
    db.session.commit()
    trace, photo = pub.traces[0], pub.traces[0].photos[0]
    for url in (
        f"/lien/{token}",
        f"/lien/{token}/traces/{trace.id}",
        f"/lien/{token}/photos/{photo.id}",
        f"/lien/{token}/photos/{photo.id}?vignette=1",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _secret_headers_ok(response), (url, dict(response.headers))


def test_a_tutor_link_is_neither_cached_nor_told_to_other_sites(client):
    _site, referent, trainee = team()
    internship = make_internship(referent, trainee)
    _link, token = internships.create_tutor_link(referent, internship)
    db.session.commit()
    response = client.get(f"/tuteur/{token}")
    assert response.status_code == 200
    assert _secret_headers_ok(response)
    response = client.post(f"/tuteur/{token}", data={})
    assert _secret_headers_ok(response)


def test_every_address_carrying_a_secret_is_protected_even_when_wrong(app, client):
    """Built from the url_map: a new route with a ``token`` in its address is covered."""
    rules = [rule for rule in app.url_map.iter_rules() if "token" in rule.arguments]
    assert len(rules) >= 4  # /lien/<token> (page, trace, photo), /tuteur/<token>
    for rule in rules:
        values = {name: 1 for name in rule.arguments} | {"token": "x" * 43}
        url = app.url_for(rule.endpoint, _external=False, **values)
        response = client.get(url)
        assert response.status_code in (404, 410), url
        assert _secret_headers_ok(response), (url, dict(response.headers))


def test_ordinary_pages_keep_the_same_origin_referrer(client):
    response = client.get("/connexion")
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("url", ["/connexion", "/sante", "/nulle-part", "/api/v1/traces"])
def test_https_only_is_asked_when_cookies_are_secure(app, client, url):
    assert "Strict-Transport-Security" not in client.get(url).headers
    app.config["SESSION_COOKIE_SECURE"] = True
    assert client.get(url).headers.get("Strict-Transport-Security") == HSTS


def test_https_only_is_asked_on_logged_in_pages_too(app, client):
    app.config["SESSION_COOKIE_SECURE"] = True
    user = make_user(Role.TRAINEE)
    https = "https://localhost"
    login = client.post(
        "/connexion", data={"login": user.login, "password": PASSWORD}, base_url=https
    )
    assert login.status_code == 302
    assert login.headers.get("Strict-Transport-Security") == HSTS
    home = client.get("/", base_url=https)
    assert home.status_code == 200
    assert home.headers.get("Strict-Transport-Security") == HSTS
