"""The year after the exit: a planned follow-up contact, reached by the referent who follows
the young person now (their own, or the colleague covering during a hand-over)."""

from __future__ import annotations

from portfolio.extensions import db
from portfolio.models import FollowUpContact, Role, User
from portfolio.services.access._base import _get
from portfolio.services.access.people import followed_trainees_query
from portfolio.services.errors import NotFound


def followed_contact(referent: User, contact_id: int) -> FollowUpContact:
    """A contact about a trainee ``referent`` follows today, else NotFound."""
    contact = _get(FollowUpContact, contact_id)
    if contact is None or referent.role is not Role.REFERENT:
        raise NotFound
    query = followed_trainees_query(referent).where(User.id == contact.trainee_id)
    if db.session.scalar(query) is None:
        raise NotFound
    return contact
