"""The referent's workspace: explicitation notes, bilans, objectives, internships, tutor links.

The referent's levels themselves are rows of the shared ``Assessment`` stream (source
``referent``; a tutor's are source ``tutor``): this file only holds what has no other home.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import User
from portfolio.models.base import (
    JOB_TITLE_CHECK,
    Base,
    CreatedAtMixin,
    enum_type,
    level_check,
    utcnow,
)
from portfolio.models.traces import Assessment, Trace


class NoteVisibility(enum.StrEnum):
    SHARED = "shared"  # partagée avec le stagiaire, qui peut répondre
    TEAM = "team"  # gardée pour l'équipe des référents (reste dans l'export du stagiaire)


class NoteSituation(enum.StrEnum):
    """What the note is about: a trace, or an activity the referent observed."""

    TRACE = "trace"
    WORKSHOP = "workshop"  # atelier
    COLLECTIVE = "collective"  # projet collectif
    COMPANY_VISIT = "company_visit"  # visite d'entreprise
    INTERNSHIP = "internship"  # stage
    OTHER = "other"


class ReactionChoice(enum.StrEnum):
    """The trainee's one-tap answer to an observation shared with them."""

    AGREE = "agree"  # d'accord
    DISAGREE = "disagree"  # pas d'accord
    MORE = "more"  # je veux en dire plus


class ObjectiveOrigin(enum.StrEnum):
    """Who wrote the objective: agreed at a bilan (referent), or proposed by the trainee."""

    REFERENT = "referent"
    TRAINEE = "trainee"  # « prescripteur de son parcours »: discussed at the next bilan


class ObjectiveStatus(enum.StrEnum):
    OPEN = "open"
    REACHED = "reached"  # atteint
    DROPPED = "dropped"  # abandonné


