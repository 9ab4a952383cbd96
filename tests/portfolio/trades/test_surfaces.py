"""The picker on each surface: offers, the company search, the same-trade comparisons."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from builders_company import count, make_offer, make_partner, publish_trainee

from builders import login, make_site, page_text
from portfolio.company import services as company_service
from portfolio.company.services import search
from portfolio.models import Offer, utcnow

NOISE = "zq" * 100
NEW_OFFER = "/entreprise/offres/nouvelle"


def visible(response) -> str:
    return re.sub(r"<[^>]+>", " ", page_text(response))


def _offer_data(**changes):
    starts = (utcnow().date() + timedelta(days=10)).isoformat()
    return {"title": "Cariste", "kind": "job", "place": "Lens", "starts_on": starts, **changes}


# --- offers ------------------------------------------------------------------------------------


def test_a_company_publishes_an_offer_for_a_title_outside_the_game_trades(client):
    company_user = make_partner(make_site())
    login(client, company_user)
    found = client.post(NEW_OFFER, data=_offer_data(**{"rome_code-texte": "agent securite"}))
    assert 'value="K2503:10599"' in page_text(found) and count(Offer) == 0
    assert 'value="Lens"' in page_text(found)  # what was typed is kept
    done = client.post(NEW_OFFER, data=_offer_data(rome_code="K2503:10599"), follow_redirects=True)
    assert "L'offre est publiée" in page_text(done)
    assert "Agent / Agente de sécurité" in visible(done) and "K2503" not in visible(done)
    offer = company_service.offers_of_company(company_user.company)[0]
    assert (offer.rome_code, offer.job_title, offer.grand_domaine) == ("K2503", "10599", "K")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rome_code": "Z9999"}, "Ce métier n'existe pas dans la liste"),
        ({"rome_code": "D1102:11679"}, "Ce métier n'existe pas dans la liste"),
        ({"rome_code": "D1102:9999999"}, "Ce métier n'existe pas dans la liste"),
        ({}, "Choisissez le métier dans la liste."),
        ({"rome_code-texte": "c", "rome_code-chercher": "1"}, "Tapez au moins 2 lettres"),
        ({"rome_code-texte": NOISE, "rome_code-chercher": "1"}, "80 caractères au plus"),
        ({"rome_code-texte": "xqzwkj"}, "Aucun métier ne correspond"),
    ],
)
def test_bad_offer_trades_say_why_and_publish_nothing(client, data, message):
    login(client, make_partner(make_site()))
    page = client.post(NEW_OFFER, data=_offer_data(**data))
    assert page.status_code == 200 and message in page_text(page)
    assert count(Offer) == 0


def test_an_offer_of_the_same_family_goes_with_the_project():
    """A project naming the ROME 4.0 child sheet G1609 (Cuisinier) meets a G1602 offer."""
    site = make_site()
    pub = publish_trainee(site, trades=("G1609",), kinds=("job",))
    company_user = make_partner(site)
    same = make_offer(company_user, rome_code="G1602:12756", kind="internship")
    other = make_offer(company_user, rome_code="G1803", kind="internship")
    matches = {m.offer.id: m for m in company_service.offers_for_trainee(pub.trainee)}
    assert matches[same.id].same_trade and not matches[other.id].same_trade
    assert matches[same.id].score > matches[other.id].score


# --- the company search ----------------------------------------------------------------------


def test_a_company_searching_a_title_finds_every_trainee_of_that_sheet():
    site = make_site()
    chef = publish_trainee(site, trades=("N1101:12007",))  # Chef cariste
    cariste = publish_trainee(site, trades=("D1102", "N1101:11679"))
    publish_trainee(site, trades=("D1102",))
    company = make_partner(site).company
    criteria, errors = search.parse_criteria({"metier": "N1101:11686"})  # Cariste manutentionnaire
    assert errors == {} and criteria.as_query() == "metier=N1101%3A11686"
    hits = search.search_showcases(company, criteria).hits
    assert [h.showcase_id for h in hits] == [chef.showcase.id, cariste.showcase.id]
    assert [t.label for t in hits[0].trades] == ["Chef cariste"]


@pytest.mark.parametrize("bad", ["Z9999", "N1101:11573", "N1101:abc", NOISE])
def test_a_bad_trade_in_the_search_is_left_out_with_a_french_message(bad):
    criteria, errors = search.parse_criteria({"metier": bad})
    assert criteria.trade is None
    assert errors == {"metier": "Ce métier n'existe pas dans la liste. Choisissez-le à nouveau."}


def test_the_search_page_picks_a_trade_without_javascript(client):
    site = make_site()
    pub = publish_trainee(site, trades=("N1101:11679",))
    login(client, make_partner(site))
    page = client.get("/entreprise/recherche", query_string={"metier-texte": "caristes"})
    assert 'type="radio" name="metier" value="N1101:11679"' in page_text(page)
    chosen = client.get(
        "/entreprise/recherche",
        query_string={"metier": "N1101:11679", "metier-texte": "caristes", "metier-vu": "caristes"},
    )
    assert f"/entreprise/vitrines/{pub.showcase.id}" in page_text(chosen)
    assert "1 vitrine trouvée" in visible(chosen) and "N1101" not in visible(chosen)
    short = client.get(
        "/entreprise/recherche", query_string={"metier-texte": "c", "metier-chercher": "1"}
    )
    assert "Tapez au moins 2 lettres du métier." in page_text(short)
    wrong = client.get("/entreprise/recherche", query_string={"metier": "Z9999"})
    assert "Ce métier n'existe pas dans la liste" in page_text(wrong)


def test_a_search_saved_with_a_code_only_still_works(client):
    site = make_site()
    pub = publish_trainee(site, trades=("D1102:11573",))
    user = make_partner(site)
    saved = company_service.save_search(user, "Boulangers", "metier=D1102")
    login(client, user)
    page = client.get("/entreprise/recherche?" + saved.query)
    assert f"/entreprise/vitrines/{pub.showcase.id}" in page_text(page)
    assert 'value="Boulanger / Boulangère"' in page_text(page)


def test_the_trainee_sees_words_not_codes_on_offers(client):
    site = make_site()
    pub = publish_trainee(site, trades=("K2503:10599",), kinds=("job",))
    make_offer(make_partner(site), rome_code="K2503:10602", kind="job")
    login(client, pub.trainee)
    offers = visible(client.get("/vitrine/offres"))
    assert "Agent / Agente de sécurité SSIAP 1" in offers and "K2503" not in offers
    home = visible(client.get("/vitrine/"))
    assert "Agent / Agente de sécurité" in home and "K2503" not in home
