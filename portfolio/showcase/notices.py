"""In-platform notices ("avis"): their text, where they lead, and the count in the menu."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import has_request_context, request, url_for
from flask_login import current_user
from sqlalchemy import Integer, Select, bindparam, func, select, update

from portfolio.database import read
from portfolio.extensions import db
from portfolio.models import Notification, Role, User, utcnow
from portfolio.services.access import followed_params
from portfolio.services.i18n import gettext as _

# kind -> (text with %(subject)s, endpoint, name of the url argument)
_KINDS: dict[str, tuple[Callable[[str], str], str, str]] = {
    "contact_received": (
        lambda s: _("%(subject)s vous a écrit au sujet de votre vitrine.", subject=s),
        "showcase.contact",
        "contact_id",
    ),
    "contact_received_referent": (
        lambda s: _("Une entreprise a écrit à un de vos stagiaires : %(subject)s.", subject=s),
        "showcase.followed",
        "trainee_id",
    ),
    "contact_accepted": (
        lambda s: _("%(subject)s a accepté votre prise de contact.", subject=s),
        "company.contact",
        "contact_id",
    ),
    "contact_declined": (
        lambda s: _("%(subject)s a refusé votre prise de contact.", subject=s),
        "company.contact",
        "contact_id",
    ),
    "contact_message": (
        lambda s: _("Nouveau message de %(subject)s.", subject=s),
        "",  # depends on the reader: see notice_url
        "contact_id",
    ),
    "approval_requested": (
        lambda s: _("%(subject)s demande à publier sa vitrine.", subject=s),
        "showcase.approval",
        "showcase_id",
    ),
    "approval_given": (
        lambda s: _("%(subject)s a validé votre vitrine : elle est en ligne.", subject=s),
        "showcase.index",
        "",
    ),
    "approval_refused": (
        lambda s: _(
            "%(subject)s demande des changements avant de publier votre vitrine.", subject=s
        ),
        "showcase.index",
        "",
    ),
    "simulation_cancelled": (
        lambda s: _("%(subject)s a annulé votre simulation d'entretien.", subject=s),
        "simulations.trainee_home",
        "",
    ),
    "simulation_feedback": (
        lambda s: _("%(subject)s a donné son retour sur votre simulation d'entretien.", subject=s),
        "simulations.trainee_home",
        "",
    ),
    "offer_answered": (
        lambda s: _("%(subject)s a répondu à votre offre.", subject=s),
        "company.offer",
        "offer_id",
    ),
}


@dataclass(frozen=True)
class Notice:
    text: str
    url: str
    created_at: datetime
    unread: bool


def _url(user: User, row: Notification) -> str:
    spec = _KINDS.get(row.kind)
    if spec is None:
        return ""
    _text, endpoint, arg = spec
    if row.kind == "contact_message":
        endpoint = "company.contact" if user.role is Role.COMPANY else "showcase.contact"
    if not arg:
        return url_for(endpoint)
    if row.target_id is None:
        return ""
    values: dict[str, Any] = {arg: row.target_id}
    return url_for(endpoint, **values)


def notices_of(user: User, limit: int = 100) -> list[Notice]:
    rows = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    notices = []
    for row in rows:
        spec = _KINDS.get(row.kind)
        if spec is None:
            continue
        notices.append(
            Notice(spec[0](row.subject), _url(user, row), row.created_at, row.read_at is None)
        )
    return notices


def mark_all_read(user: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


_UNREAD_STMT = select(func.count(Notification.id)).where(
    Notification.user_id == bindparam("user_id", type_=Integer), Notification.read_at.is_(None)
)


def unread_count(user: User) -> int:
    """Shown in the menu of every page: a statement built once."""
    return int(db.session.scalar(_UNREAD_STMT, {"user_id": user.id}) or 0)


CountQuery = Callable[[User], Select[Any] | None]
"""A label's count as one SELECT for the reader, or None where there is none; its bind
parameters are those of ``access.followed_params`` (``user_id``: the reader)."""


class CountedLabel:
    """A menu label with a live count, e.g. "Avis (2)": rendered per request by the menu.

    ``count`` reads it alone; ``query``, when given, lets the menu read every count of the page
    in one query (``prefetch_counts``) instead of one each.
    """

    def __init__(
        self,
        plain: Callable[[], str],
        counted: Callable[[int], str],
        count: Callable[[User], int],
        query: CountQuery | None = None,
    ) -> None:
        self._plain = plain
        self._counted = counted
        self._count = count
        self.query = query

    def __str__(self) -> str:
        if not current_user or not current_user.is_authenticated:
            return self._plain()
        known: dict[int, int] = _prefetched()
        n = known[id(self)] if id(self) in known else self._count(current_user)
        return self._counted(n) if n else self._plain()


def _prefetched() -> dict[int, int]:
    if not has_request_context():
        return {}
    known: dict[int, int] = request.__dict__.get(_MENU_COUNTS, {})
    return known


def count_known(query: Select[Any] | None, value: int) -> None:
    """A page that has just counted what a menu label's ``query`` counts (the caseload adds up
    each trainee's unread messages) gives the figure, so the menu does not count it again."""
    if query is not None and has_request_context():
        request.__dict__.setdefault("_e2c_known_counts", {})[query] = value


