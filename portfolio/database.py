"""Engine settings per backend: SQLite gets WAL and a busy timeout so concurrent writers wait.

On SQLite, requests that only read (GET, HEAD, OPTIONS) open a plain deferred transaction:
in WAL mode they read a snapshot and never wait for a writer nor make one wait. Every other
transaction (forms, API writes, CLI commands, the few pages that write while being read,
marked with :func:`writes_on_read`) takes the write lock at BEGIN so writers queue.

On PostgreSQL, the same requests run ``BEGIN READ ONLY`` (a stray write fails there as the
tests make it fail on SQLite) and end with COMMIT, which for a transaction that cannot write
is the same as a rollback. The reason is speed: psycopg forgets every prepared statement on
a ROLLBACK, and every request ended with one, so the statements of a page were planned again
on each visit (the referent's news: 3.6 ms of planning for 1.3 ms of work). Kept, they are
planned once per connection.

Pages that write only the record of their own reading (who opened a trainee's file, the
referent's last visit, a thread read up to a message: :data:`READING_RECORDS`), marked with
:func:`records_reading`, commit on PostgreSQL without waiting for the disk
(``synchronous_commit`` off for that transaction only). Waiting for the disk's flush held each
such page 0.4 ms (median) to 2 ms (p95) for a row whose loss matters little: if the database
server itself crashes, the last fraction of a second of such records (at most three times
``wal_writer_delay``, 0.6 s by default) may be lost; the database stays consistent and nothing
else is affected. SQLite in WAL mode with ``synchronous=NORMAL`` already commits that way.
In the tests such a page may write to no other table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.sql.base import Executable

from portfolio.extensions import db

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

F = TypeVar("F", bound=Callable[..., Any])


def writes_on_read(view: F) -> F:
    """Mark a view that writes during a GET (a view log, a "last seen" date).

    Put it right under ``@bp.route``, so that it marks the function Flask registers.
    """
    view.writes_on_read = True  # type: ignore[attr-defined]
    return view


# What a page marked with :func:`records_reading` may write: records of the reading itself.
READING_RECORDS: Final = frozenset(
    {"read_audit", "referent_visit", "conversation_read", "showcase_view"}
)


def records_reading(view: F) -> F:
    """Mark a view whose only writes during a GET record the reading itself (a read audit,
    a last visit, a "seen" mark: tables in :data:`READING_RECORDS`); it writes on read
    (:func:`writes_on_read`) and commits without waiting for the disk on PostgreSQL.

    Put it right under ``@bp.route``, as :func:`writes_on_read`.
    """
    view.records_reading = True  # type: ignore[attr-defined]
    return writes_on_read(view)


def read(statement: Executable, params: Mapping[str, Any] | None = None) -> CursorResult[Any]:
    """Run a Core SELECT of columns (not of ORM entities) in the session's transaction.

    What ``db.session.execute`` does for such a statement, without the ORM's execution layer
    (its options, events and result wrapping: about 0.1 ms a statement, and a page runs five
    to nine): pending changes are flushed first, as the session's autoflush would.
    """
    session = db.session()  # the request's Session itself, as Session.execute would use it
    if session.autoflush:
        session.flush()  # nothing pending (the usual case on a page): returns at once
    return session.connection().execute(statement, params)


def _reading_view_flag(flag: str) -> bool | None:
    """None outside a GET/HEAD/OPTIONS request; inside one, whether its view carries ``flag``
    (set by :func:`writes_on_read` or :func:`records_reading`)."""
    if not has_request_context() or request.method not in READ_METHODS:
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, flag, False))


def is_read_only_request() -> bool:
    """True inside a GET/HEAD/OPTIONS request whose view is not marked as writing."""
    return _reading_view_flag("writes_on_read") is False


def is_reading_record_request() -> bool:
    """True inside a GET/HEAD/OPTIONS request whose view is marked with
    :func:`records_reading`."""
    return _reading_view_flag("records_reading") is True


def configure_engine(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        if app.config.get("TESTING"):
            _refuse_writes_in_read_transactions(engine)
    elif engine.dialect.driver == "psycopg":
        _configure_psycopg(engine)
    if app.config.get("TESTING"):
        _refuse_other_writes_when_recording_reads(engine)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    # pysqlite opens transactions lazily and in DEFERRED mode; two writers that both read
    # first then deadlock on the upgrade to a write lock ("database is locked") and the busy
    # timeout cannot help. Taking the write lock at BEGIN (IMMEDIATE) makes writers queue.
    # Read-only requests stay DEFERRED: with WAL they neither wait nor block (taking the
    # write lock for them made every page queue behind every other one).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" event emit BEGIN itself
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if is_read_only_request():
            conn.info["read_only"] = f"{request.method} {request.endpoint}"
            conn.exec_driver_sql("BEGIN")
        else:
            conn.info["read_only"] = None
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def _configure_psycopg(engine: Engine) -> None:
    from psycopg.pq import TransactionStatus

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        reading = is_read_only_request()
        conn.info["read_only"] = reading
        dbapi_conn = conn.connection.dbapi_connection
        if dbapi_conn.info.transaction_status == TransactionStatus.IDLE:
            dbapi_conn.read_only = reading  # psycopg sends BEGIN READ ONLY with the first query
        if not reading and is_reading_record_request():
            conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")

    @event.listens_for(engine, "rollback")
    def _end_reading(conn: Any) -> None:
        # Called just before SQLAlchemy's rollback; once committed, psycopg's rollback finds
        # no transaction and leaves the prepared statements alone. A failed transaction
        # (INERROR) is rolled back as before.
        if conn.invalidated or not conn.info.get("read_only"):
            return  # a connection the server dropped has no transaction left to end
        dbapi_conn = conn.connection.dbapi_connection
        if dbapi_conn.info.transaction_status == TransactionStatus.INTRANS:
            dbapi_conn.commit()


class WriteInReadRequest(RuntimeError):
    """A GET view wrote without being marked with :func:`writes_on_read` (tests only)."""


def _refuse_writes_in_read_transactions(engine: Engine) -> None:
    # Under load, a write inside a deferred transaction fails ("database is locked") when
    # another writer committed meanwhile. The tests make every such write fail at once, so
    # a view that writes during a GET cannot go unnoticed.
    @event.listens_for(engine, "before_cursor_execute")
    def _check(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        reading = conn.info.get("read_only")
        if reading and statement.lstrip()[:7].upper().startswith(_WRITES):
            raise WriteInReadRequest(
                f"{reading} writes to the database: mark the view with @writes_on_read"
            )


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_WRITTEN_TABLE = re.compile(
    r"\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+\"?(\w+)",
    re.IGNORECASE,
)


class WriteBeyondReadingRecords(RuntimeError):
    """A view marked with :func:`records_reading` wrote to another table (tests only)."""


def _refuse_other_writes_when_recording_reads(engine: Engine) -> None:
    # A page that commits without waiting for the disk must write nothing whose loss would
    # matter: the tests make any other write fail at once, on both databases.
    @event.listens_for(engine, "before_cursor_execute")
    def _check(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        written = _WRITTEN_TABLE.match(statement)
        if written and written.group(1) not in READING_RECORDS and is_reading_record_request():
            raise WriteBeyondReadingRecords(
                f"{request.endpoint} writes to {written.group(1)}: not a record of the reading"
            )
