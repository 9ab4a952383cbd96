"""grid submission: a collective observation grid saved once, by its client key

Revision ID: a2b4c6d8e0f1
Revises: c4d6e8f0a2b3
Create Date: 2026-12-05 13:00:00.000000

``grid_note`` links each note a grid wrote to its grid (so a trainee's session page finds
what was observed there). One row per saved grid of a session; ``client_key`` (a UUID the grid page made when it opened)
is unique, so a grid sent twice records once.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a2b4c6d8e0f1'
down_revision = 'c4d6e8f0a2b3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'grid_submission',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('client_key', sa.String(length=64), nullable=False),
        sa.Column('notes', sa.Integer(), nullable=False),
        sa.Column('ratings', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            'length(client_key) BETWEEN 8 AND 64',
            name=op.f('ck_grid_submission_client_key_length'),
        ),
        sa.ForeignKeyConstraint(
            ['session_id'], ['activity_session.id'],
            name=op.f('fk_grid_submission_session_id_activity_session'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['author_id'], ['user_account.id'],
            name=op.f('fk_grid_submission_author_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_grid_submission')),
        sa.UniqueConstraint('client_key', name=op.f('uq_grid_submission_client_key')),
    )
    with op.batch_alter_table('grid_submission', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_grid_submission_session_id'), ['session_id'], unique=False
        )
    op.create_table(
        'grid_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('note_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['submission_id'], ['grid_submission.id'],
            name=op.f('fk_grid_note_submission_id_grid_submission'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['note_id'], ['explicitation_note.id'],
            name=op.f('fk_grid_note_note_id_explicitation_note'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_grid_note')),
        sa.UniqueConstraint('note_id', name=op.f('uq_grid_note_note_id')),
    )
    with op.batch_alter_table('grid_note', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_grid_note_submission_id'), ['submission_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('grid_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grid_note_submission_id'))
    op.drop_table('grid_note')
    with op.batch_alter_table('grid_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grid_submission_session_id'))
    op.drop_table('grid_submission')
