"""Demo content of the partner space: an offer of the demo company and yanis's showcase.

Called by ``portfolio.demo`` after the accounts (and, if present, the demo traces) exist;
the caller commits. Texts are written for the demo.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portfolio.company import services as company_service
from portfolio.extensions import db
from portfolio.models import Company, ReadKind, Role, Site, TraceContext, User, utcnow
from portfolio.services import ledger
from portfolio.showcase import services as showcase_service
from portfolio.trainee.services import TraceData, create_trace

DEMO_COMPANY = "Boulangerie du Marché"


def _company_user(site: Site, users: dict[str, User]) -> User | None:
    user = users.get("entreprise")
    if user is not None and user.role is Role.COMPANY:
        return user
    company = db.session.scalar(
        select(Company).where(Company.site_id == site.id, Company.name == DEMO_COMPANY)
    )
    if company is None:
        return None
    return db.session.scalar(
        select(User).where(User.company_id == company.id, User.role == Role.COMPANY)
    )


def _offers(user: User) -> None:
    today = utcnow().date()
    company_service.create_offer(
        user,
        company_service.OfferData(
            title="Apprenti ou apprentie boulanger",
            description=(
                "Vous apprenez le métier au fournil avec notre boulanger : pétrir, façonner, "
                "cuire. Début à 5 h du matin, fini à 12 h 30. Deux jours de repos par semaine."
            ),
            rome_code="D1102:11573",  # Boulanger / Boulangère
            kind="apprenticeship",
            place="Lille, quartier Wazemmes",
            starts_on=today + timedelta(days=30),
        ),
    )
    company_service.create_offer(
        user,
        company_service.OfferData(
            title="Stage de vente en boutique",
            description=(
                "Deux semaines pour découvrir la vente : accueillir les clients, servir, "
                "tenir la caisse avec nous, ranger la vitrine."
            ),
            rome_code="D1505",
            kind="internship",
            place="Lille, quartier Wazemmes",
            starts_on=today + timedelta(days=14),
            ends_on=today + timedelta(days=28),
        ),
    )
    # A job title outside the game's 50 trades: the picker knows the whole ROME.
    company_service.create_offer(
        user,
        company_service.OfferData(
            title="Vendeur ou vendeuse au comptoir",
            description=(
                "Servir les clients au comptoir, conseiller, tenir la caisse. Le samedi et le "
                "dimanche matin."
            ),
            rome_code="D1106:20560",  # Vendeur / Vendeuse en boulangerie-pâtisserie
            kind="job",
            place="Lille, quartier Wazemmes",
            starts_on=today + timedelta(days=21),
        ),
    )


def _yanis_showcase(yanis: User) -> None:
    traces = showcase_service.choosable_traces(yanis)
    if not traces:
        # The demo traces were not seeded: give yanis one experience to show.
        traces = [
            create_trace(
                yanis,
                TraceData(
                    title="Réparation d'un vélo pour l'association",
                    body="J'ai changé une chambre à air et réglé les freins d'un vélo donné "
                    "à l'association du quartier.",
                    happened_on=utcnow().date() - timedelta(days=15),
                    context=TraceContext.CITIZEN,
                    competency_ids=("E2C-1A",),
                ),
            )
        ]
    showcase_service.save_project(
        yanis,
        showcase_service.ProjectData(
            # Mécanicien / Mécanicienne automobile, then a title outside the game's 50 trades.
            trade_codes=("I1604:16446", "K2503:10599"),  # ... and Agent / Agente de sécurité
            kinds=("apprenticeship", "job"),
            area="Lille et la métropole",
            mobility="department",
            available_from=utcnow().date() + timedelta(days=21),
        ),
    )
    competencies = showcase_service.choosable_competencies(yanis)
    showcase_service.save_showcase(
        yanis,
        showcase_service.ShowcaseContent(
            presentation=(
                "J'ai 21 ans. J'aime comprendre comment les choses marchent et les réparer. "
                "Je cherche une alternance en mécanique, ou un emploi en entrepôt."
            ),
            trace_ids=[t.id for t in traces],
            photo_ids=[p.id for t in traces for p in t.photos],
            competency_ids=competencies,
            level_ids=competencies,
        ),
    )
    showcase_service.publish(yanis, consent=True, consent_version=showcase_service.CONSENT_VERSION)


def seed(site: Site, users: dict[str, User]) -> None:
    """An offer (two, in fact) of the demo company; yanis (adult) has a published showcase."""
    company_user = _company_user(site, users)
    if company_user is not None and showcase_service.is_partner(company_user.company):
        _offers(company_user)
    yanis = users.get("yanis")
    if yanis is not None and yanis.site_id == site.id and not yanis.is_minor:
        _yanis_showcase(yanis)
        _reads(yanis, company_user, users.get("referente"))
    db.session.flush()


def _reads(yanis: User, company_user: User | None, referent: User | None) -> None:
    """A few reads for "Qui a consulté mon portfolio" and the admin's read log."""
    db.session.flush()
    showcase = showcase_service.showcase_of(yanis)
    if company_user is not None and showcase is not None:
        ledger.record_read(company_user, yanis.id, ReadKind.SHOWCASE, showcase.id)
    if referent is not None:
        ledger.record_read(referent, yanis.id, ReadKind.FILE, None)
        ledger.record_read(referent, yanis.id, ReadKind.GAPS, None)
