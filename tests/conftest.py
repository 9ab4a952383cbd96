"""Fresh app and clean database per test, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.

On PostgreSQL each xdist worker gets its own schema, so workers never see each other's rows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
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


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[Any]:
    from portfolio import create_app
    from portfolio.extensions import db, limiter
    from portfolio.services.frameworks import _snapshot_from_db

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": db_url,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
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
