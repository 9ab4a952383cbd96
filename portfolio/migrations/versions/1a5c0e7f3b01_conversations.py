"""conversations: threads between a trainee and their referent(s), files, read receipts

Revision ID: 1a5c0e7f3b01
Revises: 5e9a4c1d7f05
Create Date: 2026-12-05 12:00:00.000000

Four tables (``conversation``, ``conversation_message``, ``message_attachment``,
``conversation_read``) and one more kind of news (``message``) in the CHECK of
``news_seen.kind``. The downgrade drops the tables and the news marks of that kind.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '1a5c0e7f3b01'
down_revision = '5e9a4c1d7f05'
branch_labels = None
depends_on = None

OLD_KINDS = ("note", "note_reply", "contact", "contact_message", "review", "review_answer", "offer")
NEW_KINDS = (*OLD_KINDS, "message")
ATTACHMENT_KINDS = ("photo", "pdf", "audio")


def _kinds_check(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ['user_account.id'], name=op.f(f'fk_{table}_{column}_user_account')
    )


def upgrade():
    op.create_table(
        'conversation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('started_by_id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=120), nullable=False),
        sa.Column('last_message_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        _user_fk('conversation', 'trainee_id'),
        _user_fk('conversation', 'started_by_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation')),
    )
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.create_index(
            'ix_conversation_trainee_last', ['trainee_id', 'last_message_at'], unique=False
        )
    op.create_table(
        'conversation_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['conversation_id'], ['conversation.id'],
            name=op.f('fk_conversation_message_conversation_id_conversation'),
        ),
        _user_fk('conversation_message', 'author_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_message')),
    )
    with op.batch_alter_table('conversation_message', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_conversation_message_conversation_id'), ['conversation_id'], unique=False
        )
    op.create_table(
        'message_attachment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum(*ATTACHMENT_KINDS, name='attachment_kind', native_enum=False,
                    create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('file_key', sa.String(length=120), nullable=False),
        sa.Column('thumb_key', sa.String(length=120), nullable=True),
        sa.Column('content_type', sa.String(length=60), nullable=False),
        sa.Column('filename', sa.String(length=120), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('width', sa.Integer(), nullable=True),
        sa.Column('height', sa.Integer(), nullable=True),
        sa.CheckConstraint('size_bytes >= 0', name=op.f('ck_message_attachment_bytes_range')),
        sa.CheckConstraint(
            '(width IS NULL AND height IS NULL) OR (width >= 1 AND height >= 1)',
            name=op.f('ck_message_attachment_size_positive'),
        ),
        sa.ForeignKeyConstraint(
            ['message_id'], ['conversation_message.id'],
            name=op.f('fk_message_attachment_message_id_conversation_message'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_message_attachment')),
    )
    with op.batch_alter_table('message_attachment', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_message_attachment_message_id'), ['message_id'], unique=False
        )
    op.create_table(
        'conversation_read',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('last_read_message_id', sa.Integer(), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            'last_read_message_id >= 0', name=op.f('ck_conversation_read_last_read_range')
        ),
        sa.ForeignKeyConstraint(
            ['conversation_id'], ['conversation.id'],
            name=op.f('fk_conversation_read_conversation_id_conversation'),
        ),
        _user_fk('conversation_read', 'user_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_read')),
        sa.UniqueConstraint(
            'conversation_id', 'user_id',
            name=op.f('uq_conversation_read_conversation_id_user_id'),
        ),
    )
    with op.batch_alter_table('conversation_read', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_conversation_read_conversation_id'), ['conversation_id'], unique=False
        )
        batch_op.create_index(batch_op.f('ix_conversation_read_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('news_seen', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_news_seen_news_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_news_seen_news_kind'), _kinds_check(NEW_KINDS))


def downgrade():
    op.execute("DELETE FROM news_seen WHERE kind = 'message'")
    with op.batch_alter_table('news_seen', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_news_seen_news_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_news_seen_news_kind'), _kinds_check(OLD_KINDS))
    with op.batch_alter_table('conversation_read', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_read_user_id'))
        batch_op.drop_index(batch_op.f('ix_conversation_read_conversation_id'))
    op.drop_table('conversation_read')
    with op.batch_alter_table('message_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_attachment_message_id'))
    op.drop_table('message_attachment')
    with op.batch_alter_table('conversation_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_message_conversation_id'))
    op.drop_table('conversation_message')
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_index('ix_conversation_trainee_last')
    op.drop_table('conversation')
