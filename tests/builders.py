"""Small builders for tests: make_site, make_user, login, counting_queries."""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from html.parser import HTMLParser
from typing import Any

from sqlalchemy import event

from portfolio.extensions import db
from portfolio.models import Company, Role, Site, User
from portfolio.services import accounts

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def make_site(slug: str | None = None, name: str | None = None) -> Site:
    n = next(_seq)
    site = accounts.create_site(slug or f"site-{n}", name or f"E2C Site {n}")
    db.session.commit()
    return site


def make_company(site: Site, name: str = "Entreprise Test", approved: bool = True) -> Company:
    company = accounts.create_company(site, name, approved=approved)
    db.session.commit()
    return company


def make_user(
    role: Role = Role.TRAINEE,
    *,
    site: Site | None = None,
    login: str | None = None,
    referent: User | None = None,
    company: Company | None = None,
    birth_date: date | None = None,
    password: str = PASSWORD,
    **kwargs: Any,
) -> User:
    n = next(_seq)
    if site is None and role is not Role.ADMIN:
        site = make_site()
    if role is Role.COMPANY and company is None:
        assert site is not None
        company = make_company(site)
    user = accounts.create_user(
        login=login or f"{role.value}{n}",
        password=password,
        first_name=kwargs.pop("first_name", f"Prénom{n}"),
        last_name=kwargs.pop("last_name", f"Nom{n}"),
        role=role,
        site=site,
        company=company,
        birth_date=birth_date,
        **kwargs,
    )
    if referent is not None:
        accounts.assign_referent(user, referent)
    db.session.commit()
    return user


def login(client: Any, user: User, password: str = PASSWORD) -> Any:
    return client.post("/connexion", data={"login": user.login, "password": password})


class _Ids(HTMLParser):
    """Every ``id`` attribute of a page, in order (a label or a link aims at the first only)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value for name, value in attrs if name == "id" and value is not None]


def duplicate_ids(html: str) -> set[str]:
    """The ``id`` values given to more than one element of ``html``."""
    parser = _Ids()
    parser.feed(html)
    parser.close()
    return {name for name in parser.ids if parser.ids.count(name) > 1}


def page_text(response: Any) -> str:
    """The page as a person reads it: HTML entities decoded."""
    return html.unescape(response.get_data(as_text=True))


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    """Collect the SQL statements the app's engine runs inside the ``with`` block."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
