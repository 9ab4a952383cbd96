"""What a trainee likes, for proposing trades: the picture questionnaire and the game's choice.

Two sources kept apart, never merged: the answers to the portfolio's picture questionnaire
(one row per card) and the one or two interests chosen in the game (one row per trainee).
Both are written only by ``portfolio.orientation.services.interests``. The database refuses
what the service never writes: a card outside the questionnaire, an answer outside the three
choices, game letters that are not one or two RIASEC letters.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portfolio.models.base import Base, enum_type, utcnow

RIASEC = "RIASEC"
# The questionnaire's cards: three per RIASEC letter ("R1" ... "C3"). A new card is a
# migration too (the CHECK lists them), like a new enum value.
CARD_IDS: tuple[str, ...] = tuple(f"{letter}{n}" for letter in RIASEC for n in (1, 2, 3))


def _in_list(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def game_letters_check() -> str:
    """SQL: ``letters`` is one RIASEC letter, or two different ones (same on both databases)."""
    first = _in_list("substr(letters, 1, 1)", tuple(RIASEC))
    second = _in_list("substr(letters, 2, 1)", tuple(RIASEC))
    return (
        f"length(letters) BETWEEN 1 AND 2 AND {first} AND "
        f"(length(letters) = 1 OR ({second} AND substr(letters, 1, 1) <> substr(letters, 2, 1)))"
    )


class InterestAnswer(enum.StrEnum):
    """The three answers of a card."""

    LIKE = "like"  # J'aime
    DISLIKE = "dislike"  # Je n'aime pas
    UNSURE = "unsure"  # Je ne sais pas


class InterestCardAnswer(Base):
    """A trainee's answer to one card of the picture questionnaire (the latest one)."""

    __tablename__ = "interest_card_answer"
    __table_args__ = (
        UniqueConstraint("trainee_id", "card_id"),
        CheckConstraint(_in_list("card_id", CARD_IDS), name="card_id_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    card_id: Mapped[str] = mapped_column(String(2))
    answer: Mapped[InterestAnswer] = mapped_column(enum_type(InterestAnswer, "interest_answer"))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class GameInterests(Base):
    """The one or two interests (RIASEC letters, in the order chosen) the game sent."""

    __tablename__ = "game_interests"
    __table_args__ = (CheckConstraint(game_letters_check(), name="letters_riasec"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    letters: Mapped[str] = mapped_column(String(2))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
