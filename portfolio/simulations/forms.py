"""Forms of the simulation pages: they read what was posted, the services judge it.

Numbers are read as text and checked by the services, so a tampered or mistyped value gets
the same plain French sentence as a missing one.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length

from portfolio.models import SlotMode
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.trades.forms import TradeField

MODE_LABELS = {
    SlotMode.ON_SITE.value: _l("Sur place"),
    SlotMode.PHONE.value: _l("Au téléphone"),
    SlotMode.VIDEO.value: _l("En visio"),
}


class SlotForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired(_l("Donnez la date."))])
    start = TimeField(_l("Heure de début"), validators=[InputRequired(_l("Donnez l'heure."))])
    duration = StringField(
        _l("Durée (en minutes)"),
        validators=[InputRequired(_l("Donnez la durée."))],
        default="30",
    )
    mode = SelectField(_l("Où ?"), choices=list(MODE_LABELS.items()))
    place = StringField(
        _l("Lieu, ou comment vous joindre"),
        validators=[Length(max=200, message=_l("Le lieu est trop long (200 caractères au plus)."))],
        description=_l(
            "Par exemple : 12 rue de la Gare, salle 3. Ou : nous appelons le stagiaire."
        ),
    )
    trade = TradeField(_l("Métier concerné (facultatif)"))


class ForumForm(SlotForm):
    forum_title = StringField(
        _l("Nom du forum"),
        validators=[
            InputRequired(_l("Donnez un nom au forum.")),
            Length(max=200, message=_l("Le nom du forum est trop long.")),
        ],
        description=_l("Par exemple : Forum de l'emploi de l'école"),
    )
    count = StringField(
        _l("Nombre de créneaux à la suite"),
        validators=[InputRequired(_l("Donnez le nombre de créneaux."))],
        default="6",
    )


class FeedbackForm(FlaskForm):
    words = TextAreaField(
        _l("Vos mots pour le stagiaire"),
        validators=[
            Length(max=3000, message=_l("Le commentaire est trop long (3000 caractères au plus)."))
        ],
        description=_l("Ce qui était bien, ce qui est à travailler. Des phrases simples."),
    )


class ConfirmForm(FlaskForm):
    """A button that posts with its CSRF token: book, cancel."""
