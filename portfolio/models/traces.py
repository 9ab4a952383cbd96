"""Traces of experience, competency evidence and the assessment streams.

Competencies are named by (framework id, framework version, competency id): see
``services/frameworks.py`` for how old versions keep their labels.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import User
from portfolio.models.base import Base, CreatedAtMixin, enum_type, level_check, utcnow

if TYPE_CHECKING:
    from portfolio.models.audio import AudioRecording
    from portfolio.models.imports import PortfolioImport


class TraceContext(enum.StrEnum):
    """Where the experience happened."""

    PROJECT = "project"  # projet
    INTERNSHIP = "internship"  # stage en entreprise (company_name)
    WORKSHOP = "workshop"  # atelier
    CITIZEN = "citizen"  # action citoyenne ou projet collectif
    GAME = "game"  # jeu sérieux
    PERSONAL = "personal"  # vie personnelle
    OTHER = "other"


class TraceStatus(enum.StrEnum):
    DRAFT = "draft"  # brouillon, saved from a phone in a few taps
    COMPLETE = "complete"


class TraceOrigin(enum.StrEnum):
    TRAINEE = "trainee"  # written by the trainee
    GAME = "game"  # made from a game statement, awaiting the referent


# A client key is a UUID written by the phone when the trace form opens, in its canonical
# lowercase form: only hex digits and four dashes where a UUID has them. ``ltrim`` strips the
# allowed characters on SQLite and PostgreSQL alike (neither shares a regular expression).
CLIENT_KEY_CHECK = (
    "client_key IS NULL OR (length(client_key) = 36"
    " AND ltrim(client_key, '0123456789abcdef-') = ''"
    " AND substr(client_key, 9, 1) = '-' AND substr(client_key, 14, 1) = '-'"
    " AND substr(client_key, 19, 1) = '-' AND substr(client_key, 24, 1) = '-'"
    " AND length(replace(client_key, '-', '')) = 32)"
)


class Trace(CreatedAtMixin, Base):
    __tablename__ = "trace"
    __table_args__ = (
        Index("ix_trace_trainee_happened", "trainee_id", "happened_on"),
        # The caseload counts each trainee's traces newer than the referent's last visit.
        Index("ix_trace_trainee_newest", "trainee_id", "id"),
        # The same trace sent twice (a phone back online, a double tap) is recorded once.
        UniqueConstraint("trainee_id", "client_key"),
        CheckConstraint(CLIENT_KEY_CHECK, name="client_key_uuid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    happened_on: Mapped[date]
    context: Mapped[TraceContext] = mapped_column(enum_type(TraceContext, "trace_context"))
    company_name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[TraceStatus] = mapped_column(
        enum_type(TraceStatus, "trace_status"), default=TraceStatus.COMPLETE
    )
    origin: Mapped[TraceOrigin] = mapped_column(
        enum_type(TraceOrigin, "trace_origin"), default=TraceOrigin.TRAINEE
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # The idempotency key of the form or API call that created it (None: made before, or by
    # the game or the demo).
    client_key: Mapped[str | None] = mapped_column(String(36))
    # Brought by a portfolio ZIP from another school (None: written here).
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("portfolio_import.id", ondelete="SET NULL"), index=True
    )

    trainee: Mapped[User] = relationship()
    imported: Mapped[PortfolioImport | None] = relationship()
    photos: Mapped[list[TracePhoto]] = relationship(
        back_populates="trace", cascade="all, delete-orphan", order_by="TracePhoto.position"
    )
    links: Mapped[list[TraceLink]] = relationship(
        back_populates="trace", cascade="all, delete-orphan", order_by="TraceLink.position"
    )
    competencies: Mapped[list[TraceCompetency]] = relationship(
        back_populates="trace", cascade="all, delete-orphan", order_by="TraceCompetency.id"
    )
    recording: Mapped[AudioRecording | None] = relationship(
        back_populates="trace", cascade="all, delete-orphan", uselist=False
    )


class TraceCompetency(Base):
    """A competency a trace shows, once per trace, with the indicators chosen.

    ``indicator_ids`` is a JSON list of ids: read whole with its row and never searched, so a
    child table would only add a join to every trace page.
    """

    __tablename__ = "trace_competency"
    __table_args__ = (
        Index("ix_trace_competency_lookup", "framework_id", "competency_id"),
        UniqueConstraint("trace_id", "framework_id", "competency_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trace_id: Mapped[int] = mapped_column(ForeignKey("trace.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[str] = mapped_column(String(60))
    framework_version: Mapped[str] = mapped_column(String(40))
    competency_id: Mapped[str] = mapped_column(String(60))
    indicator_ids: Mapped[list[str]] = mapped_column(JSON, default=list)

    trace: Mapped[Trace] = relationship(back_populates="competencies")


class TracePhoto(CreatedAtMixin, Base):
    """A processed photo: display image and thumbnail, never the original bytes."""

    __tablename__ = "trace_photo"
    __table_args__ = (
        CheckConstraint("width > 0 AND height > 0", name="size_positive"),
        CheckConstraint("size_bytes >= 0", name="bytes_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trace_id: Mapped[int] = mapped_column(ForeignKey("trace.id", ondelete="CASCADE"), index=True)
    display_key: Mapped[str] = mapped_column(String(120), unique=True)
    thumb_key: Mapped[str] = mapped_column(String(120), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]  # display + thumbnail, counted in the trainee's quota
    caption: Mapped[str] = mapped_column(String(300), default="")  # doubles as alt text
    position: Mapped[int] = mapped_column(default=0)

    trace: Mapped[Trace] = relationship(back_populates="photos")


class TraceLink(Base):
    __tablename__ = "trace_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    trace_id: Mapped[int] = mapped_column(ForeignKey("trace.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(default=0)

    trace: Mapped[Trace] = relationship(back_populates="links")


class AssessmentSource(enum.StrEnum):
    """Each stream is separate: one role never overwrites another's."""

    SELF = "self"  # auto-évaluation du stagiaire
    REFERENT = "referent"  # évaluation du référent
    GAME = "game"  # observé dans le jeu (confirmed by the referent)
    TUTOR = "tutor"  # tuteur de stage (co-évaluation)
    PROFESSIONAL = "professional"  # professionnel d'une simulation d'entretien