class ExplicitationNote(CreatedAtMixin, Base):
    """What a referent observed and what the trainee put into words.

    ``version`` is the optimistic lock: a save names the version it started from and is
    refused if someone saved in between. Every saved version is kept in ``revisions``.
    """

    __tablename__ = "explicitation_note"
    __table_args__ = (
        Index("ix_explicitation_note_trainee_day", "trainee_id", "observed_on"),
        CheckConstraint("version >= 1", name="version_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # A trace the trainee later deletes leaves the note in place, as an observation.
    trace_id: Mapped[int | None] = mapped_column(
        ForeignKey("trace.id", ondelete="SET NULL"), index=True
    )
    trace_title: Mapped[str] = mapped_column(String(200), default="")
    situation_kind: Mapped[NoteSituation] = mapped_column(
        enum_type(NoteSituation, "note_situation")
    )
    observed_on: Mapped[date]
    situation: Mapped[str] = mapped_column(Text, default="")
    observed: Mapped[str] = mapped_column(Text, default="")
    trainee_words: Mapped[str] = mapped_column(Text, default="")  # verbatim
    next_step: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[NoteVisibility] = mapped_column(enum_type(NoteVisibility, "note_visibility"))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    trace: Mapped[Trace | None] = relationship()
    competencies: Mapped[list[NoteCompetency]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="NoteCompetency.id"
    )
    revisions: Mapped[list[NoteRevision]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="NoteRevision.version"
    )
    replies: Mapped[list[NoteReply]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="NoteReply.id"
    )
    reactions: Mapped[list[NoteReaction]] = relationship(
        back_populates="note", cascade="all, delete-orphan", passive_deletes=True
    )


class NoteCompetency(Base):
    """A competency a note is about (once per note), with the indicators seen (a JSON list of
    ids, as on ``TraceCompetency``) and the level observed."""

    __tablename__ = "note_competency"
    __table_args__ = (
        UniqueConstraint("note_id", "framework_id", "competency_id"),
        level_check("level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(
        ForeignKey("explicitation_note.id", ondelete="CASCADE"), index=True
    )
    framework_id: Mapped[str] = mapped_column(String(60))
    framework_version: Mapped[str] = mapped_column(String(40))
    competency_id: Mapped[str] = mapped_column(String(60))
    indicator_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    level: Mapped[int | None]

    note: Mapped[ExplicitationNote] = relationship(back_populates="competencies")


class NoteRevision(Base):
    """One saved version of a note (JSON of its content). The pair (note, version) is unique,
    so two saves starting from the same version can never both be recorded."""

    __tablename__ = "note_revision"
    __table_args__ = (
        UniqueConstraint("note_id", "version"),
        CheckConstraint("version >= 1", name="version_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("explicitation_note.id", ondelete="CASCADE"))
    version: Mapped[int]
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)
    content: Mapped[str] = mapped_column(Text)

    note: Mapped[ExplicitationNote] = relationship(back_populates="revisions")
    edited_by: Mapped[User | None] = relationship()


class NoteReply(CreatedAtMixin, Base):
    """The trainee's answer to a shared note (or the referent's answer back)."""

    __tablename__ = "note_reply"
    # A referent's "Nouveau" reads the replies their trainees wrote lately: a range of this
    # index per trainee, not every note the trainee ever received (and an erasure finds an
    # author's replies by it).
    __table_args__ = (Index("ix_note_reply_author_created", "author_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(
        ForeignKey("explicitation_note.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)

    note: Mapped[ExplicitationNote] = relationship(back_populates="replies")
    author: Mapped[User] = relationship()


class NoteReaction(CreatedAtMixin, Base):
    """The trainee's current reaction to a shared note: one per trainee and note, changeable
    (the last choice replaces the previous one; no history is kept)."""

    __tablename__ = "note_reaction"
    __table_args__ = (UniqueConstraint("note_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(
        ForeignKey("explicitation_note.id", ondelete="CASCADE"), index=True
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    choice: Mapped[ReactionChoice] = mapped_column(enum_type(ReactionChoice, "reaction_choice"))
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    note: Mapped[ExplicitationNote] = relationship(back_populates="reactions")
    trainee: Mapped[User] = relationship()


# A referent's assessment may rest on notes as well as traces.
assessment_note = Table(
    "assessment_note",
    Base.metadata,
    Column("assessment_id", ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True),
    Column("note_id", ForeignKey("explicitation_note.id", ondelete="CASCADE"), primary_key=True),
)

review_trace = Table(
    "review_trace",
    Base.metadata,
    Column("review_id", ForeignKey("review.id", ondelete="CASCADE"), primary_key=True),
    Column("trace_id", ForeignKey("trace.id", ondelete="CASCADE"), primary_key=True),
)

# The tutor's levels for one internship.
internship_assessment = Table(
    "internship_assessment",
    Base.metadata,
    Column("internship_id", ForeignKey("internship.id", ondelete="CASCADE"), primary_key=True),
    Column("assessment_id", ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True),
)


class Review(CreatedAtMixin, Base):
    """A bilan: the trainee and the referent compare their views and agree objectives."""

    __tablename__ = "review"
    # A trainee's bilans by day (the caseload's last one), and by the moment the trainee
    # agreed (a referent's "Nouveau": the answers of the last weeks, without reading every
    # bilan of each trainee followed); both serve the lookups by trainee alone.
    __table_args__ = (
        Index("ix_review_trainee_day", "trainee_id", "held_on"),
        Index("ix_review_trainee_agreed", "trainee_id", "trainee_agreed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    held_on: Mapped[date]
    # The names typed one per line, as a JSON list: shown as a list, never searched.
    participants: Mapped[list[str]] = mapped_column(JSON, default=list)
    trainee_words: Mapped[str] = mapped_column(Text, default="")  # what the trainee said
    summary: Mapped[str] = mapped_column(Text, default="")
    referent_agreed_at: Mapped[datetime | None]
    trainee_agreed_at: Mapped[datetime | None]
    trainee_comment: Mapped[str] = mapped_column(Text, default="")

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    traces: Mapped[list[Trace]] = relationship(secondary=review_trace, order_by="Trace.happened_on")
    competencies: Mapped[list[ReviewCompetency]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ReviewCompetency.id"
    )
    objectives: Mapped[list[Objective]] = relationship(
        back_populates="review", order_by="Objective.id"
    )

    @property
    def participant_list(self) -> list[str]:
        """The participants (the name pages and the export have always read)."""
        return list(self.participants)


class ReviewCompetency(Base):
    """A gap discussed at a bilan, with both levels as they were that day."""

    __tablename__ = "review_competency"
    __table_args__ = (level_check("self_level"), level_check("referent_level"))

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[str] = mapped_column(String(60))
    framework_version: Mapped[str] = mapped_column(String(40))
    competency_id: Mapped[str] = mapped_column(String(60))
    self_level: Mapped[int | None]
    referent_level: Mapped[int | None]

    review: Mapped[Review] = relationship(back_populates="competencies")


class Objective(CreatedAtMixin, Base):
    """An objective agreed with the trainee: about a competency, or about their project."""

    __tablename__ = "objective"
    __table_args__ = (Index("ix_objective_trainee_status", "trainee_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("review.id", ondelete="SET NULL"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    title: Mapped[str] = mapped_column(String(300))
    framework_id: Mapped[str | None] = mapped_column(String(60))
    framework_version: Mapped[str | None] = mapped_column(String(40))
    competency_id: Mapped[str | None] = mapped_column(String(60))
    for_project: Mapped[bool] = mapped_column(default=False)
    priority: Mapped[bool] = mapped_column(default=False)
    due_on: Mapped[date]
    status: Mapped[ObjectiveStatus] = mapped_column(
        enum_type(ObjectiveStatus, "objective_status"), default=ObjectiveStatus.OPEN
    )
    reached_at: Mapped[datetime | None]
    dropped_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    origin: Mapped[ObjectiveOrigin] = mapped_column(
        enum_type(ObjectiveOrigin, "objective_origin"),
        default=ObjectiveOrigin.REFERENT,
        server_default=ObjectiveOrigin.REFERENT.value,
    )

    review: Mapped[Review | None] = relationship(back_populates="objectives")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])


class Internship(CreatedAtMixin, Base):
    """A period in a company, with the tutor who may co-evaluate the trainee at the end."""

    __tablename__ = "internship"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint(JOB_TITLE_CHECK, name="job_title_digits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    company_name: Mapped[str] = mapped_column(String(200))
    tutor_name: Mapped[str] = mapped_column(String(200))
    tutor_email: Mapped[str] = mapped_column(String(254))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    rome_code: Mapped[str] = mapped_column(String(5))  # target trade: the ROME sheet's code
    job_title: Mapped[str | None] = mapped_column(String(7))  # the title picked (OGR code)
    trade_label: Mapped[str] = mapped_column(String(200), default="")
    # Competencies the tutor is asked about (a JSON list of ids of ``framework_id``).
    framework_id: Mapped[str] = mapped_column(String(60))
    competency_ids: Mapped[list[str]] = mapped_column(JSON, default=list)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    links: Mapped[list[TutorLink]] = relationship(
        back_populates="internship", cascade="all, delete-orphan", order_by="TutorLink.id"
    )
    assessments: Mapped[list[Assessment]] = relationship(
        secondary=internship_assessment, order_by="Assessment.id"
    )


class TutorLink(CreatedAtMixin, Base):
    """A single-use, expiring link for the tutor (no account). Only its SHA-256 is stored."""

    __tablename__ = "tutor_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    internship_id: Mapped[int] = mapped_column(
        ForeignKey("internship.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    internship: Mapped[Internship] = relationship(back_populates="links")


class ReferentVisit(Base):
    """When a referent last opened a trainee's file: what came after is "new"."""

    __tablename__ = "referent_visit"
    __table_args__ = (UniqueConstraint("referent_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referent_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    visited_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The trainee's highest trace and self-assessment ids at that visit: rows are numbered in
    # order, so "new" is a higher id, which the indexes answer without reading the rows.
    seen_trace_id: Mapped[int] = mapped_column(default=0)
    seen_assessment_id: Mapped[int] = mapped_column(default=0)
