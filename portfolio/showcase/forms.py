"""Forms of the trainee's showcase pages (and the referent's approval)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portfolio.models import Mobility, OpportunityKind
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.trades.forms import TradeListField

KIND_CHOICES = [
    (OpportunityKind.INTERNSHIP.value, _l("Un stage")),
    (OpportunityKind.APPRENTICESHIP.value, _l("Une alternance")),
    (OpportunityKind.JOB.value, _l("Un emploi")),
    (OpportunityKind.TRAINING.value, _l("Une formation")),
]
MOBILITY_CHOICES = [
    (Mobility.CITY.value, _l("Dans ma ville")),
    (Mobility.DEPARTMENT.value, _l("Dans mon département")),
    (Mobility.REGION.value, _l("Dans ma région")),
    (Mobility.COUNTRY.value, _l("Partout en France")),
]
LINK_DAYS = [
    (1, _l("1 jour")),
    (7, _l("1 semaine")),
    (14, _l("2 semaines")),
    (30, _l("1 mois")),
]


class IdListField(SelectMultipleField):
    """Ticked boxes drawn by the template; the service checks each value belongs to the user."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("coerce", int)
        super().__init__(label, validators, choices=[], validate_choice=False, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            self.data = [self.coerce(value) for value in valuelist]
        except ValueError as err:
            self.data = []
            raise ValueError(_l("Une case cochée n'est pas valide : rechargez la page.")) from err


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProjectForm(FlaskForm):
    trades = TradeListField(_l("Métiers visés (5 au plus)"), max_entries=5)
    kinds = CheckboxesField(
        _l("Ce que je cherche"),
        choices=KIND_CHOICES,
        validators=[InputRequired(_l("Cochez au moins une case."))],
    )
    area = StringField(
        _l("Où je cherche (ville ou secteur)"),
        validators=[Optional(), Length(max=120)],
        description=_l("Par exemple : Lille, Roubaix et alentours"),
    )
    mobility = SelectField(_l("Jusqu'où je peux aller"), choices=MOBILITY_CHOICES)
    available_from = DateField(
        _l("Je suis disponible à partir du (facultatif)"), validators=[Optional()]
    )


class ShowcaseForm(FlaskForm):
    presentation = TextAreaField(
        _l("Ma présentation"),
        validators=[Optional(), Length(max=1500)],
        description=_l(
            "Quelques phrases : qui vous êtes, ce que vous aimez faire. 1500 signes au plus."
        ),
    )
    traces = IdListField(_l("Traces"))
    photos = IdListField(_l("Photos"))
    competencies = IdListField(_l("Compétences"), coerce=str)
    levels = IdListField(_l("Niveaux montrés"), coerce=str)
    network_wide = BooleanField(
        _l("Montrer aussi ma vitrine aux entreprises partenaires des autres écoles E2C")
    )
    expires_on = DateField(
        _l("Retirer ma vitrine automatiquement le (facultatif)"),
        validators=[Optional()],
        description=_l("Après ce jour, plus personne ne la voit."),
    )


class PublishForm(FlaskForm):
    consent = BooleanField(_l("J'ai lu ce texte. Je suis d'accord pour publier ma vitrine."))
    consent_version = HiddenField()


class ConfirmForm(FlaskForm):
    """A POST button: only the CSRF token."""


class PrivateLinkForm(FlaskForm):
    label = StringField(
        _l("Pour qui est ce lien ?"),
        validators=[InputRequired(_l("Dites pour qui est ce lien.")), Length(max=120)],
        description=_l("Par exemple : Job dating du mardi"),
    )
    days = SelectField(_l("Le lien marche pendant"), choices=LINK_DAYS, coerce=int, default=7)


class AcceptContactForm(FlaskForm):
    # E-mail and phone are each optional, but one of them is needed: the page says so once,
    # above both fields, instead of calling each "facultatif" (accept_contact() checks it).
    email = EmailField(_l("Mon e-mail"), validators=[Optional(), Length(max=254)])
    phone = TelField(_l("Mon téléphone"), validators=[Optional(), Length(max=30)])
    message = TextAreaField(
        _l("Un mot pour l'entreprise (facultatif)"),
        validators=[Length(max=2000)],
        id="accept-message",
    )


class DeclineContactForm(FlaskForm):
    message = TextAreaField(
        _l("Un mot pour l'entreprise (facultatif)"),
        validators=[Length(max=2000)],
        id="decline-message",
    )


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Votre message"),
        validators=[InputRequired(_l("Écrivez votre message.")), Length(max=2000)],
    )


class OfferAnswerForm(FlaskForm):
    message = TextAreaField(
        _l("Un mot pour l'entreprise (facultatif)"),
        validators=[Length(max=2000)],
        description=_l("L'entreprise verra votre vitrine et ce message."),
    )


class ApprovalForm(FlaskForm):
    note = TextAreaField(
        _l("Un mot pour le ou la stagiaire"),
        validators=[Length(max=1000)],
        description=_l("Obligatoire si vous demandez des changements."),
    )
