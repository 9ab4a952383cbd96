"""Offers: what a company proposes, the trainees it suits, and their answers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import ColumnElement, Date, Integer, Select, bindparam, func, or_, select
from sqlalchemy.orm import selectinload

from portfolio.company.services.common import (
    MAX_MESSAGE,
    CompanyError,
    _partner_user,
    _text,
)
from portfolio.company.services.joining import company_users
from portfolio.database import read
from portfolio.extensions import db
from portfolio.models import (
    Company,
    ContactRequest,
    ContactStatus,
    Offer,
    OfferAnswer,
    OpportunityKind,
    ProfessionalProject,
    ProjectTrade,
    User,
    utcnow,
)
from portfolio.models.base import UTCDateTime
from portfolio.services.i18n import gettext as _
from portfolio.services.rome import TradeChoice, UnknownTrade, rome
from portfolio.showcase.services import (
    is_visible,
    notify,
    project_of,
    showcase_of,
    visible_to_company,
)
from portfolio.trades.services import parse_pick


@dataclass(frozen=True)
class OfferData:
    title: str
    description: str
    rome_code: TradeChoice | str  # a pick: "CODE:OGR", a sheet code, or a TradeChoice
    kind: str
    place: str
    starts_on: date | None
    ends_on: date | None = None


def create_offer(user: User, data: OfferData) -> Offer:
    company = _partner_user(user)
    title = _text(data.title, limit=200, what=_("Titre"), required=True)
    description = _text(data.description, limit=5000, what=_("Description"))
    try:
        trade = parse_pick(data.rome_code)
    except UnknownTrade as err:
        raise CompanyError(str(err)) from None
    sheet = rome().sheet(trade.code)
    assert sheet is not None  # parse_pick checked it
    try:
        kind = OpportunityKind(data.kind)
    except ValueError:
        raise CompanyError(
            _("Choisissez le type d'offre : stage, alternance, emploi ou formation.")
        ) from None
    place = _text(data.place, limit=200, what=_("Lieu"), required=True)
    if not isinstance(data.starts_on, date):
        raise CompanyError(_("Donnez la date de début."))
    today = utcnow().date()
    if data.starts_on < today - timedelta(days=1):
        raise CompanyError(_("La date de début est passée."))
    if data.starts_on > today + timedelta(days=730):
        raise CompanyError(_("La date de début doit être dans moins de deux ans."))
    if data.ends_on is not None and (
        not isinstance(data.ends_on, date) or data.ends_on < data.starts_on
    ):
        raise CompanyError(_("La date de fin doit être après la date de début."))
    offer = Offer(
        company_id=company.id,
        site_id=company.site_id,
        created_by_id=user.id,
        title=title,
        description=description,
        rome_code=trade.code,
        job_title=trade.job_title,
        grand_domaine=sheet.grand_domaine,
        kind=kind,
        place=place,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    db.session.add(offer)
    db.session.flush()
    return offer


def close_offer(user: User, offer: Offer) -> None:
    if offer.closed_at is not None:
        raise CompanyError(_("Cette offre est déjà fermée."))
    offer.closed_at = utcnow()
    db.session.flush()


def offers_of_company(company: Company) -> list[Offer]:
    return list(
        db.session.scalars(
            select(Offer)
            .where(Offer.company_id == company.id)
            .options(selectinload(Offer.answers))
            .order_by(Offer.closed_at.is_not(None), Offer.created_at.desc())
        )
    )


def _open(site_id: Any, today: Any) -> tuple[ColumnElement[bool], ...]:
    """An offer still open on ``today`` at the site, from an approved company (joined)."""
    return (
        Offer.site_id == site_id,
        Offer.closed_at.is_(None),
        or_(Offer.ends_on.is_(None), Offer.ends_on >= today),
        Company.approved_at.is_not(None),
    )


def _open_offers_query(trainee: User, today: date) -> Select[tuple[Offer]]:
    return (
        select(Offer)
        .join(Company, Company.id == Offer.company_id)
        .where(*_open(trainee.site_id, today))
        .options(selectinload(Offer.company))
    )


# Open offers of a site in some trades, published since a moment: built once, as the home of
# every trainee with a project reads it ("Nouveau pour vous").
_NEW_IN_TRADES: Final = (
    select(Offer)
    .join(Company, Company.id == Offer.company_id)
    .where(
        *_open(bindparam("site_id", type_=Integer), bindparam("today", type_=Date)),
        Offer.rome_code.in_(bindparam("codes", expanding=True)),
        Offer.created_at >= bindparam("since", type_=UTCDateTime()),
    )
)
# The home asks on every visit and there is rarely a new offer: their ids are read first,
# without the ORM (its execution layer cost more than the statement), the offers only when
# there is one.
_NEW_IN_TRADES_IDS: Final = _NEW_IN_TRADES.with_only_columns(Offer.id)


@dataclass(frozen=True)
class OfferMatch:
    offer: Offer
    score: int
    same_trade: bool
    same_domain: bool
    same_kind: bool

    @property
    def matches(self) -> bool:
        return self.score > 0


@dataclass(frozen=True)
class _Wish:
    """What of the trainee's project an offer is matched against."""

    codes: frozenset[str]  # the project's trades, with their ROME families
    domains: frozenset[str]
    kinds: frozenset[OpportunityKind]

    @classmethod
    def of(cls, project: ProfessionalProject | None) -> _Wish:
        if project is None:
            return cls(frozenset(), frozenset(), frozenset())
        return cls(
            _families(t.rome_code for t in project.trades),
            frozenset(t.grand_domaine for t in project.trades),
            project.kind_set,
        )

    def match(self, offer: Offer) -> OfferMatch:
        same_trade = offer.rome_code in self.codes
        same_domain = offer.grand_domaine in self.domains
        same_kind = offer.kind in self.kinds
        score = 4 * same_trade + 2 * same_domain + same_kind if (same_domain or same_kind) else 0
        return OfferMatch(offer, score, same_trade, same_domain, same_kind)


