from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length


class AskErasureForm(FlaskForm):
    password = PasswordField(
        _l("Votre mot de passe"),
        validators=[
            DataRequired(_l("Écrivez votre mot de passe pour confirmer.")),
            Length(max=200),
        ],
        description=_l("Pour être sûr que c'est bien vous."),
    )


class ConfirmForm(FlaskForm):
    """A button that changes something: only its CSRF token."""
