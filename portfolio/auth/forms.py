from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from portfolio.services.i18n import lazy_gettext as _l


class LoginForm(FlaskForm):
    login = StringField(
        _l("Identifiant"),
        validators=[DataRequired(_l("Écrivez votre identifiant.")), Length(max=80)],
    )
    password = PasswordField(
        _l("Mot de passe"),
        validators=[DataRequired(_l("Écrivez votre mot de passe.")), Length(max=200)],
    )
    submit = SubmitField(_l("Se connecter"))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(
        _l("Nouveau mot de passe"),
        validators=[DataRequired(), Length(max=200)],
        description=_l(
            "Au moins 10 caractères. Astuce : trois mots au hasard, par exemple « velo-nuage-citron »."
        ),
    )
    confirm = PasswordField(
        _l("Nouveau mot de passe, encore une fois"), validators=[DataRequired(), Length(max=200)]
    )
    submit = SubmitField(_l("Changer le mot de passe"))
