"""GET /api/v1/referentiel and /referentiel/search."""

from __future__ import annotations

import pytest
from builders_api import READ, bearer, error_of, fields_of, make_token

from builders import make_user
from portfolio.models import Role


@pytest.fixture
def headers():
    return bearer(make_token(make_user(Role.TRAINEE), {READ}))


def test_the_current_framework_with_levels_domains_competencies_indicators(client, headers):
    response = client.get("/api/v1/referentiel", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == "e2c-apc" and body["version"] == "2018.1"
    assert [lv["label"] for lv in body["levels"]] == [
        "Non évaluée",
        "Je fais",
        "J'explique",
        "J'analyse",
        "Je transfère",
    ]
    assert len(body["domains"]) == 9
    competencies = [c for d in body["domains"] for c in d["competencies"]]
    assert len(competencies) == 35
    first = competencies[0]
    assert first["id"] == "E2C-1A"
    assert first["label"] == "Traiter des informations orales ou écrites"
    assert first["domain_id"] == "E2C-D1"
    assert first["indicators"][0] == {
        "id": "E2C-1A-01",
        "label": "Identifier les propos tenus dans un dialogue, une interaction",
    }
    assert sum(len(c["indicators"]) for c in competencies) == 166


def test_search_ignores_accents_and_case_and_puts_label_matches_first(client, headers):
    response = client.get("/api/v1/referentiel/search?q=ORALEMENT", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["query"] == "ORALEMENT"
    assert body["results"], "some competency talks about speaking"
    labels = [r["matched_in"] for r in body["results"]]
    assert labels == sorted(labels, key=lambda where: where != "label")
    accented = client.get("/api/v1/referentiel/search?q=écrites", headers=headers).get_json()
    plain = client.get("/api/v1/referentiel/search?q=ecrites", headers=headers).get_json()
    assert [r["id"] for r in accented["results"]] == [r["id"] for r in plain["results"]]
    assert "E2C-1A" in [r["id"] for r in plain["results"]]
    found = plain["results"][0]
    assert found["domain_label"] and found["indicators"]


def test_search_with_nothing_found_is_an_empty_list(client, headers):
    response = client.get("/api/v1/referentiel/search?q=zzzzqqq", headers=headers)
    assert response.status_code == 200
    assert response.get_json()["results"] == []


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("", "q", "obligatoire"),
        ("?q=", "q", "vide"),
        ("?q=" + "a" * 201, "q", "200 caractères"),
        ("?q=ok&x=1", "x", "n'existe pas"),
        ("?q=%00", "q", "interdits"),
    ],
)
def test_search_bad_input_is_a_french_validation_error(client, headers, query, field, words):
    response = client.get(f"/api/v1/referentiel/search{query}", headers=headers)
    assert words in fields_of(response)[field]


def test_unknown_query_parameters_are_refused_everywhere(client, headers):
    response = client.get("/api/v1/referentiel?version=1", headers=headers)
    assert fields_of(response) == {"version": "Ce paramètre n'existe pas."}


def test_unknown_api_path_and_wrong_method_answer_json(client, headers):
    response = client.get("/api/v1/nope", headers=headers)
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    response = client.delete("/api/v1/referentiel", headers=headers)
    assert response.status_code == 405 and error_of(response)["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("delete", "/api/v1/referentiel", {"GET", "HEAD", "OPTIONS"}),
        ("put", "/api/v1/traces", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("post", "/api/v1/self-assessments/latest", {"GET", "HEAD", "OPTIONS"}),
        ("put", "/api/v1/statements", {"GET", "HEAD", "OPTIONS", "POST"}),
    ],
)
def test_a_wrong_method_names_the_allowed_ones(client, headers, method, url, allowed):
    response = getattr(client, method)(url, headers=headers)
    assert response.status_code == 405 and error_of(response)["code"] == "method_not_allowed"
    assert set(response.headers["Allow"].split(", ")) == allowed
