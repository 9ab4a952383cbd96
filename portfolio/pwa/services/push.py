"""Web Push: the browsers where a person wants notifications, and sending them one.

A browser subscribes with its push service (Google's, Mozilla's, Apple's...) and gives us an
address (``endpoint``) and two keys; we post each message there, encrypted for that browser
alone (RFC 8291) and signed with our VAPID key (RFC 8292), through pywebpush. The service
worker shows it and opens its address when tapped.

Only push services' hosts are posted to (``WEBPUSH_ALLOWED_HOSTS``): an endpoint is typed by
the browser, so a made-up one could otherwise make the server post inside its own network.
Without VAPID keys (``flask push keys`` makes a pair) push is off and its button hidden.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from pywebpush import WebPushException, webpush
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import PushSubscription, User
from portfolio.models.push import MAX_ENDPOINT
from portfolio.security import safe_next
from portfolio.services.i18n import gettext as _

log = logging.getLogger(__name__)

MAX_TITLE = 120
MAX_BODY = 400
TTL_SECONDS = 24 * 3600  # a phone off for a day still gets it; older news is in the app
TIMEOUT_SECONDS = 5.0


class PushError(ValueError):
    """A subscription is refused; ``str()`` says why, for people."""


@dataclass(frozen=True, slots=True)
class PushResult:
    sent: int = 0
    removed: int = 0  # subscriptions the push service no longer knows (404, 410): deleted
    failed: int = 0  # other failures (network, 5xx): kept, tried again next time


def enabled() -> bool:
    config = current_app.config
    return bool(config.get("WEBPUSH_VAPID_PRIVATE_KEY") and config.get("WEBPUSH_VAPID_PUBLIC_KEY"))


def public_key() -> str:
    """The application server key the browser subscribes with (base64url, uncompressed)."""
    return str(current_app.config.get("WEBPUSH_VAPID_PUBLIC_KEY") or "")


def _b64(value: object, size: int, first: int | None = None) -> str:
    message = _("L'abonnement envoyé par le navigateur n'est pas valide.")
    if not isinstance(value, str) or len(value) > 200:
        raise PushError(message)
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise PushError(message) from None
    if len(raw) != size or (first is not None and raw[0] != first):
        raise PushError(message)
    return value.rstrip("=")


def allowed_endpoint(endpoint: object) -> str:
    """``endpoint`` if it is an address of a known push service, else PushError."""
    message = _("Ce service de notifications n'est pas accepté.")
    if not isinstance(endpoint, str) or not 1 <= len(endpoint) <= MAX_ENDPOINT:
        raise PushError(message)
    parts = urlsplit(endpoint)
    schemes = {"https", "http"} if current_app.config.get("WEBPUSH_ALLOW_HTTP") else {"https"}
    host = (parts.hostname or "").lower()
    hosts = current_app.config.get("WEBPUSH_ALLOWED_HOSTS") or ()
    if parts.scheme not in schemes or parts.username or parts.password or not host:
        raise PushError(message)
    if not any(host == h or host.endswith("." + h) for h in hosts):
        raise PushError(message)
    if any(ch.isspace() or not ch.isprintable() for ch in endpoint):
        raise PushError(message)
    return endpoint


def subscribe(user: User, body: object) -> PushSubscription:
    """Keep the browser's subscription (PushSubscription.toJSON()) for ``user``.

    The same browser subscribing again (or for another person, on a shared phone) updates
    its row: a browser has one subscription, for the person logged in last.
    """
    if not enabled():
        raise PushError(_("Les notifications ne sont pas disponibles ici."))
    if not isinstance(body, dict) or not isinstance(body.get("keys"), dict):
        raise PushError(_("L'abonnement envoyé par le navigateur n'est pas valide."))
    endpoint = allowed_endpoint(body.get("endpoint"))
    p256dh = _b64(body["keys"].get("p256dh"), 65, first=4)
    auth = _b64(body["keys"].get("auth"), 16)
    row = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if row is None:
        row = PushSubscription(endpoint=endpoint, user_id=user.id, p256dh=p256dh, auth=auth)
        db.session.add(row)
    else:
        row.user_id, row.p256dh, row.auth = user.id, p256dh, auth
    db.session.flush()
    return row


def unsubscribe(user: User, subscription: PushSubscription) -> None:
    """Forget a subscription the caller has guarded (access.own_push_subscription)."""
    if subscription.user_id != user.id:
        raise PushError(_("Cet abonnement n'existe pas."))
    db.session.delete(subscription)
    db.session.flush()


def forget_browser(user: User, endpoint: object) -> None:
    """At logout: delete ``user``'s subscription of this browser, if it names one of theirs."""
    if not isinstance(endpoint, str) or not 1 <= len(endpoint) <= MAX_ENDPOINT:
        return
    row = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if row is not None and row.user_id == user.id:
        db.session.delete(row)
        db.session.flush()


def subscriptions(user: User) -> list[PushSubscription]:
    return list(
        db.session.scalars(
            select(PushSubscription)
            .where(PushSubscription.user_id == user.id)
            .order_by(PushSubscription.id)
        )
    )


def payload(title: str, body: str, url: str) -> str:
    """The JSON the worker reads: short texts and an address of this site only."""
    return json.dumps(
        {
            "title": title.strip()[:MAX_TITLE],
            "body": body.strip()[:MAX_BODY],
            "url": safe_next(url, "/"),
        },
        ensure_ascii=False,
    )


def push_to_user(user_id: int, title: str, body: str, url: str) -> PushResult:
    """Send a notification to every browser ``user_id`` subscribed. Caller commits.

    Each subscription is tried once; one the push service has forgotten (404, 410) is
    deleted. Nothing is sent when push is off (no VAPID keys). Never raises for a push
    service's failure: the news is in the app anyway.
    """
    if not enabled():
        return PushResult()
    data = payload(title, body, url)
    sent = removed = failed = 0
    rows = db.session.scalars(select(PushSubscription).where(PushSubscription.user_id == user_id))
    for row in list(rows):
        try:
            allowed_endpoint(row.endpoint)  # the allowed hosts may have changed since
            _send(row, data)
            sent += 1
        except WebPushException as error:
            status = error.response.status_code if error.response is not None else None
            if status in (404, 410):
                db.session.delete(row)
                removed += 1
            else:
                log.warning("push failed", extra={"status": status})
                failed += 1
        except PushError:
            db.session.delete(row)
            removed += 1
    db.session.flush()
    return PushResult(sent=sent, removed=removed, failed=failed)


def _send(row: PushSubscription, data: str) -> Any:
    config = current_app.config
    return webpush(
        subscription_info={
            "endpoint": row.endpoint,
            "keys": {"p256dh": row.p256dh, "auth": row.auth},
        },
        data=data,
        vapid_private_key=str(config["WEBPUSH_VAPID_PRIVATE_KEY"]),
        vapid_claims={"sub": str(config.get("WEBPUSH_CONTACT") or "mailto:admin@localhost")},
        ttl=TTL_SECONDS,
        timeout=TIMEOUT_SECONDS,
    )


def new_vapid_keys() -> tuple[str, str]:
    """A new VAPID key pair: (private key, public key), both base64url without padding."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)

    def text(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return text(private), text(public)
