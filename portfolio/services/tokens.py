"""Personal API tokens: shown once, stored as SHA-256, scoped, expiring, revocable.

:func:`hash_token` is also how tutor links, private showcase links and game link codes are
stored: one function, so every one-time secret is hashed the same way.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import ApiToken, GameLinkCode, Role, User, utcnow
from portfolio.services.access import valid_id
from portfolio.services.i18n import gettext as _

# What a token may do. A trainee chooses scopes when creating a token in their settings.
SCOPES: dict[str, str] = {
    "portfolio:read": "Lire mes traces, mes évaluations et le référentiel",
    "portfolio:write": "Créer et modifier mes traces et mes auto-évaluations",
    "game:evidence": "Envoyer les résultats du jeu à mon portfolio",
}
TOKEN_PREFIX = "e2c_"  # noqa: S105 - a public marker, not a secret
MAX_LIFETIME = timedelta(days=366)
MAX_ACTIVE_TOKENS = 20


class TokenError(ValueError):
    """A rule was broken; ``str(err)`` is a sentence for the user, in their language."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once; never stored


def hash_token(secret: str) -> str:
    """What is stored of a one-time secret: the hex SHA-256 of its UTF-8 bytes.

    A plain hash, not a password hash: the secrets are long and random (or, for game codes,
    short-lived and rate-limited), so brute force is not the threat a slow hash answers,
    and a lookup by hash must stay one indexed query. Changing it would orphan every
    stored row: tutor links, showcase links, API tokens and game codes would stop working.
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(user: User, name: str, scopes: set[str], lifetime: timedelta) -> IssuedToken:
    """Create a token; the caller commits. The secret is returned once and never stored."""
    if user.role is not Role.TRAINEE or not user.active:
        raise TokenError(_("Seuls les stagiaires peuvent créer des jetons d'accès."))
    name = name.strip()
    if not name or len(name) > 100:
        raise TokenError(_("Donnez un nom au jeton (100 caractères au maximum)."))
    if not scopes or not scopes <= SCOPES.keys():
        raise TokenError(_("Choisissez au moins un droit dans la liste."))
    if not timedelta(hours=1) <= lifetime <= MAX_LIFETIME:
        raise TokenError(_("La durée doit aller d'une heure à un an."))
    active = db.session.scalars(
        select(ApiToken.id).where(
            ApiToken.user_id == user.id,
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > utcnow(),
        )
    ).all()
    if len(active) >= MAX_ACTIVE_TOKENS:
        raise TokenError(_("Vous avez trop de jetons actifs. Supprimez-en un d'abord."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hash_token(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        scopes=sorted(scopes),
        expires_at=utcnow() + lifetime,
    )
    db.session.add(token)
    db.session.flush()
    return IssuedToken(token, secret)


def find_active_token(secret: str) -> ApiToken | None:
    """The token matching ``secret`` if it is neither expired, revoked, nor its user inactive."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    now = utcnow()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        return None
    if not token.user.active:
        return None
    return token


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of the user's tokens; False if it is not theirs (the caller answers 404)."""
    token = db.session.get(ApiToken, token_id) if valid_id(token_id) else None
    if token is None or token.user_id != user.id:
        return False
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return True


def revoke_personal_tokens(user: User) -> int:
    """Revoke the user's live personal tokens; return how many. The caller commits.

    Called when the password changes (by its owner, or a temporary one from the admin):
    someone who knew the old password may have made a token in the settings page, and it
    must stop working with the old password. A game linked with a one-time code keeps its
    token: the trainee chose that device, sees it in the settings and can unlink it there.
    A token made by hand with the game's right is still a personal token and is revoked.
    """
    now = utcnow()
    linked_games = select(GameLinkCode.token_id).where(GameLinkCode.token_id.is_not(None))
    tokens = db.session.scalars(
        select(ApiToken).where(
            ApiToken.user_id == user.id,
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > now,
            ApiToken.id.not_in(linked_games),
        )
    ).all()
    for token in tokens:
        token.revoked_at = now
    return len(tokens)


def user_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        )
    )
