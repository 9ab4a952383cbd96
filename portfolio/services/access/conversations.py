"""Conversations: the parties to a trainee's messages."""

from __future__ import annotations

from datetime import date

from portfolio.extensions import db
from portfolio.models import (
    Conversation,
    MessageAttachment,
    Role,
    User,
)
from portfolio.services.access._base import (
    _get,
    valid_id,
)
from portfolio.services.access.people import (
    can_see_trainee,
    followed_trainees_query,
)
from portfolio.services.errors import NotFound


def conversation_party(viewer: User, trainee: User, on: date | None = None) -> bool:
    """May ``viewer`` read and write the trainee's threads? The trainee, or a referent who
    follows them now (a covering colleague during the hand-over only). Admins and companies:
    never (conversations are private; companies keep their own contact flow)."""
    if trainee.role is not Role.TRAINEE:
        return False
    if viewer.id == trainee.id:
        return True
    return viewer.role is Role.REFERENT and can_see_trainee(viewer, trainee, on)


def party_trainee(viewer: User, trainee_id: int) -> User:
    """A trainee whose threads ``viewer`` may read and start (see `conversation_party`)."""
    trainee = _get(User, trainee_id)
    if trainee is None or not conversation_party(viewer, trainee):
        raise NotFound
    return trainee


def party_conversation(viewer: User, conversation_id: int) -> Conversation:
    conversation = _get(Conversation, conversation_id)
    if conversation is None or not conversation_party(viewer, conversation.trainee):
        raise NotFound
    return conversation


def party_attachment(viewer: User, attachment_id: int) -> MessageAttachment:
    attachment = _get(MessageAttachment, attachment_id)
    if attachment is None:
        raise NotFound
    party_conversation(viewer, attachment.message.conversation_id)
    return attachment


def party_trainees(referent: User, trainee_ids: list[int]) -> list[User]:
    """The trainees ``referent`` follows now among ``trainee_ids`` (one query), in the order
    of ``trainee_ids``; any other id (another referent's trainee, a made-up one) raises
    NotFound for the whole list."""
    wanted = set(trainee_ids)
    if referent.role is not Role.REFERENT or not wanted or not all(map(valid_id, wanted)):
        raise NotFound
    found = list(db.session.scalars(followed_trainees_query(referent).where(User.id.in_(wanted))))
    if {t.id for t in found} != wanted:
        raise NotFound
    place = {trainee_id: n for n, trainee_id in enumerate(trainee_ids)}
    return sorted(found, key=lambda trainee: place[trainee.id])
