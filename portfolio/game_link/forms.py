from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portfolio.game_link.services.game_evidence import MAX_REASON
from portfolio.services.i18n import lazy_gettext as _l


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class DiscardForm(FlaskForm):
    reason = TextAreaField(
        _l("Pourquoi écarter cette preuve ?"),
        validators=[
            DataRequired(_l("Dites en quelques mots pourquoi vous écartez cette preuve.")),
            Length(max=MAX_REASON, message=_l("500 signes au maximum.")),
        ],
        description=_l(
            "Le ou la stagiaire lira cette raison. Exemple : la tâche a été faite par quelqu’un d’autre."
        ),
    )
