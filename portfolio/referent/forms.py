"""Forms of the referent's workspace and of the trainee's follow-up pages (replies, agreement).

Choices are checked by the services (``validate_choice=False``), so a tampered value gets the
same plain French message as a wrong one, and nothing is written.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional

from portfolio.services.i18n import lazy_gettext as _l

SITUATIONS = [
    ("workshop", _l("Atelier")),
    ("collective", _l("Projet collectif")),
    ("company_visit", _l("Visite d'entreprise")),
    ("internship", _l("Stage")),
    ("other", _l("Autre activité")),
]
VISIBILITIES = [
    ("shared", _l("Le stagiaire et l'équipe : le stagiaire peut la lire et répondre")),
    ("team", _l("Seulement l'équipe des référents")),
]


class NoteCompetencyForm(Form):
    competency_id = SelectField(_l("Compétence"), choices=[], validate_choice=False)
    level = SelectField(_l("Niveau observé"), choices=[], validate_choice=False)
    indicator_ids = SelectMultipleField(
        _l("Indicateurs observés"), choices=[], validate_choice=False
    )


class NoteForm(FlaskForm):
    observed_on = DateField(
        _l("Date"), validators=[InputRequired(message=_l("La date est obligatoire."))]
    )
    situation_kind = SelectField(
        _l("Situation observée"), choices=SITUATIONS, validate_choice=False
    )
    situation = TextAreaField(
        _l("La situation"),
        description=_l("Où, quand, avec qui, ce qu'il fallait faire."),
    )
    observed = TextAreaField(_l("Ce que j'ai observé"))
    trainee_words = TextAreaField(
        _l("Ses mots"),
        description=_l("Ce que le stagiaire a dit de ce qu'il a fait, mot pour mot."),
    )
    next_step = TextAreaField(_l("Prochaine étape"))
    visibility = RadioField(
        _l("Qui peut lire cette note ?"),
        choices=VISIBILITIES,
        default="shared",
        validate_choice=False,
    )
    competencies = FieldList(FormField(NoteCompetencyForm), min_entries=3, max_entries=8)
    version = HiddenField()


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Votre réponse"))


class ReactionForm(FlaskForm):
    """The trainee's reaction to a note: the choice is the button tapped, read by the view
    (``choix``), with an optional word (``mot``); the form carries the CSRF token."""


class AssessmentForm(FlaskForm):
    competency_id = HiddenField()
    level = RadioField(_l("Niveau"), choices=[], validate_choice=False)
    justification = TextAreaField(
        _l("Pourquoi ce niveau ?"),
        description=_l("Ce que vous avez vu qui justifie ce niveau."),
    )
    trace_ids = SelectMultipleField(_l("Traces"), choices=[], validate_choice=False)
    note_ids = SelectMultipleField(_l("Notes"), choices=[], validate_choice=False)


class ObjectiveRowForm(Form):
    title = StringField(_l("Objectif"))
    target = SelectField(_l("Lié à"), choices=[], validate_choice=False)
    due_on = DateField(_l("Pour le"), validators=[Optional()])
    priority = BooleanField(_l("Prioritaire"))


class ObjectiveForm(FlaskForm):
    title = StringField(_l("Objectif"))
    target = SelectField(_l("Lié à"), choices=[], validate_choice=False)
    due_on = DateField(_l("Pour le"), validators=[Optional()])
    priority = BooleanField(_l("Prioritaire"))


class ReviewForm(FlaskForm):
    held_on = DateField(
        _l("Date du bilan"), validators=[InputRequired(message=_l("La date est obligatoire."))]
    )
    participants = TextAreaField(_l("Participants"), description=_l("Une personne par ligne."))
    trace_ids = SelectMultipleField(_l("Traces regardées"), choices=[], validate_choice=False)
    competency_ids = SelectMultipleField(_l("Écarts discutés"), choices=[], validate_choice=False)
    trainee_words = TextAreaField(
        _l("Ce que le stagiaire a dit"), description=_l("Ses mots, le plus fidèlement possible.")
    )
    summary = TextAreaField(_l("Ce que l'on retient"))
    objectives = FieldList(FormField(ObjectiveRowForm), min_entries=3, max_entries=6)
    referent_agrees = BooleanField(_l("Je suis d'accord avec ce bilan"))


class AgreeForm(FlaskForm):
    comment = TextAreaField(_l("Un mot sur ce bilan (facultatif)"))


class CloseObjectiveForm(FlaskForm):
    status = HiddenField()