def _families(codes: Iterable[str]) -> frozenset[str]:
    """The ROME codes "the same trade" as ``codes`` covers: their families (a title of a ROME
    4.0 child sheet meets its v3 parent sheet)."""
    catalogue = rome()
    return frozenset(family for code in codes for family in catalogue.family(code))


# The ROME codes of a trainee's project, read alone: the home asks them on every page and
# seldom needs more (the whole project, with its trades and kinds, only when an offer is new).
_PROJECT_CODES: Final = (
    select(ProjectTrade.rome_code)
    .join(ProfessionalProject, ProfessionalProject.id == ProjectTrade.project_id)
    .where(ProfessionalProject.trainee_id == bindparam("trainee_id", type_=Integer))
)


def _best_first(matches: list[OfferMatch]) -> list[OfferMatch]:
    return sorted(matches, key=lambda m: (-m.score, m.offer.starts_on, m.offer.id))


def offers_for_trainee(trainee: User) -> list[OfferMatch]:
    """Open offers of the trainee's site, those matching their project first."""
    wish = _Wish.of(project_of(trainee))
    offers = db.session.scalars(_open_offers_query(trainee, utcnow().date()))
    return _best_first([wish.match(offer) for offer in offers])


def new_offers_in_trade(
    trainee: User, since: datetime, trades: Iterable[str] | None = None
) -> list[OfferMatch]:
    """The open offers of the trainee's site in the trades of their project (their ROME
    families) published since ``since``, best first: what ``offers_for_trainee`` lists as the
    same trade, read alone (none without a project or a trade).

    ``trades``: the ROME codes of the project, when the caller has read them (the home reads
    them with the path's facts): not read again."""
    if trades is None:
        trades = read(_PROJECT_CODES, {"trainee_id": trainee.id}).scalars()
    codes = _families(trades)
    if not codes:
        return []
    params = {"site_id": trainee.site_id, "today": utcnow().date(), "codes": sorted(codes)}
    if not read(_NEW_IN_TRADES_IDS, {**params, "since": since}).first():
        return []
    offers = db.session.scalars(_NEW_IN_TRADES, {**params, "since": since}).all()
    wish = _Wish.of(project_of(trainee))  # the whole project: its domains and kinds rank them
    return _best_first([wish.match(offer) for offer in offers])


def answer_of(trainee: User, offer: Offer) -> OfferAnswer | None:
    return db.session.scalar(
        select(OfferAnswer).where(
            OfferAnswer.offer_id == offer.id, OfferAnswer.trainee_id == trainee.id
        )
    )


def answer_offer(trainee: User, offer: Offer, message: str) -> OfferAnswer:
    """Answer an offer with one's showcase; the company is told and may then see it."""
    if offer.closed_at is not None or (
        offer.ends_on is not None and offer.ends_on < utcnow().date()
    ):
        raise CompanyError(_("Cette offre est fermée."))
    showcase = showcase_of(trainee)
    if showcase is None or not is_visible(showcase):
        raise CompanyError(_("Mettez d'abord votre vitrine en ligne : l'entreprise la verra."))
    if answer_of(trainee, offer) is not None:
        raise CompanyError(_("Vous avez déjà répondu à cette offre."))
    text = _text(message, limit=MAX_MESSAGE, what=_("Message"))
    answer = OfferAnswer(
        offer_id=offer.id, trainee_id=trainee.id, showcase_id=showcase.id, message=text
    )
    db.session.add(answer)
    db.session.flush()
    for person in company_users(offer.company):
        notify(person, "offer_answered", subject=trainee.first_name, target_id=offer.id)
    return answer


def visible_answers(offer: Offer) -> list[tuple[OfferAnswer, bool]]:
    """Answers of an offer, each with whether its showcase is still online for the company."""
    return [(a, visible_to_company(a.showcase, offer.company)) for a in offer.answers]


def recent_for_company(company: Company) -> dict[str, int]:
    """Small counts for the company home."""
    pending = db.session.scalar(
        select(func.count(ContactRequest.id)).where(
            ContactRequest.company_id == company.id,
            ContactRequest.status == ContactStatus.PENDING,
        )
    )
    accepted = db.session.scalar(
        select(func.count(ContactRequest.id)).where(
            ContactRequest.company_id == company.id,
            ContactRequest.status == ContactStatus.ACCEPTED,
        )
    )
    offers = db.session.scalar(
        select(func.count(Offer.id)).where(
            Offer.company_id == company.id, Offer.closed_at.is_(None)
        )
    )
    return {"pending": pending or 0, "accepted": accepted or 0, "offers": offers or 0}
