"""What each person wants by e-mail, and the signed one-click unsubscribe address.

The unsubscribe token is the account's public id signed with the site's secret key
(itsdangerous, a salt of its own): it works logged out, from any old mail, and names no one
to whoever reads the address. It does not expire: an unsubscribe link must keep working.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import MailFrequency, MailPreference, Role, User
from portfolio.services.i18n import gettext as _

SALT = "e2c-unsubscribe"
# People told of news by mail (companies and admins have the in-app notices only for now).
READERS = (Role.TRAINEE, Role.REFERENT)


class MailError(ValueError):
    """A rule was broken; ``str(err)`` is a sentence for the user, in their language."""


def can_receive(user: User) -> bool:
    """The person has an address and an active account (a trainee without e-mail sees
    everything in the app)."""
    return bool(user.email and user.email.strip()) and user.active


def preference_of(user: User) -> MailPreference | None:
    return db.session.scalar(select(MailPreference).where(MailPreference.user_id == user.id))


def frequency_of(user: User) -> MailFrequency:
    pref = preference_of(user)
    return pref.frequency if pref else MailFrequency.DAILY


def set_frequency(user: User, value: object) -> MailPreference:
    """Record the person's choice; a value that is not one of the three is refused."""
    try:
        frequency = MailFrequency(value) if isinstance(value, str) else None
    except ValueError:
        frequency = None
    if frequency is None:
        raise MailError(_("Choisissez quand recevoir les e-mails."))
    pref = preference_of(user)
    if pref is None:
        pref = MailPreference(user_id=user.id, frequency=frequency)
        db.session.add(pref)
    else:
        pref.frequency = frequency
    db.session.flush()
    return pref


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def unsubscribe_token(user: User) -> str:
    return str(_serializer().dumps(user.public_id))


def user_for_unsubscribe(token: str) -> User | None:
    """The account a token was made for, or None (forged, truncated, account gone)."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        public_id = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(public_id, str):
        return None
    return db.session.scalar(select(User).where(User.public_id == public_id))


def unsubscribe(user: User) -> None:
    """No more mail at all ("Jamais"); the settings page can turn it back on."""
    set_frequency(user, MailFrequency.NEVER.value)
