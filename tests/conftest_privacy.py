"""Helpers of the privacy tests: rows naming a person in every table, their stored files."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from portfolio.extensions import db
from portfolio.models import Base, User
from portfolio.privacy.services.erasure import plan


def rows_naming(user_id: int) -> dict[str, int]:
    """For every table with a foreign key to user_account: its rows naming ``user_id``."""
    found: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        columns = [fk.parent for fk in table.foreign_keys if fk.column.table.name == "user_account"]
        if table.name == "user_account":
            columns.append(table.c.id)
        if columns:
            query = (
                select(func.count()).select_from(table).where(or_(*(c == user_id for c in columns)))
            )
            found[table.name] = db.session.scalar(query) or 0
    return found


def person_keys(user_id: int) -> list[str]:
    """The storage keys of the person's rows (what the erasure must delete)."""
    user = db.session.get(User, user_id)
    assert user is not None
    return plan(user).files
