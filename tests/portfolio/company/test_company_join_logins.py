"""The public join form must not tell whether a login exists; the admin's approval gives a free one.

Anyone can post the form, so an answer that differed for a taken login ("« lea » est déjà
pris") let them list the accounts of the platform. The request is stored whatever the
login; when the admin approves it and the wanted login is taken by then, the account gets
the first free login built from it, and the admin is told which one to give.
"""

from __future__ import annotations

from datetime import date

from builders_company import count
from sqlalchemy import select

from builders import login, make_site, make_user, page_text
from portfolio.extensions import db
from portfolio.models import CompanyJoinRequest, Role, User
from portfolio.services.accounts import authenticate


def _join_form(site, **overrides):
    data = {
        "site_id": site.id,
        "company_name": "Menuiserie Leroy",
        "siret": "",
        "first_name": "Anne",
        "last_name": "Leroy",
        "email": "anne@menuiserie.example",
        "phone": "",
        "login": "anne.leroy",
        "password": "copeau-rabot-77-chene",
        "password_confirm": "copeau-rabot-77-chene",
        "message": "",
        "accepts_charter": "y",
    }
    data.update(overrides)
    return data


def test_the_join_form_answers_the_same_for_a_taken_and_a_free_login(app, client):
    app.config["JOIN_RATE_LIMIT"] = "100 per hour"
    site = make_site()
    make_user(Role.TRAINEE, site=site, login="lea")
    taken = client.post("/entreprise/rejoindre", data=_join_form(site, login="lea"))
    free = client.post("/entreprise/rejoindre", data=_join_form(site, login="zoe.libre"))
    asked_twice = client.post("/entreprise/rejoindre", data=_join_form(site, login="zoe.libre"))
    assert taken.status_code == free.status_code == asked_twice.status_code == 200
    assert page_text(taken) == page_text(free) == page_text(asked_twice)
    assert "votre demande est envoyée" in page_text(taken)
    assert count(CompanyJoinRequest) == 3


def test_approving_a_request_whose_login_is_taken_gives_a_free_one_and_tells_the_admin(client):
    site = make_site()
    admin = make_user(Role.ADMIN, site=site)
    lea = make_user(Role.TRAINEE, site=site, login="lea")
    make_user(Role.TRAINEE, site=site, login="lea2")
    client.post("/entreprise/rejoindre", data=_join_form(site, login="lea"))
    request = db.session.scalar(select(CompanyJoinRequest))
    login(client, admin)
    page = page_text(client.get(f"/entreprise/gestion/demandes/{request.id}"))
    assert "déjà pris" in page and "lea3" in page
    response = client.post(
        f"/entreprise/gestion/demandes/{request.id}",
        data={"signed_on": date.today().isoformat(), "reference": "CONV-9"},
        follow_redirects=True,
    )
    text = page_text(response)
    assert "l'identifiant lea3" in text
    assert "« lea » était déjà pris" in text
    # The trainee's account is untouched; the company logs in with the new login.
    db.session.expire_all()
    assert db.session.get(User, lea.id).role is Role.TRAINEE
    assert authenticate("lea3", "copeau-rabot-77-chene").company_id is not None
    assert authenticate("lea", "copeau-rabot-77-chene") is None


def test_two_requests_for_the_same_login_both_get_an_account(client):
    site = make_site()
    admin = make_user(Role.ADMIN, site=site)
    for name in ("Menuiserie Leroy", "Garage Leroy"):
        client.post("/entreprise/rejoindre", data=_join_form(site, company_name=name))
    first, second = db.session.scalars(select(CompanyJoinRequest).order_by(CompanyJoinRequest.id))
    login(client, admin)
    for item in (first, second):
        response = client.post(
            f"/entreprise/gestion/demandes/{item.id}",
            data={"signed_on": date.today().isoformat(), "reference": ""},
        )
        assert response.status_code == 302
    logins = set(db.session.scalars(select(User.login).where(User.role == Role.COMPANY)))
    assert logins == {"anne.leroy", "anne.leroy2"}


def test_a_long_taken_login_still_gets_a_valid_free_one():
    from portfolio.services.accounts import LOGIN_RE, free_login

    wanted = "a" * 80
    make_user(Role.TRAINEE, login=wanted)
    found = free_login(wanted)
    assert found != wanted and LOGIN_RE.match(found) and len(found) <= 80
