"""The company side of the partner space: joining, the partnership agreement, contacts through
the school, saved searches and offers.

A company only acts once an admin of its site has approved it (agreement recorded); every read
of a trainee's data goes through :mod:`portfolio.services.showcase`'s visibility rule.

Errors are :class:`CompanyError` (a ValueError) whose ``str()`` is a short French sentence.
The caller commits on success and rolls back on error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from email_validator import EmailNotValidError, validate_email
from flask import abort
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    Company,
    CompanyJoinRequest,
    ContactEvent,
    ContactMessage,
    ContactRequest,
    ContactStatus,
    JoinRequestStatus,
    Offer,
    OfferAnswer,
    OpportunityKind,
    PartnershipAgreement,
    Role,
    SavedSearch,
    Showcase,
    Site,
    User,
    utcnow,
)
from portfolio.services import accounts
from portfolio.services.accounts import current_referent
from portfolio.services.i18n import gettext as _
from portfolio.services.passwords import check_strength, hash_password
from portfolio.services.rome import trades
from portfolio.showcase.services import (
    is_partner,
    is_visible,
    notify,
    project_of,
    showcase_of,
    visible_to_company,
)

__all__ = [
    "CompanyError",
    "JoinRequestData",
    "OfferData",
    "OfferMatch",
    "accept_contact",
    "answer_offer",
    "approve_company",
    "approve_join_request",
    "close_offer",
    "company_users",
    "contacts_of_company",
    "contacts_of_trainee",
    "create_offer",
    "decline_contact",
    "delete_saved_search",
    "end_partnership",
    "get_contact_for_company_or_404",
    "get_contact_for_trainee_or_404",
    "get_offer_for_company_or_404",
    "get_offer_for_trainee_or_404",
    "is_partner",
    "offers_for_trainee",
    "post_message",
    "refuse_join_request",
    "save_search",
    "saved_searches",
    "send_contact",
    "submit_join_request",
]

MAX_ID: Final = 2_147_483_647
MAX_MESSAGE: Final = 2000
MIN_MESSAGE: Final = 20
MAX_SAVED: Final = 20
SIRET_RE: Final = re.compile(r"^[0-9]{14}$")
PHONE_RE: Final = re.compile(r"^\+?[0-9 .()-]{10,20}$")


class CompanyError(ValueError):
    """A rule was broken; ``str(err)`` is a sentence for the user, in their language."""


def _valid_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _text(value: object, *, limit: int, what: str, required: bool = False) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise CompanyError(_("%(what)s : ce champ est obligatoire.", what=what))
    if len(text) > limit:
        raise CompanyError(_("%(what)s : %(n)d caractères au plus.", what=what, n=limit))
    return text


def _email(value: object) -> str:
    text = value.strip() if isinstance(value, str) else ""
    try:
        return str(validate_email(text, check_deliverability=False).normalized)
    except EmailNotValidError:
        raise CompanyError(
            _("L'adresse e-mail n'est pas valide (exemple : nom@entreprise.fr).")
        ) from None


def _phone(value: object) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if text and not PHONE_RE.match(text):
        raise CompanyError(_("Le numéro de téléphone n'est pas valide (exemple : 06 12 34 56 78)."))
    return text


def siret_is_valid(siret: str) -> bool:
    """14 digits whose Luhn sum is a multiple of 10 (La Poste's establishments excepted)."""
    if not SIRET_RE.match(siret):
        return False
    if siret.startswith("356000000"):  # La Poste: digit sum multiple of 5
        return sum(int(d) for d in siret) % 5 == 0
    total = 0
    for i, digit in enumerate(reversed(siret)):
        n = int(digit) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


# --- joining -------------------------------------------------------------------------------


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
    pending_login = db.session.scalar(
        select(CompanyJoinRequest.id).where(
            CompanyJoinRequest.login == login,
            CompanyJoinRequest.status == JoinRequestStatus.PENDING,
        )
    )
    if accounts.login_taken(login) or pending_login is not None:
        raise CompanyError(
            _("L'identifiant « %(login)s » est déjà pris : choisissez-en un autre.", login=login)
        )
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


def get_join_request_or_404(admin: User, request_id: int) -> CompanyJoinRequest:
    request = db.session.get(CompanyJoinRequest, request_id) if _valid_id(request_id) else None
    if (
        request is None
        or admin.role is not Role.ADMIN
        or (admin.site_id is not None and request.site_id != admin.site_id)
    ):
        abort(404)
    return request


def companies_for(admin: User) -> list[Company]:
    query = select(Company).order_by(Company.name)
    if admin.site_id is not None:
        query = query.where(Company.site_id == admin.site_id)
    return list(db.session.scalars(query.limit(500)))


def get_company_for_admin_or_404(admin: User, company_id: int) -> Company:
    company = db.session.get(Company, company_id) if _valid_id(company_id) else None
    if (
        company is None
        or admin.role is not Role.ADMIN
        or (admin.site_id is not None and company.site_id != admin.site_id)
    ):
        abort(404)
    return company


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


def approve_join_request(
    admin: User, request: CompanyJoinRequest, *, signed_on: date | None, reference: str
) -> tuple[Company, User]:
    """Create the company and its first account from a join request, as an approved partner."""
    if request.status is not JoinRequestStatus.PENDING:
        raise CompanyError(_("Cette demande a déjà été traitée."))
    _agreement_fields(signed_on, reference)
    if accounts.login_taken(request.login):
        raise CompanyError(
            _(
                "L'identifiant « %(login)s » a été pris entre-temps : refusez la demande et "
                "demandez à l'entreprise d'en choisir un autre.",
                login=request.login,
            )
        )
    company = accounts.create_company(request.site, request.company_name)
    company.siret = request.siret
    user = User(
        login=request.login,
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


def _partner_user(user: User) -> Company:
    if user.role is not Role.COMPANY or not is_partner(user.company):
        raise CompanyError(_("Votre entreprise n'est pas encore partenaire de l'école."))
    assert user.company is not None
    return user.company


# --- contacts ------------------------------------------------------------------------------


def _log(contact: ContactRequest, actor: User | None, action: str) -> None:
    db.session.add(
        ContactEvent(contact_id=contact.id, actor_id=actor.id if actor else None, action=action)
    )


def _message_text(body: object) -> str:
    text = body.strip() if isinstance(body, str) else ""
    if len(text) < MIN_MESSAGE:
        raise CompanyError(_("Écrivez un message d'au moins %(n)d caractères.", n=MIN_MESSAGE))
    if len(text) > MAX_MESSAGE:
        raise CompanyError(_("Le message fait au plus %(n)d caractères.", n=MAX_MESSAGE))
    return text


def send_contact(
    user: User, showcase: Showcase, message: str, *, offer: Offer | None = None
) -> ContactRequest:
    """A company shows interest in a showcase; the trainee and their referent are told."""
    company = _partner_user(user)
    if not visible_to_company(showcase, company):
        raise CompanyError(_("Cette vitrine n'est plus en ligne."))
    body = _message_text(message)
    open_contact = db.session.scalar(
        select(ContactRequest.id).where(
            ContactRequest.company_id == company.id,
            ContactRequest.showcase_id == showcase.id,
            ContactRequest.status == ContactStatus.PENDING,
        )
    )
    if open_contact is not None:
        raise CompanyError(_("Vous avez déjà écrit à cette personne : attendez sa réponse."))
    if offer is not None and offer.company_id != company.id:
        raise CompanyError(_("Cette offre n'est pas à votre entreprise."))
    contact = ContactRequest(
        company_id=company.id,
        sender_id=user.id,
        trainee_id=showcase.trainee_id,
        showcase_id=showcase.id,
        offer_id=offer.id if offer else None,
    )
    db.session.add(contact)
    db.session.flush()
    contact.messages.append(ContactMessage(author_id=user.id, body=body))
    _log(contact, user, "sent")
    notify(showcase.trainee, "contact_received", subject=company.name, target_id=contact.id)
    referent = current_referent(showcase.trainee)
    notify(
        referent,
        "contact_received_referent",
        subject=f"{company.name} → {showcase.trainee.full_name}",
        target_id=showcase.trainee_id,
    )
    db.session.flush()
    return contact


def contacts_of_company(company: Company) -> list[ContactRequest]:
    return list(
        db.session.scalars(
            select(ContactRequest)
            .where(ContactRequest.company_id == company.id)
            .options(selectinload(ContactRequest.trainee))
            .order_by(ContactRequest.created_at.desc())
            .limit(500)
        )
    )


def contacts_of_trainee(trainee: User) -> list[ContactRequest]:
    return list(
        db.session.scalars(
            select(ContactRequest)
            .where(ContactRequest.trainee_id == trainee.id)
            .options(selectinload(ContactRequest.company))
            .order_by(ContactRequest.created_at.desc())
            .limit(500)
        )
    )


def get_contact_for_company_or_404(user: User, contact_id: int) -> ContactRequest:
    contact = db.session.get(ContactRequest, contact_id) if _valid_id(contact_id) else None
    if (
        contact is None
        or user.role is not Role.COMPANY
        or not is_partner(user.company)
        or contact.company_id != user.company_id
    ):
        abort(404)
    return contact


def get_contact_for_trainee_or_404(user: User, contact_id: int) -> ContactRequest:
    contact = db.session.get(ContactRequest, contact_id) if _valid_id(contact_id) else None
    if contact is None or user.role is not Role.TRAINEE or contact.trainee_id != user.id:
        abort(404)
    return contact


def accept_contact(
    trainee: User, contact: ContactRequest, *, email: str, phone: str, message: str = ""
) -> None:
    """The trainee accepts: the contact details they choose are released to the company."""
    if contact.trainee_id != trainee.id:
        raise CompanyError(_("Ce message n'est pas pour vous."))
    if contact.status is not ContactStatus.PENDING:
        raise CompanyError(_("Vous avez déjà répondu à cette entreprise."))
    shared_email = _email(email) if isinstance(email, str) and email.strip() else ""
    shared_phone = _phone(phone)
    if not shared_email and not shared_phone:
        raise CompanyError(_("Donnez au moins un moyen de vous joindre : e-mail ou téléphone."))
    text = _text(message, limit=MAX_MESSAGE, what=_("Message"))
    contact.status = ContactStatus.ACCEPTED
    contact.answered_at = utcnow()
    contact.shared_email = shared_email
    contact.shared_phone = shared_phone
    if text:
        contact.messages.append(ContactMessage(author_id=trainee.id, body=text))
    _log(contact, trainee, "accepted")
    for person in company_users(contact.company):
        notify(person, "contact_accepted", subject=trainee.first_name, target_id=contact.id)
    db.session.flush()


def decline_contact(trainee: User, contact: ContactRequest, *, message: str = "") -> None:
    """The trainee says no; the company keeps seeing no contact details."""
    if contact.trainee_id != trainee.id:
        raise CompanyError(_("Ce message n'est pas pour vous."))
    if contact.status is not ContactStatus.PENDING:
        raise CompanyError(_("Vous avez déjà répondu à cette entreprise."))
    text = _text(message, limit=MAX_MESSAGE, what=_("Message"))
    contact.status = ContactStatus.DECLINED
    contact.answered_at = utcnow()
    if text:
        contact.messages.append(ContactMessage(author_id=trainee.id, body=text))
    _log(contact, trainee, "declined")
    for person in company_users(contact.company):
        notify(person, "contact_declined", subject=trainee.first_name, target_id=contact.id)
    db.session.flush()


def post_message(author: User, contact: ContactRequest, body: str) -> ContactMessage:
    """A follow-up message, once the trainee has accepted."""
    if contact.status is not ContactStatus.ACCEPTED:
        raise CompanyError(_("Vous pourrez écrire ici quand la personne aura accepté le contact."))
    text = _message_text(body)
    message = ContactMessage(author_id=author.id, body=text)
    contact.messages.append(message)
    _log(contact, author, "message")
    if author.role is Role.TRAINEE:
        for person in company_users(contact.company):
            notify(person, "contact_message", subject=author.first_name, target_id=contact.id)
    else:
        notify(
            contact.trainee, "contact_message", subject=contact.company.name, target_id=contact.id
        )
    db.session.flush()
    return message


def mark_contact_read(user: User, contact: ContactRequest) -> None:
    """Log the first time the trainee opens a contact (the company sees "lu")."""
    already = db.session.scalar(
        select(ContactEvent.id).where(
            ContactEvent.contact_id == contact.id, ContactEvent.action == "read"
        )
    )
    if already is None:
        _log(contact, user, "read")


def contact_events(contact: ContactRequest) -> list[ContactEvent]:
    return list(
        db.session.scalars(
            select(ContactEvent)
            .where(ContactEvent.contact_id == contact.id)
            .order_by(ContactEvent.at, ContactEvent.id)
        )
    )


# --- saved searches ------------------------------------------------------------------------


def save_search(user: User, name: str, query: str) -> SavedSearch:
    company = _partner_user(user)
    label = _text(name, limit=120, what=_("Nom de la recherche"), required=True)
    if not isinstance(query, str) or len(query) > 1000:
        raise CompanyError(_("Cette recherche ne peut pas être enregistrée."))
    count = db.session.scalar(
        select(func.count(SavedSearch.id)).where(SavedSearch.company_id == company.id)
    )
    if (count or 0) >= MAX_SAVED:
        raise CompanyError(_("%(n)d recherches au plus : supprimez-en une d'abord.", n=MAX_SAVED))
    saved = SavedSearch(company_id=company.id, user_id=user.id, name=label, query=query)
    db.session.add(saved)
    db.session.flush()
    return saved


def saved_searches(company: Company) -> list[SavedSearch]:
    return list(
        db.session.scalars(
            select(SavedSearch)
            .where(SavedSearch.company_id == company.id)
            .order_by(SavedSearch.name, SavedSearch.id)
        )
    )


def delete_saved_search(user: User, search_id: int) -> None:
    saved = db.session.get(SavedSearch, search_id) if _valid_id(search_id) else None
    if saved is None or saved.company_id != user.company_id or user.role is not Role.COMPANY:
        abort(404)
    db.session.delete(saved)
    db.session.flush()


# --- offers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferData:
    title: str
    description: str
    rome_code: str
    kind: str
    place: str
    starts_on: date | None
    ends_on: date | None = None


def create_offer(user: User, data: OfferData) -> Offer:
    company = _partner_user(user)
    title = _text(data.title, limit=200, what=_("Titre"), required=True)
    description = _text(data.description, limit=5000, what=_("Description"))
    trade = trades().get(data.rome_code) if isinstance(data.rome_code, str) else None
    if trade is None:
        raise CompanyError(_("Choisissez le métier dans la liste."))
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
        grand_domaine=trade.grand_domaine,
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


def get_offer_for_company_or_404(user: User, offer_id: int) -> Offer:
    offer = db.session.get(Offer, offer_id) if _valid_id(offer_id) else None
    if (
        offer is None
        or user.role is not Role.COMPANY
        or not is_partner(user.company)
        or offer.company_id != user.company_id
    ):
        abort(404)
    return offer


def _open_offers_query(trainee: User, today: date) -> Select[tuple[Offer]]:
    return (
        select(Offer)
        .join(Company, Company.id == Offer.company_id)
        .where(
            Offer.site_id == trainee.site_id,
            Offer.closed_at.is_(None),
            or_(Offer.ends_on.is_(None), Offer.ends_on >= today),
            Company.approved_at.is_not(None),
        )
        .options(selectinload(Offer.company))
    )


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


def offers_for_trainee(trainee: User) -> list[OfferMatch]:
    """Open offers of the trainee's site, those matching their project first."""
    project = project_of(trainee)
    codes = {t.rome_code for t in project.trades} if project else set()
    domains = {t.grand_domaine for t in project.trades} if project else set()
    kinds = project.kind_set if project else frozenset()
    matches = []
    for offer in db.session.scalars(_open_offers_query(trainee, utcnow().date())):
        same_trade = offer.rome_code in codes
        same_domain = offer.grand_domaine in domains
        same_kind = offer.kind in kinds
        score = 4 * same_trade + 2 * same_domain + same_kind if (same_domain or same_kind) else 0
        matches.append(OfferMatch(offer, score, same_trade, same_domain, same_kind))
    return sorted(matches, key=lambda m: (-m.score, m.offer.starts_on, m.offer.id))


def get_offer_for_trainee_or_404(trainee: User, offer_id: int) -> Offer:
    offer = db.session.get(Offer, offer_id) if _valid_id(offer_id) else None
    if (
        offer is None
        or trainee.role is not Role.TRAINEE
        or offer.site_id != trainee.site_id
        or not is_partner(offer.company)
    ):
        abort(404)
    return offer


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
