from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portfolio.services.i18n import lazy_gettext as _l


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


class RectificationForm(FlaskForm):
    """What is wrong (the service checks it: one message, the same for the API and the page)."""

    what = TextAreaField(
        _l("Qu'est-ce qui n'est pas juste ?"),
        description=_l(
            "Par exemple : mon nom s'écrit Léa, pas Lea. Ou : ma date de sortie est le 3 mars."
        ),
        render_kw={"maxlength": 500, "rows": 4},
    )


class AnswerForm(FlaskForm):
    answer = StringField(_l("Ce qui a été fait"))
