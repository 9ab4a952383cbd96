"""The one trade picker: its suggestions, its fields without JavaScript, and the project page.

Every surface that picks a trade (project, offer, company search, internship) uses the same
fields; their bad input is tested here on the project and in each room's tests.
"""

from __future__ import annotations

import re

import pytest
from builders_company import make_partner

from builders import login, make_site, make_user, page_text
from portfolio.extensions import db
from portfolio.models import ProjectTrade, Role
from portfolio.showcase import services as showcase_service

NOISE = "zq" * 100  # 200 characters that are no trade
CARISTE = "N1101:11679"
PROJECT = "/vitrine/projet"
BASE = {"kinds": ["job"], "area": "Douai", "mobility": "department"}


def visible(response) -> str:
    """What a person reads: the page without its tags (codes in attributes do not count)."""
    return re.sub(r"<[^>]+>", " ", page_text(response))


def _trades_of(trainee) -> list[tuple[str, str | None]]:
    project = showcase_service.project_of(trainee)
    return [(t.rome_code, t.job_title) for t in project.trades] if project else []


# --- the suggestions endpoint ----------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.REFERENT, Role.ADMIN])
def test_suggestions_answer_titles_for_the_words_people_use(client, role):
    login(client, make_user(role))
    response = client.get("/metiers/suggestions", query_string={"q": "carsites"})
    assert response.status_code == 200
    found = response.get_json()
    assert found[0] == {
        "code": "N1101",
        "job_title": "11679",
        "label": "Cariste",
        "sheet_label": found[0]["sheet_label"],
    }
    assert len(found) == 8 and all(f["code"] == "N1101" for f in found[:3])
    aide = client.get("/metiers/suggestions", query_string={"q": "aide soignante"}).get_json()
    assert aide[0]["label"] == "Aide-soignant / Aide-soignante"


def test_a_partner_company_gets_suggestions_too(client):
    login(client, make_partner(make_site()))
    found = client.get("/metiers/suggestions?q=macon").get_json()
    assert found[0]["label"] == "Maçon / Maçonne"


@pytest.mark.parametrize(
    ("words", "status", "message"),
    [
        ("", 400, "Tapez au moins 2 lettres du métier."),
        ("c", 400, "Tapez au moins 2 lettres du métier."),
        ("  é ", 400, "Tapez au moins 2 lettres du métier."),
        (NOISE, 400, "80 caractères au plus"),
    ],
)
def test_suggestions_refuse_unusable_words_in_french(client, words, status, message):
    login(client, make_user(Role.TRAINEE))
    response = client.get("/metiers/suggestions", query_string={"q": words})
    assert response.status_code == status
    assert message in response.get_json()["error"]["message"]


def test_noise_finds_nothing_and_a_visitor_is_sent_to_the_login_page(client):
    login(client, make_user(Role.TRAINEE))
    assert client.get("/metiers/suggestions?q=xqzwkj").get_json() == []
    anonymous = client.application.test_client().get("/metiers/suggestions?q=cariste")
    assert anonymous.status_code == 302 and "/connexion" in anonymous.headers["Location"]


# --- the project, without JavaScript -----------------------------------------------------------


def test_a_trainee_picks_a_trade_by_searching_then_ticking_then_saving(client):
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    page = client.post(PROJECT, data={**BASE, "trades-texte": "carsites", "trades-chercher": "1"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f'value="{CARISTE}"' in html
    assert "Cariste" in page_text(page) and 'type="checkbox" name="trades"' in html
    assert 'value="Douai"' in html  # the other fields are kept
    assert _trades_of(trainee) == []  # a search saves nothing
    saved = client.post(
        PROJECT,
        data={**BASE, "trades": [CARISTE], "trades-texte": "carsites", "trades-vu": "carsites"},
        follow_redirects=True,
    )
    assert "Votre projet est enregistré" in page_text(saved)
    assert _trades_of(trainee) == [("N1101", "11679")]
    shown = visible(client.get("/vitrine/"))
    assert "Cariste" in shown and "N1101" not in shown
    again = client.get(PROJECT)
    assert f'value="{CARISTE}"' in page_text(again) and "Retirer Cariste" in page_text(again)
    assert "Cariste" in visible(again) and "N1101" not in visible(again)


def test_words_typed_without_choosing_show_the_titles_instead_of_saving(client):
    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    page = client.post(PROJECT, data={**BASE, "trades-texte": "serveuse"})
    assert "Serveur / Serveuse" in page_text(page) and _trades_of(trainee) == []


def test_a_chip_is_removed_by_its_button_and_nothing_is_saved_until_asked(client):
    trainee = make_user(Role.TRAINEE)
    showcase_service.save_project(
        trainee, showcase_service.ProjectData([CARISTE, "D1102:11573"], ["job"])
    )
    db.session.commit()
    login(client, trainee)
    page = client.post(
        PROJECT, data={**BASE, "trades": [CARISTE, "D1102:11573"], "trades-retirer": CARISTE}
    )
    html = page.get_data(as_text=True)
    assert f'value="{CARISTE}"' not in html and 'value="D1102:11573"' in html
    assert len(_trades_of(trainee)) == 2
    client.post(PROJECT, data={**BASE, "trades": ["D1102:11573"]})
    assert _trades_of(trainee) == [("D1102", "11573")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"trades": ["Z9999"]}, "Ce métier n'existe pas dans la liste"),
        ({"trades": ["N1101:99999"]}, "Ce métier n'existe pas dans la liste"),
        ({"trades": ["D1102:11679"]}, "Ce métier n'existe pas dans la liste"),  # Cariste, N1101
        ({"trades": ["x" * 300]}, "Ce métier n'existe pas dans la liste"),
        ({"trades-texte": "", "trades-chercher": "1"}, "Tapez au moins 2 lettres du métier."),
        ({"trades-texte": "c", "trades-chercher": "1"}, "Tapez au moins 2 lettres du métier."),
        ({"trades-texte": NOISE, "trades-chercher": "1"}, "80 caractères au plus"),
        ({"trades-texte": "xqzwkj", "trades-chercher": "1"}, "Aucun métier ne correspond"),
        ({}, "Choisissez au moins un métier."),
        (
            {"trades": ["N1101:11679", "N1101:12007"]},
            "« Cariste » et « Chef cariste » sont le même métier",
        ),
        (
            {"trades": [CARISTE, "D1102", "G1602", "I1604", "F1703", "K2503"]},
            "Choisissez au plus 5 métiers.",
        ),
    ],
)
def test_bad_picks_say_why_in_french_and_change_nothing(client, data, message):
    trainee = make_user(Role.TRAINEE)
    showcase_service.save_project(trainee, showcase_service.ProjectData(["D1102"], ["job"]))
    db.session.commit()
    login(client, trainee)
    page = client.post(PROJECT, data={**BASE, **data})
    assert page.status_code == 200 and message in page_text(page)
    db.session.expire_all()
    assert _trades_of(trainee) == [("D1102", None)]
    assert db.session.query(ProjectTrade).count() == 1


def test_the_picker_page_loads_its_script_and_says_what_it_is(client):
    login(client, make_user(Role.TRAINEE))
    html = client.get(PROJECT).get_data(as_text=True)
    assert "js/trade-picker.js" in html and "data-trade-picker" in html
    assert 'name="trades-chercher"' in html and ">Chercher<" in html
    assert "trade-picker.js" not in client.get("/vitrine/").get_data(as_text=True)
