"""Limits, the one error type, and the checks every company service shares."""

from __future__ import annotations

import re
from typing import Final

from email_validator import EmailNotValidError, validate_email

from portfolio.models import Company, Role, User
from portfolio.services.i18n import gettext as _
from portfolio.services.text import TextRefused, clean_text
from portfolio.showcase.services import is_partner

MAX_MESSAGE: Final = 2000
MIN_MESSAGE: Final = 20
MAX_SAVED: Final = 20
SIRET_RE: Final = re.compile(r"^[0-9]{14}$")
PHONE_RE: Final = re.compile(r"^\+?[0-9 .()-]{10,20}$")


class CompanyError(ValueError):
    """A rule was broken; ``str(err)`` is a sentence for the user, in their language."""


def _text(value: object, *, limit: int, what: str, required: bool = False) -> str:
    """See :func:`portfolio.services.text.clean_text`; a value that is not text counts as empty."""
    try:
        return clean_text(value if isinstance(value, str) else None, limit=limit, required=required)
    except TextRefused as refused:
        if refused.kind == "required":
            raise CompanyError(_("%(what)s : ce champ est obligatoire.", what=what)) from None
        raise CompanyError(_("%(what)s : %(n)d caractères au plus.", what=what, n=limit)) from None


def _email(value: object) -> str:
    text = value.strip() if isinstance(value, str) else ""
    try:
        return str(validate_email(text, check_deliverability=False).normalized)
    except EmailNotValidError:
        raise CompanyError(
            _("L'adresse e-mail n'est pas valide (exemple : nom@entreprise.fr).")
        ) from None


def _phone(value: object) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if text and not PHONE_RE.match(text):
        raise CompanyError(_("Le numéro de téléphone n'est pas valide (exemple : 06 12 34 56 78)."))
    return text


def siret_is_valid(siret: str) -> bool:
    """14 digits whose Luhn sum is a multiple of 10 (La Poste's establishments excepted)."""
    if not SIRET_RE.match(siret):
        return False
    if siret.startswith("356000000"):  # La Poste: digit sum multiple of 5
        return sum(int(d) for d in siret) % 5 == 0
    total = 0
    for i, digit in enumerate(reversed(siret)):
        n = int(digit) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _partner_user(user: User) -> Company:
    if user.role is not Role.COMPANY or not is_partner(user.company):
        raise CompanyError(_("Votre entreprise n'est pas encore partenaire de l'école."))
    assert user.company is not None
    return user.company
