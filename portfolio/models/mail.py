"""E-mail: what each person wants to receive, the mails waiting to leave, password reset links.

Mails are written to ``outgoing_mail`` in the transaction of the event they tell about (a
shared note, a company's contact), then sent once that transaction has committed: a rolled
back event never sends a mail, and a mail the server refused stays here until the next digest
run sends it again (``attempts`` counts the tries). A reset link's secret is never stored:
only its SHA-256 (``services.tokens.hash_token``), so the reset mail itself is not kept.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.accounts import User
from portfolio.models.base import Base, enum_type, utcnow


class MailFrequency(enum.StrEnum):
    DAILY = "daily"  # "Un résumé par jour" (the default); direct messages still at once
    IMMEDIATE = "immediate"  # "Tout de suite"
    NEVER = "never"  # "Jamais": nothing by e-mail, everything stays in the app


class MailKind(enum.StrEnum):
    IMMEDIATE = "immediate"  # one event (a note, a contact, a direct message)
    DIGEST = "digest"  # the daily summary


class MailPreference(Base):
    """One row per person who chose (or got a digest): no row means the default, daily."""

    __tablename__ = "mail_preference"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    frequency: Mapped[MailFrequency] = mapped_column(
        enum_type(MailFrequency, "mail_frequency"), default=MailFrequency.DAILY
    )
    # News up to this moment were in a digest already: the next one starts after it.
    digest_sent_up_to: Mapped[datetime | None]


class OutgoingMail(Base):
    """A mail written for one person, sent (``sent_at``) or waiting for the next try."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (CheckConstraint("attempts >= 0", name="attempts_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MailKind] = mapped_column(enum_type(MailKind, "mail_kind"))
    subject: Mapped[str] = mapped_column(String(200))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    unsubscribe_url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship()


class PasswordReset(Base):
    """A single-use "new password" link sent by e-mail; expires, used once."""

    __tablename__ = "password_reset"
    __table_args__ = (CheckConstraint("expires_at > created_at", name="expires_after_creation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
