"""The school's activities catalogue, the sessions of an activity and who attended them.

An activity with no site belongs to the network library: every site may copy it and adapt its
copy (``copied_from_id`` keeps where a copy came from). A session is one occurrence of an
activity on a day, at a place, with its animators and its trainees; a participant row holds the
attendance, and is the row the collective observation grid will hang on later.

A session is kept as a local day and local start and end times (the school's wall clock), not
as UTC instants: people type and read "mardi 14 h", a school never straddles two time zones,
and "upcoming" is "from today on" in the school's calendar.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import Site, User
from portfolio.models.base import Base, CreatedAtMixin, enum_type, utcnow

MIN_DURATION = 5
MAX_DURATION = 600  # ten hours: a day out (a company visit, a forum) at most
MAX_GROUP = 60


class ActivityKind(enum.StrEnum):
    """What kind of activity it is. The values are the words written in catalogue files."""

    WORKSHOP = "atelier"
    CITIZEN_PROJECT = "projet-citoyen"
    CULTURAL_PROJECT = "projet-culturel"
    SPORTS_PROJECT = "projet-sportif"
    COMPANY_VISIT = "visite-entreprise"
    JOB_FORUM = "forum-metiers"
    INTERVIEW_PRACTICE = "simulation-entretien"
    INTERNSHIP_PREP = "preparation-stage"
    INTERNSHIP_DEBRIEF = "retour-stage"
    FRENCH = "niveau-francais"
    MATHS = "niveau-maths"
    DIGITAL = "niveau-numerique"


class Attendance(enum.StrEnum):
    """A trainee's attendance at a session: expected until someone takes the roll."""

    EXPECTED = "expected"
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class CatalogueEditors(enum.StrEnum):
    """Who may change a site's catalogue: its admins only, or its pedagogical team too."""

    ADMINS = "admins"
    TEAM = "team"


class Activity(CreatedAtMixin, Base):
    """An activity of a site's catalogue (``site_id`` set) or of the network library (NULL)."""

    __tablename__ = "activity"
    __table_args__ = (
        UniqueConstraint("site_id", "code"),
        # NULLs are distinct in a unique constraint: the library's codes need their own index.
        Index(
            "uq_activity_network_code",
            "code",
            unique=True,
            sqlite_where=text("site_id IS NULL"),
            postgresql_where=text("site_id IS NULL"),
        ),
        CheckConstraint(
            f"duration_minutes BETWEEN {MIN_DURATION} AND {MAX_DURATION}", name="duration_range"
        ),
        CheckConstraint(f"group_size BETWEEN 1 AND {MAX_GROUP}", name="group_size_range"),
        CheckConstraint("length(code) >= 1", name="code_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(160))
    title_en: Mapped[str] = mapped_column(String(160), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[ActivityKind] = mapped_column(enum_type(ActivityKind, "activity_kind"))
    duration_minutes: Mapped[int]
    group_size: Mapped[int]
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    site: Mapped[Site | None] = relationship()
    copied_from: Mapped[Activity | None] = relationship(remote_side=[id])
    targets: Mapped[list[ActivityTarget]] = relationship(
        back_populates="activity",
        cascade="all, delete-orphan",
        order_by="ActivityTarget.position",
    )


class ActivityTarget(Base):
    """A competency an activity targets: E2C framework or CPS, with indicators if named."""

    __tablename__ = "activity_target"
    __table_args__ = (
        UniqueConstraint("activity_id", "framework_id", "competency_id"),
        CheckConstraint("position >= 0", name="position_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    framework_id: Mapped[str] = mapped_column(String(60))
    competency_id: Mapped[str] = mapped_column(String(40))
    # Space-separated indicator ids of that competency; empty: the whole competency.
    indicators: Mapped[str] = mapped_column(String(400), default="")
    position: Mapped[int] = mapped_column(default=0)

    activity: Mapped[Activity] = relationship(back_populates="targets")

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(self.indicators.split())


class ActivitySession(CreatedAtMixin, Base):
    """One occurrence of an activity: a day, start and end times (local), a place, a group."""

    __tablename__ = "activity_session"
    __table_args__ = (
        Index("ix_activity_session_site_day", "site_id", "day"),
        CheckConstraint("end_time > start_time", name="times_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    day: Mapped[date]
    start_time: Mapped[time]
    end_time: Mapped[time]
    place: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    activity: Mapped[Activity] = relationship()
    site: Mapped[Site] = relationship()
    animators: Mapped[list[SessionAnimator]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )
    participants: Mapped[list[SessionParticipant]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class SessionAnimator(Base):
    """A member of the site's staff who leads the session."""

    __tablename__ = "session_animator"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("activity_session.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)

    session: Mapped[ActivitySession] = relationship(back_populates="animators")
    user: Mapped[User] = relationship()


class SessionParticipant(Base):
    """A trainee of the session's group, and their attendance."""

    __tablename__ = "session_participant"
    __table_args__ = (UniqueConstraint("session_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("activity_session.id", ondelete="CASCADE"), index=True
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    attendance: Mapped[Attendance] = mapped_column(
        enum_type(Attendance, "attendance"), default=Attendance.EXPECTED
    )
    marked_at: Mapped[datetime | None]
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    session: Mapped[ActivitySession] = relationship(back_populates="participants")
    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])


class SavedGroup(CreatedAtMixin, Base):
    """A group of trainees a staff member saved to schedule sessions again ("Les cuisiniers")."""

    __tablename__ = "saved_group"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))

    members: Mapped[list[SavedGroupMember]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )


class SavedGroupMember(Base):
    __tablename__ = "saved_group_member"
    __table_args__ = (UniqueConstraint("group_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("saved_group.id", ondelete="CASCADE"), index=True
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    group: Mapped[SavedGroup] = relationship(back_populates="members")
    trainee: Mapped[User] = relationship()


class GridSubmission(CreatedAtMixin, Base):
    """A collective observation grid that was saved, by the key its page made when it opened.

    The key is unique: the same grid sent twice (a network drop, a double tap) records once.
    """

    __tablename__ = "grid_submission"
    __table_args__ = (
        CheckConstraint("length(client_key) BETWEEN 8 AND 64", name="client_key_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("activity_session.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    notes: Mapped[int] = mapped_column(default=0)
    ratings: Mapped[int] = mapped_column(default=0)


class GridNote(Base):
    """A note a grid wrote: how a trainee's page finds what was observed at a session."""

    __tablename__ = "grid_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("grid_submission.id", ondelete="CASCADE"), index=True
    )
    note_id: Mapped[int] = mapped_column(
        ForeignKey("explicitation_note.id", ondelete="CASCADE"), unique=True
    )
