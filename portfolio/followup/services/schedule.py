"""The site's follow-up schedule: the months after the exit when the referent contacts the
young person. Stored as text ("1,3,6,12") on ``Site.followup_months``; the database checks its
shape, this module its meaning (1 to 24, increasing, 6 contacts at most)."""

from __future__ import annotations

from itertools import pairwise
from typing import Final

from portfolio.extensions import db
from portfolio.models import Site
from portfolio.models.followup import MAX_MONTH
from portfolio.services.accounts import AccountError
from portfolio.services.i18n import gettext as _

DEFAULT: Final = (1, 3, 6, 12)
MAX_CONTACTS: Final = 6


class ScheduleError(AccountError):
    """The schedule typed is refused; ``str(err)`` says why, in plain words."""


def parse_schedule(raw: object) -> tuple[int, ...]:
    """Months typed as "1, 3, 6, 12" (commas or spaces). Raises :class:`ScheduleError`."""
    if not isinstance(raw, str):
        raise ScheduleError(_("Écrivez les mois avec des chiffres, par exemple : 1, 3, 6, 12."))
    words = raw.replace(";", ",").replace(",", " ").split()
    if not words:
        raise ScheduleError(_("Écrivez au moins un mois, par exemple : 1, 3, 6, 12."))
    if not all(w.isascii() and w.isdigit() and len(w) <= 2 for w in words):
        raise ScheduleError(_("Écrivez les mois avec des chiffres, par exemple : 1, 3, 6, 12."))
    months = tuple(int(w) for w in words)
    if len(months) > MAX_CONTACTS:
        raise ScheduleError(_("%(n)d contacts au plus.", n=MAX_CONTACTS))
    if any(m < 1 or m > MAX_MONTH for m in months):
        raise ScheduleError(_("Chaque mois est entre 1 et %(n)d.", n=MAX_MONTH))
    if any(b <= a for a, b in pairwise(months)):
        raise ScheduleError(_("Écrivez les mois dans l'ordre, sans doublon : 1, 3, 6, 12."))
    return months


def schedule_of(site: Site | None) -> tuple[int, ...]:
    """The site's months; the default for a site without one or a value a script broke."""
    if site is None:
        return DEFAULT
    try:
        return parse_schedule(site.followup_months)
    except ScheduleError:
        return DEFAULT


def schedule_text(site: Site) -> str:
    return ", ".join(str(m) for m in schedule_of(site))


def set_schedule(site: Site, raw: object) -> Site:
    """Change the site's schedule. Contacts already planned do not move."""
    site.followup_months = ",".join(str(m) for m in parse_schedule(raw))
    db.session.flush()
    return site
