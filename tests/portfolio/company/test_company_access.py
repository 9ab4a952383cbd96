"""Access matrix of the partner space.

1. A company user against every trainee, referent and admin URL of the app: 404 (never 403,
   never the page). The URLs are read from the app's url_map, blueprint by blueprint, so a page
   added later is covered without touching this file.
2. Anonymous visitors, trainees, referents and other companies against the company URLs.
"""

from __future__ import annotations

from typing import Any

import pytest
from builders_company import (
    make_contact,
    make_offer,
    make_partner,
    publish_trainee,
)
from werkzeug.routing import IntegerConverter, Rule

from builders import login, make_site, make_user
from portfolio.company import services as company_service
from portfolio.extensions import db
from portfolio.models import ContactRequest, ContactStatus, Role, SavedSearch
from portfolio.showcase import services as showcase_service

# Blueprints open to companies (their own space, logging in, the shared pages and the trade
# picker's suggestions) or not cookie-based. "ops" is the readiness page (public, like /sante)
# and /metriques (404 for every role: tests/portfolio/ops/test_metrics.py). "proofs" are the
# public pages of the badges (issuer, keys, status list, verification): open to anyone;
# "notifications" is the one-click unsubscribe (a signed link, no account); "pwa" is the
# installed app of everyone: manifest, service worker, offline page, one's own push
# subscriptions (tests/portfolio/pwa/).
NOT_FOR_TRAINEES = {
    "company",
    "auth",
    "main",
    "notifications",
    "ops",
    "proofs",
    "pwa",
    "settings",
    "static",
    "trades",
}


def _all_rules() -> list[Rule]:
    """The app's routes, read once at collection time (no database needed)."""
    from portfolio import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "matrix"})
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule))


def _blueprint(rule: Rule) -> str:
    return rule.endpoint.rsplit(".", 1)[0] if "." in rule.endpoint else ""


def _method(rule: Rule) -> str:
    methods = rule.methods or set()
    return "GET" if "GET" in methods else sorted(methods - {"HEAD", "OPTIONS"})[0]


ALL_RULES = _all_rules()
RULES = [
    (r.endpoint, r.rule, _method(r))
    for r in ALL_RULES
    if _blueprint(r)
    and _blueprint(r) not in NOT_FOR_TRAINEES
    and not _blueprint(r).startswith("api")
]
COMPANY_RULES = [(r.endpoint, r.rule, _method(r)) for r in ALL_RULES if _blueprint(r) == "company"]


def test_the_matrix_covers_the_trainee_and_referent_pages():
    endpoints = {endpoint for endpoint, _rule, _method in RULES}
    assert {"showcase.index", "showcase.edit", "showcase.contact", "showcase.approval"} <= endpoints
    assert len(RULES) >= 25


@pytest.fixture
def world(app: Any) -> dict[str, Any]:
    """One site with a published showcase, a contact and an offer: real ids for every URL."""
    site = make_site()
    pub = publish_trainee(site)
    company_user = make_partner(site)
    contact = make_contact(company_user, pub.showcase)
    offer = make_offer(company_user)
    link, token = showcase_service.create_private_link(pub.trainee, "Salon", 7)
    saved = company_service.save_search(company_user, "Boulangers", "metier=D1102")
    db.session.commit()
    ids = {
        "trainee_id": pub.trainee.id,
        "user_id": pub.trainee.id,
        "showcase_id": pub.showcase.id,
        "trace_id": pub.traces[0].id,
        "photo_id": pub.traces[0].photos[0].id,
        "contact_id": contact.id,
        "offer_id": offer.id,
        "link_id": link.id,
        "search_id": saved.id,
        "company_id": company_user.company_id,
    }
    return {
        "site": site,
        "pub": pub,
        "company_user": company_user,
        "contact": contact,
        "ids": ids,
        "token": token,
    }


