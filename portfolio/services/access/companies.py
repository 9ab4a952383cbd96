"""Companies and showcases, and the operator's figures."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import datetime

from portfolio.models import (
    ApprovalState,
    Company,
    CompanyJoinRequest,
    ContactRequest,
    Offer,
    Role,
    SavedSearch,
    Showcase,
    User,
)
from portfolio.models.base import utcnow
from portfolio.services.access._base import (
    _get,
)
from portfolio.services.access.people import (
    _within_site,
    can_see_trainee,
)
from portfolio.services.errors import NotFound


def is_partner(company: Company | None) -> bool:
    return company is not None and company.approved_at is not None


def is_visible(showcase: Showcase, now: datetime | None = None) -> bool:
    """Online now: published, approved if the site asks for it, not expired, trainee active."""
    now = now or utcnow()
    return (
        showcase.is_published
        and showcase.approval in (ApprovalState.NOT_NEEDED, ApprovalState.APPROVED)
        and (showcase.expires_at is None or showcase.expires_at > now)
        and showcase.trainee.active
    )


def visible_to_company(showcase: Showcase, company: Company | None) -> bool:
    if company is None or not is_partner(company) or not is_visible(showcase):
        return False
    return showcase.site_id == company.site_id or showcase.network_wide


def _partner_of(user: User, company_id: int | None) -> bool:
    return user.role is Role.COMPANY and is_partner(user.company) and company_id == user.company_id


def company_showcase(user: User, showcase_id: int) -> Showcase:
    """The showcase if ``user``'s company may see it now (never 403)."""
    showcase = _get(Showcase, showcase_id)
    if (
        showcase is None
        or user.role is not Role.COMPANY
        or not visible_to_company(showcase, user.company)
    ):
        raise NotFound
    return showcase


def company_offer(user: User, offer_id: int) -> Offer:
    offer = _get(Offer, offer_id)
    if offer is None or not _partner_of(user, offer.company_id):
        raise NotFound
    return offer


def company_contact(user: User, contact_id: int) -> ContactRequest:
    contact = _get(ContactRequest, contact_id)
    if contact is None or not _partner_of(user, contact.company_id):
        raise NotFound
    return contact


def company_saved_search(user: User, search_id: int) -> SavedSearch:
    """A saved search of the user's company (partner or not: it is theirs to delete)."""
    saved = _get(SavedSearch, search_id)
    if saved is None or saved.company_id != user.company_id or user.role is not Role.COMPANY:
        raise NotFound
    return saved


def site_offer(trainee: User, offer_id: int) -> Offer:
    offer = _get(Offer, offer_id)
    if (
        offer is None
        or trainee.role is not Role.TRAINEE
        or offer.site_id != trainee.site_id
        or not is_partner(offer.company)
    ):
        raise NotFound
    return offer


def own_contact(user: User, contact_id: int) -> ContactRequest:
    contact = _get(ContactRequest, contact_id)
    if contact is None or user.role is not Role.TRAINEE or contact.trainee_id != user.id:
        raise NotFound
    return contact


def staff_showcase(viewer: User, showcase_id: int) -> Showcase:
    """A showcase for its trainee's referent (or a site admin); 404 for anyone else."""
    showcase = _get(Showcase, showcase_id)
    if (
        showcase is None
        or viewer.role not in (Role.REFERENT, Role.ADMIN)
        or not can_see_trainee(viewer, showcase.trainee)
    ):
        raise NotFound
    return showcase


def managed_join_request(admin: User, request_id: int) -> CompanyJoinRequest:
    request = _get(CompanyJoinRequest, request_id)
    if request is None or admin.role is not Role.ADMIN or not _within_site(admin, request.site_id):
        raise NotFound
    return request


def managed_company(admin: User, company_id: int) -> Company:
    company = _get(Company, company_id)
    if company is None or admin.role is not Role.ADMIN or not _within_site(admin, company.site_id):
        raise NotFound
    return company


def operator_request(
    authorization: str | None, address: str | None, token: str, networks: str
) -> None:
    """Let an operator through (``/metriques``), else NotFound, as for any hidden page.

    ``authorization`` is the request's header (``Bearer <token>``), compared with ``token``
    (``OPS_TOKEN``) through their SHA-256 digests in constant time, so neither the length nor
    the first differing character of the secret shows in the answer time. ``networks`` is a
    comma-separated list (``10.0.0.0/8, ::1``) matched against the peer ``address``. Nothing
    configured lets nobody in.
    """
    scheme, _, given = (authorization or "").partition(" ")
    if token and scheme.lower() == "bearer" and given:
        expected = hashlib.sha256(token.encode()).digest()
        if hmac.compare_digest(hashlib.sha256(given.strip().encode()).digest(), expected):
            return
    if address and networks and _in_networks(address, networks):
        return
    raise NotFound


def _in_networks(address: str, networks: str) -> bool:
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    for item in networks.split(","):
        try:
            if item.strip() and peer in ipaddress.ip_network(item.strip(), strict=False):
                return True
        except ValueError:
            continue  # a mistyped network lets nobody in; ops/metrics.py warns at start-up
    return False
