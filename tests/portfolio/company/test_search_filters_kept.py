"""A company searches, opens a showcase, comes back: the filters are still there, filled."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from builders_company import make_partner, publish_trainee

from builders import login


def _search(client):
    pub = publish_trainee(area="Lille")
    login(client, make_partner(pub.trainee.site))
    response = client.get("/entreprise/recherche?type=apprenticeship&lieu=Lille")
    return pub, response.get_data(as_text=True)


def _attribute(html: str, pattern: str) -> str:
    found = re.search(pattern, html)
    assert found, pattern
    return html_lib.unescape(found.group(1))


def test_after_a_search_the_filters_stay_open_and_filled(client):
    _pub, html = _search(client)
    assert re.search(r'<details class="card search-box" open>', html)
    assert re.search(r'<input[^>]*name="lieu"[^>]*value="Lille"', html)


def test_back_from_a_showcase_returns_to_the_same_search(client):
    pub, html = _search(client)
    showcase_url = _attribute(html, rf'href="(/entreprise/vitrines/{pub.showcase.id}[^"]*)"')
    page = client.get(showcase_url).get_data(as_text=True)
    back = _attribute(page, r'<a class="button" href="([^"]+)">Retour à la recherche</a>')
    assert back.startswith("/entreprise/recherche?")
    assert "lieu=Lille" in back and "type=apprenticeship" in back
    again = client.get(back).get_data(as_text=True)
    assert re.search(r'<input[^>]*name="lieu"[^>]*value="Lille"', again)


@pytest.mark.parametrize(
    "retour",
    ["https://evil.example/", "//evil.example/", "/entreprise/contacts", "/\\evil.example", ""],
)
def test_back_never_leads_outside_the_search(client, retour):
    pub, _html = _search(client)
    page = client.get(
        f"/entreprise/vitrines/{pub.showcase.id}", query_string={"retour": retour}
    ).get_data(as_text=True)
    back = _attribute(page, r'<a class="button" href="([^"]+)">Retour à la recherche</a>')
    assert back == "/entreprise/recherche"
