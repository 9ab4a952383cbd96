"""audio recordings: a trainee's voice, re-encoded as Ogg/Opus, attached to a trace

Revision ID: 4d8f3b0c6e04
Revises: 3c7e2a9b5d03
Create Date: 2026-12-05 12:10:00.000000

One table for every use of a recording (``kind``: a trace's today; replies and interview
answers later). A trace has at most one recording (unique ``trace_id``). The downgrade drops
the table; the files left behind are swept as orphans by ``photos cleanup``.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '4d8f3b0c6e04'
down_revision = '3c7e2a9b5d03'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'audio_recording',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum('trace', 'reply', 'interview', name='recording_kind', native_enum=False,
                    create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('trace_id', sa.Integer(), nullable=True),
        sa.Column('storage_key', sa.String(length=120), nullable=False),
        sa.Column('duration_ms', sa.Integer(), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            'duration_ms > 0 AND duration_ms <= 600000',
            name=op.f('ck_audio_recording_duration_range'),
        ),
        sa.CheckConstraint('size_bytes > 0', name=op.f('ck_audio_recording_bytes_range')),
        sa.CheckConstraint(
            "kind <> 'trace' OR trace_id IS NOT NULL",
            name=op.f('ck_audio_recording_trace_named'),
        ),
        sa.ForeignKeyConstraint(
            ['owner_id'], ['user_account.id'],
            name=op.f('fk_audio_recording_owner_id_user_account'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['trace_id'], ['trace.id'],
            name=op.f('fk_audio_recording_trace_id_trace'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audio_recording')),
        sa.UniqueConstraint('storage_key', name=op.f('uq_audio_recording_storage_key')),
        sa.UniqueConstraint('trace_id', name=op.f('uq_audio_recording_trace_id')),
    )
    with op.batch_alter_table('audio_recording', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_audio_recording_owner_id'), ['owner_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('audio_recording', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audio_recording_owner_id'))
    op.drop_table('audio_recording')
