"""GET /api/v1/interview/questions: the interview question bank for programs."""

from __future__ import annotations

import pytest
from builders_api import READ, bearer, error_of, fields_of, make_token

from builders import make_user
from portfolio.models import Role


@pytest.fixture
def headers():
    return bearer(make_token(make_user(Role.TRAINEE), {READ}))


def test_general_questions_and_those_of_the_domain(client, headers):
    response = client.get("/api/v1/interview/questions?domain=F", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["domain"] == "F"
    domains = {tuple(q["domains"]) for q in body["questions"]}
    assert domains == {(), ("F",)}
    first = body["questions"][0]
    assert first["id"] == "gen-vous" and first["text"] == "Parlez-moi de vous."
    assert first["text_en"] == "Tell me about yourself." and first["tip"] and first["tip_en"]
    assert "E2C-1C" in first["competencies"]
    everything = client.get("/api/v1/interview/questions", headers=headers).get_json()
    assert everything["domain"] is None and len(everything["questions"]) >= 60


def test_unknown_domain_or_parameter_gets_a_400(client, headers):
    assert "domain" in fields_of(
        client.get("/api/v1/interview/questions?domain=Z", headers=headers)
    )
    assert "lettre" in fields_of(
        client.get("/api/v1/interview/questions?lettre=F", headers=headers)
    )


def test_a_token_is_needed(client):
    response = client.get("/api/v1/interview/questions")
    assert response.status_code == 401 and error_of(response)["code"] == "invalid_token"


def test_the_document_describes_the_bank(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/interview/questions"]["get"]
    assert operation["operationId"] == "listInterviewQuestions"
    assert [p["name"] for p in operation["parameters"]] == ["domain"]
    assert "InterviewQuestions" in document["components"]["schemas"]
