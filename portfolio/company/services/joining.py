"""Joining: a company asks, an admin of its site approves it with the partnership agreement."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portfolio.company.services.common import (
    MAX_MESSAGE,
    CompanyError,
    _email,
    _phone,
    _text,
    siret_is_valid,
)
from portfolio.extensions import db
from portfolio.models import (
    Company,
    CompanyJoinRequest,
    JoinRequestStatus,
    PartnershipAgreement,
    Role,
    Site,
    User,
    utcnow,
)
from portfolio.services import accounts
from portfolio.services.access import valid_id as _valid_id
from portfolio.services.i18n import gettext as _
from portfolio.services.passwords import check_strength, hash_password
from portfolio.showcase.services import notify


@dataclass(frozen=True)
class JoinRequestData:
    site_id: int
    company_name: str
    siret: str
    first_name: str
    last_name: str
    email: str
    phone: str
    login: str
    password: str
    password_confirm: str
    message: str
    accepts_charter: bool


def submit_join_request(data: JoinRequestData) -> CompanyJoinRequest:
    """A company asks to become a partner of a site. Nothing is visible to it until approval."""
    site = db.session.get(Site, data.site_id) if _valid_id(data.site_id) else None
    if site is None or not site.active:
        raise CompanyError(_("Choisissez une école dans la liste."))
    name = _text(data.company_name, limit=200, what=_("Nom de l'entreprise"), required=True)
    siret = re.sub(r"\s", "", data.siret) if isinstance(data.siret, str) else ""
    if siret and not siret_is_valid(siret):
        raise CompanyError(
            _("Le numéro SIRET n'est pas valide : 14 chiffres, sans erreur de frappe.")
        )
    first_name = _text(data.first_name, limit=100, what=_("Prénom"), required=True)
    last_name = _text(data.last_name, limit=100, what=_("Nom"), required=True)
    email = _email(data.email)
    phone = _phone(data.phone)
    login = accounts.normalise_login(data.login if isinstance(data.login, str) else "")
    if not accounts.LOGIN_RE.match(login):
        raise CompanyError(
            _(
                "L'identifiant doit avoir 3 à 80 caractères : lettres minuscules sans accent, "
                "chiffres, point, tiret ou tiret bas."
            )
        )
    # Whether the login is free is not checked here: the form is public, and a different
    # answer for a taken login would let anyone list the accounts. The approval gives a
    # free one (``given_login``) and the admin tells the company which.
    if not isinstance(data.password, str) or data.password != data.password_confirm:
        raise CompanyError(_("Les deux mots de passe ne sont pas identiques."))
    check_strength(data.password, personal=(login, first_name, last_name, name))
    message = _text(data.message, limit=MAX_MESSAGE, what=_("Message"))
    if data.accepts_charter is not True:
        raise CompanyError(_("Cochez la case pour accepter la charte des entreprises partenaires."))
    request = CompanyJoinRequest(
        site_id=site.id,
        company_name=name,
        siret=siret or None,
        contact_first_name=first_name,
        contact_last_name=last_name,
        email=email,
        phone=phone,
        login=login,
        password_hash=hash_password(data.password),
        message=message,
    )
    db.session.add(request)
    db.session.flush()
    for admin in db.session.scalars(
        select(User).where(User.role == Role.ADMIN, User.active.is_(True), User.site_id == site.id)
    ):
        notify(admin, "join_requested", subject=name, target_id=request.id)
    return request


def join_requests_for(admin: User) -> list[CompanyJoinRequest]:
    query = select(CompanyJoinRequest).order_by(
        CompanyJoinRequest.status, CompanyJoinRequest.created_at.desc()
    )
    if admin.site_id is not None:
        query = query.where(CompanyJoinRequest.site_id == admin.site_id)
    return list(db.session.scalars(query.limit(200)))


def companies_for(admin: User) -> list[Company]:
    query = select(Company).order_by(Company.name)
    if admin.site_id is not None:
        query = query.where(Company.site_id == admin.site_id)
    return list(db.session.scalars(query.limit(500)))


def agreements_of(company: Company) -> list[PartnershipAgreement]:
    return list(
        db.session.scalars(
            select(PartnershipAgreement)
            .where(PartnershipAgreement.company_id == company.id)
            .order_by(PartnershipAgreement.recorded_at.desc())
        )
    )


def _agreement_fields(signed_on: date | None, reference: str) -> tuple[date, str]:
    if not isinstance(signed_on, date):
        raise CompanyError(_("Donnez la date de signature de la convention de partenariat."))
    if signed_on > utcnow().date():
        raise CompanyError(_("La date de signature ne peut pas être dans le futur."))
    if signed_on < date(2000, 1, 1):
        raise CompanyError(_("La date de signature n'est pas valide."))
    return signed_on, _text(reference, limit=120, what=_("Référence de la convention"))


def approve_company(
    admin: User, company: Company, *, signed_on: date | None, reference: str
) -> PartnershipAgreement:
    """Make the company a partner of its site, with the agreement recorded."""
    signed, ref = _agreement_fields(signed_on, reference)
    if admin.site_id is not None and admin.site_id != company.site_id:
        raise CompanyError(_("Cette entreprise n'est pas de votre site."))
    if company.approved_at is not None:
        raise CompanyError(_("Cette entreprise est déjà partenaire."))
    agreement = PartnershipAgreement(
        company_id=company.id,
        site_id=company.site_id,
        signed_on=signed,
        reference=ref,
        recorded_by_id=admin.id,
    )
    db.session.add(agreement)
    company.approved_at = utcnow()
    accounts.audit(
        "company.approve", actor=admin, site_id=company.site_id, detail=f"{company.name} ({ref})"
    )
    db.session.flush()
    return agreement


def end_partnership(admin: User, company: Company) -> None:
    """The company stops being a partner: its users lose access on their next request."""
    if company.approved_at is None:
        raise CompanyError(_("Cette entreprise n'est pas partenaire."))
    company.approved_at = None
    for agreement in agreements_of(company):
        if agreement.ended_at is None:
            agreement.ended_at = utcnow()
    accounts.audit("company.end", actor=admin, site_id=company.site_id, detail=company.name)
    db.session.flush()


def given_login(request: CompanyJoinRequest) -> str:
    """The login the account will get: the one asked for, or a free one built from it."""
    return accounts.free_login(request.login)


def approve_join_request(
    admin: User, request: CompanyJoinRequest, *, signed_on: date | None, reference: str
) -> tuple[Company, User]:
    """Create the company and its first account from a join request, as an approved partner.

    The account gets :func:`given_login`: when the login asked for is taken, the caller
    compares ``user.login`` with ``request.login`` and tells the admin which one to give.
    """
    if request.status is not JoinRequestStatus.PENDING:
        raise CompanyError(_("Cette demande a déjà été traitée."))
    _agreement_fields(signed_on, reference)
    company = accounts.create_company(request.site, request.company_name)
    company.siret = request.siret
    user = User(
        login=given_login(request),
        first_name=request.contact_first_name,
        last_name=request.contact_last_name,
        email=request.email,
        role=Role.COMPANY,
        site_id=request.site_id,
        company_id=company.id,
        password_hash=request.password_hash,
    )
    db.session.add(user)
    db.session.flush()
    approve_company(admin, company, signed_on=signed_on, reference=reference)
    request.status = JoinRequestStatus.APPROVED
    request.decided_at = utcnow()
    request.decided_by_id = admin.id
    request.company_id = company.id
    accounts.audit(
        "user.create", actor=admin, site_id=request.site_id, detail=f"{user.login} (company)"
    )
    db.session.flush()
    return company, user


def refuse_join_request(admin: User, request: CompanyJoinRequest, note: str) -> None:
    if request.status is not JoinRequestStatus.PENDING:
        raise CompanyError(_("Cette demande a déjà été traitée."))
    request.status = JoinRequestStatus.REFUSED
    request.decided_at = utcnow()
    request.decided_by_id = admin.id
    request.decision_note = _text(note, limit=1000, what=_("Motif"))
    request.password_hash = ""  # never kept longer than needed
    db.session.flush()


def company_users(company: Company) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(
                User.company_id == company.id, User.role == Role.COMPANY, User.active.is_(True)
            )
        )
    )
