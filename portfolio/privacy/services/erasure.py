"""Erasing a trainee: every row that leads to them, table by table, then their files.

One code path for the retention run, the trainee's request and the site admin's decision.
The rows to delete are found from the database's own foreign keys (``Base.metadata``), not
from a list someone must keep up to date: a row is deleted when a NOT NULL foreign key of it
points to a deleted row (starting from the ``user_account`` row), and a NULL-able one is
emptied (the row belongs to someone else: "marked by", "decided by"). A table added
tomorrow is covered the day it is added; ``tests/portfolio/privacy`` proves that no table
keeps a row naming the person.

What is kept, without the person: the public verification of their attestations ("retirée"),
their badges' bits in the site's revocation list, their exit as an anonymous count
(``portfolio/models/privacy.py``). Only trainees are erased this way: a staff account's
rows are other people's records (notes, levels); it is deactivated instead.

Order: the rows in one transaction; the files once it has committed (a crash between
leaves files without rows, which ``sweep_orphan_files`` removes on the next run).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Column, Table, delete, select, update

from portfolio.extensions import db
from portfolio.followup.services.reports import exit_figures
from portfolio.models import (
    AnonymousExit,
    Attestation,
    AttestationStatus,
    AuditEvent,
    Badge,
    Base,
    ErasedKind,
    ErasedRecord,
    Role,
    TraineeExit,
    User,
)
from portfolio.privacy.services.rules import FILE_COLUMNS
from portfolio.services import summary_cache
from portfolio.services.accounts import audit
from portfolio.trainee.services.photos import photo_storage

log = logging.getLogger(__name__)

ERASED_LOGIN: Final = "[effacé]"
CHUNK: Final = 500  # ids per IN (...) list: well under SQLite's and PostgreSQL's limits


class NotErasable(ValueError):
    """Only trainee accounts are erased (staff and companies are deactivated)."""


@dataclass(slots=True)
class Erasure:
    """What erasing one person touches: row ids per table, files, and emptied references."""

    user_id: int
    rows: dict[str, set[Any]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(ids) for name, ids in sorted(self.rows.items()) if ids}


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = sorted(values)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _single_key(table: Table) -> Column[Any]:
    columns = list(table.primary_key.columns)
    return columns[0] if len(columns) == 1 else _composite(table)


def _composite(table: Table) -> Column[Any]:
    raise AssertionError(f"{table.name}: a table with a composite key must not be referenced")


def _rows_under(table: Table, doomed: dict[str, set[Any]]) -> set[Any]:
    """Rows of ``table`` held by a NOT NULL foreign key to a doomed row (their key values;
    for a table without a single-column key, the tuples of its key)."""
    keys = list(table.primary_key.columns)
    found: set[Any] = set()
    for fk in table.foreign_keys:
        parents = doomed.get(fk.column.table.name)
        if fk.parent.nullable or not parents:
            continue
        for chunk in _chunks(parents):
            query = select(*keys).where(fk.parent.in_(chunk))
            for row in db.session.execute(query):
                found.add(row[0] if len(keys) == 1 else tuple(row))
    return found


def plan(user: User) -> Erasure:
    """Everything erasing ``user`` would delete (reads only: the dry run prints it)."""
    if user.role is not Role.TRAINEE:
        raise NotErasable(user.role)
    erasure = Erasure(user.id, rows={"user_account": {user.id}})
    tables = Base.metadata.sorted_tables
    changed = True
    while changed:  # parents come first, so one pass is usual; self references need two
        changed = False
        for table in tables:
            if table.name == "user_account":
                continue
            found = _rows_under(table, erasure.rows)
            if found - erasure.rows.get(table.name, set()):
                erasure.rows.setdefault(table.name, set()).update(found)
                changed = True
    erasure.files = _files_of(erasure)
    return erasure


def _files_of(erasure: Erasure) -> list[str]:
    keys: list[str] = []
    for name, columns in FILE_COLUMNS.items():
        ids = erasure.rows.get(name)
        if not ids:
            continue
        table = Base.metadata.tables[name]
        pk = _single_key(table)
        for chunk in _chunks(ids):
            query = select(*(table.c[c] for c in columns)).where(pk.in_(chunk))
            for row in db.session.execute(query):
                keys.extend(key for key in row if key)
    return sorted(set(keys))


def _keep_public_traces(user: User) -> None:
    """The verification pages' tombstones, and the exit as an anonymous count."""
    for item in db.session.scalars(select(Attestation).where(Attestation.trainee_id == user.id)):
        if item.status is not AttestationStatus.DRAFT:
            _tombstone(ErasedKind.ATTESTATION, item.public_id, item.site_id, number=item.number)
    for badge in db.session.scalars(select(Badge).where(Badge.trainee_id == user.id)):
        _tombstone(ErasedKind.BADGE, badge.public_id, badge.site_id, index=badge.status_index)
    exit_ = db.session.scalar(select(TraineeExit).where(TraineeExit.trainee_id == user.id))
    if exit_ is not None and user.site_id is not None:
        start = user.created_at.date()
        months = max(0, (exit_.left_on.year - start.year) * 12 + exit_.left_on.month - start.month)
        figures = exit_figures(exit_)
        db.session.add(
            AnonymousExit(
                site_id=user.site_id,
                left_year=exit_.left_on.year,
                left_month=exit_.left_on.month,
                outcome=exit_.outcome,
                rome_code=exit_.rome_code,
                months_in_path=months,
                situation_6=figures.situations[6],
                situation_12=figures.situations[12],
                days_in_path=figures.days_in_path,
                competencies=figures.competencies,
            )
        )


