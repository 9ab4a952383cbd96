"""The accessibility statement the RGAA asks for: public, linked from every footer, in two languages."""

from __future__ import annotations

import re

from builders import login, make_user
from portfolio.models import Role

FOOTER_LINK = re.compile(r'<a class="small-link" href="/accessibilite">([^<]+)</a>')


def test_a_visitor_reads_the_statement_without_an_account(client):
    response = client.get("/accessibilite")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ce site est non conforme au RGAA 4.1" in html
    assert "5 décembre 2026" in html  # the date of the statement
    assert "axe-core 4.11" in html  # the tests, honestly: what is automated, what is not
    assert "Aucun test n'a encore été fait avec un lecteur d'écran" in html
    assert "Défenseur des droits" in html and "09 69 39 00 00" in html  # the appeal
    assert "https://formulaire.defenseurdesdroits.fr/" in html
    assert "mailto:" not in html  # no contact address configured: the referent is named instead
    assert "Parlez-en à votre référent" in html


def test_the_contact_address_shows_once_configured(app, client):
    app.config["ACCESSIBILITY_CONTACT"] = "accessibilite@e2c.example"
    html = client.get("/accessibilite").get_data(as_text=True)
    assert '<a href="mailto:accessibilite@e2c.example">accessibilite@e2c.example</a>' in html


def test_every_footer_links_the_statement_with_the_conformity_state(client):
    assert FOOTER_LINK.findall(client.get("/connexion").get_data(as_text=True)) == [
        "Accessibilité : non conforme"
    ]
    login(client, make_user(Role.TRAINEE))
    assert FOOTER_LINK.findall(client.get("/").get_data(as_text=True)) == [
        "Accessibilité : non conforme"
    ]


def test_an_english_reader_gets_the_statement_in_english(client):
    client.post("/langue", data={"lang": "en", "next": "/accessibilite"})
    html = client.get("/accessibilite").get_data(as_text=True)
    assert "This site is not compliant with the RGAA 4.1" in html
    assert "5 December 2026" in html
    assert FOOTER_LINK.findall(html) == ["Accessibility: not compliant"]
