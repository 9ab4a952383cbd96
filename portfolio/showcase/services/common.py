"""Limits, the one error type, and what every showcase service needs."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from portfolio.extensions import db
from portfolio.models import Notification, Role, User
from portfolio.services.i18n import gettext as _

MAX_TRADES: Final = 5
MAX_AREA: Final = 120
MAX_PRESENTATION: Final = 1500
MAX_SHOWCASE_TRACES: Final = 30
MAX_EXPIRY_DAYS: Final = 366
LINK_MAX_DAYS: Final = 30
MAX_LINK_LABEL: Final = 120
VIEW_DEDUP: Final = timedelta(minutes=30)


class ShowcaseError(ValueError):
    """A showcase rule was broken; ``str(err)`` is a sentence for the user, in their language."""


def _trainee(user: User) -> None:
    if user.role is not Role.TRAINEE:
        raise ShowcaseError(_("Seul un ou une stagiaire a une vitrine."))


def display_name(user: User) -> str:
    """What companies see of a name: the first name and the initial of the last name."""
    initial = f" {user.last_name.strip()[0].upper()}." if user.last_name.strip() else ""
    return f"{user.first_name}{initial}"


def notify(
    user: User | None, kind: str, *, subject: str = "", target_id: int | None = None
) -> None:
    """Tell someone something in the platform (listed on their notices page, counted in the menu).

    ``kind`` says what happened and which page ``target_id`` leads to (see the notices views).
    """
    if user is None or not user.active:
        return
    db.session.add(
        Notification(user_id=user.id, kind=kind, subject=subject[:200], target_id=target_id)
    )
