"""message author index: a trainee's recent messages by author

Revision ID: b7d9e1f3a5c8
Revises: a1c2e3f4b5d6
Create Date: 2026-12-07 10:40:00.000000

A referent's "Nouveau" lists the recent messages of the trainees they follow: with an index on
(author, moment), carrying the thread and the id, it reads each trainee's messages of the last
weeks directly instead of looking up the trainee's threads, then each thread's messages (499 ->
188 pages of the database for that part of the statement, on the generated network).
"""
from __future__ import annotations

from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7d9e1f3a5c8'
down_revision = 'a1c2e3f4b5d6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conversation_message', schema=None) as batch_op:
        batch_op.create_index(
            'ix_conversation_message_author_recent',
            ['author_id', 'created_at'],
            unique=False,
            postgresql_include=['conversation_id', 'id'],
        )


def downgrade():
    with op.batch_alter_table('conversation_message', schema=None) as batch_op:
        batch_op.drop_index('ix_conversation_message_author_recent')
