"""Forms of the internship pages: the referent's internship form and the tutor's page.

Choices are checked by the services (``validate_choice=False``), so a tampered value gets the
same plain French message as a wrong one, and nothing is written.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, StringField
from wtforms.validators import InputRequired

from portfolio.services.i18n import lazy_gettext as _l
from portfolio.trades.forms import TradeField


class InternshipForm(FlaskForm):
    company_name = StringField(_l("Entreprise"))
    tutor_name = StringField(_l("Nom du tuteur ou de la tutrice"))
    tutor_email = StringField(_l("Email du tuteur ou de la tutrice"))
    starts_on = DateField(
        _l("Début du stage"), validators=[InputRequired(message=_l("La date est obligatoire."))]
    )
    ends_on = DateField(
        _l("Fin du stage"), validators=[InputRequired(message=_l("La date est obligatoire."))]
    )
    rome_code = TradeField(
        _l("Métier visé"), required=_l("Choisissez le métier visé dans la liste.")
    )
    competency_ids = SelectMultipleField(
        _l("Compétences à observer"), choices=[], validate_choice=False
    )


class ConfirmForm(FlaskForm):
    """A button that posts (with its CSRF token) and nothing else."""


class TutorForm(FlaskForm):
    """The tutor's page: levels and comments are read per competency from the form."""
