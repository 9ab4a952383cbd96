"""Web Push subscriptions: the phones (browsers) where a person wants notifications.

One row per browser subscription, given by the browser's push service: the address to post
to (``endpoint``, unique: a browser subscribes once) and the two keys the message is
encrypted with (RFC 8291). A push service that answers 404 or 410 has forgotten the
subscription: the row is deleted then.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portfolio.models.base import Base, CreatedAtMixin

MAX_ENDPOINT = 1000


class PushSubscription(CreatedAtMixin, Base):
    __tablename__ = "push_subscription"
    __table_args__ = (
        CheckConstraint(
            "endpoint LIKE 'https://%' OR endpoint LIKE 'http://%'", name="endpoint_web"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    endpoint: Mapped[str] = mapped_column(String(MAX_ENDPOINT), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))  # the browser's public key, base64url
    auth: Mapped[str] = mapped_column(String(100))  # the shared authentication secret
