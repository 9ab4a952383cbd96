"""a referent's unread messages by subtraction: the trainee's messages counted on the thread
and on each read point

Revision ID: ef9a0b1c2d3e
Revises: de8f90a1b2c4
Create Date: 2026-12-07 00:40:00.000000

The menu shows a referent's unread messages on every page, and the caseload each trainee's.
They were counted message by message: for each thread of each followed trainee, a range of
``ix_conversation_message_unread`` past the referent's read point (a hundred index probes
for a 42-trainee caseload, half the menu's statement). Now the thread keeps how many messages
the trainee wrote there (``conversation.trainee_messages``) and each read point how many of
them the thread had when it was set (``conversation_read.trainee_messages_seen``): unread is
the difference. Both are filled here from the messages, then kept by the one write path of
messages and read points (``portfolio/conversations/services``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "ef9a0b1c2d3e"
down_revision = "de8f90a1b2c4"
branch_labels = None
depends_on = None

_COUNT_THREADS = """
UPDATE conversation SET trainee_messages = (
    SELECT count(*) FROM conversation_message m
    WHERE m.conversation_id = conversation.id AND m.author_id = conversation.trainee_id
)
"""
_COUNT_SEEN = """
UPDATE conversation_read SET trainee_messages_seen = (
    SELECT count(*) FROM conversation_message m
    JOIN conversation c ON c.id = m.conversation_id
    WHERE m.conversation_id = conversation_read.conversation_id
      AND m.author_id = c.trainee_id
      AND m.id <= conversation_read.last_read_message_id
)
"""


def upgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("trainee_messages", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("conversation_read", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("trainee_messages_seen", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(_COUNT_THREADS)
    op.execute(_COUNT_SEEN)
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_conversation_trainee_messages_range"), "trainee_messages >= 0"
        )
    with op.batch_alter_table("conversation_read", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_conversation_read_trainee_messages_seen_range"), "trainee_messages_seen >= 0"
        )


def downgrade() -> None:
    with op.batch_alter_table("conversation_read", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("ck_conversation_read_trainee_messages_seen_range"), type_="check"
        )
        batch_op.drop_column("trainee_messages_seen")
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_conversation_trainee_messages_range"), type_="check")
        batch_op.drop_column("trainee_messages")