def _url(rule_text: str, endpoint: str, ids: dict[str, int], app: Any) -> str:
    rule = next(
        r for r in app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == rule_text
    )
    values: dict[str, Any] = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        if isinstance(converter, IntegerConverter):
            values[name] = ids.get(name, 1)
        else:
            values[name] = "x" * 32
    with app.test_request_context():
        return rule.build(values, append_unknown=False)[1]


def _open(client: Any, method: str, url: str) -> Any:
    return client.open(url, method=method, data={})


@pytest.mark.parametrize(("endpoint", "rule", "method"), RULES, ids=[r[0] for r in RULES])
def test_a_company_gets_404_on_every_trainee_and_referent_url(
    app, client, world, endpoint, rule, method
):
    url = _url(rule, endpoint, world["ids"], app)
    anonymous = _open(client, method, url)
    # Pages behind a login send visitors to it; the public token pages (private link, tutor
    # link) answer 404 to a made-up token, for visitors and companies alike.
    assert anonymous.status_code in (302, 404), f"{method} {url} -> {anonymous.status_code}"
    login(client, world["company_user"])
    response = _open(client, method, url)
    assert response.status_code == 404, f"{method} {url} -> {response.status_code}"
    assert world["pub"].trainee.last_name not in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ContactRequest, world["contact"].id).status is ContactStatus.PENDING
    assert showcase_service.showcase_of(world["pub"].trainee).is_published


@pytest.mark.parametrize(
    ("endpoint", "rule", "method"), COMPANY_RULES, ids=[r[0] for r in COMPANY_RULES]
)
def test_anonymous_visitors_are_sent_to_the_login_page(app, client, world, endpoint, rule, method):
    url = _url(rule, endpoint, world["ids"], app)
    response = _open(client, method, url)
    if endpoint == "company.join":
        assert response.status_code == 200  # the public join form
    else:
        assert response.status_code == 302 and "/connexion" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.REFERENT])
@pytest.mark.parametrize(
    ("endpoint", "rule", "method"),
    [r for r in COMPANY_RULES if r[0] != "company.join" and ".admin" not in r[0]],
    ids=[r[0] for r in COMPANY_RULES if r[0] != "company.join" and ".admin" not in r[0]],
)
def test_trainees_and_referents_get_404_on_company_urls(
    app, client, world, role, endpoint, rule, method
):
    user = world["pub"].trainee if role is Role.TRAINEE else world["pub"].referent
    login(client, user)
    assert _open(client, method, _url(rule, endpoint, world["ids"], app)).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/entreprise/contacts/{contact_id}",
        "/entreprise/offres/{offer_id}",
    ],
)
def test_another_company_gets_404_on_our_records(client, world, url):
    other = make_partner(world["site"], name="Concurrente")
    login(client, other)
    assert client.get(url.format(**world["ids"])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/entreprise/contacts/{contact_id}/message",
        "/entreprise/offres/{offer_id}/fermer",
        "/entreprise/recherches/{search_id}/supprimer",
    ],
)
def test_another_company_cannot_act_on_our_records(client, world, url):
    other = make_partner(world["site"], name="Concurrente")
    login(client, other)
    response = client.post(url.format(**world["ids"]), data={"body": "Bonjour, encore nous !"})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(SavedSearch, world["ids"]["search_id"]) is not None
    assert len(db.session.get(ContactRequest, world["contact"].id).messages) == 1


@pytest.mark.parametrize(
    ("endpoint", "rule", "method"),
    [r for r in COMPANY_RULES if ".admin" in r[0]],
    ids=[r[0] for r in COMPANY_RULES if ".admin" in r[0]],
)
def test_company_admin_pages_are_for_site_admins_only(app, client, world, endpoint, rule, method):
    url = _url(rule, endpoint, world["ids"], app)
    login(client, world["company_user"])
    assert _open(client, method, url).status_code == 404
    client.post("/deconnexion")
    login(client, make_user(Role.ADMIN, site=world["site"]))
    assert _open(client, method, url).status_code in (200, 302, 404)  # 404: no such request id
