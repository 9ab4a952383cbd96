"""caseload indexes: each trainee's newest traces and assessments found by one index probe

Revision ID: 6fa05d2e8a06
Revises: 7ab16e3f9b07
Create Date: 2026-12-05 12:00:00.000000

Measured on a generated network (``flask demo network``, PostgreSQL): the caseload's query
for "new since my last visit" read every trace and assessment of each followed trainee
(hundreds each); with (trainee_id, id) and (trainee_id, source, id) it reads only the new ones.
No data changes; the downgrade drops the indexes.
"""
from __future__ import annotations

from alembic import op

# revision identifiers, used by Alembic.
revision = '6fa05d2e8a06'
down_revision = '7ab16e3f9b07'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('trace', schema=None) as batch_op:
        batch_op.create_index('ix_trace_trainee_newest', ['trainee_id', 'id'], unique=False)
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index('ix_assessment_trainee_newest', ['trainee_id', 'id'], unique=False)
        batch_op.create_index(
            'ix_assessment_source_newest', ['trainee_id', 'source', 'id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_assessment_source_newest')
        batch_op.drop_index('ix_assessment_trainee_newest')
    with op.batch_alter_table('trace', schema=None) as batch_op:
        batch_op.drop_index('ix_trace_trainee_newest')
