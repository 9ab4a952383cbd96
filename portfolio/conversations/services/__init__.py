"""The conversations room's use cases: writing (`messages`), files (`files`), reading."""

from portfolio.conversations.services.errors import MessageRefused
from portfolio.conversations.services.files import (
    MAX_FILES,
    Upload,
    cleanup_orphan_attachments,
    read_attachment,
)
from portfolio.conversations.services.messages import (
    BODY_MAX,
    SUBJECT_MAX,
    on_message_posted,
    post_message,
    send_to_group,
    start_conversation,
)
from portfolio.conversations.services.reading import (
    ThreadRow,
    mark_read,
    other_side_read_up_to,
    thread_messages,
    threads_for,
    unread_by_trainee,
    unread_count,
    unread_count_query,
)

__all__ = [
    "BODY_MAX",
    "MAX_FILES",
    "SUBJECT_MAX",
    "MessageRefused",
    "ThreadRow",
    "Upload",
    "cleanup_orphan_attachments",
    "mark_read",
    "on_message_posted",
    "other_side_read_up_to",
    "post_message",
    "read_attachment",
    "send_to_group",
    "start_conversation",
    "thread_messages",
    "threads_for",
    "unread_by_trainee",
    "unread_count",
    "unread_count_query",
]
