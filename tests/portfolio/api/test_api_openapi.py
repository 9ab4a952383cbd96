"""The OpenAPI document: it describes exactly the API's routes, and the API keeps to it.

Schemathesis (in-process, WSGI, no network) sends generated requests, valid and invalid,
with a real token, and checks every answer against the document: status code, content
type, headers, body schema, and that nothing answers 500.
"""

from __future__ import annotations

import pytest
import schemathesis
from builders_api import READ, WRITE, bearer, make_token, trainee_with_a_trace_and_a_level
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from portfolio.api.openapi import api_routes

MAX_EXAMPLES = 12


def test_document_is_public_json_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["bearer"]["description"],
    }
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    assert error["properties"]["error"]["required"] == ["code", "message"]


def test_document_paths_and_methods_equal_the_url_map(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    described = {
        path: {m for m in item if m in {"get", "post", "put", "patch", "delete"}}
        for path, item in document["paths"].items()
    }
    # Written by hand from the url_map, not through api_routes(), so a bug there shows.
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = rule.rule.removeprefix("/api/v1")
            for converter in ("<int:", "<"):
                path = path.replace(converter, "{")
            path = path.replace(">", "}")
            routes.setdefault(path, set()).update(
                m.lower() for m in rule.methods if m not in {"HEAD", "OPTIONS"}
            )
    assert described == routes
    assert routes == api_routes(app)
    # The portfolio's endpoints are all there.
    assert {
        "/referentiel",
        "/referentiel/search",
        "/traces",
        "/traces/{trace_id}",
        "/traces/{trace_id}/photos",
        "/traces/{trace_id}/photos/{photo_id}",
        "/self-assessments",
    } <= set(described)


def test_every_operation_documents_its_errors_and_security(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            where = f"{method.upper()} {path}"
            assert operation["operationId"], where
            if operation["security"]:  # token needed: 401 and 403 documented
                assert {"401", "403"} <= set(operation["responses"]), where
            if "requestBody" in operation and operation["security"]:
                assert {"400", "413"} <= set(operation["responses"]), where


@pytest.fixture
def trainee_with_data(app):
    return trainee_with_a_trace_and_a_level()


def _hypothesis_fits_schemathesis() -> None:
    # hypothesis-jsonschema 0.23.1 (schemathesis 4.3) calls ``many.more()``, which
    # hypothesis removed in 6.170.10: generation of any object then fails deep inside.
    from hypothesis.internal.conjecture import utils

    if not hasattr(utils.many, "more"):
        pytest.fail(
            "hypothesis is too new for hypothesis-jsonschema 0.23.1 (used by schemathesis): "
            "pin hypothesis==6.170.9 in the dev dependencies."
        )


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_schemathesis_finds_no_gap_between_document_and_api(app, trainee_with_data, mode):
    _hypothesis_fits_schemathesis()
    app.config["API_WRITE_RATE_LIMIT"] = "100000 per minute"
    app.config["GAME_LINK_RATE_LIMIT"] = "100000 per minute"
    secret = make_token(trainee_with_data, {READ, WRITE})
    client = app.test_client()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    checks = [
        schemathesis.checks.not_a_server_error,
        openapi_checks.status_code_conformance,
        openapi_checks.content_type_conformance,
        openapi_checks.response_schema_conformance,
        openapi_checks.response_headers_conformance,
        openapi_checks.ignored_auth,  # a success is retried without, then with a bad, token
    ]
    if mode is GenerationMode.NEGATIVE:
        checks.append(openapi_checks.negative_data_rejection)
    tested: set[str] = set()
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]
        try:
            _fuzz(operation, mode, client, bearer(secret), checks)
        except Unsatisfiable:
            # Nothing to make invalid (no parameter, no body): only in negative mode.
            assert mode is GenerationMode.NEGATIVE, operation.label
        else:
            tested.add(operation.label)
    assert {"POST /traces", "PATCH /traces/{trace_id}", "POST /self-assessments"} <= tested
    if mode is GenerationMode.POSITIVE:
        assert {"GET /referentiel", "GET /traces", "POST /traces/{trace_id}/photos"} <= tested


def _fuzz(operation, mode, client, headers, checks):
    """Send generated requests for one operation and check every answer."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        # Batches of up to 500 game statements are slow to generate: a few suffice.
        max_examples=2 if operation.label == "POST /statements" else MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        if case.media_type == "multipart/form-data" and not isinstance(case.body, dict):
            return  # the WSGI test client cannot even send such a form
        # The token also goes into the case, so the checks judge what was really sent.
        case.headers = {**(case.headers or {}), **headers}
        case.call_and_validate(session=client, headers=headers, checks=checks)

    run()
