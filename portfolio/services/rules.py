"""Errors and input rules shared by the follow-up rooms (referent, trainee, internships).

One module rather than a copy per room: a text field, a date, a level of the scale or a
competency id is checked the same way, with the same French sentence, wherever it is typed.
Errors are :class:`ReferentError`: ``str(err)`` is a sentence for the user, in their language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from portfolio.extensions import db
from portfolio.models import Role, User, utcnow
from portfolio.services import text
from portfolio.services.access import followed_trainees_query, valid_id
from portfolio.services.frameworks import frameworks
from portfolio.services.i18n import gettext as _
from referentiel import Competency, Framework

MAX_TEXT = 5000
MAX_REPLY = 2000


class ReferentError(ValueError):
    """A rule was broken; ``str(err)`` is a sentence for the user, in their language."""


def clean_text(value: object, label: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    """A form's text (see :func:`portfolio.services.text.clean_text`); ``label`` names the
    field in the message if it is refused."""
    try:
        return text.clean_text(value, limit=limit, required=required)
    except text.TextRefused as refused:
        if refused.kind == "not_text":
            raise ReferentError(_("« %(field)s » doit être un texte.", field=label)) from None
        if refused.kind == "required":
            raise ReferentError(_("« %(field)s » est obligatoire.", field=label)) from None
        raise ReferentError(
            _("« %(field)s » est trop long : %(n)d caractères au plus.", field=label, n=limit)
        ) from None


def parse_day(value: object, label: str, *, not_future: bool = False) -> date:
    """A date (not a datetime); ``not_future`` still allows tomorrow, for time zones."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ReferentError(_("« %(field)s » doit être une date.", field=label))
    if not_future and value > utcnow().date() + timedelta(days=1):
        raise ReferentError(_("« %(field)s » ne peut pas être dans le futur.", field=label))
    return value


def scale_text(fw: Framework) -> str:
    """The scale in words, e.g. "1 (Je fais), 2 (J'explique) ou 3 (J'analyse)"."""
    parts = [f"{level.code} ({level.label})" for level in fw.levels if level.code > 0]
    return ", ".join(parts[:-1]) + _(" ou ") + parts[-1] if len(parts) > 1 else "".join(parts)


def parse_level(fw: Framework, value: object) -> int:
    """A level one can give: a code of the framework's scale above 0 ("non évaluée")."""
    level: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        level = value
    elif isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,3}\s*", value):
        level = int(value)
    codes = {lv.code for lv in fw.levels if lv.code > 0}
    if level is None or level not in codes:
        raise ReferentError(
            _("Choisissez un niveau de l'échelle : %(scale)s.", scale=scale_text(fw))
        )
    return level


def parse_competency(fw: Framework, value: object) -> Competency:
    """A competency of ``fw`` that is still in use."""
    competency = fw.get(value.strip()) if isinstance(value, str) else None
    if competency is None:
        raise ReferentError(_("Cette compétence n'existe pas dans le référentiel."))
    if competency.retired:
        raise ReferentError(
            _(
                "La compétence « %(competency)s » n'est plus utilisée : choisissez-en une autre.",
                competency=competency.label,
            )
        )
    return competency


def parse_ids(values: Iterable[object], label: str) -> list[int]:
    """Record ids chosen in a form (ints or digit strings), sorted, each once.

    An id no database row can have (0, beyond a 32-bit integer) is refused like a word.
    """
    ids: list[int] = []
    for value in values:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not valid_id(value):
            raise ReferentError(_("%(field)s : choix non valable.", field=label))
        assert isinstance(value, int)
        ids.append(value)
    return sorted(set(ids))


def check_follows(referent: User, trainee: User) -> None:
    """Only a referent who follows the trainee today (own, or covering) may write about them."""
    if referent.role is not Role.REFERENT:
        raise ReferentError(_("Seul un référent peut faire cela."))
    query = followed_trainees_query(referent).where(User.id == trainee.id)
    if db.session.scalar(query) is None:
        raise ReferentError(_("Vous ne suivez pas ce stagiaire."))


def check_follows_all(referent: User, trainees: Sequence[User]) -> None:
    """:func:`check_follows` for several trainees, in one query."""
    if referent.role is not Role.REFERENT:
        raise ReferentError(_("Seul un référent peut faire cela."))
    wanted = {t.id for t in trainees}
    if not wanted:
        return
    query = followed_trainees_query(referent).where(User.id.in_(wanted))
    found = {t.id for t in db.session.scalars(query)}
    for trainee in trainees:
        if trainee.id not in found:
            raise ReferentError(_("Vous ne suivez pas %(name)s.", name=trainee.full_name))


def framework_or_error(framework_id: str) -> Framework:
    """The loaded framework ``framework_id``, or a :class:`ReferentError` saying it is unknown."""
    fw = frameworks().get(framework_id)
    if fw is None:
        raise ReferentError(_("Ce référentiel n'existe pas."))
    return fw
