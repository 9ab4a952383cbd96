"""Storage: SQLite with WAL and concurrent writers, migrations that match the models."""

from __future__ import annotations

import logging
import multiprocessing
import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from dbtools import database_url
from portfolio.extensions import db


def _writer(url: str, instance: str, worker: int, rows: int, queue: multiprocessing.Queue) -> None:
    """One "gunicorn worker": its own app and engine, read-then-write transactions."""
    from portfolio import create_app
    from portfolio.models import AuditEvent

    os.environ["E2C_INSTANCE_PATH"] = instance
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    errors = []
    with app.app_context():
        for i in range(rows):
            try:
                db.session.execute(text("SELECT count(*) FROM audit_event")).scalar()
                db.session.add(AuditEvent(action="concurrency", detail=f"{worker}-{i}"))
                db.session.commit()
            except Exception as err:
                db.session.rollback()
                errors.append(repr(err))
        db.engine.dispose()
    queue.put(errors)


def test_two_workers_writing_at_once_never_see_database_is_locked(tmp_path: Path):
    from portfolio.models import Base

    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(url, str(tmp_path), w, 150, queue)) for w in range(3)
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    assert results == [[], [], []]
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_event")).scalar() == 450
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_sqlite_connections_use_wal_and_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")  # the PostgreSQL run checks the same app on PostgreSQL
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_pages_open_while_someone_else_is_writing(app, client, db_url: str):
    """On SQLite a page that only reads does not wait for a writer (nor a writer for it)."""
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite locking")  # PostgreSQL readers never wait for writers
    from builders import login, make_user
    from portfolio.models import Role

    trainee = make_user(Role.TRAINEE)
    login(client, trainee)
    writer = create_engine(db_url).connect()
    try:
        writer.exec_driver_sql("BEGIN IMMEDIATE")  # another process holds the write lock
        writer.exec_driver_sql("UPDATE site SET name = name")
        response = client.get("/")  # would wait 15 s, then fail, if reads took the lock
        assert response.status_code == 200 and "Où j'en suis" in response.get_data(as_text=True)
        writer.exec_driver_sql("ROLLBACK")
    finally:
        writer.close()


def test_migrations_match_models_and_go_down_and_up(tmp_path: Path, monkeypatch):
    from flask_migrate import downgrade, upgrade

    from portfolio import create_app
    from portfolio.models import Base

    url = database_url(tmp_path, name="migrations")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        # Real data in every table the demo fills: downgrades must cope with rows and links.
        from portfolio.demo import seed_demo

        seed_demo()
        db.session.commit()
        db.session.remove()
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
        assert diff == [], f"models and migrations disagree: {diff}"
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        upgrade()
        with db.engine.connect() as conn:
            assert "user_account" in inspect(conn).get_table_names()
        db.engine.dispose()


def test_running_the_migrations_leaves_the_apps_request_log_on(tmp_path: Path):
    """Migrations run inside a live process (tests, a deploy hook): Alembic's logging set-up
    must not switch off the app's loggers (it did: every later request went unlogged)."""
    from flask_migrate import upgrade

    from portfolio import create_app
    from portfolio.ops import logs

    url = database_url(tmp_path, name="migration_logs")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    access = logging.getLogger(logs.ACCESS_LOGGER)  # there already, as in a live process
    with app.app_context():
        upgrade()
        db.engine.dispose()
    seen: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = seen.append  # type: ignore[method-assign]
    access.addHandler(handler)
    try:
        assert app.test_client().get("/connexion").status_code == 200
    finally:
        access.removeHandler(handler)
    assert [record.getMessage() for record in seen] == ["requete"]