def prefetch_counts(
    labels: Iterable[object],
    user: User,
    own: Select[Any] | None = None,
    params: Mapping[str, Any] | None = None,
) -> Sequence[Any]:
    """Read the counts of a page's menu labels in one query (each a scalar subquery), kept for
    the request: the menu used to pay one query per counted label on every page.

    ``own``: the page's own figures (a SELECT of scalar subqueries built once, with its
    ``params``), read in the same statement — one round trip to the database instead of two;
    returns their values. Once read, the menu's counts are not read again in the request."""
    if not has_request_context():
        return read(own, params).one() if own is not None else ()
    if _MENU_COUNTS in request.__dict__:  # read earlier in the request, with a page's figures
        return read(own, params).one() if own is not None else ()
    given: dict[Select[Any], int] = request.__dict__.get("_e2c_known_counts", {})
    counts: dict[int, int] = {}
    wanted = []
    for label in labels:
        if isinstance(label, CountedLabel) and label.query is not None:
            query = label.query(user)
            if query in given:
                counts[id(label)] = given[query]
            elif query is not None:
                wanted.append((label, query))
    values: Sequence[Any] = ()
    if wanted or own is not None:
        queries = [query for _label, query in wanted]
        row = read(_combined(queries, own), {**followed_params(user), **(params or {})}).one()
        for (label, _query), value in zip(wanted, row, strict=False):
            counts[id(label)] = int(value or 0)
        values = tuple(row[len(wanted) :])
    request.__dict__[_MENU_COUNTS] = counts
    return values


_MENU_COUNTS = "_e2c_menu_counts"


# The menu's SELECT of counts, per set of count queries (one or two per role) and page figures:
# built once, as building it and its cache key on each page cost more than running it. The key
# holds the statements themselves (compared by identity): statements built once (module
# constants) come back as the same objects; one built per call is never found again, hence
# the cap.
_COMBINED: dict[tuple[Select[Any] | None, ...], Select[Any]] = {}
_COMBINED_MAX = 32


def _combined(queries: list[Select[Any]], own: Select[Any] | None = None) -> Select[Any]:
    key = (*queries, own)
    statement = _COMBINED.get(key)
    if statement is None:
        columns = [query.scalar_subquery() for query in queries]
        statement = select(*columns, *(own.selected_columns if own is not None else ()))
        if len(_COMBINED) < _COMBINED_MAX:
            _COMBINED[key] = statement
    return statement


NOTICES_LABEL = CountedLabel(
    lambda: _("Avis"),
    lambda n: _("Avis (%(n)d nouveaux)", n=n) if n > 1 else _("Avis (1 nouveau)"),
    unread_count,
    lambda _user: _UNREAD_STMT,
)
