"""The trainee's home summary ("Où j'en suis"), kept in memory between requests.

The summary adds up every trace and self-assessment of a trainee: four queries whose cost
grows with the portfolio, on the page a trainee opens most. So each worker process keeps the
summaries it built, keyed by the trainee's ``portfolio_version``. The same goes for the
rendered home summary and the unfiltered pages of the portfolio list (trainee/views.py):

* the version is a column of the trainee's account row, read with the logged-in user on every
  request (no extra query);
* a session hook below raises it in the same transaction as any change, through the ORM, to
  the trainee's traces, their photos, links and competencies, or the trainee's assessments,
  whatever service made the change; bulk UPDATE/DELETE statements on those tables would
  bypass it, so the tests refuse them;
* a summary is stored only from a transaction that changed none of these (a summary of
  uncommitted data could outlive a rollback), and the key also holds the account's public id
  (a database rebuilt under a running server), the framework version and the quota.

So a summary can be reused only while nothing it shows has changed. ``SUMMARY_CACHE_SIZE``
bounds the number kept per process (0 turns the cache off).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from flask import current_app, has_app_context
from flask_sqlalchemy.session import Session as AppSession
from sqlalchemy import Integer, bindparam, event, select, update
from sqlalchemy.orm import Session, UOWTransaction

from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AudioRecording,
    Trace,
    TraceCompetency,
    TraceLink,
    TracePhoto,
    User,
)

T = TypeVar("T")

_OWN = (Trace, Assessment)  # rows that name their trainee
_CHILDREN = (TracePhoto, TraceLink, TraceCompetency)  # rows that name a trace
_WATCHED_TABLES = frozenset(
    model.__table__.name  # type: ignore[attr-defined]
    for model in (*_OWN, *_CHILDREN, AudioRecording)
)
_WROTE = "e2c_portfolio_written"  # session.info: trainee ids changed in this transaction
_BUMP = (
    update(User)
    .where(User.id.in_(bindparam("ids", expanding=True)))
    .values(portfolio_version=User.portfolio_version + 1)
)
_TRACE_OWNERS = select(Trace.id, Trace.trainee_id).where(
    Trace.id.in_(bindparam("ids", expanding=True, type_=Integer))
)


class SummaryCache:
    """A small LRU map, safe for the threads of one process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def cache() -> SummaryCache:
    found: SummaryCache | None = current_app.extensions.get("e2c_summary_cache")
    if found is None:
        found = SummaryCache(int(current_app.config.get("SUMMARY_CACHE_SIZE", 1000)))
        current_app.extensions["e2c_summary_cache"] = found
    return found


def cached(
    trainee: User,
    key: Hashable,
    build: Callable[[], T],
    keep: Callable[[T], bool] | None = None,
) -> T:
    """``build()``'s result for this trainee as it is now, from memory when nothing changed.

    ``keep`` may refuse to store a result (it is still returned).
    """
    session = db.session()
    if session.info.get(_WROTE):  # this transaction changed some portfolio: no shortcut
        return build()
    full_key = (trainee.id, trainee.public_id, trainee.portfolio_version, key)
    store = cache()
    value: T | None = store.get(full_key)
    if value is None:
        value = build()
        if not session.info.get(_WROTE) and (keep is None or keep(value)):
            store.put(full_key, value)
    return value


# --------------------------------------------------------------------------- session hooks


def _changed_trainees(session: Session) -> set[int]:
    trainees: set[int] = set()
    trace_ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _OWN) and obj.trainee_id is not None:
            trainees.add(obj.trainee_id)
        elif isinstance(obj, _CHILDREN) and obj.trace_id is not None:
            trace_ids.add(obj.trace_id)
        elif isinstance(obj, AudioRecording) and obj.owner_id is not None:
            trainees.add(obj.owner_id)  # its size counts in the owner's quota
    if trace_ids:
        rows = session.connection().execute(_TRACE_OWNERS, {"ids": sorted(trace_ids)})
        trainees.update(trainee_id for _trace_id, trainee_id in rows)
    return trainees


def touch(session: Session, trainee_ids: Iterable[int]) -> None:
    """Raise these trainees' portfolio version in the session's transaction.

    The flush hook does it for changes made through the session; call this before a bulk
    statement on traces, their photos, links and competencies, or assessments.
    """
    trainees = sorted(set(trainee_ids))
    if trainees:
        session.connection().execute(_BUMP, {"ids": trainees})
        session.info.setdefault(_WROTE, set()).update(trainees)


@event.listens_for(AppSession, "after_flush")
def _bump_versions(session: Session, _flush: UOWTransaction) -> None:
    touch(session, _changed_trainees(session))


@event.listens_for(AppSession, "after_flush_postexec")
def _expire_versions(session: Session, _flush: UOWTransaction) -> None:
    # The accounts in memory still hold the old number: read it again when next needed.
    written = session.info.get(_WROTE)
    if not written:
        return
    for obj in list(session.identity_map.values()):
        if isinstance(obj, User) and obj.id in written:
            session.expire(obj, ["portfolio_version"])


@event.listens_for(AppSession, "after_transaction_end")
def _forget_writes(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the outermost transaction: committed or rolled back
        session.info.pop(_WROTE, None)


@event.listens_for(AppSession, "do_orm_execute")
def _refuse_bulk_writes(state: Any) -> None:
    """Bulk UPDATE/DELETE/INSERT statements skip the flush hook: unless the transaction
    already called :func:`touch`, the tests refuse them."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if (
        name in _WATCHED_TABLES
        and not state.session.info.get(_WROTE)
        and has_app_context()
        and current_app.testing
    ):
        raise RuntimeError(
            f"a bulk statement on {name} would not raise the trainee's portfolio_version: "
            "change the rows through the session, or call summary_cache.touch() first"
        )
