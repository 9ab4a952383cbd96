"""WTForms' own messages (a required field left empty...) are in the reader's language.

Their catalogues are read once per language and shared by every request
(``portfolio.i18n.FormMessages``): readers of both languages, one after the other, each get
their own.
"""

from __future__ import annotations

from flask import session
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired


class _Probe(FlaskForm):
    name = StringField(validators=[DataRequired()])
    colour = SelectField(choices=[("bleu", "Bleu")])


def _errors(app, lang: str) -> list[str]:
    # A request of its own application context, as a served request has (the language is
    # kept there).
    with app.app_context(), app.test_request_context("/", method="POST", data={"colour": "x"}):
        session["lang"] = lang
        form = _Probe()
        assert not form.validate()
        return [*form.name.errors, *form.colour.errors]


def test_form_messages_follow_each_readers_language_from_one_request_to_the_next(app):
    french = ["Ce champ est requis.", "N'est pas un choix valide."]
    english = ["This field is required.", "Not a valid choice."]
    assert _errors(app, "fr") == french
    assert _errors(app, "en") == english
    assert _errors(app, "fr") == french
    assert _errors(app, "en") == english


def test_a_request_outside_the_known_languages_gets_the_french_messages(app):
    assert _errors(app, "xx")[0] == "Ce champ est requis."
