"""Linking the serious game to a trainee's portfolio without typing a password into the game.

The trainee's settings page shows a short one-time code (``K7QF-93TD``: 8 characters from an
alphabet without look-alikes, valid 10 minutes, single use). The game sends it once and gets a
token scoped to ``game:evidence``; unlinking revokes that token.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update

from portfolio.extensions import db
from portfolio.models import ApiToken, GameLinkCode, Role, User, utcnow
from portfolio.services.access import valid_id
from portfolio.services.i18n import gettext as _
from portfolio.services.tokens import IssuedToken, hash_token, issue_token, revoke_token

GAME_SCOPE = "game:evidence"
# No 0/O, 1/I/L, no U/V pair to misread: what a trainee copies from a screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 8
CODE_LIFETIME = timedelta(minutes=10)
MAX_LIVE_CODES = 5
TOKEN_LIFETIME = timedelta(days=365)
DEVICE_MAX = 80
_NOT_CODE = re.compile(r"[^A-Z0-9]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class GameLinkError(ValueError):
    """A rule was broken; ``str(err)`` is a sentence in the reader's language."""


@dataclass(frozen=True, slots=True)
class IssuedCode:
    code: str  # shown once, e.g. "K7QF-93TD"; only its hash is stored
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Linked:
    user: User
    issued: IssuedToken


def normalise_code(text: str) -> str | None:
    """``k7qf 93td`` -> ``K7QF-93TD``; None when it cannot be a code at all."""
    compact = _NOT_CODE.sub("", text.upper())
    if len(compact) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in compact):
        return None
    return f"{compact[:4]}-{compact[4:]}"


def new_link_code(user: User) -> IssuedCode:
    """A fresh code for a trainee; older live codes stay valid until they expire (5 at most).

    The caller commits.
    """
    if user.role is not Role.TRAINEE or not user.active:
        raise GameLinkError(_("Seuls les stagiaires peuvent lier le jeu à leur portfolio."))
    now = utcnow()
    db.session.execute(
        delete(GameLinkCode).where(
            GameLinkCode.user_id == user.id,
            GameLinkCode.used_at.is_(None),
            GameLinkCode.expires_at <= now,
        )
    )
    live = list(
        db.session.scalars(
            select(GameLinkCode)
            .where(GameLinkCode.user_id == user.id, GameLinkCode.used_at.is_(None))
            .order_by(GameLinkCode.expires_at.desc())
        )
    )
    for old in live[MAX_LIVE_CODES - 1 :]:
        db.session.delete(old)
    while True:  # a clash with a stored code is unlikely (29^8 codes) but would be refused
        compact = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        code = f"{compact[:4]}-{compact[4:]}"
        clash = select(GameLinkCode.id).where(GameLinkCode.code_hash == hash_token(code))
        if db.session.scalar(clash) is None:
            break
    row = GameLinkCode(user_id=user.id, code_hash=hash_token(code), expires_at=now + CODE_LIFETIME)
    db.session.add(row)
    db.session.flush()
    return IssuedCode(code, row.expires_at)


def clean_device(device: str) -> str:
    """The device's name as the trainee will read it in their settings."""
    return " ".join(_CONTROL.sub(" ", device).split())[:DEVICE_MAX]


def redeem_code(code: str, device: str) -> Linked:
    """Exchange a live code for a ``game:evidence`` token; the code is used up.

    Raises GameLinkError (the same message for unknown, used and expired codes) or the
    tokens service's TokenError. The caller commits.
    """
    normal = normalise_code(code)
    refused = GameLinkError(
        _("Ce code ne marche pas. Demandez un nouveau code dans votre portfolio.")
    )
    if normal is None:
        raise refused
    now = utcnow()
    row = db.session.scalar(
        select(GameLinkCode).where(GameLinkCode.code_hash == hash_token(normal))
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise refused
    user = row.user
    if not user.active or user.role is not Role.TRAINEE:
        raise refused
    # Single use even when the code is sent twice at the same moment.
    taken = db.session.execute(
        update(GameLinkCode)
        .where(GameLinkCode.id == row.id, GameLinkCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(taken, "rowcount", 0) != 1:
        raise refused
    name = clean_device(device)
    issued = issue_token(user, f"Jeu · {name}" if name else "Jeu", {GAME_SCOPE}, TOKEN_LIFETIME)
    db.session.execute(
        update(GameLinkCode)
        .where(GameLinkCode.id == row.id)
        .values(token_id=issued.token.id)
        .execution_options(synchronize_session=False)
    )
    return Linked(user, issued)


def actor_for(user: User, home_page: str) -> dict[str, Any]:
    """The xAPI actor the game must put in its statements for ``user``."""
    return {
        "objectType": "Agent",
        "account": {"homePage": home_page, "name": user.public_id},
    }


def game_tokens(user: User) -> list[ApiToken]:
    """The user's live tokens that may send game evidence (their linked games)."""
    now = utcnow()
    tokens = db.session.scalars(
        select(ApiToken)
        .where(
            ApiToken.user_id == user.id,
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > now,
        )
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return [t for t in tokens if GAME_SCOPE in t.scope_set]


def unlink(user: User, token_id: int) -> bool:
    """Revoke one of the user's game tokens; False when it is not theirs. The caller commits."""
    token = db.session.get(ApiToken, token_id) if valid_id(token_id) else None
    if token is None or token.user_id != user.id or GAME_SCOPE not in token.scope_set:
        return False
    return revoke_token(user, token_id)
