"""Forms of the follow-up pages. Choices are checked by the services (``validate_choice=False``),
so a tampered value gets the same plain French message as a wrong one, and nothing is written."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from portfolio.exits.services.exits import OUTCOME_LABELS
from portfolio.followup.services.contacts import METHOD_LABELS
from portfolio.services.i18n import lazy_gettext as _l


class ContactForm(FlaskForm):
    done_on = DateField(
        _l("Date du contact"), validators=[InputRequired(message=_l("La date est obligatoire."))]
    )
    method = RadioField(
        _l("Comment"),
        choices=[(m.value, _l(label)) for m, label in METHOD_LABELS.items()],
        validate_choice=False,
    )
    situation = RadioField(
        _l("Sa situation à cette date"),
        choices=[(o.value, _l(label)) for o, label in OUTCOME_LABELS.items()],
        validate_choice=False,
        description=_l("Pas besoin de la remplir si le jeune n'a pas répondu."),
    )
    comment = TextAreaField(_l("Commentaire (facultatif)"))


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Le message"), render_kw={"rows": 6})


class ReportForm(FlaskForm):
    """The report's filters (GET): a year, or a date range; a site for network admins."""

    class Meta:
        csrf = False

    site = SelectField(_l("Site"), validate_choice=False)
    annee = StringField(_l("Année"), validators=[Optional()])
    du = DateField(_l("Du"), validators=[Optional()])
    au = DateField(_l("Au"), validators=[Optional()])
