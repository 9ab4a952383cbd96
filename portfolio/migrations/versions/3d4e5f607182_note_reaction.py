"""note reaction: the trainee's one-tap answer to an observation shared with them

Revision ID: 3d4e5f607182
Revises: a2b4c6d8e0f1
Create Date: 2026-12-05 15:10:00.000000

One current reaction per trainee and note ("agree", "disagree", "more", with an optional short
text); changing it replaces the row, no history.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '3d4e5f607182'
down_revision = 'a2b4c6d8e0f1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'note_reaction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('note_id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column(
            'choice',
            sa.Enum(
                'agree', 'disagree', 'more',
                name='reaction_choice', native_enum=False, create_constraint=True, length=20,
            ),
            nullable=False,
        ),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['note_id'], ['explicitation_note.id'],
            name=op.f('fk_note_reaction_note_id_explicitation_note'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['trainee_id'], ['user_account.id'],
            name=op.f('fk_note_reaction_trainee_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_note_reaction')),
        sa.UniqueConstraint(
            'note_id', 'trainee_id', name=op.f('uq_note_reaction_note_id_trainee_id')
        ),
    )
    with op.batch_alter_table('note_reaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_reaction_note_id'), ['note_id'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_note_reaction_trainee_id'), ['trainee_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('note_reaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_reaction_trainee_id'))
        batch_op.drop_index(batch_op.f('ix_note_reaction_note_id'))
    op.drop_table('note_reaction')
