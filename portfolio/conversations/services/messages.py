"""Writing in conversations: the one write path of threads, messages and their files.

`post_message` is the only function that creates a ``ConversationMessage`` (with its
attachments); starting a thread and a referent's group message call it. Files are checked
and written before any row (`files.store_files`); if the rows cannot be written the files go
at once. Services never commit: the view does (``flows.commit_or_explain``).

`on_message_posted` is the hook for notifications outside the app (e-mail, Web Push): it
is called once the message's rows are written (the transaction is ready to commit) and
returns the ids of the people to tell. It sends nothing yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from sqlalchemy import select

from portfolio.conversations.services.errors import MessageRefused
from portfolio.conversations.services.files import StoredFile, Upload, delete_files_now, store_files
from portfolio.conversations.services.reading import read_up_to
from portfolio.extensions import db
from portfolio.models import (
    Conversation,
    ConversationMessage,
    Handover,
    MessageAttachment,
    ReferentAssignment,
    Role,
    User,
    utcnow,
)
from portfolio.services import access
from portfolio.services.i18n import gettext as _
from portfolio.services.text import TextRefused, clean_text

SUBJECT_MAX: Final = 120
BODY_MAX: Final = 4000


def _subject(value: object) -> str:
    try:
        return clean_text(value, limit=SUBJECT_MAX, required=True).replace("\n", " ")
    except TextRefused as refused:
        if refused.kind == "too_long":
            raise MessageRefused(
                _("Le sujet est trop long (%(n)d caractères au plus).", n=SUBJECT_MAX)
            ) from refused
        raise MessageRefused(_("Écrivez un sujet.")) from refused


def _body(value: object, has_files: bool) -> str:
    try:
        body = clean_text(value, limit=BODY_MAX)
    except TextRefused as refused:
        if refused.kind == "too_long":
            raise MessageRefused(
                _("Le message est trop long (%(n)d caractères au plus).", n=BODY_MAX)
            ) from refused
        raise MessageRefused(_("Le message n'est pas un texte.")) from refused
    if not body and not has_files:
        raise MessageRefused(_("Le message est vide : écrivez un mot ou ajoutez une pièce jointe."))
    return body


def _write_rows(
    author: User, conversation: Conversation, body: str, files: Sequence[StoredFile]
) -> ConversationMessage:
    message = ConversationMessage(conversation=conversation, author_id=author.id, body=body)
    for f in files:
        message.attachments.append(
            MessageAttachment(
                kind=f.kind,
                file_key=f.file_key,
                thumb_key=f.thumb_key,
                content_type=f.content_type,
                filename=f.filename,
                size_bytes=f.size_bytes,
                width=f.width,
                height=f.height,
            )
        )
    db.session.add(message)
    conversation.last_message_at = utcnow()
    if author.id == conversation.trainee_id:
        # In the UPDATE itself: two messages written at once both count.
        conversation.trainee_messages = Conversation.trainee_messages + 1
    return message


def _post(
    author: User, conversation: Conversation, body: str, files: Sequence[StoredFile]
) -> ConversationMessage:
    message = _write_rows(author, conversation, body, files)
    db.session.flush()
    read_up_to(author, message.conversation_id, message.id)  # their own message: read
    db.session.flush()
    _tell(author, conversation, on_message_posted(message))
    return message


def _tell(author: User, conversation: Conversation, recipient_ids: Sequence[int]) -> None:
    """An e-mail to each person told (at once, unless they chose "Jamais"); it leaves after
    the commit, so a message that is rolled back sends nothing."""
    from flask import url_for

    from portfolio.notifications.services.outbox import in_language_of, notify_direct_message

    for recipient_id in recipient_ids:
        recipient = db.session.get(User, recipient_id)
        if recipient is None:
            continue
        with in_language_of(recipient):
            url = url_for("conversations.thread", conversation_id=conversation.id, _external=True)
        notify_direct_message(recipient_id, author.first_name, url)


def post_message(
    author: User, conversation: Conversation, body: object, uploads: Sequence[Upload] = ()
) -> ConversationMessage:
    """Write ``author``'s message (text and/or files) in ``conversation``.

    Raises NotFound if the author may not write there (``access.party_conversation``), and
    MessageRefused (nothing written, no file left) for an empty or too long message or a
    file refused.
    """
    access.party_conversation(author, conversation.id)
    text = _body(body, bool(uploads))
    files = store_files(list(uploads))
    try:
        return _post(author, conversation, text, files)
    except BaseException:
        delete_files_now(files)
        raise


def _new_thread(author: User, trainee: User, subject: str) -> Conversation:
    conversation = Conversation(trainee_id=trainee.id, started_by_id=author.id, subject=subject)
    db.session.add(conversation)
    return conversation


def start_conversation(
    author: User, trainee: User, subject: object, body: object, uploads: Sequence[Upload] = ()
) -> Conversation:
    """A new thread about ``trainee``, with its first message (by the trainee or a referent
    who follows them). NotFound for anyone else; MessageRefused as `post_message`."""
    access.party_trainee(author, trainee.id)
    title = _subject(subject)
    text = _body(body, bool(uploads))
    files = store_files(list(uploads))
    try:
        conversation = _new_thread(author, trainee, title)
        db.session.flush()
        _post(author, conversation, text, files)
    except BaseException:
        delete_files_now(files)
        raise
    return conversation


def send_to_group(
    referent: User,
    trainee_ids: Sequence[int],
    subject: object,
    body: object,
    uploads: Sequence[Upload] = (),
) -> list[Conversation]:
    """One message to several trainees the referent follows: one private thread each.

    The files are checked and written once; each thread's message names them. NotFound if
    one of the ids is not a trainee the referent follows now (nothing is sent to anyone).
    """
    if not trainee_ids:
        raise MessageRefused(_("Choisissez au moins un stagiaire."))
    trainees = access.party_trainees(referent, list(dict.fromkeys(trainee_ids)))
    title = _subject(subject)
    text = _body(body, bool(uploads))
    files = store_files(list(uploads))
    threads = []
    try:
        for trainee in trainees:
            conversation = _new_thread(referent, trainee, title)
            db.session.flush()
            _post(referent, conversation, text, files)
            threads.append(conversation)
    except BaseException:
        delete_files_now(files)
        raise
    return threads


def on_message_posted(message: ConversationMessage) -> list[int]:
    """Hook: who should be told of ``message`` outside the app (e-mail, Web Push).

    Called by `post_message` once the rows are written, inside the transaction. Returns the
    user ids of the other side: for a trainee's message, their referent and any colleague
    covering today; for a referent's message, the trainee. `post_message` mails them
    (``portfolio.notifications``); Web Push can join there.
    """
    conversation = message.conversation
    if message.author_id != conversation.trainee_id:
        return [conversation.trainee_id]
    referent_ids = db.session.scalars(
        select(ReferentAssignment.referent_id).where(
            ReferentAssignment.trainee_id == conversation.trainee_id,
            ReferentAssignment.ended_at.is_(None),
        )
    ).all()
    ids: list[int] = []
    for referent_id in referent_ids:
        referent = db.session.get(User, referent_id)
        if referent is None or referent.role is not Role.REFERENT or not referent.active:
            continue
        ids.append(referent.id)
        ids.extend(_covering(referent))
    return sorted(set(ids) - {message.author_id})


def _covering(referent: User) -> list[int]:
    day = utcnow().date()
    return list(
        db.session.scalars(
            select(Handover.to_referent_id).where(
                Handover.from_referent_id == referent.id,
                Handover.cancelled_at.is_(None),
                Handover.starts_on <= day,
                Handover.ends_on >= day,
            )
        )
    )
