"""The year after the exit: the contacts a referent plans and records with a young person
who left the school.

A contact is planned when the exit is recorded, ``month`` months after the exit date, from the
site's schedule (``Site.followup_months``, "1,3,6,12" by default). Changing the schedule later
does not move contacts already planned. A contact is done once the referent records it: the
date, how it went (``method``) and the young person's situation at that date (the exit's list
of outcomes; none when nobody answered, which the funders' report counts as "non renseigné").
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import User
from portfolio.models.base import Base, CreatedAtMixin, enum_type
from portfolio.models.exits import ExitOutcome, TraineeExit

MAX_MONTH = 24


class ContactMethod(enum.StrEnum):
    PHONE = "telephone"
    MESSAGE = "message"
    MEETING = "rencontre"
    NO_ANSWER = "sans_reponse"


class FollowUpContact(CreatedAtMixin, Base):
    """One planned contact after a trainee's exit; done when ``done_on`` is set."""

    __tablename__ = "followup_contact"
    __table_args__ = (
        UniqueConstraint("exit_id", "month"),
        Index("ix_followup_contact_due", "due_on", "done_on"),
        CheckConstraint(f"month BETWEEN 1 AND {MAX_MONTH}", name="month_range"),
        CheckConstraint("(done_on IS NULL) = (method IS NULL)", name="done_has_method"),
        CheckConstraint(
            "situation IS NULL OR (method IS NOT NULL AND method <> 'sans_reponse')",
            name="situation_needs_answer",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exit_id: Mapped[int] = mapped_column(ForeignKey("trainee_exit.id", ondelete="CASCADE"))
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    month: Mapped[int]
    due_on: Mapped[date]
    done_on: Mapped[date | None]
    method: Mapped[ContactMethod | None] = mapped_column(enum_type(ContactMethod, "method"))
    situation: Mapped[ExitOutcome | None] = mapped_column(enum_type(ExitOutcome, "situation"))
    comment: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime | None]
    # When the young person was sent "comment ça va ?" and when the referent was reminded
    # by mail (the reminder command writes once per contact: running it twice mails once).
    messaged_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]

    exit: Mapped[TraineeExit] = relationship()
    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
