"""Forms of the activities pages.

Choices are checked by the services (``validate_choice=False``), so a tampered value gets the
same plain French message as a wrong one, and nothing is written.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired

from portfolio.services.i18n import lazy_gettext as _l


class ActivityForm(FlaskForm):
    code = StringField(
        _l("Code"), description=_l("Court et unique dans le catalogue, par exemple CUISINE-1.")
    )
    title = StringField(_l("Titre"))
    kind = SelectField(_l("Type d'activité"), choices=[], validate_choice=False)
    duration = StringField(_l("Durée habituelle (minutes)"))
    group_size = StringField(_l("Taille du groupe"))
    description = TextAreaField(
        _l("Description"), description=_l("Des mots simples : ce qu'on fait, avec qui, pourquoi.")
    )
    targets = SelectMultipleField(_l("Compétences visées"), choices=[], validate_choice=False)
    indicators = StringField(
        _l("Indicateurs (facultatif)"),
        description=_l("Leurs codes, séparés par des espaces, par exemple SOC1-1 E2C-1C-03."),
    )
    title_en = StringField(_l("Titre en anglais (facultatif)"))
    description_en = TextAreaField(_l("Description en anglais (facultatif)"))


class ImportForm(FlaskForm):
    file = FileField(_l("Fichier YAML ou CSV"))
    # After the preview: the file's text and name, sent again to be checked again and written.
    content = HiddenField()
    filename = HiddenField()


class SessionForm(FlaskForm):
    day = DateField(
        _l("Jour"), validators=[InputRequired(message=_l("Indiquez le jour de la séance."))]
    )
    start_time = TimeField(
        _l("Début"), validators=[InputRequired(message=_l("Indiquez l'heure de début."))]
    )
    end_time = TimeField(
        _l("Fin"), validators=[InputRequired(message=_l("Indiquez l'heure de fin."))]
    )
    place = StringField(_l("Lieu"))
    animator_ids = SelectMultipleField(_l("Animateurs"), choices=[], validate_choice=False)
    trainee_ids = SelectMultipleField(_l("Stagiaires"), choices=[], validate_choice=False)
    group_name = StringField(
        _l("Enregistrer ce groupe sous le nom (facultatif)"),
        description=_l("Pour le choisir d'un geste la prochaine fois."),
    )


class ConfirmForm(FlaskForm):
    """A button that posts (with its CSRF token) and nothing else."""
