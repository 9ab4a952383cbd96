"""Forms of the interview practice pages.

The forms check the CSRF token and read what was posted; the services say what is wrong
with a value, in words (a tampered rating gets the same plain message as a missing one).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from portfolio.services.i18n import lazy_gettext as _l
from portfolio.trades.forms import TradeField


class StartForm(FlaskForm):
    trade = TradeField(_l("Métier visé"), required=_l("Choisissez le métier visé dans la liste."))


class AnswerForm(FlaskForm):
    question_id = HiddenField()
    text = TextAreaField(_l("Votre réponse"))


class ConfirmForm(FlaskForm):
    """A button that posts (with its CSRF token): a rating, the summary, stopping."""


class CommentForm(FlaskForm):
    answer_id = HiddenField()
    body = TextAreaField(_l("Votre commentaire"))
    at = StringField(_l("À quel moment de l'enregistrement ? (facultatif, par exemple 0:42)"))
