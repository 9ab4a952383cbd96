"""One JSON line per request: its id, the endpoint's name, the status, the role; nothing personal."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from builders_traces import make_trace

from builders import login, make_user
from portfolio.models import Role
from portfolio.ops import logs


def _lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    """The request lines as the production handler writes them (its JSON formatter)."""
    handler = next(
        h for h in logging.getLogger(logs.LOGGER_NAME).handlers if isinstance(h, logs.StderrHandler)
    )
    assert handler.formatter is not None
    return [
        json.loads(handler.formatter.format(record))
        for record in caplog.records
        if record.name == logs.ACCESS_LOGGER
    ]


def test_a_request_writes_one_line_with_its_id_and_the_role(app, client, caplog):
    trainee = make_user(Role.TRAINEE, login="lea.martin")
    trace = make_trace(trainee, title="Mon stage chez Dupont")
    login(client, trainee)
    caplog.clear()
    with caplog.at_level(logging.INFO, logs.ACCESS_LOGGER):
        response = client.get(f"/portfolio/traces/{trace.id}?q=secret-query")
    assert response.status_code == 200
    [line] = _lines(caplog)
    assert line["request_id"] == response.headers["X-Request-Id"]
    assert len(line["request_id"]) == 32
    assert line["method"] == "GET"
    assert line["endpoint"] == "trainee.trace"
    assert line["status"] == 200
    assert line["role"] == "trainee"
    assert isinstance(line["duration_ms"], float)
    assert line["time"].startswith("20")
    assert line["level"] == "INFO"
    assert set(line) == {
        *("time", "level", "logger", "message", "request_id", "method"),
        *("endpoint", "status", "duration_ms", "role"),
    }
    text = json.dumps(line)
    for personal in ("lea.martin", f"/portfolio/traces/{trace.id}", "secret-query", "127.0.0.1"):
        assert personal not in text


def test_a_visitor_is_anonymous_and_a_token_in_the_path_is_not_logged(app, client, caplog):
    token = "k" * 43
    with caplog.at_level(logging.INFO, logs.ACCESS_LOGGER):
        response = client.get(f"/lien/{token}")
    assert response.status_code == 404
    [line] = _lines(caplog)
    assert line["role"] == "anonyme"
    assert line["status"] == 404
    assert token not in json.dumps(line)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("lb-7f3a9c21-0001", True),
        ("abc", False),  # too short
        ("x" * 65, False),  # too long
        ("id with spaces 1234", False),
        ("<script>alert(1)</script>", False),
        ("id;drop-table-x", False),
    ],
)
def test_an_incoming_request_id_is_kept_only_when_well_formed(app, client, caplog, sent, kept):
    with caplog.at_level(logging.INFO, logs.ACCESS_LOGGER):
        response = client.get("/sante", headers={"X-Request-Id": sent})
    returned = response.headers["X-Request-Id"]
    assert (returned == sent) is kept
    if not kept:
        assert len(returned) == 32 and returned.isalnum()
    assert _lines(caplog)[0]["request_id"] == returned


def test_an_error_is_logged_with_the_request_id_and_no_path(app, client, caplog, monkeypatch):
    def broken() -> dict[str, str]:
        raise RuntimeError("boom")

    monkeypatch.setitem(app.view_functions, "main.health", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.INFO, logs.LOGGER_NAME):
        response = client.get("/sante", headers={"X-Request-Id": "support-ticket-42"})
    assert response.status_code == 500
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.request_id == "support-ticket-42"  # type: ignore[attr-defined]
    assert error.endpoint == "main.health"  # type: ignore[attr-defined]
    assert error.exc_info is not None
    assert "/sante" not in error.getMessage()
    [line] = _lines(caplog)
    assert (line["request_id"], line["status"]) == ("support-ticket-42", 500)


def test_the_client_address_is_logged_only_when_asked(app, client, caplog):
    app.config["LOG_CLIENT_ADDRESS"] = True
    with caplog.at_level(logging.INFO, logs.ACCESS_LOGGER):
        client.get("/sante")
    assert _lines(caplog)[0]["client_address"] == "127.0.0.1"
