"""Forms of the partner companies' space and of its administration."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from portfolio.services.i18n import lazy_gettext as _l
from portfolio.showcase.forms import KIND_CHOICES
from portfolio.trades.forms import TradeField


class JoinForm(FlaskForm):
    site_id = SelectField(_l("L'école avec qui vous voulez travailler"), coerce=int)
    company_name = StringField(
        _l("Nom de l'entreprise"),
        validators=[InputRequired(_l("Écrivez le nom de l'entreprise.")), Length(max=200)],
    )
    siret = StringField(
        _l("Numéro SIRET (facultatif)"),
        validators=[Optional(), Length(max=20)],
        description=_l("14 chiffres."),
    )
    first_name = StringField(
        _l("Votre prénom"), validators=[InputRequired(_l("Écrivez votre prénom.")), Length(max=100)]
    )
    last_name = StringField(
        _l("Votre nom"), validators=[InputRequired(_l("Écrivez votre nom.")), Length(max=100)]
    )
    email = EmailField(
        _l("Votre e-mail professionnel"),
        validators=[InputRequired(_l("Écrivez votre e-mail.")), Length(max=254)],
    )
    phone = TelField(_l("Votre téléphone (facultatif)"), validators=[Optional(), Length(max=30)])
    login = StringField(
        _l("Identifiant de connexion choisi"),
        validators=[InputRequired(_l("Choisissez un identifiant.")), Length(max=80)],
        description=_l("Lettres sans accent, chiffres, point ou tiret. Exemple : marc.boulangerie"),
    )
    password = PasswordField(
        _l("Mot de passe choisi"),
        validators=[InputRequired(_l("Choisissez un mot de passe.")), Length(max=200)],
        description=_l("Au moins 10 caractères. Il marchera quand l'école aura accepté."),
    )
    password_confirm = PasswordField(
        _l("Mot de passe, encore une fois"),
        validators=[
            InputRequired(_l("Écrivez le mot de passe une deuxième fois.")),
            Length(max=200),
        ],
    )
    message = TextAreaField(
        _l("Un mot pour l'école (facultatif)"), validators=[Optional(), Length(max=2000)]
    )
    accepts_charter = BooleanField(
        _l(
            "Je m'engage à respecter la charte : contacter les jeunes seulement par la plateforme, "
            "garder pour moi ce que je vois, ne rien copier ailleurs."
        )
    )


class SearchForm(FlaskForm):
    """The search form (GET): values are checked by company.services.search.parse_criteria."""

    class Meta:
        csrf = False

    competence = SelectField(_l("Compétence ou domaine"), validate_choice=False)
    niveau = SelectField(_l("Niveau confirmé par l'école, au moins"), validate_choice=False)
    metier = TradeField(_l("Métier visé"))
    domaine = SelectField(_l("Ou grand domaine de métiers"), validate_choice=False)
    type = SelectField(_l("Recherche"), validate_choice=False)
    site = SelectField(_l("École"), validate_choice=False)
    lieu = StringField(_l("Lieu (ville ou secteur)"), validators=[Optional(), Length(max=120)])
    dispo = DateField(_l("Disponible au plus tard le"), validators=[Optional()])


class SaveSearchForm(FlaskForm):
    name = StringField(
        _l("Nom de cette recherche"),
        validators=[InputRequired(_l("Donnez un nom à cette recherche.")), Length(max=120)],
    )
    query = HiddenField()


class ContactForm(FlaskForm):
    message = TextAreaField(
        _l("Votre message"),
        validators=[InputRequired(_l("Écrivez votre message.")), Length(max=2000)],
        description=_l(
            "Présentez votre entreprise et ce que vous proposez. L'école transmet votre message."
        ),
    )
    offer_id = SelectField(_l("À propos de l'offre (facultatif)"), coerce=int, default=0)


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Votre message"),
        validators=[InputRequired(_l("Écrivez votre message.")), Length(max=2000)],
    )


class OfferForm(FlaskForm):
    title = StringField(
        _l("Titre de l'offre"),
        validators=[InputRequired(_l("Écrivez un titre.")), Length(max=200)],
        description=_l("Par exemple : Apprenti boulanger ou boulangère"),
    )
    rome_code = TradeField(_l("Métier"), required=_l("Choisissez le métier dans la liste."))
    kind = SelectField(_l("Type d'offre"), choices=KIND_CHOICES)
    place = StringField(
        _l("Lieu"), validators=[InputRequired(_l("Écrivez le lieu.")), Length(max=200)]
    )
    starts_on = DateField(_l("Début"), validators=[InputRequired(_l("Donnez la date de début."))])
    ends_on = DateField(_l("Fin (facultatif)"), validators=[Optional()])
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Les tâches, les horaires, ce que vous attendez. Des phrases simples."),
    )


class AgreementForm(FlaskForm):
    signed_on = DateField(
        _l("Convention de partenariat signée le"),
        validators=[InputRequired(_l("Donnez la date de signature."))],
    )
    reference = StringField(
        _l("Référence de la convention (facultatif)"), validators=[Optional(), Length(max=120)]
    )


class RefuseForm(FlaskForm):
    note = TextAreaField(_l("Motif (facultatif)"), validators=[Optional(), Length(max=1000)])


class ConfirmForm(FlaskForm):
    """A POST button: only the CSRF token."""
