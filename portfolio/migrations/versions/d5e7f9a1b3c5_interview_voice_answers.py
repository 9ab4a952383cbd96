"""interview voice answers

Revision ID: d5e7f9a1b3c5
Revises: 4d8f3b0c6e04
Create Date: 2026-12-05 13:03:44.160605

An interview answer may be said aloud (``recording_id``: the audio pipeline's row; deleting the
recording leaves the answer), and a referent's comment may name the moment of the recording it
is about (``at_second``, 0 to 3600).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5e7f9a1b3c5'
down_revision = '4d8f3b0c6e04'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('interview_answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recording_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_interview_answer_recording_id_audio_recording'), 'audio_recording', ['recording_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('interview_comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('at_second', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_interview_comment_at_second_range'),
            'at_second IS NULL OR at_second BETWEEN 0 AND 3600',
        )



def downgrade():
    with op.batch_alter_table('interview_comment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_interview_comment_at_second_range'), type_='check')
        batch_op.drop_column('at_second')

    with op.batch_alter_table('interview_answer', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_interview_answer_recording_id_audio_recording'), type_='foreignkey')
        batch_op.drop_column('recording_id')

