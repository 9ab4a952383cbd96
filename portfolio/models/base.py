"""Declarative base with a constraint naming convention shared by SQLite and PostgreSQL.

The database refuses what the services never write: enum columns carry a CHECK listing the
Python enum's values (the enum is the one list; a new member needs a migration, which
``tests/portfolio/test_constraints.py`` notices), levels and scores carry a range CHECK.
Rejected: native PostgreSQL enum types (``ALTER TYPE`` in every migration that adds a value,
and a different schema on SQLite) and triggers (not portable, invisible in the models).
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Enum, MetaData
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import NullType, TypeDecorator

from referentiel.loader import MAX_LEVELS

# Ids and counts fit a 32-bit signed integer on every database: a larger id names nothing.
MAX_ID = 2_147_483_647

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# A level is a code of a framework's scale: 0 is "non évaluée" (never stored), then the four
# paliers 1..4. The framework loader refuses a longer scale at start-up (MAX_LEVELS), so the
# database and the files agree; a longer scale would need both changed and a migration.
TOP_LEVEL = MAX_LEVELS - 1

# A job title picked (the ROME "OGR" code) is 1 to 7 digits, never starting with 0. SQLite has
# no regular expressions and PostgreSQL has no GLOB: ``ltrim(x, '0123456789')`` strips every
# digit on both, so "nothing left" means "digits only". The picker's service checks the title
# exists; the database refuses what is not a title code at all.
JOB_TITLE_CHECK = (
    "job_title IS NULL OR (length(job_title) BETWEEN 1 AND 7"
    " AND ltrim(job_title, '0123456789') = '' AND substr(job_title, 1, 1) <> '0')"
)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class raw_instant(FunctionElement[Any]):
    """A ``UTCDateTime`` column read as UTC text ("2025-03-09 23:30:15.123456"), for queries
    returning thousands of rows of which a few need their time (the gap page's levels: the
    latest of each stream); its first ten characters are the UTC day.

    SQLite stores this text already. On PostgreSQL it replaces a ``date()`` computed by the
    server plus a ``timestamptz`` that psycopg turns into an aware ``datetime`` per row: 2,328
    levels read in 3.8 ms instead of 5.0 (``to_char`` would cost as much as both). The cast
    does not depend on the session's time zone. Convert the values kept with :func:`as_instant`.
    """

    type = NullType()
    inherit_cache = True


@compiles(raw_instant)
def _raw_instant(element: raw_instant, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(raw_instant, "postgresql")
def _raw_instant_postgresql(element: raw_instant, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"CAST(timezone('UTC', {column}) AS TEXT)"


def as_instant(raw: datetime | str) -> datetime:
    """A time read through :class:`raw_instant` as an aware UTC ``datetime``."""
    if isinstance(raw, datetime):  # a driver that converted it anyway
        return raw.replace(tzinfo=UTC) if raw.tzinfo is None else raw.astimezone(UTC)
    return datetime.fromisoformat(raw).replace(tzinfo=UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class CreatedAtMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def enum_type(cls: type[enum.Enum], name: str) -> Enum:
    """A string column holding the enum's values, with a CHECK named ``ck_<table>_<name>``."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda e: [m.value for m in e],
    )


def level_check(column: str) -> CheckConstraint:
    """``column`` is NULL or a level one can give (1 to TOP_LEVEL)."""
    return CheckConstraint(f"{column} BETWEEN 1 AND {TOP_LEVEL}", name=f"{column}_range")
