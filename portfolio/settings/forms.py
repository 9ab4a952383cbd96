from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from portfolio.services.i18n import lazy_gettext as _l

# Scopes a trainee may pick here. "game:evidence" tokens are made by linking the game
# (Paramètres > Jeu), not by hand.
SCOPE_CHOICES = [
    ("portfolio:read", _l("Lire mes traces, mes évaluations et le référentiel")),
    ("portfolio:write", _l("Créer et modifier mes traces et mes auto-évaluations")),
]
SCOPE_LABELS = {
    **dict(SCOPE_CHOICES),
    "game:evidence": _l("Envoyer les résultats du jeu à mon portfolio"),
}
DURATION_CHOICES = [
    ("7", _l("7 jours")),
    ("30", _l("30 jours")),
    ("90", _l("3 mois")),
    ("365", _l("1 an")),
]


class TokenForm(FlaskForm):
    name = StringField(
        _l("Nom du jeton"),
        validators=[DataRequired(_l("Donnez un nom au jeton.")), Length(max=100)],
        description=_l("Pour le reconnaître plus tard. Exemple : appli de mon téléphone"),
    )
    scopes = SelectMultipleField(
        _l("Ce que le jeton peut faire"),
        choices=SCOPE_CHOICES,
        validators=[InputRequired(_l("Choisissez au moins un droit."))],
    )
    days = SelectField(
        _l("Durée de validité"),
        choices=DURATION_CHOICES,
        default="30",
        validators=[DataRequired(_l("Choisissez une durée."))],
    )


class ConfirmForm(FlaskForm):
    """An empty form: only its CSRF token matters."""
