"""Contacts through the school: a company writes, the trainee accepts or declines."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portfolio.company.services.common import (
    MAX_MESSAGE,
    MIN_MESSAGE,
    CompanyError,
    _email,
    _partner_user,
    _phone,
    _text,
)
from portfolio.company.services.joining import company_users
from portfolio.extensions import db
from portfolio.models import (
    Company,
    ContactEvent,
    ContactMessage,
    ContactRequest,
    ContactStatus,
    Offer,
    Role,
    Showcase,
    User,
    utcnow,
)
from portfolio.notifications.services.outbox import notify_company_contact
from portfolio.services.accounts import current_referent
from portfolio.services.i18n import gettext as _
from portfolio.services.text import TextRefused, clean_text
from portfolio.showcase.services import notify, visible_to_company


def _log(contact: ContactRequest, actor: User | None, action: str) -> None:
    db.session.add(
        ContactEvent(contact_id=contact.id, actor_id=actor.id if actor else None, action=action)
    )


def _message_text(body: object) -> str:
    try:
        text = clean_text(body if isinstance(body, str) else None, limit=MAX_MESSAGE)
    except TextRefused:
        raise CompanyError(_("Le message fait au plus %(n)d caractères.", n=MAX_MESSAGE)) from None
    if len(text) < MIN_MESSAGE:
        raise CompanyError(_("Écrivez un message d'au moins %(n)d caractères.", n=MIN_MESSAGE))
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
    notify_company_contact(showcase.trainee, company.name, contact.id)
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
        notify_company_contact(contact.trainee, contact.company.name, contact.id, first=False)
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
