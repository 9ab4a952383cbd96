"""What a person has already seen of "Nouveau pour vous" (the home's list of news).

News are not stored: they are read from the records themselves (a shared note, a reply, a
company's message, a bilan...). Only what the reader has seen is stored, two ways: the moment
they last opened the whole list (``NewsMark``), and each item opened on its own since
(``NewsSeen``). An item is new when it is younger than the mark and not opened yet.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portfolio.models.base import Base, enum_type, utcnow


class NewsKind(enum.StrEnum):
    NOTE = "note"  # a note shared with the trainee
    NOTE_REPLY = "note_reply"  # an answer under a note, from the other side
    CONTACT = "contact"  # a company's contact request
    CONTACT_MESSAGE = "contact_message"  # a company's message in a contact
    REVIEW = "review"  # a bilan waiting for the trainee's agreement
    REVIEW_ANSWER = "review_answer"  # the trainee agreed to a bilan (or said why not)
    OFFER = "offer"  # an offer matching the trainee's project
    MESSAGE = "message"  # a message in a conversation, from the other side


class NewsMark(Base):
    """When the person last opened the list: everything older is seen."""

    __tablename__ = "news_mark"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    seen_up_to: Mapped[datetime] = mapped_column(default=utcnow)


class NewsSeen(Base):
    """One item opened from the list (or from its link) after the last mark."""

    __tablename__ = "news_seen"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "record_id"),
        CheckConstraint("record_id >= 1", name="record_id_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[NewsKind] = mapped_column(enum_type(NewsKind, "news_kind"))
    record_id: Mapped[int]
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
