"""Privacy by the calendar: when a trainee's account is to be erased, and what remains after.

- ``ErasurePlan``: one per trainee whose erasure is planned (by the retention rules, or asked
  by the trainee): the day it is due and when the 30-day notice was mailed (so it is mailed
  once). It goes with the account.
- ``ErasedRecord``: what the public verification needs once a person is erased: the address
  of an attestation (its page says "retirée") or a badge's bit in the site's revocation list
  (kept revoked, never given again). No name, no content.
- ``AnonymousExit``: what the funders' reports need of an erased exit: the site, the month,
  the outcome and the trade, the situation at 6 and 12 months, the days in the path and the
  competencies gained (the report's own figures, taken at erasure). No person.
- ``RectificationRequest``: a trainee asks the site to correct what they cannot change
  themselves (name, birth date, exit, an attestation detail); the site admin answers with a
  word. It goes with the account.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Final

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portfolio.models.base import Base, CreatedAtMixin, enum_type
from portfolio.models.exits import ExitOutcome


class ErasureCause(enum.StrEnum):
    RETENTION = "retention"  # the end of the follow-up year, plus the retention time
    INACTIVE = "inactive"  # never left, and not seen for a long time
    REQUEST = "request"  # the trainee asked


class ErasurePlan(CreatedAtMixin, Base):
    __tablename__ = "erasure_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    cause: Mapped[ErasureCause] = mapped_column(enum_type(ErasureCause, "cause"))
    due_on: Mapped[date]
    notice_sent_at: Mapped[datetime | None]


class ErasedKind(enum.StrEnum):
    ATTESTATION = "attestation"
    BADGE = "badge"


class ErasedRecord(CreatedAtMixin, Base):
    __tablename__ = "erased_record"
    __table_args__ = (
        UniqueConstraint("kind", "public_id"),
        CheckConstraint(
            "(kind = 'badge') = (status_index IS NOT NULL)", name="badge_has_status_index"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ErasedKind] = mapped_column(enum_type(ErasedKind, "kind"))
    public_id: Mapped[str] = mapped_column(String(32))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    number: Mapped[str | None] = mapped_column(String(40))
    status_index: Mapped[int | None]


class AnonymousExit(Base):
    __tablename__ = "anonymous_exit"
    __table_args__ = (
        CheckConstraint("left_month BETWEEN 1 AND 12", name="left_month_range"),
        CheckConstraint("months_in_path >= 0", name="months_in_path_range"),
        CheckConstraint("days_in_path IS NULL OR days_in_path >= 0", name="days_in_path_range"),
        CheckConstraint("competencies >= 0", name="competencies_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    left_year: Mapped[int]
    left_month: Mapped[int]
    outcome: Mapped[ExitOutcome] = mapped_column(enum_type(ExitOutcome, "outcome"))
    rome_code: Mapped[str | None] = mapped_column(String(5))
    months_in_path: Mapped[int]
    situation_6: Mapped[ExitOutcome | None] = mapped_column(enum_type(ExitOutcome, "situation_6"))
    situation_12: Mapped[ExitOutcome | None] = mapped_column(enum_type(ExitOutcome, "situation_12"))
    days_in_path: Mapped[int | None]
    competencies: Mapped[int] = mapped_column(default=0, server_default="0")


RECTIFICATION_MAX: Final = 500


class RectificationRequest(CreatedAtMixin, Base):
    """What a trainee asks the site to correct, and the admin's answer once done."""

    __tablename__ = "rectification_request"
    __table_args__ = (
        CheckConstraint(f"length(what) BETWEEN 1 AND {RECTIFICATION_MAX}", name="what_length"),
        CheckConstraint("(answer IS NULL) = (answered_at IS NULL)", name="answered_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    what: Mapped[str] = mapped_column(String(RECTIFICATION_MAX))
    answer: Mapped[str | None] = mapped_column(String(RECTIFICATION_MAX))
    answered_at: Mapped[datetime | None]