assessment_trace = Table(
    "assessment_trace",
    Base.metadata,
    Column("assessment_id", ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True),
    Column("trace_id", ForeignKey("trace.id", ondelete="CASCADE"), primary_key=True),
)


class Assessment(Base):
    """One level given to one competency, by one source. Append-only: never updated."""

    __tablename__ = "assessment"
    __table_args__ = (
        Index("ix_assessment_stream", "trainee_id", "source", "competency_id", "created_at"),
        # The caseload reads each trainee's newest assessment id and counts the self-assessments
        # newer than the referent's last visit: one index probe each, not every row of theirs.
        Index("ix_assessment_trainee_newest", "trainee_id", "id"),
        Index("ix_assessment_source_newest", "trainee_id", "source", "id"),
        level_check("level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    source: Mapped[AssessmentSource] = mapped_column(
        enum_type(AssessmentSource, "assessment_source")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    author_label: Mapped[str] = mapped_column(String(200), default="")  # e.g. tutor's name
    framework_id: Mapped[str] = mapped_column(String(60))
    framework_version: Mapped[str] = mapped_column(String(40))
    competency_id: Mapped[str] = mapped_column(String(60))
    level: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A self-assessment brought by a portfolio ZIP (None: given here).
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("portfolio_import.id", ondelete="SET NULL"), index=True
    )

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    traces: Mapped[list[Trace]] = relationship(secondary=assessment_trace)


@event.listens_for(Assessment, "before_update")
def _assessments_are_append_only(_mapper: Any, _conn: Any, target: Assessment) -> None:
    raise ValueError("assessments are append-only: record a new one instead")


_KEY_COLUMNS = ("trainee_id", "framework_id", "competency_id", "source")
_ENDS = ("first_level", "first_at", "last_level", "last_at", "last_author_label")


class AssessmentStream(Base):
    """One stream of levels (a trainee, a competency of a framework, a source), kept as its
    writers append: its first and last level and how many it holds.

    The home (the latest self and referent level of each competency) and the gap page (the
    first and the last level of each stream) read these few rows instead of grouping every
    level of the trainee (a trainee followed for a year has thousands). Kept in the same
    transaction by :func:`keep_streams`: the ORM's insert of an ``Assessment`` (the listener
    below) and the batch writer call it; the network generator and the migration fill it from
    the levels. Assessments are append-only, so a new level is always its stream's last.
    """

    __tablename__ = "assessment_stream"
    __table_args__ = (
        UniqueConstraint(*_KEY_COLUMNS, name="uq_assessment_stream_key"),
        CheckConstraint("total >= 1", name="total_range"),
        CheckConstraint("first_id <= last_id", name="ends_in_order"),
        level_check("first_level"),
        level_check("last_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    framework_id: Mapped[str] = mapped_column(String(60))
    competency_id: Mapped[str] = mapped_column(String(60))
    source: Mapped[AssessmentSource] = mapped_column(
        enum_type(AssessmentSource, "assessment_source")
    )
    first_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    last_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    total: Mapped[int]
    # What the pages show of the two ends, copied from the levels (append-only: they never
    # change), so that reading a stream reads no level.
    first_level: Mapped[int]
    first_at: Mapped[datetime]
    last_level: Mapped[int]
    last_at: Mapped[datetime]
    last_author_label: Mapped[str] = mapped_column(String(200), default="")


def keep_streams(connection: Connection, levels: list[dict[str, Any]]) -> None:
    """New levels (each with ``Assessment``'s columns ``id``, ``trainee_id``, ``framework_id``,
    ``competency_id``, ``source``, ``level``, ``created_at``, ``author_label``) into their
    streams, in one statement (an executemany): a stream's first level creates it, the next
    ones become its last and count. At most one level per stream in ``levels``."""
    if levels:
        rows = [
            {
                **{key: level[column] for column, key in zip(_KEY_COLUMNS, "tfcs", strict=True)},
                "level_id": level["id"],
                "level": level["level"],
                "at": level["created_at"] or utcnow(),
                "author_label": level["author_label"] or "",
            }
            for level in levels
        ]
        connection.execute(_stream_upsert(connection.dialect.name), rows)


@cache
def _stream_upsert(dialect: str) -> Any:
    """The statement of :func:`keep_streams` for the dialect (SQLite and PostgreSQL: both
    have ``INSERT ... ON CONFLICT DO UPDATE``), built once."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement: Any = pg_insert(AssessmentStream)
    else:
        from sqlalchemy.dialects.sqlite import insert as lite_insert

        statement = lite_insert(AssessmentStream)
    statement = statement.values(
        {
            **{column: bindparam(key) for column, key in zip(_KEY_COLUMNS, "tfcs", strict=True)},
            "first_id": bindparam("level_id"),
            "last_id": bindparam("level_id"),
            "total": 1,
            "first_level": bindparam("level"),
            "first_at": bindparam("at"),
            "last_level": bindparam("level"),
            "last_at": bindparam("at"),
            "last_author_label": bindparam("author_label"),
        }
    )
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=list(_KEY_COLUMNS),
        set_={
            "last_id": new.last_id,
            "total": AssessmentStream.total + 1,
            "last_level": new.last_level,
            "last_at": new.last_at,
            "last_author_label": new.last_author_label,
        },
    )


def fill_streams(connection: Connection) -> int:
    """Every stream worked out from the levels themselves, for a writer of levels in bulk
    that fires no event (the network generator); returns how many. The table must be empty."""
    level = Assessment.__table__.c
    keys = [level[key] for key in _KEY_COLUMNS]
    ends = (
        select(
            *keys,
            func.min(level.id).label("first_id"),
            func.max(level.id).label("last_id"),
            func.count(level.id).label("total"),
        )
        .group_by(*keys)
        .subquery("ends")
    )
    first, last = Assessment.__table__.alias("first"), Assessment.__table__.alias("last")
    rows = (
        select(
            *[ends.c[key] for key in _KEY_COLUMNS],
            ends.c.first_id,
            ends.c.last_id,
            ends.c.total,
            first.c.level,
            first.c.created_at,
            last.c.level,
            last.c.created_at,
            last.c.author_label,
        )
        .join(first, first.c.id == ends.c.first_id)
        .join(last, last.c.id == ends.c.last_id)
    )
    columns = [*_KEY_COLUMNS, "first_id", "last_id", "total", *_ENDS]
    connection.execute(insert(AssessmentStream).from_select(columns, rows))
    # Counted, not the statement's rowcount: some drivers report -1 for INSERT ... SELECT.
    return int(connection.scalar(select(func.count(AssessmentStream.id))) or 0)


def back_date_level(connection: Connection, level_id: int, at: datetime) -> None:
    """Set a level's moment, in SQL, with its stream's ends: for the demo's story only (levels
    are append-only for the ORM; a real level is dated when it is given)."""
    connection.execute(update(Assessment).where(Assessment.id == level_id).values(created_at=at))
    stream = AssessmentStream
    for end, moment in ((stream.first_id, stream.first_at), (stream.last_id, stream.last_at)):
        connection.execute(update(stream).where(end == level_id).values({moment: at}))


@event.listens_for(Assessment, "after_insert")
def _keep_stream(_mapper: Any, connection: Connection, target: Assessment) -> None:
    columns = ("id", *_KEY_COLUMNS, "level", "created_at", "author_label")
    keep_streams(connection, [{column: getattr(target, column) for column in columns}])


class ApiToken(CreatedAtMixin, Base):
    """A personal API token: only its SHA-256 is stored; scoped and expiring."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # shown in settings to recognise it
    scopes: Mapped[list[str]] = mapped_column(JSON)  # names from services/tokens.py SCOPES
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes)


class PendingPhoto(CreatedAtMixin, Base):
    """A photo chosen in the trace form before the trace exists (kept through a search).

    Re-encoded like any photo; owned by one trainee; named in the form by an opaque token of
    which only the hash is stored. It becomes a `TracePhoto` (same files) when the trace is
    saved, or is deleted with its files once ``expires_at`` is past (photo clean-up).
    """

    __tablename__ = "pending_photo"
    __table_args__ = (
        CheckConstraint("width > 0 AND height > 0", name="size_positive"),
        CheckConstraint("size_bytes >= 0", name="bytes_range"),
        CheckConstraint("length(token_hash) = 64", name="token_hash_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    display_key: Mapped[str] = mapped_column(String(120), unique=True)
    thumb_key: Mapped[str] = mapped_column(String(120), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    expires_at: Mapped[datetime] = mapped_column(index=True)
