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


def test_postgresql_connections_run_without_parallel_workers(tmp_path: Path, monkeypatch):
    """A page's queries read a few hundred rows: starting parallel workers cost more than the
    query, and planning the same union again on each run more than running it (the reasons
    and figures: ``PG_OPTIONS`` in portfolio/config.py)."""
    from portfolio.config import load_config

    monkeypatch.delenv("PG_OPTIONS", raising=False)
    pg = load_config(str(tmp_path), {"SQLALCHEMY_DATABASE_URI": "postgresql://u@h/db"})
    options = pg["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"]["options"] == (
        "-c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_generic_plan"
    )
    assert options["pool_pre_ping"] is True  # a restarted server is still noticed
    monkeypatch.setenv("PG_OPTIONS", "-c work_mem=8MB")
    chosen = load_config(str(tmp_path), {"SQLALCHEMY_DATABASE_URI": "postgresql://u@h/db"})
    assert chosen["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"] == "-c work_mem=8MB"
    schema = load_config(
        str(tmp_path), {"SQLALCHEMY_DATABASE_URI": "postgresql://u@h/db?options=-csearch_path=s1"}
    )  # the address's own options are kept, ours added (the two-server tests use a schema)
    assert schema["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"] == (
        "-csearch_path=s1 -c work_mem=8MB"
    )
    lite = load_config(str(tmp_path), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert "connect_args" not in lite["SQLALCHEMY_ENGINE_OPTIONS"]

    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        return  # the PostgreSQL run of .ci/run checks a real connection below
    monkeypatch.delenv("PG_OPTIONS")
    real = load_config(str(tmp_path), {"SQLALCHEMY_DATABASE_URI": base})
    engine = create_engine(real["SQLALCHEMY_DATABASE_URI"], **real["SQLALCHEMY_ENGINE_OPTIONS"])
    with engine.connect() as conn:
        assert conn.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == "0"
        assert conn.execute(text("SHOW plan_cache_mode")).scalar() == "force_generic_plan"
    engine.dispose()


def _postgresql_only() -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL transactions")  # the PostgreSQL run of .ci/run checks these


def test_postgresql_pages_keep_their_prepared_statements(app, client):
    """psycopg prepares a statement at its 5th run and forgets them all at a ROLLBACK: reading
    pages end with COMMIT so a page's statements are planned once per connection."""
    _postgresql_only()
    from sqlalchemy import event

    from builders import login, make_user
    from portfolio.models import Role

    login(client, make_user(Role.TRAINEE))
    used: list[object] = []

    def remember(conn, *_args):
        used.append(conn.connection.dbapi_connection)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        for _ in range(7):
            assert client.get("/").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    connection = used[-1]
    prepared = [
        row[0] for row in connection.execute("SELECT statement FROM pg_prepared_statements")
    ]
    connection.rollback()
    assert any("FROM trace" in statement for statement in prepared), prepared


def test_postgresql_reading_pages_cannot_write(app, client):
    """A GET runs BEGIN READ ONLY (so ending it with COMMIT changes nothing); a view that
    writes while read says so with ``writes_on_read``."""
    _postgresql_only()
    from sqlalchemy.exc import DBAPIError

    from portfolio.database import writes_on_read
    from portfolio.models import Site

    site = Site(slug="lecture", name="Avant")
    db.session.add(site)
    db.session.commit()

    @app.get("/test-stray-write")
    def stray_write() -> str:
        db.session.execute(text("UPDATE site SET name = 'Après'"))
        db.session.commit()
        return "written"

    @app.get("/test-marked-write")
    @writes_on_read
    def marked_write() -> str:
        db.session.execute(text("UPDATE site SET name = 'Marqué'"))
        db.session.commit()
        return "written"

    with pytest.raises(DBAPIError, match="read-only transaction"):
        client.get("/test-stray-write")
    db.session.rollback()
    assert db.session.scalar(text("SELECT name FROM site WHERE slug = 'lecture'")) == "Avant"
    assert client.get("/test-marked-write").get_data(as_text=True) == "written"
    db.session.rollback()
    assert db.session.scalar(text("SELECT name FROM site WHERE slug = 'lecture'")) == "Marqué"


def _setting_when_writing(table: str):
    """A listener that reads ``synchronous_commit`` on the connection about to write ``table``
    (in the request's transaction, right before the INSERT), and what it found."""
    found: list[str] = []

    def look(conn, _cursor, statement: str, *_args) -> None:
        if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()}"):
            setting = conn.connection.dbapi_connection.execute("SHOW synchronous_commit")
            found.append(setting.fetchone()[0])

    return look, found


def test_postgresql_pages_recording_reads_commit_without_waiting_for_the_disk(app, client):
    """The referent's gap page writes only who read it (``records_reading``): its transaction
    commits without waiting for the disk's flush; a view that writes anything else on a GET
    (``writes_on_read``), and every form, still waits for it."""
    _postgresql_only()
    from builders_referent import team
    from sqlalchemy import event

    from builders import login
    from portfolio.database import writes_on_read

    _site, referent, trainee = team()

    @app.get("/test-other-write")
    @writes_on_read
    def other_write() -> str:
        db.session.execute(
            text(
                "INSERT INTO read_audit (trainee_id, reader_id, reader_role, kind, at)"
                " VALUES (:t, :r, 'referent', 'file', now())"
            ),
            {"t": trainee.id, "r": referent.id},
        )
        db.session.commit()
        return "written"

    login(client, referent)
    look, found = _setting_when_writing("read_audit")
    event.listen(db.engine, "before_cursor_execute", look)
    try:
        assert client.get(f"/referent/stagiaires/{trainee.id}/ecart").status_code == 200
        assert client.get("/test-other-write").get_data(as_text=True) == "written"
    finally:
        event.remove(db.engine, "before_cursor_execute", look)
    assert found == ["off", "on"]
    db.session.rollback()
    # The record is kept all the same (committed, not waited for).
    kept = db.session.scalars(
        text("SELECT kind FROM read_audit WHERE reader_id = :r"), {"r": referent.id}
    )
    assert sorted(kept) == ["file", "gaps"]


def test_pages_recording_reads_may_write_nothing_else(app, client):
    """A view marked ``records_reading`` that writes to any other table fails in the tests
    (on both databases), and what it wrote is not kept."""
    from portfolio.database import READING_RECORDS, WriteBeyondReadingRecords, records_reading
    from portfolio.models import Site

    site = Site(slug="lecture-seule", name="Avant")
    db.session.add(site)
    db.session.commit()

    @app.get("/test-reading-writes-more")
    @records_reading
    def writes_more() -> str:
        db.session.execute(text("UPDATE site SET name = 'Après' WHERE slug = 'lecture-seule'"))
        db.session.commit()
        return "written"

    with pytest.raises(WriteBeyondReadingRecords, match="writes to site"):
        client.get("/test-reading-writes-more")
    db.session.rollback()
    assert db.session.scalar(text("SELECT name FROM site WHERE slug = 'lecture-seule'")) == "Avant"
    assert "site" not in READING_RECORDS and "read_audit" in READING_RECORDS
