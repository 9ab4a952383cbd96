"""Builders for the partner space: a trainee with a published showcase, a partner company,
referent levels, contacts and offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from builders_traces import COMP_A, COMP_B, make_trace
from sqlalchemy import func, select

from builders import make_company, make_site, make_user
from portfolio.company import services as company_service
from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    Company,
    ContactRequest,
    Offer,
    Role,
    Showcase,
    Site,
    Trace,
    User,
    utcnow,
)
from portfolio.showcase import services as showcase_service

__all__ = [
    "COMP_A",
    "COMP_B",
    "Published",
    "confirm_level",
    "make_partner",
    "publish_trainee",
]


@dataclass
class Published:
    trainee: User
    referent: User
    showcase: Showcase
    traces: list[Trace]


def confirm_level(trainee: User, referent: User, competency_id: str, level: int) -> Assessment:
    """A referent's assessment (the "confirmed" level), as the referent workspace records it."""
    row = Assessment(
        trainee_id=trainee.id,
        source=AssessmentSource.REFERENT,
        author_id=referent.id,
        framework_id="e2c-apc",
        framework_version="2018.1",
        competency_id=competency_id,
        level=level,
        comment="Observé en atelier.",
    )
    db.session.add(row)
    db.session.commit()
    return row


def publish_trainee(
    site: Site | None = None,
    *,
    trades: tuple[str, ...] = ("D1102",),
    kinds: tuple[str, ...] = ("apprenticeship",),
    area: str = "Lille",
    available_from: date | None = None,
    photos: int = 1,
    levels: dict[str, int] | None = None,
    show_levels: bool = True,
    birth_date: date | None = date(2003, 5, 4),
    referent: User | None = None,
    presentation: str = "J'aime le travail du matin et le contact avec les clients.",
    publish: bool = True,
    **user_kwargs: Any,
) -> Published:
    """A trainee with a project, two traces (one with photos) and a showcase, published."""
    site = site or make_site()
    referent = referent or make_user(Role.REFERENT, site=site)
    trainee = make_user(
        Role.TRAINEE, site=site, referent=referent, birth_date=birth_date, **user_kwargs
    )
    first = make_trace(trainee, title="Atelier boulangerie", photos=photos, competencies=(COMP_A,))
    second = make_trace(trainee, title="Stage en magasin", competencies=(COMP_B,))
    for cid, level in (levels or {}).items():
        confirm_level(trainee, referent, cid, level)
    showcase_service.save_project(
        trainee,
        showcase_service.ProjectData(
            trade_codes=trades, kinds=kinds, area=area, available_from=available_from
        ),
    )
    showcase = showcase_service.save_showcase(
        trainee,
        showcase_service.ShowcaseContent(
            presentation=presentation,
            trace_ids=[first.id, second.id],
            photo_ids=[p.id for p in first.photos],
            competency_ids=[COMP_A, COMP_B],
            level_ids=[COMP_A, COMP_B] if show_levels else [],
        ),
    )
    if publish:
        showcase_service.publish(
            trainee, consent=True, consent_version=showcase_service.CONSENT_VERSION
        )
    db.session.commit()
    return Published(trainee, referent, showcase, [first, second])


def make_partner(site: Site, *, approved: bool = True, name: str = "Boulangerie Test") -> User:
    """A company user; its company is an approved partner of ``site`` unless told otherwise."""
    company = make_company(site, name=name, approved=approved)
    return make_user(Role.COMPANY, site=site, company=company)


def make_contact(company_user: User, showcase: Showcase) -> ContactRequest:
    contact = company_service.send_contact(
        company_user, showcase, "Bonjour, nous cherchons un apprenti boulanger pour septembre."
    )
    db.session.commit()
    return contact


def make_offer(
    company_user: User, *, rome_code: str = "D1102", kind: str = "apprenticeship"
) -> Offer:
    offer = company_service.create_offer(
        company_user,
        company_service.OfferData(
            title="Apprenti boulanger",
            description="Fournil du matin, vente en boutique.",
            rome_code=rome_code,
            kind=kind,
            place="Lille",
            starts_on=utcnow().date() + timedelta(days=30),
        ),
    )
    db.session.commit()
    return offer


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def company_of(user: User) -> Company:
    assert user.company is not None
    return user.company
