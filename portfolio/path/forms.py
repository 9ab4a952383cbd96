"""Forms of the path pages. Choices and texts are checked by the services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField

from portfolio.services.i18n import lazy_gettext as _l


class TapForm(FlaskForm):
    """One tap (ask, interest, undo, confirm): the CSRF token and where to come back."""

    next = HiddenField()


class DeclineForm(FlaskForm):
    answer = StringField(
        _l("Un mot pour le ou la stagiaire"),
        description=_l("Par exemple : « Le groupe est pris, on en reparle au bilan. »"),
    )


class OwnObjectiveForm(FlaskForm):
    title = StringField(
        _l("Mon objectif"), description=_l("En quelques mots, par exemple : « Arriver à l'heure »")
    )
    target = SelectField(_l("C'est pour"), choices=[], validate_choice=False)
    due_on = DateField(_l("Pour quand ?"))
