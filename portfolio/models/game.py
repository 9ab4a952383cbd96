"""The serious game's side of the portfolio: one-time link codes and the statements it sent.

A statement is kept exactly as received (canonical JSON and its SHA-256), so a resend is
recognised as the same evidence; the game trace made from it lives in ``trace``.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import User
from portfolio.models.base import Base, CreatedAtMixin, enum_type, utcnow
from portfolio.models.traces import ApiToken, Trace


class GameStatementStatus(enum.StrEnum):
    """What the referent decided about a piece of game evidence."""

    PENDING = "pending"  # observée dans le jeu, en attente du référent
    CONFIRMED = "confirmed"  # confirmée : une évaluation « jeu » est enregistrée
    DISCARDED = "discarded"  # écartée, avec une raison


class GameLinkCode(CreatedAtMixin, Base):
    """A short one-time code shown in the trainee's settings and typed into the game.

    Only its SHA-256 is stored. Used once (``used_at``), then it yields ``token``.
    """

    __tablename__ = "game_link_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship()
    token: Mapped[ApiToken | None] = relationship()


class GameStatement(Base):
    """One xAPI-shaped statement received from the game, and the referent's decision."""

    __tablename__ = "game_statement"
    __table_args__ = (
        Index("ix_game_statement_user_status", "user_id", "status"),
        Index("ix_game_statement_user_row", "user_id", "id"),
        CheckConstraint("score BETWEEN 0 AND 1", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[str] = mapped_column(String(36), unique=True)  # the game's UUID
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    trace_id: Mapped[int | None] = mapped_column(
        ForeignKey("trace.id", ondelete="SET NULL"), index=True
    )
    canonical: Mapped[str] = mapped_column(Text)  # sorted keys, no "stored"/"authority"
    sha256: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(200))
    task_name: Mapped[str] = mapped_column(String(200))
    verb: Mapped[str] = mapped_column(String(100))
    score: Mapped[float] = mapped_column(Float)  # result.score.scaled, 0..1
    happened_at: Mapped[datetime]  # the statement's timestamp
    status: Mapped[GameStatementStatus] = mapped_column(
        enum_type(GameStatementStatus, "game_statement_status"),
        default=GameStatementStatus.PENDING,
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    trace: Mapped[Trace | None] = relationship()
