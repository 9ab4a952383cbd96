"""The shared helpers of the guards: ids, fetching, belonging to a trainee."""

from __future__ import annotations

from typing import TypeVar

from portfolio.extensions import db
from portfolio.models import (
    Attestation,
    Badge,
    ExplicitationNote,
    Internship,
    Objective,
    Review,
    Trace,
    User,
)
from portfolio.models.base import MAX_ID, Base
from portfolio.services.errors import NotFound

R = TypeVar("R", bound=Base)


def valid_id(value: object) -> bool:
    """A positive int a database integer column can hold (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _get(model: type[R], record_id: object) -> R | None:
    return db.session.get(model, record_id) if valid_id(record_id) else None


T = TypeVar("T", Trace, ExplicitationNote, Review, Objective, Internship, Attestation, Badge)


def _of_trainee(model: type[T], record_id: int, trainee: User) -> T:
    """A record that belongs to ``trainee`` (its ``trainee_id``), else NotFound."""
    record = _get(model, record_id)
    if record is None or record.trainee_id != trainee.id:
        raise NotFound
    return record
