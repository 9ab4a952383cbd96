""" "Mot de passe oublié ?" end to end, with the mail caught by a real SMTP server."""

from __future__ import annotations

import re
from datetime import timedelta

from builders_api import make_token
from sqlalchemy import update

from builders import PASSWORD, login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import PasswordReset, Role, User, utcnow

SENT = "Si ce compte a une adresse e-mail, un message vient de partir."
NEW = "pomme-tonnerre-velo"


def _trainee(email: str | None = "sami@example.fr") -> User:
    return make_user(Role.TRAINEE, login="sami", first_name="Sami", email=email)


def _ask(client, identifier: str):
    """Ask for a link; the mail leaves once the answer is closed, as a server does."""
    response = client.post("/mot-de-passe-oublie", data={"identifier": identifier})
    response.get_data()
    response.close()
    return response


def _link(inbox, address: str, count: int = 1) -> str:
    mail = inbox.wait_for(address, count=count)[-1]
    assert mail.subject == "Choisir un nouveau mot de passe"
    assert "Bonjour Sami," in mail.text()
    assert "Le lien marche pendant 60 minutes, une seule fois." in mail.text()
    found = re.search(r"http://localhost(/mot-de-passe-oublie/\S+)", mail.text())
    assert found
    return found.group(1)


def test_the_login_page_offers_it(client):
    assert "Mot de passe oublié ?" in page_text(client.get("/connexion"))
    page = page_text(client.get("/mot-de-passe-oublie"))
    assert "Pas d'adresse e-mail ? Demandez à votre référent" in page


def test_a_trainee_chooses_a_new_password_from_the_mail(app, client, inbox):
    user = _trainee()
    other = app.test_client()
    login(other, user)  # another phone, logged in with the old password
    token = make_token(user)
    response = _ask(client, "sami")
    assert SENT in page_text(response)
    path = _link(inbox, "sami@example.fr")

    assert "Nouveau mot de passe" in page_text(client.get(path))
    done = client.post(path, data={"new": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.headers["Location"].endswith("/")
    assert "Bonjour Sami" in page_text(client.get("/"))  # logged in
    assert other.get("/").status_code == 302  # the other session ended
    db.session.expire_all()
    # The API token made with the old password stops working.
    assert (
        client.get("/api/v1/traces", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )

    client.post("/deconnexion")
    assert login(client, user, NEW).status_code == 302
    assert client.get("/").status_code == 200
    # Used once: the same link is refused now.
    again = client.get(path)
    assert again.status_code == 404
    assert "Ce lien ne marche plus" in page_text(again)
    assert (
        client.post(
            path, data={"new": "autre-chose-long", "confirm": "autre-chose-long"}
        ).status_code
        == 404
    )


def test_the_address_works_as_well_as_the_login(client, inbox):
    _trainee()
    assert SENT in page_text(_ask(client, "  SAMI@example.fr "))
    _link(inbox, "sami@example.fr")


def test_an_expired_link_is_refused(client, inbox):
    user = _trainee()
    _ask(client, "sami")
    path = _link(inbox, "sami@example.fr")
    past = utcnow() - timedelta(hours=2)
    db.session.execute(
        update(PasswordReset).values(created_at=past, expires_at=past + timedelta(hours=1))
    )
    db.session.commit()
    assert client.get(path).status_code == 404
    assert client.post(path, data={"new": NEW, "confirm": NEW}).status_code == 404
    assert login(client, user).status_code == 302  # the old password still works


def test_unknown_accounts_and_accounts_without_email_get_the_same_answer(client, inbox):
    make_user(Role.TRAINEE, login="nomail", email=None)
    known = _trainee()
    known.active = False
    db.session.commit()
    answers = {
        page_text(_ask(client, who)).split("<main", 1)[-1]
        for who in ("personne", "nomail", "sami", "x@y.fr")
    }
    assert len(answers) == 1 and SENT in answers.pop()
    assert inbox.mails == []


def test_a_wrong_new_password_is_explained_and_the_link_still_works(client, inbox):
    _trainee()
    _ask(client, "sami")
    path = _link(inbox, "sami@example.fr")
    mismatch = client.post(path, data={"new": NEW, "confirm": NEW + "x"})
    assert "Les deux nouveaux mots de passe ne sont pas identiques." in page_text(mismatch)
    weak = client.post(path, data={"new": "court", "confirm": "court"})
    assert "au moins 10 caractères" in page_text(weak)
    empty = client.post(path, data={})
    assert "Écrivez un mot de passe." in page_text(empty)
    assert client.post(path, data={"new": NEW, "confirm": NEW}).status_code == 302


def test_forged_links_are_refused(client):
    _trainee()
    for token in ("abc", "x" * 43, "y" * 500):
        assert client.get(f"/mot-de-passe-oublie/{token}").status_code == 404


def test_asking_is_rate_limited(client, inbox):
    _trainee()
    codes = [_ask(client, "sami").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    assert len(inbox.wait_for("sami@example.fr", count=5)) == 5
    # Another name typed from the same address is limited by the address, too.
    codes = [_ask(client, f"autre{n}").status_code for n in range(2)]
    assert 429 in codes


def test_logged_in_people_change_their_password_the_usual_way(client):
    user = _trainee()
    login(client, user, PASSWORD)
    response = client.get("/mot-de-passe-oublie")
    assert response.status_code == 302 and response.headers["Location"].endswith("/mot-de-passe")
