"""Forms of the exit pages. Choices are checked by the services (``validate_choice=False``), so
a tampered value gets the same plain French message as a wrong one, and nothing is written."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired

from portfolio.exits.services.exits import OUTCOME_LABELS
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.trades.forms import TradeField


def _outcomes() -> list[tuple[str, object]]:
    return [(outcome.value, _l(label)) for outcome, label in OUTCOME_LABELS.items()]


class ExitForm(FlaskForm):
    left_on = DateField(
        _l("Date de sortie"), validators=[InputRequired(message=_l("La date est obligatoire."))]
    )
    outcome = RadioField(_l("Après l'école"), choices=_outcomes(), validate_choice=False)
    trade = TradeField(_l("Métier (s'il y en a un)"))
    comment = TextAreaField(_l("Commentaire (facultatif)"))


class BulkExitForm(ExitForm):
    trainee_ids = SelectMultipleField(_l("Stagiaires"), choices=[], validate_choice=False)


class ReviewForm(FlaskForm):
    """The trainee's answer: "C'est juste" or "Il faut corriger" with their words."""

    comment = TextAreaField(_l("Ce qu'il faut corriger"))


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Raison du retrait"))


class ConfirmForm(FlaskForm):
    """A button that posts (with its CSRF token) and nothing else."""
