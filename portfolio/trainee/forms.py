"""Forms of the trainee's pages. Rules live in the services; these only parse the fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from portfolio.models import TraceContext, TraceStatus
from portfolio.services.i18n import lazy_gettext as _l

CONTEXT_LABELS = {
    TraceContext.PROJECT: _l("Projet"),
    TraceContext.INTERNSHIP: _l("Stage en entreprise"),
    TraceContext.WORKSHOP: _l("Atelier"),
    TraceContext.CITIZEN: _l("Action citoyenne ou projet collectif"),
    TraceContext.GAME: _l("Jeu sérieux"),
    TraceContext.PERSONAL: _l("Vie personnelle"),
    TraceContext.OTHER: _l("Autre"),
}
STATUS_LABELS = {
    TraceStatus.DRAFT: _l("Brouillon"),
    TraceStatus.COMPLETE: _l("Complète"),
}
PHOTO_TYPES = "image/jpeg,image/png,image/webp,image/heic,image/heif"
AUDIO_TYPES = "audio/*"


class TraceForm(FlaskForm):
    """New or edited trace. Competencies, links and photos are checked by the service."""

    title = StringField(
        _l("Qu'avez-vous fait ?"),
        description=_l("Une ligne suffit. Exemple : J'ai monté une étagère à l'atelier bois"),
    )
    photos = MultipleFileField(
        _l("Photos (facultatif)"),
        description=_l("JPEG, PNG, WebP ou HEIC. Vous pouvez en choisir plusieurs."),
    )
    recording = FileField(
        _l("Parler au lieu d'écrire (facultatif)"),
        description=_l("Racontez à voix haute, 3 minutes au plus."),
    )
    caption = StringField(
        _l("Ce qu'on voit sur la photo (facultatif)"),
        description=_l("Cette phrase aide les personnes qui ne voient pas l'image."),
    )
    happened_on = DateField(
        _l("Quand ?"),
        description=_l("Aujourd'hui si vous ne changez rien."),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    context = SelectField(
        _l("Où cela s'est passé"),
        choices=[("", _l("Choisir…"))] + [(c.value, label) for c, label in CONTEXT_LABELS.items()],
        validate_choice=False,
    )
    company_name = StringField(
        _l("Nom de l'entreprise (facultatif)"),
    )
    body = TextAreaField(
        _l("Ce que j'ai fait, en plus (facultatif)"),
        description=_l("Racontez avec vos mots : comment, avec qui."),
    )
    competencies = SelectMultipleField(_l("Compétences"), choices=[], validate_choice=False)
    search = StringField(_l("Chercher une compétence par un mot"))
    links = TextAreaField(
        _l("Liens (facultatif)"),
        description=_l("Une adresse par ligne, par exemple www.exemple.fr"),
        render_kw={"rows": 3, "inputmode": "url", "autocapitalize": "off", "spellcheck": "false"},
    )
    # A UUID per opened form (static/js/outbox.js writes a new one when the page opens, even
    # from the phone's cache): sent twice, the trace is recorded once.
    client_key = HiddenField()


class ConfirmForm(FlaskForm):
    """An empty form: only its CSRF token matters."""


class SelfAssessmentForm(FlaskForm):
    level = RadioField(_l("Mon niveau"), choices=[], validate_choice=False)
    comment = TextAreaField(
        _l("Mon commentaire (facultatif)"),
        description=_l("Ce qui vous fait dire ce niveau, ce que vous voulez encore apprendre."),
        render_kw={"rows": 3},
    )
    traces = SelectMultipleField(_l("Traces qui le montrent"), choices=[], validate_choice=False)


class ImportUploadForm(FlaskForm):
    """The portfolio ZIP to import (checked by `services.zip_import`)."""

    file = FileField(
        _l("Le fichier de mon portfolio"),
        description=_l("Le fichier « mon-portfolio-e2c.zip » téléchargé dans « Mon suivi »."),
        render_kw={"accept": ".zip,application/zip"},
    )


class ImportConfirmForm(FlaskForm):
    """Confirm the import previewed: the digest ties the answer to the file seen."""

    digest = HiddenField()
    mine = BooleanField(_l("C'est bien mon portfolio : je veux l'ajouter ici."))
