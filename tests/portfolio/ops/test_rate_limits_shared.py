"""Rate limits across servers: exact with Redis, refused per process behind several workers.

Two app servers run in two processes (one limiter each, as two gunicorn masters would) on one
database and one Redis. The login allows 10 attempts a minute per address: across both
servers exactly 10 pass. The same run with per-process counters (``memory://``) lets 20
through: that was the bug, and it shows this test can fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine

from builders import PASSWORD, make_user
from dbtools import database_url
from portfolio import create_app
from portfolio.extensions import db
from portfolio.models import Base
from portfolio.ops.ratelimit import PerProcessLimitsRefused

ROOT = Path(__file__).resolve().parents[3]
SERVE = Path(__file__).with_name("serve.py")


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[[dict[str, Any]], str]]:
    url = database_url(tmp_path, "servers")
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    started: list[subprocess.Popen[str]] = []

    def start(overrides: dict[str, Any]) -> str:
        name = f"server{len(started)}"
        config = {
            "SECRET_KEY": "two-servers",
            "SQLALCHEMY_DATABASE_URI": url,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "WTF_CSRF_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            **overrides,
        }
        env = {**os.environ, "PYTHONPATH": str(ROOT), "E2C_INSTANCE_PATH": str(tmp_path / name)}
        process = subprocess.Popen(
            [sys.executable, str(SERVE), json.dumps(config)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        started.append(process)
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        assert port.isdigit(), f"{name} did not start"
        return f"http://127.0.0.1:{port}"

    yield start
    for process in started:
        process.kill()
        process.wait(timeout=10)


def _attempts_let_through(servers: list[str], attempts: int) -> int:
    passed = 0
    with requests.Session() as http:
        for n in range(attempts):
            response = http.post(
                servers[n % len(servers)] + "/connexion",
                data={"login": "lea.martin", "password": "pas-le-bon"},
                timeout=10,
            )
            assert response.status_code in (200, 429), response.status_code
            passed += response.status_code == 200
    return passed


def test_two_servers_on_one_redis_let_exactly_the_limit_through(
    start_server, redis_url, key_prefix
):
    shared = {"RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_KEY_PREFIX": key_prefix}
    servers = [start_server(shared), start_server(shared)]
    assert _attempts_let_through(servers, 20) == 10


def test_per_process_counters_let_twice_the_limit_through(start_server):
    """What Redis fixes: each process counts alone (the reason for the start-up refusal)."""
    local = {"RATELIMIT_STORAGE_URI": "memory://"}
    servers = [start_server(local), start_server(local)]
    assert _attempts_let_through(servers, 20) == 20


# -- the start-up refusal --------------------------------------------------------------------


def _config(db_url: str, tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "refusal",
        "SQLALCHEMY_DATABASE_URI": db_url,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        **overrides,
    }


def test_several_workers_with_per_process_counters_refuse_to_start(db_url, tmp_path):
    with pytest.raises(PerProcessLimitsRefused) as refused:
        create_app(_config(db_url, tmp_path, WORKERS=2, RATELIMIT_STORAGE_URI="memory://"))
    message = str(refused.value)
    assert "Le service ne démarre pas : 2 processus" in message
    assert "RATELIMIT_STORAGE_URI=redis://" in message
    assert "RATELIMIT_PER_PROCESS_OK=1" in message


def test_web_concurrency_is_read_as_the_number_of_workers(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.delenv("WORKERS", raising=False)
    with pytest.raises(PerProcessLimitsRefused, match="3 processus"):
        create_app(_config(db_url, tmp_path))


def test_gunicorn_with_two_workers_and_per_process_counters_stops_with_the_reason(tmp_path):
    """The real start-up: ``-w 2`` reaches the app through gunicorn.conf.py (no variable set)."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("WORKERS", "WEB_CONCURRENCY", "RATELIMIT_STORAGE_URI")
    }
    env |= {"PYTHONPATH": str(ROOT), "E2C_INSTANCE_PATH": str(tmp_path / "instance")}
    result = subprocess.run(
        [str(gunicorn), "-w", "2", "-b", "127.0.0.1:0", "portfolio:create_app()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Le service ne démarre pas : 2 processus sont annoncés" in result.stderr


@pytest.mark.parametrize(
    "overrides",
    [
        {"WORKERS": 2, "RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_PER_PROCESS_OK": True},
        {"WORKERS": 2, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"},
        {"WORKERS": 1, "RATELIMIT_STORAGE_URI": "memory://"},
    ],
    ids=["said-on-purpose", "redis", "one-worker"],
)
def test_the_service_starts_when_counts_are_shared_or_it_is_said(db_url, tmp_path, overrides):
    app = create_app(_config(db_url, tmp_path, **overrides))
    assert app.config["WORKERS"] == overrides["WORKERS"]


# -- Redis down --------------------------------------------------------------------------------


@pytest.fixture
def app_without_redis(db_url: str, tmp_path: Path) -> Iterator[Any]:
    """Port 1 answers nobody: the limiter's Redis is down from the first request."""
    app = create_app(
        _config(
            db_url,
            tmp_path,
            WTF_CSRF_ENABLED=False,
            SERVER_NAME="localhost",
            RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
        )
    )
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())


def test_with_redis_down_the_login_still_works(app_without_redis):
    make_user(login="lea.martin")
    db.session.commit()
    client = app_without_redis.test_client()
    response = client.post("/connexion", data={"login": "lea.martin", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_with_redis_down_the_login_is_still_limited_in_each_process(app_without_redis):
    client = app_without_redis.test_client()
    statuses = [
        client.post("/connexion", data={"login": "lea", "password": "x"}).status_code
        for _ in range(11)
    ]
    assert statuses == [200] * 10 + [429]
    refused = client.post("/connexion", data={"login": "lea", "password": "x"})
    assert refused.status_code == 429
    assert "Attendez une minute, puis réessayez." in refused.get_data(as_text=True)
