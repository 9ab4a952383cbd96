"""Prometheus metrics: counted as the service works, shown to operators only (404 otherwise)."""

from __future__ import annotations

import pytest
from builders_game import bearer, game_token, statement
from builders_traces import make_trace
from prometheus_client.parser import text_string_to_metric_families

from builders import login, make_user
from portfolio.models import Role

TOKEN = "ops-secret-4f9a2c"


@pytest.fixture
def ops_app(app):
    app.config["OPS_TOKEN"] = TOKEN
    return app


def _metrics(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metriques", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for sample in family.samples
    }


def _value(samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": "Bearer "},
    ],
    ids=["none", "wrong", "not-bearer", "longer", "empty"],
)
def test_without_the_operator_token_the_page_does_not_exist(ops_app, client, headers):
    response = client.get("/metriques", headers=headers)
    assert response.status_code == 404
    assert "e2c_http" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", list(Role))
def test_no_role_of_the_site_reads_the_metrics(ops_app, client, role):
    login(client, make_user(role))
    assert client.get("/metriques").status_code == 404


def test_nothing_configured_lets_nobody_in(app, client):
    assert app.config["OPS_TOKEN"] == ""
    assert client.get("/metriques", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.parametrize(
    ("networks", "status"),
    [("127.0.0.0/8", 200), ("10.0.0.0/8, ::1", 404), ("10.0.0.0/8, 127.0.0.1", 200), ("x", 404)],
)
def test_an_operator_network_reads_them_without_a_token(app, client, networks, status):
    app.config["OPS_NETWORKS"] = networks
    assert client.get("/metriques").status_code == status


def test_requests_are_timed_by_endpoint_and_status_class(ops_app, client):
    before = _metrics(client)
    client.get("/sante")
    client.get("/sante")
    client.get("/nulle-part/42")
    after = _metrics(client)
    name = "e2c_http_request_duration_seconds_count"
    assert _value(after, name, endpoint="main.health", status_class="2xx") == (
        _value(before, name, endpoint="main.health", status_class="2xx") + 2
    )
    assert _value(after, name, endpoint="-", status_class="4xx") == (
        _value(before, name, endpoint="-", status_class="4xx") + 1
    )
    assert not any("nulle-part" in str(key) or "42" in dict(key[1]).values() for key in after)


def test_errors_are_counted(ops_app, client, monkeypatch):
    def broken() -> dict[str, str]:
        raise RuntimeError("boom")

    monkeypatch.setitem(ops_app.view_functions, "main.health", broken)
    ops_app.config["PROPAGATE_EXCEPTIONS"] = False
    before = _value(_metrics(client), "e2c_http_errors_total", endpoint="main.health")
    assert client.get("/sante").status_code == 500
    after = _value(_metrics(client), "e2c_http_errors_total", endpoint="main.health")
    assert after == before + 1


def test_game_statements_and_photos_stored_are_counted(ops_app, client):
    trainee = make_user(Role.TRAINEE)
    before = _metrics(client)
    first, second = statement(trainee), statement(trainee)
    url = "/api/v1/statements"
    assert (
        client.post(url, json=[first, second], headers=bearer(game_token(trainee))).status_code
        == 200
    )
    # The same batch again: duplicates, not new statements.
    client.post(url, json=[first, second], headers=bearer(game_token(trainee)))
    make_trace(trainee, photos=3)
    after = _metrics(client)
    ingested = "e2c_game_statements_ingested_total"
    assert _value(after, ingested) == _value(before, ingested) + 2
    photos = "e2c_photos_stored_total"
    assert _value(after, photos) == _value(before, photos) + 3
