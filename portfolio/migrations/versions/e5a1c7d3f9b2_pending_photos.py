"""pending photos: a photo chosen in the trace form, kept through a competency search

Revision ID: e5a1c7d3f9b2
Revises: d2f6a8c4e1b7
Create Date: 2026-12-05 11:00:00.000000

Without JavaScript, searching a competency reloads the trace form; the photo already chosen
is kept on the server as a pending photo of its owner (re-encoded like any photo, named in
the form by a token of which only the hash is stored, expiring after a day). The downgrade
drops the table (pending photos are drafts; their files are cleaned as orphans).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5a1c7d3f9b2'
down_revision = 'd2f6a8c4e1b7'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'pending_photo',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('display_key', sa.String(length=120), nullable=False),
        sa.Column('thumb_key', sa.String(length=120), nullable=False),
        sa.Column('content_type', sa.String(length=40), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('width > 0 AND height > 0', name=op.f('ck_pending_photo_size_positive')),
        sa.CheckConstraint('size_bytes >= 0', name=op.f('ck_pending_photo_bytes_range')),
        sa.CheckConstraint(
            'length(token_hash) = 64', name=op.f('ck_pending_photo_token_hash_length')
        ),
        sa.ForeignKeyConstraint(
            ['owner_id'], ['user_account.id'],
            name=op.f('fk_pending_photo_owner_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_photo')),
        sa.UniqueConstraint('display_key', name=op.f('uq_pending_photo_display_key')),
        sa.UniqueConstraint('thumb_key', name=op.f('uq_pending_photo_thumb_key')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_pending_photo_token_hash')),
    )
    with op.batch_alter_table('pending_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_photo_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_photo_owner_id'), ['owner_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('pending_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_photo_owner_id'))
        batch_op.drop_index(batch_op.f('ix_pending_photo_expires_at'))
    op.drop_table('pending_photo')
