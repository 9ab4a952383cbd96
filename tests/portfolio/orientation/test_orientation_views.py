"""Orientation pages: the picture questionnaire without JavaScript, the trades, the referent."""

from __future__ import annotations

import re

import pytest
from builders_referent import make_level, team
from sqlalchemy import func, select

from builders import login, make_company, make_user, page_text
from portfolio.extensions import db
from portfolio.models import AssessmentSource, InterestCardAnswer, Role
from portfolio.orientation.services import interests


def _all(letter_liked: str) -> dict[str, str]:
    return {
        f"card-{card.id}": "like" if card.letter == letter_liked else "dislike"
        for card in interests.CARDS
    }


def test_home_invites_to_the_questionnaire_when_there_is_none(client):
    _, _, trainee = team()
    login(client, trainee)
    assert "/ma-page" in page_text(client.get("/"))  # the home links to its longer part
    text = page_text(client.get("/ma-page"))
    assert "Des métiers pour vous" in text
    assert "Répondre au questionnaire en images" in text
    assert "/mes-metiers/questionnaire" in text


def test_questionnaire_is_a_plain_form_with_pictures_and_three_answers_per_card(client):
    _, _, trainee = team()
    login(client, trainee)
    html = page_text(client.get("/mes-metiers/questionnaire"))
    assert '<form method="post"' in html
    assert html.count("<fieldset>") == len(interests.CARDS) == 18
    assert html.count('type="radio"') == 3 * 18
    assert "Réparer un vélo" in html and 'alt="Un vélo et une clé à molette"' in html
    assert html.count("J'aime") >= 18 and "Je n'aime pas" in html and "Je ne sais pas" in html
    assert "<script" not in html.split("<main")[1].split("</main>")[0]


def test_answering_the_cards_shows_trades_with_reasons_and_one_outside(client):
    _, _, trainee = team()
    login(client, trainee)
    answer = client.post("/mes-metiers/questionnaire", data=_all("S"))
    assert answer.status_code == 302 and answer.location.endswith("/mes-metiers")
    text = page_text(client.get("/mes-metiers"))
    assert "D'après vos réponses au questionnaire" in text
    assert text.count("Vous aimez aider les autres.") == 4
    assert text.count("Pour découvrir autre chose.") == 1
    assert text.count("Hors de vos goûts") == 1
    assert "Animateur / Animatrice jeunesse" in text  # S major, first in code order
    # "Ma page" (the home's longer part) shows the same list, and the questionnaire keeps the
    # answers checked.
    assert "Vous aimez aider les autres." in page_text(client.get("/ma-page"))
    again = page_text(client.get("/mes-metiers/questionnaire"))
    assert len(re.findall(r'value="like" checked', again)) == 3


@pytest.mark.parametrize(
    "data",
    [{}, {"card-R1": "love"}, {"card-R1": "like", "card-S1": "<script>"}, {"card-X9": "like"}],
)
def test_bad_answers_get_a_french_message_and_change_nothing(client, data):
    _, _, trainee = team()
    interests.save_answers(trainee, {"C1": "like"})
    db.session.commit()
    login(client, trainee)
    answer = client.post("/mes-metiers/questionnaire", data=data)
    assert answer.status_code == 200
    text = page_text(answer)
    assert "Répondez à au moins une carte." in text or "Pour chaque carte, choisissez" in text
    assert interests.answers_of(trainee) == {"C1": interests.InterestAnswer.LIKE}


def test_the_referent_reads_the_list_and_cannot_change_it(client):
    _, referent, trainee = team()
    interests.save_game_interests(trainee, ["R"])
    make_level(trainee, "E2C-6A", 3, source=AssessmentSource.REFERENT, author=referent)
    login(client, referent)
    answer = client.get(f"/referent/stagiaires/{trainee.id}/metiers")
    assert answer.status_code == 200
    text = page_text(answer)
    assert "Goûts : les choix faits dans le jeu." in text
    assert "Vous aimez travailler avec vos mains." in text
    assert "Pour découvrir autre chose." in text
    assert "<form" not in text.split("<main")[1].split("</main>")[0]
    assert f"/referent/stagiaires/{trainee.id}/metiers" in page_text(
        client.get(f"/referent/stagiaires/{trainee.id}")
    )


def test_nobody_else_sees_a_trainees_trades(client):
    site, _, trainee = team()
    other_referent = make_user(Role.REFERENT, site=site)
    company_user = make_user(Role.COMPANY, site=site, company=make_company(site))
    other_trainee = make_user(Role.TRAINEE, site=site)
    url = f"/referent/stagiaires/{trainee.id}/metiers"
    for person in (other_referent, company_user, other_trainee, trainee):
        client.post("/deconnexion")
        login(client, person)
        assert client.get(url).status_code == 404, person.role
    login(client, other_referent)
    assert client.get("/referent/stagiaires/99999999999/metiers").status_code == 404
    for person in (other_referent, company_user):
        client.post("/deconnexion")
        login(client, person)
        assert client.get("/mes-metiers").status_code == 404
        assert client.post("/mes-metiers/questionnaire", data=_all("R")).status_code == 404
    assert db.session.scalar(select(func.count(InterestCardAnswer.id))) == 0
