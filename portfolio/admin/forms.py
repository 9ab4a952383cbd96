from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from portfolio.services.i18n import lazy_gettext as _l
from portfolio.showcase.forms import IdListField

ROLE_CHOICES = [
    ("trainee", _l("Stagiaire")),
    ("referent", _l("Référent(e)")),
    ("company", _l("Entreprise partenaire")),
    ("admin", _l("Administration du site")),
]


class UserForm(FlaskForm):
    role = SelectField(_l("Type de compte"), choices=ROLE_CHOICES, validators=[DataRequired()])
    login = StringField(
        _l("Identifiant"),
        validators=[DataRequired(), Length(min=3, max=80)],
        description=_l("Lettres sans accent, chiffres, point ou tiret. Exemple : lea.martin"),
    )
    first_name = StringField(_l("Prénom"), validators=[DataRequired(), Length(max=100)])
    last_name = StringField(_l("Nom"), validators=[Optional(), Length(max=100)])
    email = EmailField(
        _l("Email (facultatif)"),
        validators=[Optional(), Email(check_deliverability=False), Length(max=254)],
    )
    birth_date = DateField(_l("Date de naissance (stagiaires)"), validators=[Optional()])
    site_id = SelectField(_l("Site"), coerce=int, validators=[DataRequired()])
    company_id = SelectField(
        _l("Entreprise (comptes entreprise)"), coerce=int, validators=[Optional()]
    )
    referent_id = SelectField(_l("Référent (stagiaires)"), coerce=int, validators=[Optional()])


class SiteForm(FlaskForm):
    slug = StringField(
        _l("Code du site"),
        validators=[DataRequired(), Length(min=3, max=60)],
        description=_l("Exemple : lille-centre"),
    )
    name = StringField(_l("Nom"), validators=[DataRequired(), Length(max=200)])
    city = StringField(_l("Ville"), validators=[Optional(), Length(max=120)])
    region = StringField(_l("Région"), validators=[Optional(), Length(max=120)])


class SiteSettingsForm(FlaskForm):
    director_name = StringField(
        _l("Directeur ou directrice du site"),
        validators=[Optional(), Length(max=200)],
        description=_l(
            "Son nom est écrit sur les attestations de compétences, à côté du référent."
        ),
    )
    blind_rating = BooleanField(
        _l("Le référent donne son niveau avant de voir celui du stagiaire"),
    )
    showcase_needs_approval = BooleanField(
        _l("Le référent approuve la première vitrine d'un stagiaire"),
    )
    followup_months = StringField(
        _l("Suivi après la sortie : contacts prévus à (mois)"),
        validators=[Optional(), Length(max=60)],
        description=_l(
            "Les mois après la sortie, dans l'ordre, entre 1 et 24, 6 contacts au plus. "
            "Exemple : 1, 3, 6, 12. Un changement vaut pour les prochaines sorties : "
            "les contacts déjà prévus ne bougent pas."
        ),
    )
    keep_months = IntegerField(
        _l("Conservation après l'année de suivi (en mois)"),
        validators=[
            Optional(),
            NumberRange(1, 36, _l("Entre 1 et 36 mois.")),
        ],
        description=_l(
            "Le compte d'un stagiaire sorti est effacé après l'année de suivi, plus ce nombre "
            "de mois (12 par défaut)."
        ),
    )


class AssignReferentForm(FlaskForm):
    referent_id = SelectField(_l("Nouveau référent"), coerce=int, validators=[DataRequired()])


class HandoverForm(FlaskForm):
    from_referent_id = SelectField(_l("Référent absent"), coerce=int, validators=[DataRequired()])
    to_referent_id = SelectField(_l("Remplaçant(e)"), coerce=int, validators=[DataRequired()])
    starts_on = DateField(_l("Du"), validators=[DataRequired()])
    ends_on = DateField(_l("Au (inclus)"), validators=[DataRequired()])


class MoveTraineesForm(FlaskForm):
    """Trainees ticked on the page (their ids are checked by the view and the service)."""

    trainee_ids = IdListField(_l("Stagiaires à changer de référent"))
    to_referent_id = SelectField(_l("Nouveau référent"), coerce=int, validators=[DataRequired()])


class ImportForm(FlaskForm):
    file = FileField(_l("Fichier CSV"), validators=[FileRequired(_l("Choisissez un fichier."))])
    site_id = SelectField(_l("Site"), coerce=int, validators=[DataRequired()])


class ConfirmForm(FlaskForm):
    """An empty form: a button protected by CSRF."""


class ReadLogForm(FlaskForm):
    """The filters of the read log (GET). Person and trainee are account numbers of the site."""

    class Meta:
        csrf = False

    lecteur = SelectField(_l("Qui a consulté"), validate_choice=False)
    stagiaire = SelectField(_l("Dossier de quel stagiaire"), validate_choice=False)
    du = DateField(_l("Du"), validators=[Optional()])
    au = DateField(_l("Au"), validators=[Optional()])
