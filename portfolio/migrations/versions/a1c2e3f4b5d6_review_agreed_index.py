"""review agreed index: a trainee's bilans by the moment they agreed

Revision ID: a1c2e3f4b5d6
Revises: f0a1b2c3d4e5
Create Date: 2026-12-07 10:30:00.000000

A referent's "Nouveau" lists the bilans their trainees agreed to in the last weeks: with an
index on (trainee, moment agreed) it reads those only, instead of every bilan of each trainee
followed (309 -> 143 pages of the database for a referent of the generated network). The index
on the trainee alone goes: the two composite indexes starting with it serve those lookups.
"""
from __future__ import annotations

from alembic import op


# revision identifiers, used by Alembic.
revision = 'a1c2e3f4b5d6'
down_revision = 'f0a1b2c3d4e5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(
            'ix_review_trainee_agreed', ['trainee_id', 'trainee_agreed_at'], unique=False
        )
        batch_op.drop_index('ix_review_trainee_id')


def downgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index('ix_review_trainee_id', ['trainee_id'], unique=False)
        batch_op.drop_index('ix_review_trainee_agreed')
