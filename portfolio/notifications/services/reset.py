""" "Mot de passe oublié ?": a single-use link by e-mail, for accounts that have an address.

The page answers the same whether the account exists, has an address or not (no one learns
who is registered); the form is rate-limited per address and per name typed. The link's
secret is shown once, in the mail, and stored as its SHA-256 (``hash_token``); it expires
after ``LIFETIME`` and works once. Using it sets the password as a change by its owner does
(``accounts.set_own_password``): other sessions and personal API tokens end, and every other
link still open for the account stops working too.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update

from portfolio.extensions import db
from portfolio.models import PasswordReset, User, utcnow
from portfolio.services.accounts import AccountError, normalise_login, set_own_password
from portfolio.services.i18n import gettext as _
from portfolio.services.tokens import hash_token

LIFETIME = timedelta(hours=1)
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100


@dataclass(frozen=True)
class IssuedReset:
    user: User
    secret: str  # for the mail only; never stored


def _account_for(identifier: str) -> User | None:
    """The active account with this login, else the only active one with this address."""
    typed = identifier.strip()
    if not typed or len(typed) > 254:
        return None
    user = db.session.scalar(select(User).where(User.login == normalise_login(typed)))
    if user is None and "@" in typed:
        matches = db.session.scalars(
            select(User).where(func.lower(User.email) == typed.lower(), User.active.is_(True))
        ).all()
        user = matches[0] if len(matches) == 1 else None
    if user is None or not user.active or not (user.email or "").strip():
        return None
    return user


def request_reset(identifier: str) -> IssuedReset | None:
    """A new link for the account typed (login or e-mail), or None; the caller commits,
    then mails the link, and answers the same either way."""
    user = _account_for(identifier)
    if user is None:
        return None
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=hash_token(secret),
            created_at=now,
            expires_at=now + LIFETIME,
        )
    )
    db.session.flush()
    return IssuedReset(user, secret)


def find_reset(secret: str) -> PasswordReset | None:
    """The open link for this secret: not used, not expired, its account active."""
    if not isinstance(secret, str) or not secret or len(secret) > MAX_TOKEN_LENGTH:
        return None
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == hash_token(secret))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    if not reset.user.active:
        return None
    return reset


def complete_reset(reset: PasswordReset, new: str, confirm: str) -> User:
    """Set the new password; this link and every other open one of the account are spent."""
    if new != confirm:
        raise AccountError(_("Les deux nouveaux mots de passe ne sont pas identiques."))
    user = reset.user
    set_own_password(user, new)
    now = utcnow()
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(reset)
    db.session.flush()
    return user
