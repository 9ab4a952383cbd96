"""News ("Nouveau pour vous"): what a person is told of."""

from __future__ import annotations

from portfolio.models import (
    ContactMessage,
    ContactRequest,
    ConversationMessage,
    NewsKind,
    NoteReply,
    Review,
    Role,
    User,
)
from portfolio.models.base import Base
from portfolio.services.access._base import (
    _get,
    valid_id,
)
from portfolio.services.access.companies import (
    own_contact,
    site_offer,
)
from portfolio.services.access.conversations import (
    party_conversation,
)
from portfolio.services.access.people import (
    can_see_trainee,
)
from portfolio.services.access.records import (
    trainee_note,
    trainee_review,
)
from portfolio.services.errors import NotFound


def told_news(user: User, kind_name: str, record_id: int) -> Base:
    """A record ``user`` is told of on their list of news: the trainee of their own records
    (from the other side: a referent's reply, a company's message), a referent of what the
    trainees they follow did. Anything else, or a kind not for their role, answers 404.
    """
    if not valid_id(record_id) or kind_name not in {k.value for k in NewsKind}:
        raise NotFound
    kind = NewsKind(kind_name)
    trainee = user.role is Role.TRAINEE
    if trainee and kind is NewsKind.NOTE:
        return trainee_note(user, user, record_id)
    if trainee and kind is NewsKind.REVIEW:
        return trainee_review(user, record_id)
    if trainee and kind is NewsKind.CONTACT:
        return own_contact(user, record_id)
    if trainee and kind is NewsKind.OFFER:
        return site_offer(user, record_id)
    if trainee and kind is NewsKind.CONTACT_MESSAGE:
        message = _get(ContactMessage, record_id)
        if message is None or message.author_id == user.id:
            raise NotFound
        own_contact(user, message.contact_id)
        return message
    if kind is NewsKind.NOTE_REPLY and user.role in (Role.TRAINEE, Role.REFERENT):
        reply = _get(NoteReply, record_id)
        if reply is None:
            raise NotFound
        note = reply.note
        if trainee:
            if reply.author_id == user.id:
                raise NotFound
            trainee_note(user, user, note.id)
        elif reply.author_id != note.trainee_id or not can_see_trainee(user, note.trainee):
            raise NotFound
        return reply
    if kind is NewsKind.MESSAGE:
        posted = _get(ConversationMessage, record_id)
        if posted is None or posted.author_id == user.id:
            raise NotFound
        party_conversation(user, posted.conversation_id)
        return posted
    if user.role is Role.REFERENT and kind is NewsKind.REVIEW_ANSWER:
        review = _get(Review, record_id)
        if review is None or review.trainee_agreed_at is None:
            raise NotFound
        if not can_see_trainee(user, review.trainee):
            raise NotFound
        return review
    if user.role is Role.REFERENT and kind is NewsKind.CONTACT:
        contact = _get(ContactRequest, record_id)
        if contact is None or not can_see_trainee(user, contact.trainee):
            raise NotFound
        return contact
    raise NotFound
