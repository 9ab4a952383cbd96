"""A company's saved talent searches (the query string of the search form)."""

from __future__ import annotations

from sqlalchemy import func, select

from portfolio.company.services.common import (
    MAX_SAVED,
    CompanyError,
    _partner_user,
    _text,
)
from portfolio.extensions import db
from portfolio.models import Company, SavedSearch, User
from portfolio.services import access
from portfolio.services.i18n import gettext as _


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
    saved = access.company_saved_search(user, search_id)
    db.session.delete(saved)
    db.session.flush()
