"""The API accepts what its published OpenAPI document calls valid, as schemathesis judges it.

Schemathesis runs in-process against the WSGI app, with a trainee's bearer token, in all
its phases (the document's examples, coverage of edge values and unexpected methods,
random fuzzing), with valid data only, and every default check, among them
``positive_data_acceptance`` (a request the document calls valid is not refused: only 2xx,
401, 403 and 404 count as accepting) and ``unsupported_method`` (a 405 names the allowed
methods in ``Allow``). Invalid data is the business of test_api_openapi.py.

A few rules depend on stored data or on today's date, or tie fields together, and the
document tells them in words rather than as JSON Schema: a link code that was never issued, a
trace id that is not the trainee's, a date in the future, an indicator of another competency,
what a complete trace needs. A valid-looking request refused for exactly one of those reasons
is not held against the API; any other refusal is.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
import schemathesis
from builders_api import READ, WRITE, bearer, make_token
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from builders import make_user
from portfolio.extensions import db
from portfolio.models import Role, TraceContext
from portfolio.services import assessments
from portfolio.trainee import services as traces

MAX_EXAMPLES = 10

# The refusals that depend on stored data or on the date, or that tie two fields together,
# which the document tells in words: (operation or "*", field pattern, message).
COMPLETE_TRACE = {
    "happened_on": "Indiquez la date.",
    "context": "Choisissez où cela s'est passé.",
    "body": "Racontez en quelques phrases ce que vous avez fait.",
    "competencies": "Choisissez au moins une compétence.",
    "company_name": "Pour un stage, indiquez le nom de l'entreprise.",
}
TOLD_IN_WORDS = [
    ("GET /traces", "to", "La date de fin doit être le même jour ou après la date de début."),
    ("*", "happened_on", "La date ne peut pas être dans le futur."),
    ("*", "happened_on", "La date est trop ancienne."),
    (
        "*",
        r"competencies\[\d+\]\.indicators\[\d+\]",
        "Cet indicateur n'appartient pas à cette compétence.",
    ),
    (
        "POST /self-assessments",
        "trace_ids",
        "Une des traces choisies n'existe pas dans votre portfolio.",
    ),
    *(("*", field, message) for field, message in COMPLETE_TRACE.items()),
]


def refused_as_told(label: str, response) -> bool:
    """True if ``response`` refuses only for reasons the document tells in words."""
    if response.status_code != 400:
        return False
    error = response.json()["error"]
    if label == "POST /game/link":  # a well-formed code that was never issued
        return bool(error["code"] == "invalid_code")
    details = error.get("details") or []
    return (
        error["code"] == "validation_error"
        and bool(details)
        and all(
            any(
                operation in {label, "*"}
                and re.fullmatch(field, detail["field"])
                and detail["message"] == message
                for operation, field, message in TOLD_IN_WORDS
            )
            for detail in details
        )
    )


@pytest.fixture
def secret(app):
    """A trainee with one complete trace and one self-assessment, and a read+write token."""
    trainee = make_user(Role.TRAINEE)
    trace = traces.create_trace(
        trainee,
        traces.TraceData(
            title="Atelier cuisine",
            body="J'ai préparé le repas pour le groupe.",
            happened_on=date(2025, 3, 14),
            context=TraceContext.WORKSHOP,
            competency_ids=["E2C-1A"],
        ),
    )
    assessments.record_self_assessment(trainee, "E2C-1A", 2, "Ça va mieux.", [trace.id])
    db.session.commit()
    return make_token(trainee, {READ, WRITE})


@pytest.fixture
def api_schema(app, secret):
    app.config["API_WRITE_RATE_LIMIT"] = "100000 per minute"
    app.config["GAME_LINK_RATE_LIMIT"] = "100000 per minute"
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    loaded.config.update(headers=bearer(secret))
    loaded.config.generation.update(
        max_examples=MAX_EXAMPLES, deterministic=True, modes=[schemathesis.GenerationMode.POSITIVE]
    )
    return loaded


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_api_keeps_to_its_document(case, client, secret):
    if case.media_type == "multipart/form-data" and not isinstance(case.body, dict):
        return  # a form that is not a set of fields: the WSGI test client cannot send it
    # Sent through the test client, so each request runs in its own database session.
    response = case.call(session=client, headers=bearer(secret))
    excluded = []
    if refused_as_told(case.operation.label, response):
        excluded.append(positive_data_acceptance)
    case.validate_response(response, headers=bearer(secret), excluded_checks=excluded)
