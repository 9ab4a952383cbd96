"""Private links: a showcase shown to someone outside the platform, for a while."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import PrivateLink, Showcase, User, utcnow
from portfolio.services.access import is_visible
from portfolio.services.access import valid_id as _valid_id
from portfolio.services.i18n import gettext as _
from portfolio.services.tokens import hash_token
from portfolio.showcase.services.common import (
    LINK_MAX_DAYS,
    MAX_LINK_LABEL,
    ShowcaseError,
)
from portfolio.showcase.services.content import showcase_of
from portfolio.showcase.services.public import record_view


def create_private_link(trainee: User, label: str, days: int) -> tuple[PrivateLink, str]:
    """A new link for one employer; returns the row and the token, shown once only."""
    showcase = showcase_of(trainee)
    if showcase is None:
        raise ShowcaseError(_("Préparez d'abord votre vitrine."))
    label = label.strip() if isinstance(label, str) else ""
    if not label:
        raise ShowcaseError(_("Dites pour qui est ce lien (par exemple : « Job dating mardi »)."))
    if len(label) > MAX_LINK_LABEL:
        raise ShowcaseError(_("Le nom du lien fait au plus %(n)d caractères.", n=MAX_LINK_LABEL))
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= LINK_MAX_DAYS:
        raise ShowcaseError(_("Le lien dure de 1 à %(n)d jours.", n=LINK_MAX_DAYS))
    token = secrets.token_urlsafe(24)
    link = PrivateLink(
        showcase_id=showcase.id,
        label=label,
        token_hash=hash_token(token),
        prefix=token[:6],
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(link)
    db.session.flush()
    return link, token


def private_links(trainee: User) -> list[PrivateLink]:
    return list(
        db.session.scalars(
            select(PrivateLink)
            .join(Showcase, Showcase.id == PrivateLink.showcase_id)
            .where(Showcase.trainee_id == trainee.id)
            .order_by(PrivateLink.created_at.desc(), PrivateLink.id.desc())
        )
    )


def revoke_private_link(trainee: User, link_id: int) -> PrivateLink:
    link = db.session.get(PrivateLink, link_id) if _valid_id(link_id) else None
    if link is None or link.showcase.trainee_id != trainee.id:
        raise ShowcaseError(_("Ce lien n'existe pas."))
    if link.revoked_at is None:
        link.revoked_at = utcnow()
    db.session.flush()
    return link


@dataclass(frozen=True)
class LinkState:
    """What a private link leads to. ``showcase`` is set only when it may be shown."""

    status: str  # "ok", "unknown", "expired", "revoked", "offline"
    link: PrivateLink | None = None
    showcase: Showcase | None = None


def resolve_private_link(token: str) -> LinkState:
    """Check a private link on every request: expiry, revocation and publication."""
    if not isinstance(token, str) or not 20 <= len(token) <= 64:
        return LinkState("unknown")
    link = db.session.scalar(select(PrivateLink).where(PrivateLink.token_hash == hash_token(token)))
    if link is None:
        return LinkState("unknown")
    now = utcnow()
    if link.revoked_at is not None:
        return LinkState("revoked", link)
    if link.expires_at <= now:
        return LinkState("expired", link)
    if not is_visible(link.showcase, now):
        return LinkState("offline", link)
    return LinkState("ok", link, link.showcase)


def use_private_link(link: PrivateLink) -> None:
    link.use_count += 1
    link.last_used_at = utcnow()
    record_view(link.showcase, link=link)
