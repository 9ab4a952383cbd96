"""What is new for a person: "Nouveau pour vous" on the trainee's home, "Nouveau" for a referent.

News are read from the records they are about (a shared note, a reply, a company's message,
a bilan, an offer), never copied into a table of their own: there is nothing to keep in step
and nothing is told twice. What the reader has seen is stored (``NewsMark``, ``NewsSeen``):
an item is new when it is younger than the moment the person last opened the whole list and
was not opened since on its own. Each source reads its latest rows only (``PER_SOURCE``) within
``WINDOW`` days, so the home costs a handful of small indexed queries whatever the history.

Rejected: the existing ``Notification`` rows ("Avis"). They are written by some features only
(companies, showcases), a referent's note or a bilan never wrote one, and back-filling them
would have meant one more write in every room. "Avis" keeps its page; this list reads both
sides of the same records.

Sessions coming (ateliers, rendez-vous) are not in the product yet: a source is one function
of ``TRAINEE_SOURCES`` returning ``NewsItem`` rows, plus a kind in ``NewsKind``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import select

from portfolio.company.services.offers import offers_for_trainee
from portfolio.extensions import db
from portfolio.models import (
    ContactMessage,
    ContactRequest,
    ExplicitationNote,
    NewsKind,
    NewsMark,
    NewsSeen,
    NoteReply,
    NoteVisibility,
    Review,
    Role,
    User,
    utcnow,
)
from portfolio.services import access
from portfolio.services.i18n import gettext as _

WINDOW: Final = timedelta(days=60)
PER_SOURCE: Final = 20
HOME_LIMIT: Final = 5


@dataclass(frozen=True)
class NewsItem:
    kind: NewsKind
    record_id: int
    at: datetime
    text: str
    trainee_id: int  # the trainee it is about (the reader, for a trainee)
    new: bool = True


# -- the trainee's sources -------------------------------------------------------------------


def _shared_notes(user: User, since: datetime) -> Iterable[NewsItem]:
    notes = db.session.scalars(
        select(ExplicitationNote)
        .where(
            ExplicitationNote.trainee_id == user.id,
            ExplicitationNote.visibility == NoteVisibility.SHARED,
            ExplicitationNote.created_at >= since,
        )
        .order_by(ExplicitationNote.created_at.desc())
        .limit(PER_SOURCE)
    )
    for note in notes:
        text = _("%(name)s a écrit une note pour vous.", name=note.author.first_name)
        yield NewsItem(NewsKind.NOTE, note.id, note.created_at, text, user.id)


def _replies_to_trainee(user: User, since: datetime) -> Iterable[NewsItem]:
    replies = db.session.scalars(
        select(NoteReply)
        .join(ExplicitationNote, ExplicitationNote.id == NoteReply.note_id)
        .where(
            ExplicitationNote.trainee_id == user.id,
            ExplicitationNote.visibility == NoteVisibility.SHARED,
            NoteReply.author_id != user.id,
            NoteReply.created_at >= since,
        )
        .order_by(NoteReply.created_at.desc())
        .limit(PER_SOURCE)
    )
    for reply in replies:
        text = _("%(name)s vous a répondu.", name=reply.author.first_name)
        yield NewsItem(NewsKind.NOTE_REPLY, reply.id, reply.created_at, text, user.id)


def _company_contacts(user: User, since: datetime) -> Iterable[NewsItem]:
    contacts = db.session.scalars(
        select(ContactRequest)
        .where(ContactRequest.trainee_id == user.id, ContactRequest.created_at >= since)
        .order_by(ContactRequest.created_at.desc())
        .limit(PER_SOURCE)
    )
    for contact in contacts:
        text = _("%(company)s voudrait vous rencontrer.", company=contact.company.name)
        yield NewsItem(NewsKind.CONTACT, contact.id, contact.created_at, text, user.id)


def _company_messages(user: User, since: datetime) -> Iterable[NewsItem]:
    messages = db.session.scalars(
        select(ContactMessage)
        .join(ContactRequest, ContactRequest.id == ContactMessage.contact_id)
        .where(
            ContactRequest.trainee_id == user.id,
            ContactMessage.author_id != user.id,
            ContactMessage.created_at >= since,
        )
        .order_by(ContactMessage.created_at.desc())
        .limit(PER_SOURCE)
    )
    for message in messages:
        text = _("Message de %(company)s.", company=message.contact.company.name)
        yield NewsItem(NewsKind.CONTACT_MESSAGE, message.id, message.created_at, text, user.id)


def _bilans_to_agree(user: User, since: datetime) -> Iterable[NewsItem]:
    reviews = db.session.scalars(
        select(Review)
        .where(Review.trainee_id == user.id, Review.trainee_agreed_at.is_(None))
        .order_by(Review.created_at.desc())
        .limit(PER_SOURCE)
    )
    for review in reviews:
        text = _("Un bilan attend votre accord.")
        yield NewsItem(NewsKind.REVIEW, review.id, review.created_at, text, user.id)


def _offers_for_project(user: User, since: datetime) -> Iterable[NewsItem]:
    matches = [m for m in offers_for_trainee(user) if m.same_trade and m.offer.created_at >= since]
    for match in matches[:PER_SOURCE]:
        offer = match.offer
        text = _("Une offre pour votre projet : %(title)s.", title=offer.title)
        yield NewsItem(NewsKind.OFFER, offer.id, offer.created_at, text, user.id)


Source = Callable[[User, datetime], Iterable[NewsItem]]
TRAINEE_SOURCES: Final[list[Source]] = [
    _shared_notes,
    _replies_to_trainee,
    _company_contacts,
    _company_messages,
    _bilans_to_agree,
    _offers_for_project,
]


# -- the referent's sources: what the trainees they follow did -------------------------------


def _trainee_replies(ids: list[int], since: datetime) -> Iterable[NewsItem]:
    replies = db.session.scalars(
        select(NoteReply)
        .join(ExplicitationNote, ExplicitationNote.id == NoteReply.note_id)
        .where(
            ExplicitationNote.trainee_id.in_(ids),
            NoteReply.author_id == ExplicitationNote.trainee_id,
            NoteReply.created_at >= since,
        )
        .order_by(NoteReply.created_at.desc())
        .limit(PER_SOURCE)
    )
    for reply in replies:
        text = _("%(name)s a répondu à une note.", name=reply.author.full_name)
        yield NewsItem(NewsKind.NOTE_REPLY, reply.id, reply.created_at, text, reply.author_id)


def _bilan_answers(ids: list[int], since: datetime) -> Iterable[NewsItem]:
    reviews = db.session.scalars(
        select(Review)
        .where(
            Review.trainee_id.in_(ids),
            Review.trainee_agreed_at.is_not(None),
            Review.trainee_agreed_at >= since,
        )
        .order_by(Review.trainee_agreed_at.desc())
        .limit(PER_SOURCE)
    )
    for review in reviews:
        name = review.trainee.full_name
        text = (
            _("%(name)s a donné son accord au bilan, avec un mot.", name=name)
            if review.trainee_comment
            else _("%(name)s a donné son accord au bilan.", name=name)
        )
        at = review.trainee_agreed_at or review.created_at
        yield NewsItem(NewsKind.REVIEW_ANSWER, review.id, at, text, review.trainee_id)


def _contacts_of_trainees(ids: list[int], since: datetime) -> Iterable[NewsItem]:
    contacts = db.session.scalars(
        select(ContactRequest)
        .where(ContactRequest.trainee_id.in_(ids), ContactRequest.created_at >= since)
        .order_by(ContactRequest.created_at.desc())
        .limit(PER_SOURCE)
    )
    for contact in contacts:
        text = _(
            "%(company)s a écrit à %(name)s.",
            company=contact.company.name,
            name=contact.trainee.full_name,
        )
        yield NewsItem(NewsKind.CONTACT, contact.id, contact.created_at, text, contact.trainee_id)


# -- reading and marking ---------------------------------------------------------------------


def _raw_items(user: User) -> list[NewsItem]:
    since = utcnow() - WINDOW
    items: list[NewsItem] = []
    if user.role is Role.TRAINEE:
        for source in TRAINEE_SOURCES:
            items.extend(source(user, since))
    elif user.role is Role.REFERENT:
        ids = list(
            db.session.scalars(access.followed_trainees_query(user).with_only_columns(User.id))
        )
        if ids:
            for referent_source in (_trainee_replies, _bilan_answers, _contacts_of_trainees):
                items.extend(referent_source(ids, since))
    return sorted(items, key=lambda i: (i.at, i.kind.value, i.record_id), reverse=True)


def seen_up_to(user: User) -> datetime | None:
    mark = db.session.get(NewsMark, user.id)
    return mark.seen_up_to if mark else None


def news_for(user: User) -> list[NewsItem]:
    """Everything of the last ``WINDOW`` days the person is told of, newest first, each
    flagged new or seen."""
    mark = seen_up_to(user)
    opened = set(
        db.session.execute(
            select(NewsSeen.kind, NewsSeen.record_id).where(NewsSeen.user_id == user.id)
        ).tuples()
    )
    return [
        replace(
            item, new=(mark is None or item.at > mark) and (item.kind, item.record_id) not in opened
        )
        for item in _raw_items(user)
    ]


def new_items(user: User, limit: int | None = HOME_LIMIT) -> tuple[list[NewsItem], int]:
    """The newest unseen items (at most ``limit``) and how many are unseen in all."""
    fresh = [item for item in news_for(user) if item.new]
    return (fresh if limit is None else fresh[:limit]), len(fresh)


def mark_all_seen(user: User) -> None:
    """The person opened the whole list: everything up to now is seen."""
    mark = db.session.get(NewsMark, user.id)
    now = utcnow()
    if mark is None:
        db.session.add(NewsMark(user_id=user.id, seen_up_to=now))
    else:
        mark.seen_up_to = max(mark.seen_up_to, now)
    db.session.execute(
        NewsSeen.__table__.delete().where(NewsSeen.user_id == user.id)  # type: ignore[attr-defined]
    )
    db.session.flush()


def mark_seen(user: User, kind_name: str, record_id: int) -> object:
    """The person opened one item: it is no longer new. Returns the record it is about.

    Raises ``NotFound`` (through the guard) for an item the person is not told of.
    """
    record = access.told_news(user, kind_name, record_id)
    kind = NewsKind(kind_name)
    already = db.session.scalar(
        select(NewsSeen.id).where(
            NewsSeen.user_id == user.id, NewsSeen.kind == kind, NewsSeen.record_id == record_id
        )
    )
    if already is None:
        db.session.add(NewsSeen(user_id=user.id, kind=kind, record_id=record_id))
        db.session.flush()
    return record
