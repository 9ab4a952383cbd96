"""Forms of the conversations room. Text and files are checked by the services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, SelectMultipleField, StringField, TextAreaField, widgets

from portfolio.services.i18n import lazy_gettext as _l

FILES_HELP = _l("Une photo ou un PDF, 3 au plus.")


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Votre message"))
    files = MultipleFileField(_l("Pièce jointe (facultatif)"), description=FILES_HELP)


class NewThreadForm(ReplyForm):
    subject = StringField(_l("Sujet"))


class GroupForm(NewThreadForm):
    """A referent's message to several trainees: each gets their own private thread."""

    everyone = BooleanField(_l("Tous mes stagiaires"))
    trainees = SelectMultipleField(
        _l("Ou choisissez"),
        coerce=int,
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
        validate_choice=False,  # the service refuses an id the referent does not follow (404)
    )
