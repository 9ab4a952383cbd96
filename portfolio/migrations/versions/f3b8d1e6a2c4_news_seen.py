"""news seen: what each person has already seen of "Nouveau pour vous"

Revision ID: f3b8d1e6a2c4
Revises: e5a1c7d3f9b2
Create Date: 2026-12-05 10:00:00.000000

Two small tables: the moment a person last opened their list of news (``news_mark``), and each
item opened on its own since (``news_seen``). The news themselves are read from the records
they are about, so the downgrade only forgets what was seen.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f3b8d1e6a2c4'
down_revision = 'e5a1c7d3f9b2'
branch_labels = None
depends_on = None

KINDS = ("note", "note_reply", "contact", "contact_message", "review", "review_answer", "offer")


def upgrade():
    op.create_table(
        'news_mark',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('seen_up_to', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_news_mark_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_news_mark')),
    )
    op.create_table(
        'news_seen',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum(*KINDS, name='news_kind', native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('record_id >= 1', name=op.f('ck_news_seen_record_id_range')),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_news_seen_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_news_seen')),
        sa.UniqueConstraint('user_id', 'kind', 'record_id', name=op.f('uq_news_seen_user_id_kind_record_id')),
    )
    with op.batch_alter_table('news_seen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_seen_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('news_seen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_seen_user_id'))
    op.drop_table('news_seen')
    op.drop_table('news_mark')
