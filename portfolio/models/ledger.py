"""Privacy records a trainee can read: the showcase's consent ledger and the audit of reads.

Both tables are append-only (an ORM ``before_update`` guard, like assessments): a row says what
happened and is never rewritten. Both cascade on the deletion of the trainee's account; erasing
them with the account is the retention job's part (issue 16, "Retention").
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import User
from portfolio.models.base import Base, enum_type, utcnow


class ConsentAction(enum.StrEnum):
    """What happened to the trainee's agreement to show their showcase."""

    PUBLISH = "publish"
    SCOPE = "scope"  # what is shown changed
    EXPIRY = "expiry"  # the end date passed
    WITHDRAW = "withdraw"  # the trainee (or a refusal) took it offline


class ReadKind(enum.StrEnum):
    """Which of the trainee's records someone opened."""

    FILE = "file"  # the trainee file (referent's page)
    NOTE = "note"
    GAPS = "gaps"
    TRACE = "trace"
    SHOWCASE = "showcase"


class ConsentEvent(Base):
    """One event of the showcase consent: who, when, which wording, what was shown (JSON)."""

    __tablename__ = "consent_event"
    __table_args__ = (Index("ix_consent_event_trainee", "trainee_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    action: Mapped[ConsentAction] = mapped_column(enum_type(ConsentAction, "consent_action"))
    consent_version: Mapped[str | None] = mapped_column(String(20))
    scope: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class ReadAudit(Base):
    """A staff member or a company opened one of the trainee's records."""

    __tablename__ = "read_audit"
    __table_args__ = (
        Index("ix_read_audit_trainee", "trainee_id", "at"),
        Index("ix_read_audit_reader", "reader_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    reader_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reader_role: Mapped[str] = mapped_column(String(20))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="SET NULL"))
    kind: Mapped[ReadKind] = mapped_column(enum_type(ReadKind, "read_kind"))
    record_id: Mapped[int | None]
    at: Mapped[datetime] = mapped_column(default=utcnow)

    reader: Mapped[User | None] = relationship(foreign_keys=[reader_id])
    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])


@event.listens_for(ConsentEvent, "before_update")
@event.listens_for(ReadAudit, "before_update")
def _append_only(_mapper: Any, _conn: Any, target: object) -> None:
    raise ValueError(f"{type(target).__name__} rows are append-only: add a new one instead")
