"""Fresh app and clean database per test, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.

On PostgreSQL each xdist worker gets its own schema, so workers never see each other's rows.
Files go to a fresh folder per test, or, with ``TEST_STORAGE_URL=s3://bucket/prefix``, to a
fresh prefix of that bucket on the real S3 server of `s3_server` (tests/s3server.py).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from s3server import BUCKET, S3Server, ServerDidNotStart, start_weed, stop, wait_until_ready
from sqlalchemy import create_engine

from dbtools import database_url

ROOT = Path(__file__).resolve().parent.parent

# Hundreds of accounts are made and logged in here: full argon2 would cost minutes and prove
# nothing more. Every app of the suite (and every server it starts) hashes cheaply;
# tests/portfolio/auth/test_passwords_production.py checks the production profile.
os.environ["PASSWORD_HASHING"] = "insecure-fast-for-tests"


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from portfolio.models import Base

    url = database_url(tmp_path_factory.mktemp("db"))
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    return url


class FreshRequestClient(FlaskClient):
    """Each request starts as in production: no cached login in ``g``, its own transaction.

    The test keeps one app context open (so builders and assertions can use the session), and
    Flask reuses it for the requests; without this, ``g`` and the identity map would leak
    from one request to the next.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        from flask import g

        from portfolio.extensions import db

        g.pop("_login_user", None)
        g.pop("_flask_babel", None)  # the language is chosen again for each request
        # In production each request has its own session and transaction; here the app
        # context (and so the session) outlives the request. End the test's transaction
        # before, and drop whatever the request left uncommitted after, as a real request's
        # teardown does.
        db.session.commit()
        try:
            return super().open(*args, **kwargs)
        finally:
            db.session.rollback()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """A real S3 server: ``TEST_S3_ENDPOINT`` (CI) or SeaweedFS started here, once per session.

    Never skipped: a server that does not answer fails the tests that need it, with its log.
    """
    from portfolio.storage.s3 import parse_s3_url

    url = os.environ.get("TEST_STORAGE_URL")
    bucket = parse_s3_url(url)[0] if url else BUCKET
    endpoint = os.environ.get("TEST_S3_ENDPOINT")
    if endpoint:
        server = S3Server(endpoint, bucket=bucket)
        try:
            wait_until_ready(server, timeout=10)
        except ServerDidNotStart as err:
            pytest.fail(f"TEST_S3_ENDPOINT does not answer: {err}", pytrace=False)
        yield server
        return
    started = time.monotonic()
    try:
        process, endpoint, log = start_weed(tmp_path_factory.mktemp("seaweedfs"))
    except ServerDidNotStart as err:
        pytest.fail(str(err), pytrace=False)
    try:
        wait_until_ready(S3Server(endpoint, bucket=bucket), process=process, log=log)
    except ServerDidNotStart as err:
        stop(process)
        pytest.fail(str(err), pytrace=False)
    try:
        yield S3Server(endpoint, bucket=bucket, start_seconds=time.monotonic() - started)
    finally:
        stop(process)


def _storage_config(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    """A fresh folder, or a fresh prefix of the TEST_STORAGE_URL bucket, for one test."""
    url = os.environ.get("TEST_STORAGE_URL")
    config: dict[str, Any] = {"UPLOAD_FOLDER": str(tmp_path / "uploads"), "STORAGE_URL": ""}
    if url:
        server: S3Server = request.getfixturevalue("s3_server")
        config.update(server.config(f"{url.rstrip('/')}/t{uuid.uuid4().hex}"))
    return config


@pytest.fixture
def app(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    from portfolio import create_app
    from portfolio.extensions import db, limiter
    from portfolio.services.frameworks import _snapshot_from_db

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": db_url,
            **_storage_config(request, tmp_path),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "SERVER_NAME": "localhost",
        }
    )
    app.test_client_class = FreshRequestClient
    limiter.reset()
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables(db)
        db.engine.dispose()
    # Stored framework versions never change in a real database, so their snapshots are kept
    # per process; here every test empties the tables, so the next one starts without them.
    _snapshot_from_db.cache_clear()


def _empty_tables(db: Any) -> None:
    from portfolio.models import Base

    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def csrf_app(app: Any) -> Any:
    app.config["WTF_CSRF_ENABLED"] = True
    return app
