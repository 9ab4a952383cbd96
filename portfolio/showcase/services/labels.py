"""The words a trainee agrees to, and the labels of the project's choices."""

from __future__ import annotations

from typing import Final

from portfolio.models import Mobility, OpportunityKind, TraceContext


# The consent wording, versioned: the version is recorded with each publication. Change the
# text => change the version.
def N_(text: str) -> str:
    """Mark a text for translation (extracted by Babel); it is translated where it is shown."""
    return text


CONSENT_VERSION: Final = "2025-1"


_CONSENT: Final = (
    N_(
        "Ma vitrine sera visible par les entreprises partenaires de mon école (et, si je le "
        "choisis, par celles des autres écoles E2C)."
    ),
    N_(
        "Elles verront seulement ce que j'ai choisi : ma présentation, mon projet, les traces, "
        "les photos et les compétences cochées. Jamais mes notes avec l'équipe, ni mon "
        "adresse, ni mon téléphone."
    ),
    N_(
        "Une entreprise peut m'écrire par la plateforme. Je choisis d'accepter ou de refuser. "
        "Mes coordonnées ne sont données que si j'accepte."
    ),
    N_("Je vois quelles entreprises ont regardé ma vitrine, et quand."),
    N_("Je peux retirer ma vitrine ou une trace quand je veux : c'est immédiat."),
)


_MINOR: Final = (
    N_(
        "Vous avez moins de 18 ans. Avant de publier, parlez-en avec votre référent ou vos parents."
    ),
    N_(
        "Les entreprises verront votre prénom, la première lettre de votre nom, votre école et "
        "ce que vous avez coché. Rien d'autre."
    ),
    N_(
        "Ne mettez pas de photo où l'on voit votre visage ou celui d'autres personnes sans "
        "leur accord."
    ),
)


KIND_LABELS: Final = {
    OpportunityKind.INTERNSHIP: N_("Stage"),
    OpportunityKind.APPRENTICESHIP: N_("Alternance"),
    OpportunityKind.JOB: N_("Emploi"),
    OpportunityKind.TRAINING: N_("Formation"),
}


MOBILITY_LABELS: Final = {
    Mobility.CITY: N_("Dans ma ville"),
    Mobility.DEPARTMENT: N_("Dans mon département"),
    Mobility.REGION: N_("Dans ma région"),
    Mobility.COUNTRY: N_("Partout en France"),
}


CONTEXT_LABELS: Final = {
    TraceContext.PROJECT: N_("Projet"),
    TraceContext.INTERNSHIP: N_("Stage en entreprise"),
    TraceContext.WORKSHOP: N_("Atelier"),
    TraceContext.CITIZEN: N_("Action citoyenne ou collective"),
    TraceContext.GAME: N_("Jeu sérieux"),
    TraceContext.PERSONAL: N_("Vie personnelle"),
    TraceContext.OTHER: N_("Autre"),
}


def consent_paragraphs() -> tuple[str, ...]:
    """The consent wording of :data:`CONSENT_VERSION`, paragraph by paragraph."""
    return _CONSENT


def minor_reminder() -> tuple[str, ...]:
    """The plain reminder shown to trainees under 18 before they publish."""
    return _MINOR
