"""Reading conversations: the lists, one thread with its read receipts, unread counts.

Each list is one query whatever the number of threads or messages (the unread count and the
other side's name come in the same SELECT). A person's read point is the last message they
saw (``ConversationRead``); for a trainee, a message is unread when it is from someone else
and younger than that point; for a referent, the trainee's messages are, less those the point
covered (two counts kept as they are written: ``read_up_to`` here, the message writer). The
sender sees "Lu" under their message once the other side's point has passed it: for a
trainee's message, any referent's; for a referent's, the trainee's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Integer,
    ScalarSelect,
    Select,
    SQLColumnExpression,
    and_,
    bindparam,
    func,
    select,
)
from sqlalchemy.orm import aliased, selectinload

from portfolio.database import read
from portfolio.extensions import db
from portfolio.models import (
    Conversation,
    ConversationMessage,
    ConversationRead,
    Role,
    User,
    person_name,
    utcnow,
)
from portfolio.services import access


@dataclass(frozen=True)
class ThreadRow:
    conversation: Conversation
    trainee_name: str
    unread: int
    last_at: datetime


def _unread_for(user_id: Any) -> Any:
    """Messages of the thread from someone else, past ``user_id``'s read point."""
    # Correlated to the message's own thread: a subquery two levels down would not be
    # correlated to the outer ``conversation`` (PostgreSQL then refuses, SQLite picks any row).
    read_point = (
        select(ConversationRead.last_read_message_id)
        .where(
            ConversationRead.conversation_id == ConversationMessage.conversation_id,
            ConversationRead.user_id == user_id,
        )
        .scalar_subquery()
    )
    return (
        select(func.count(ConversationMessage.id))
        .where(
            ConversationMessage.conversation_id == Conversation.id,
            ConversationMessage.author_id != user_id,
            ConversationMessage.id > func.coalesce(read_point, 0),
        )
        .scalar_subquery()
    )


def threads_for(user: User) -> list[ThreadRow]:
    """The threads ``user`` is a party to, newest first, each with its unread count: for a
    trainee, the messages of others past their read point; for a referent, the trainee's
    messages they have not seen (the menu's count, thread by thread)."""
    trainee = aliased(User, name="thread_trainee")
    columns = (Conversation, trainee.first_name, trainee.last_name)
    if user.role is Role.TRAINEE:
        query = select(*columns, _unread_for(user.id)).where(Conversation.trainee_id == user.id)
    elif user.role is Role.REFERENT:
        ids = access.followed_trainees_query(user).with_only_columns(User.id).order_by(None)
        query = (
            select(*columns, _UNREAD_IN_THREAD)
            .outerjoin(
                ConversationRead,
                and_(
                    ConversationRead.conversation_id == Conversation.id,
                    ConversationRead.user_id == user.id,
                ),
            )
            .where(Conversation.trainee_id.in_(ids))
        )
    else:
        return []
    query = query.join(trainee, trainee.id == Conversation.trainee_id).order_by(
        Conversation.last_message_at.desc(), Conversation.id.desc()
    )
    return [
        ThreadRow(conv, person_name(first, last), int(unread or 0), conv.last_message_at)
        for conv, first, last, unread in db.session.execute(query)
    ]


def thread_messages(conversation: Conversation) -> list[ConversationMessage]:
    """The thread's messages in order, with authors and files (a fixed number of queries)."""
    return list(
        db.session.scalars(
            select(ConversationMessage)
            .where(ConversationMessage.conversation_id == conversation.id)
            .options(
                selectinload(ConversationMessage.attachments),
                selectinload(ConversationMessage.author),
            )
            .order_by(ConversationMessage.id)
        )
    )


def other_side_read_up_to(viewer: User, conversation: Conversation) -> int:
    """The last message the other side has read: the trainee's point for a referent, the
    furthest referent's point for the trainee (the "Lu" under the viewer's messages)."""
    query = select(func.max(ConversationRead.last_read_message_id)).where(
        ConversationRead.conversation_id == conversation.id
    )
    if viewer.id == conversation.trainee_id:
        query = query.where(ConversationRead.user_id != viewer.id)
    else:
        query = query.where(ConversationRead.user_id == conversation.trainee_id)
    return int(db.session.scalar(query) or 0)


def mark_read(user: User, conversation: Conversation) -> None:
    """``user`` opened the thread: read up to its last message (a write during a GET)."""
    access.party_conversation(user, conversation.id)
    last = db.session.scalar(
        select(func.max(ConversationMessage.id)).where(
            ConversationMessage.conversation_id == conversation.id
        )
    )
    read_up_to(user, conversation.id, last or 0)
    db.session.flush()