def _tombstone(
    kind: ErasedKind, public_id: str, site_id: int, *, number: str | None = None,
    index: int | None = None,
) -> None:  # fmt: skip
    known = db.session.scalar(
        select(ErasedRecord.id).where(
            ErasedRecord.kind == kind, ErasedRecord.public_id == public_id
        )
    )
    if known is None:
        db.session.add(
            ErasedRecord(
                kind=kind, public_id=public_id, site_id=site_id, number=number, status_index=index
            )
        )


def _delete_rows(erasure: Erasure) -> None:
    """Empty the NULL-able references to doomed rows, then delete children before parents."""
    tables = Base.metadata.sorted_tables
    for table in tables:
        for fk in table.foreign_keys:
            parents = erasure.rows.get(fk.column.table.name)
            if not fk.parent.nullable or not parents:
                continue
            for chunk in _chunks(parents):
                db.session.execute(
                    update(table).where(fk.parent.in_(chunk)).values({fk.parent.name: None})
                )
    for table in reversed(tables):
        ids = erasure.rows.get(table.name)
        if not ids:
            continue
        keys = list(table.primary_key.columns)
        for chunk in _chunks(ids):
            if len(keys) == 1:
                db.session.execute(delete(table).where(keys[0].in_(chunk)))
            else:
                for values in chunk:
                    db.session.execute(
                        delete(table).where(*(k == v for k, v in zip(keys, values, strict=True)))
                    )


def _scrub_audit(user: User) -> None:
    """The staff's audit log names accounts by login ("user.create lea.m (trainee)"): the
    erased login becomes "[effacé]" there (the rows stay: they are the staff's actions)."""
    login = user.login
    pattern = re.compile(rf"(?<![\w.-]){re.escape(login)}(?![\w.-])")
    like = "%" + login.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    for event in db.session.scalars(
        select(AuditEvent).where(AuditEvent.detail.like(like, escape="\\"))
    ):
        event.detail = pattern.sub(ERASED_LOGIN, event.detail)


def _forget_deleted(erasure: Erasure) -> None:
    """Drop the session's objects of deleted rows (deleted by SQL, behind the ORM's back)."""
    for key in list(db.session.identity_map.keys()):
        obj = db.session.identity_map.get(key)
        table = getattr(type(obj), "__tablename__", None)
        ids = erasure.rows.get(str(table)) if table else None
        identity = key[1]
        if obj is not None and ids and len(identity) == 1 and identity[0] in ids:
            db.session.expunge(obj)


def erase(user: User, *, actor: User | None, cause: str) -> Erasure:
    """Erase ``user`` in the current transaction (the caller commits, then ``delete_files``).
    Returns what was erased (counts per table, file keys)."""
    erasure = plan(user)
    site_id = user.site_id
    _keep_public_traces(user)
    _scrub_audit(user)
    db.session.flush()
    # Bulk statements on traces and assessments raise the portfolio version first (the
    # summary cache's rule); the row goes right after, with its cached summary.
    summary_cache.touch(db.session(), [user.id])
    _delete_rows(erasure)
    _forget_deleted(erasure)
    audit(
        "privacy.erased",
        actor=actor if actor is not None and actor.id != erasure.user_id else None,
        site_id=site_id,
        detail=f"{cause}: {sum(erasure.counts().values())} rows, {len(erasure.files)} files",
    )
    db.session.flush()
    return erasure


def delete_files(keys: Sequence[str]) -> int:
    """Delete the files of rows whose deletion has committed; a store that is down leaves
    them to the next sweep (they have no row any more)."""
    storage = photo_storage()
    deleted = 0
    for key in keys:
        try:
            storage.delete(key)
            deleted += 1
        except OSError as err:
            log.warning("file %s left for the orphan sweep: %s", key, err)
    return deleted


def erase_and_commit(user: User, *, actor: User | None, cause: str) -> Erasure:
    """Erase, commit, then delete the files. Nothing is half-erased: on any error before the
    commit, the transaction is rolled back and the files are untouched."""
    try:
        erasure = erase(user, actor=actor, cause=cause)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    delete_files(erasure.files)
    return erasure
