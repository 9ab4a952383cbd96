"""The company side of the partner space: joining, the partnership agreement, contacts through
the school, saved searches and offers.

A company only acts once an admin of its site has approved it (agreement recorded); every read
of a trainee's data goes through :mod:`portfolio.showcase.services`' visibility rule.

Errors are :class:`CompanyError` (a ValueError) whose ``str()`` is a short French sentence.
The caller commits on success and rolls back on error.

One module per subject: ``common`` (limits, errors, shared checks), ``joining`` (join requests,
approval, agreements), ``contacts``, ``saved_searches``, ``offers``; ``search`` is the talent
search over showcases.
"""

from portfolio.company.services.common import (
    MAX_MESSAGE,
    MAX_SAVED,
    MIN_MESSAGE,
    PHONE_RE,
    SIRET_RE,
    CompanyError,
    siret_is_valid,
)
from portfolio.company.services.contacts import (
    accept_contact,
    contact_events,
    contacts_of_company,
    contacts_of_trainee,
    decline_contact,
    mark_contact_read,
    post_message,
    send_contact,
)
from portfolio.company.services.joining import (
    JoinRequestData,
    agreements_of,
    approve_company,
    approve_join_request,
    companies_for,
    company_users,
    end_partnership,
    given_login,
    join_requests_for,
    refuse_join_request,
    submit_join_request,
)
from portfolio.company.services.offers import (
    OfferData,
    OfferMatch,
    answer_of,
    answer_offer,
    close_offer,
    create_offer,
    offers_for_trainee,
    offers_of_company,
    recent_for_company,
    visible_answers,
)
from portfolio.company.services.saved_searches import (
    delete_saved_search,
    save_search,
    saved_searches,
)

__all__ = [
    "MAX_MESSAGE",
    "MAX_SAVED",
    "MIN_MESSAGE",
    "PHONE_RE",
    "SIRET_RE",
    "CompanyError",
    "JoinRequestData",
    "OfferData",
    "OfferMatch",
    "accept_contact",
    "agreements_of",
    "answer_of",
    "answer_offer",
    "approve_company",
    "approve_join_request",
    "close_offer",
    "companies_for",
    "company_users",
    "contact_events",
    "contacts_of_company",
    "contacts_of_trainee",
    "create_offer",
    "decline_contact",
    "delete_saved_search",
    "end_partnership",
    "given_login",
    "join_requests_for",
    "mark_contact_read",
    "offers_for_trainee",
    "offers_of_company",
    "post_message",
    "recent_for_company",
    "refuse_join_request",
    "save_search",
    "saved_searches",
    "send_contact",
    "siret_is_valid",
    "submit_join_request",
    "visible_answers",
]