def read_up_to(user: User, conversation_id: int, last: int) -> None:
    """The one writer of read points: ``user`` has read the thread up to message ``last``
    (a point never goes back). With the point, how many of the trainee's messages it covers,
    counted in the same statement as it is written."""
    seen = (
        select(func.count(ConversationMessage.id))
        .join(Conversation, Conversation.id == ConversationMessage.conversation_id)
        .where(
            ConversationMessage.conversation_id == conversation_id,
            ConversationMessage.author_id == Conversation.trainee_id,
            ConversationMessage.id <= last,
        )
        .scalar_subquery()
    )
    read = db.session.scalar(
        select(ConversationRead).where(
            ConversationRead.conversation_id == conversation_id,
            ConversationRead.user_id == user.id,
        )
    )
    if read is None:
        db.session.add(
            ConversationRead(
                conversation_id=conversation_id,
                user_id=user.id,
                last_read_message_id=last,
                trainee_messages_seen=seen,
            )
        )
    elif last > read.last_read_message_id:
        read.last_read_message_id = last
        read.trainee_messages_seen = seen
        read.read_at = utcnow()


_TRAINEE_UNREAD = (
    select(func.count(ConversationMessage.id))
    .join(Conversation, Conversation.id == ConversationMessage.conversation_id)
    .outerjoin(
        ConversationRead,
        and_(
            ConversationRead.conversation_id == Conversation.id,
            ConversationRead.user_id == bindparam("user_id", type_=Integer),
        ),
    )
    .where(
        Conversation.trainee_id == bindparam("user_id", type_=Integer),
        ConversationMessage.author_id != bindparam("user_id", type_=Integer),
        ConversationMessage.id > func.coalesce(ConversationRead.last_read_message_id, 0),
    )
)


# Per conversation, the trainee's messages the referent has not seen: a subtraction of two
# counts the write path keeps (``read_up_to``, ``messages._write_rows``). Counted message by
# message instead (a range of the (thread, author, id) index past the read point, per thread),
# it was half the menu's statement on PostgreSQL: 0.9 ms of server CPU on every referent page
# for a 42-trainee caseload.
_UNREAD_IN_THREAD = Conversation.trainee_messages - func.coalesce(
    ConversationRead.trainee_messages_seen, 0
)
_REFERENT_THREADS = (
    select(Conversation.trainee_id, _UNREAD_IN_THREAD.label("unread"))
    .outerjoin(
        ConversationRead,
        and_(
            ConversationRead.conversation_id == Conversation.id,
            ConversationRead.user_id == bindparam("user_id", type_=Integer),
        ),
    )
    .where(Conversation.trainee_id.in_(access.FOLLOWED_IDS))
    .subquery("threads")
)
"""A referent's unread messages (those of the trainees they follow), built once: the menu
counts them on every page (``access.followed_params`` binds it)."""
# The trainees without unread messages are left out in Python: a HAVING on the sum made
# PostgreSQL count each thread's unread messages twice (one subplan for the sum, one for
# the HAVING).
_REFERENT_UNREAD_BY_TRAINEE = select(
    _REFERENT_THREADS.c.trainee_id, func.sum(_REFERENT_THREADS.c.unread)
).group_by(_REFERENT_THREADS.c.trainee_id)
_REFERENT_UNREAD_COUNT = select(func.coalesce(func.sum(_REFERENT_THREADS.c.unread), 0))


def unread_from(trainee_id: SQLColumnExpression[int]) -> ScalarSelect[Any]:
    """The messages of ``trainee_id`` (a column of the caller's statement) that the referent
    bound as ``user_id`` has not read, over all the trainee's threads: a column for a
    statement that lists trainees (the caseload's, which then needs no query of its own)."""
    return (
        select(func.coalesce(func.sum(_UNREAD_IN_THREAD), 0))
        .select_from(Conversation)
        .outerjoin(
            ConversationRead,
            and_(
                ConversationRead.conversation_id == Conversation.id,
                ConversationRead.user_id == bindparam("user_id", type_=Integer),
            ),
        )
        .where(Conversation.trainee_id == trainee_id)
        .scalar_subquery()
    )


def unread_by_trainee(referent: User) -> dict[int, int]:
    """For a referent: messages from each trainee they follow that they have not read."""
    rows = read(_REFERENT_UNREAD_BY_TRAINEE, access.followed_params(referent))
    return {int(trainee_id): int(n) for trainee_id, n in rows if n}


def unread_count_query(user: User) -> Select[Any] | None:
    """``unread_count`` as one SELECT (``access.followed_params`` bound by the caller), for the menu's
    single query of counts (None for a role without messages)."""
    if user.role is Role.TRAINEE:
        return _TRAINEE_UNREAD
    if user.role is Role.REFERENT:
        return _REFERENT_UNREAD_COUNT
    return None


def unread_count(user: User) -> int:
    """Unread messages of ``user`` (the menu's "Messages (2)"): one query."""
    if user.role is Role.TRAINEE:
        return int(read(_TRAINEE_UNREAD, {"user_id": user.id}).scalar() or 0)
    if user.role is Role.REFERENT:
        return sum(unread_by_trainee(user).values())
    return 0
