"""GET /api/v1/metiers: the trade picker's search for programs."""

from __future__ import annotations

import pytest
from builders_api import READ, bearer, error_of, fields_of, make_token

from builders import make_user
from portfolio.models import Role


@pytest.fixture
def headers():
    return bearer(make_token(make_user(Role.TRAINEE), {READ}))


def test_titles_of_the_whole_rome_for_the_words_people_use(client, headers):
    response = client.get("/api/v1/metiers", query_string={"q": "carsites"}, headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["query"] == "carsites" and len(body["results"]) == 8
    first = body["results"][0]
    assert (first["code"], first["job_title"], first["label"]) == ("N1101", "11679", "Cariste")
    assert first["sheet_label"]
    outside = client.get("/api/v1/metiers?q=agent de securite", headers=headers).get_json()
    assert outside["results"][0]["label"] == "Agent / Agente de sécurité"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("- ", "Tapez au moins 2 lettres du métier."),
        ("é ", "Tapez au moins 2 lettres du métier."),
    ],
)
def test_unusable_words_get_a_french_400(client, headers, query, message):
    response = client.get("/api/v1/metiers", query_string={"q": query}, headers=headers)
    assert message in fields_of(response)["q"]


def test_missing_or_misspelt_parameters_and_noise(client, headers):
    assert "q" in fields_of(client.get("/api/v1/metiers", headers=headers))
    assert "query" in fields_of(client.get("/api/v1/metiers?query=cariste", headers=headers))
    assert "q" in fields_of(client.get("/api/v1/metiers?q=c", headers=headers))
    assert "q" in fields_of(client.get("/api/v1/metiers?q=" + "z" * 81, headers=headers))
    assert "q" in fields_of(client.get("/api/v1/metiers?q=" + "zq" * 100, headers=headers))
    noise = client.get("/api/v1/metiers?q=xqzwkj", headers=headers)
    assert noise.status_code == 200 and noise.get_json()["results"] == []


def test_a_token_is_needed(client):
    response = client.get("/api/v1/metiers?q=cariste")
    assert response.status_code == 401 and error_of(response)["code"] == "invalid_token"


def test_the_document_describes_the_search(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/metiers"]["get"]
    assert operation["operationId"] == "searchTrades"
    assert [p["name"] for p in operation["parameters"]] == ["q"]
    assert "TradeSearch" in document["components"]["schemas"]
