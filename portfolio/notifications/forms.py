from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Length

from portfolio.models import MailFrequency
from portfolio.services.i18n import lazy_gettext as _l

FREQUENCY_CHOICES = [
    (MailFrequency.DAILY.value, _l("Un résumé par jour")),
    (MailFrequency.IMMEDIATE.value, _l("Tout de suite")),
    (MailFrequency.NEVER.value, _l("Jamais")),
]


class ForgotForm(FlaskForm):
    identifier = StringField(
        _l("Votre identifiant ou votre adresse e-mail"),
        validators=[
            DataRequired(_l("Écrivez votre identifiant ou votre e-mail.")),
            Length(max=254),
        ],
    )


class ResetForm(FlaskForm):
    new = PasswordField(
        _l("Nouveau mot de passe"),
        validators=[DataRequired(_l("Écrivez un mot de passe.")), Length(max=200)],
        description=_l(
            "Au moins 10 caractères. Astuce : trois mots au hasard, par exemple « velo-nuage-citron »."
        ),
    )
    confirm = PasswordField(
        _l("Nouveau mot de passe, encore une fois"),
        validators=[
            DataRequired(_l("Écrivez le mot de passe une deuxième fois.")),
            Length(max=200),
        ],
    )


class FrequencyForm(FlaskForm):
    frequency = RadioField(
        _l("Quand recevoir les e-mails ?"),
        choices=FREQUENCY_CHOICES,
        validators=[DataRequired(_l("Choisissez quand recevoir les e-mails."))],
    )


class UnsubscribeForm(FlaskForm):
    """Only the button: the token in the address says who."""
