"""Conversations between a trainee and their referent(s): threads, messages, files, reads.

A thread belongs to one trainee (``trainee_id``); the other side is whoever follows the
trainee now (their open referent assignment, or the colleague covering during a hand-over),
so a new referent reads the history and a former one no longer does. A referent's group
message is one thread per trainee: answers stay private.

Attachment files are written before their row (see ``portfolio/conversations/services``);
one stored file may be named by several rows (a group message sends the same PDF to each
thread), so ``file_key`` is not unique. ``kind`` lists ``audio`` already: the audio pipeline
plugs in without a migration of this table.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import User
from portfolio.models.base import Base, CreatedAtMixin, enum_type, utcnow


class AttachmentKind(enum.StrEnum):
    PHOTO = "photo"  # re-encoded JPEG (display + thumbnail), metadata stripped
    PDF = "pdf"  # checked PDF, served as a download only
    AUDIO = "audio"  # the audio pipeline (not built here)


class Conversation(CreatedAtMixin, Base):
    """A thread about one trainee, with a subject; messages in order."""

    __tablename__ = "conversation"
    __table_args__ = (
        Index("ix_conversation_trainee_last", "trainee_id", "last_message_at"),
        CheckConstraint("trainee_messages >= 0", name="trainee_messages_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    started_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    subject: Mapped[str] = mapped_column(String(120))
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)
    # How many messages the trainee wrote here: with each reader's ``trainee_messages_seen``,
    # a referent's unread count is a subtraction, not a count of messages past their read
    # point (the menu shows it on every page). Kept by the write path (``conversations.services``).
    trainee_messages: Mapped[int] = mapped_column(default=0, server_default="0")

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    started_by: Mapped[User] = relationship(foreign_keys=[started_by_id])
    messages: Mapped[list[ConversationMessage]] = relationship(
        back_populates="conversation", order_by="ConversationMessage.id"
    )


class ConversationMessage(CreatedAtMixin, Base):
    """One message of a thread; its text may be empty when it carries a file."""

    __tablename__ = "conversation_message"
    # Unread counts (the menu, on every page) read one range of this index per thread: the
    # messages of an author past the reader's read point, without touching the table. A
    # trainee's "Nouveau pour vous" reads the recent messages of their threads from the second
    # one alone (the moment, then the id it carries).
    __table_args__ = (
        Index("ix_conversation_message_unread", "conversation_id", "author_id", "id"),
        Index(
            "ix_conversation_message_recent",
            "conversation_id",
            "author_id",
            "created_at",
            postgresql_include=["id"],
        ),
        # A referent's "Nouveau" finds each followed trainee's recent messages by their
        # author, without reading the trainee's threads first.
        Index(
            "ix_conversation_message_author_recent",
            "author_id",
            "created_at",
            postgresql_include=["conversation_id", "id"],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text, default="")

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    author: Mapped[User] = relationship()
    attachments: Mapped[list[MessageAttachment]] = relationship(
        back_populates="message", order_by="MessageAttachment.id"
    )


class MessageAttachment(Base):
    """A file sent with a message: a photo, a PDF (an audio clip later)."""

    __tablename__ = "message_attachment"
    __table_args__ = (
        CheckConstraint("size_bytes >= 0", name="bytes_range"),
        CheckConstraint(
            "(width IS NULL AND height IS NULL) OR (width >= 1 AND height >= 1)",
            name="size_positive",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("conversation_message.id"), index=True)
    kind: Mapped[AttachmentKind] = mapped_column(enum_type(AttachmentKind, "attachment_kind"))
    file_key: Mapped[str] = mapped_column(String(120))
    thumb_key: Mapped[str | None] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(60))
    filename: Mapped[str] = mapped_column(String(120), default="")
    size_bytes: Mapped[int] = mapped_column(default=0)
    width: Mapped[int | None]
    height: Mapped[int | None]

    message: Mapped[ConversationMessage] = relationship(back_populates="attachments")


class ConversationRead(Base):
    """How far a person has read a thread: the last message they saw (read receipts), and
    how many of the trainee's messages the thread had then (``trainee_messages_seen``: a
    referent has ``Conversation.trainee_messages`` minus that left to read)."""

    __tablename__ = "conversation_read"
    __table_args__ = (
        UniqueConstraint("conversation_id", "user_id"),
        CheckConstraint("last_read_message_id >= 0", name="last_read_range"),
        CheckConstraint("trainee_messages_seen >= 0", name="trainee_messages_seen_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    last_read_message_id: Mapped[int] = mapped_column(default=0)
    trainee_messages_seen: Mapped[int] = mapped_column(default=0, server_default="0")
    read_at: Mapped[datetime] = mapped_column(default=utcnow)
