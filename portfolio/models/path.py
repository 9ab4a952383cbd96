"""The trainee's own moves on their path: asking to join a session, marking interest.

A request is the trainee's word, the school's answer is the staff's: ``pending`` until someone
of the site's team confirms (the trainee is then added to the session through the session write
path) or declines with a short word. A join request names its session; an interest names an
activity of the catalogue only. One request per trainee and session, one interest per trainee
and activity: two partial unique indexes (NULLs are distinct in a plain unique constraint).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import User
from portfolio.models.activities import Activity, ActivitySession
from portfolio.models.base import Base, CreatedAtMixin, enum_type

MAX_ANSWER = 200


class PathRequestKind(enum.StrEnum):
    JOIN = "join"  # demande à rejoindre une séance
    INTEREST = "interest"  # intéressé(e) par une activité du catalogue


class PathRequestStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


class PathRequest(CreatedAtMixin, Base):
    """A trainee's request to join a session, or their interest in an activity."""

    __tablename__ = "path_request"
    __table_args__ = (
        Index(
            "uq_path_request_join",
            "trainee_id",
            "session_id",
            unique=True,
            sqlite_where=text("session_id IS NOT NULL"),
            postgresql_where=text("session_id IS NOT NULL"),
        ),
        Index(
            "uq_path_request_interest",
            "trainee_id",
            "activity_id",
            unique=True,
            sqlite_where=text("session_id IS NULL"),
            postgresql_where=text("session_id IS NULL"),
        ),
        Index("ix_path_request_site_status", "site_id", "status"),
        CheckConstraint(
            "(kind <> 'join' OR session_id IS NOT NULL) "
            "AND (kind <> 'interest' OR session_id IS NULL)",
            name="kind_matches_session",
        ),
        CheckConstraint(f"length(answer) <= {MAX_ANSWER}", name="answer_length"),
        CheckConstraint(
            "(status <> 'pending' OR decided_at IS NULL) "
            "AND (status NOT IN ('confirmed', 'declined') OR decided_at IS NOT NULL)",
            name="decided_when_answered",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    kind: Mapped[PathRequestKind] = mapped_column(enum_type(PathRequestKind, "path_request_kind"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity_session.id", ondelete="CASCADE")
    )
    status: Mapped[PathRequestStatus] = mapped_column(
        enum_type(PathRequestStatus, "path_request_status"), default=PathRequestStatus.PENDING
    )
    # Text, not String(MAX_ANSWER): the CHECK holds the limit on both databases (PostgreSQL
    # would refuse a longer VARCHAR before the CHECK, and SQLite ignores VARCHAR lengths).
    answer: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    activity: Mapped[Activity] = relationship()
    session: Mapped[ActivitySession | None] = relationship()
