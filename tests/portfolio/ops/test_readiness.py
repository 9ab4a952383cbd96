"""Liveness and readiness: /sante touches nothing, /sante/pret asks the database, files, Redis."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from portfolio.extensions import db
from portfolio.trainee.services import photos


def _ready(client):
    response = client.get("/sante/pret")
    assert response.headers["Cache-Control"] == "no-store"
    return response.status_code, response.get_json()


def test_with_every_part_up_the_server_is_ready(app, client, redis_url):
    app.config["RATELIMIT_STORAGE_URI"] = redis_url
    status, body = _ready(client)
    assert status == 200
    assert body == {
        "status": "ok",
        "parts": {"database": "ok", "storage": "ok", "redis": "ok"},
    }


def test_without_redis_configured_it_is_said_and_not_counted_as_down(app, client):
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    status, body = _ready(client)
    assert status == 200
    assert body["parts"]["redis"] == "not_configured"


def test_a_redis_that_does_not_answer_makes_the_server_not_ready(app, client):
    app.config["RATELIMIT_STORAGE_URI"] = "redis://:hunter2-secret@127.0.0.1:1/0"
    response = client.get("/sante/pret")
    assert response.status_code == 503
    body = response.get_json()
    assert body == {
        "status": "unavailable",
        "parts": {"database": "ok", "storage": "ok", "redis": "down"},
    }
    text = response.get_data(as_text=True)
    assert "hunter2" not in text and "127.0.0.1" not in text


def test_a_database_that_does_not_answer_makes_the_server_not_ready(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("db down"))

    monkeypatch.setattr(db.session, "execute", refuse)
    status, body = _ready(client)
    assert status == 503
    assert body["parts"]["database"] == "down"
    assert "db down" not in str(body)


class _CheckingStore:
    """An object store with its own ``check()`` (the S3 backend's kind)."""

    def __init__(self, answer: object) -> None:
        self.answer = answer

    def check(self) -> object:
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


class _PlainStore:
    """A store with only ``exists()`` (the local folder's kind)."""

    def __init__(self, error: Exception | None) -> None:
        self.error = error
        self.asked: list[str] = []

    def exists(self, key: str) -> bool:
        self.asked.append(key)
        if self.error:
            raise self.error
        return False


@pytest.mark.parametrize(
    ("store", "state"),
    [
        (_CheckingStore(None), "ok"),
        (_CheckingStore(False), "down"),
        (_CheckingStore(ConnectionError("bucket unreachable")), "down"),
        (_PlainStore(None), "ok"),
        (_PlainStore(PermissionError("no access")), "down"),
    ],
    ids=["check-ok", "check-false", "check-raises", "exists-ok", "exists-raises"],
)
def test_the_file_store_is_asked_through_whatever_it_offers(client, monkeypatch, store, state):
    monkeypatch.setattr(photos, "photo_storage", lambda: store)
    status, body = _ready(client)
    assert body["parts"]["storage"] == state
    assert status == (200 if state == "ok" else 503)
    if isinstance(store, _PlainStore):
        assert store.asked == ["sante/" + "0" * 32]


def test_liveness_touches_no_part(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("/sante must not query the database")

    monkeypatch.setattr(db.session, "execute", refuse)
    response = client.get("/sante")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
