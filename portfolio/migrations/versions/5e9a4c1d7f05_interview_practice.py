"""interview practice: sessions, answers with self-ratings, referent comments

Revision ID: 5e9a4c1d7f05
Revises: 2b6d1f8a4c02
Create Date: 2026-12-05 12:00:00.000000

Three new tables, nothing changed in the others, so the downgrade drops them. The voice
pipeline will add a nullable ``recording_id`` column to ``interview_answer``.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '5e9a4c1d7f05'
down_revision = '2b6d1f8a4c02'
branch_labels = None
depends_on = None

JOB_TITLE_CHECK = (
    "job_title IS NULL OR (length(job_title) BETWEEN 1 AND 7"
    " AND ltrim(job_title, '0123456789') = '' AND substr(job_title, 1, 1) <> '0')"
)
RATINGS_CHECK = (
    "(clear IS NULL OR clear IN (0, 1)) AND (example IS NULL OR example IN (0, 1))"
    " AND (trade_named IS NULL OR trade_named IN (0, 1))"
    " AND (posture IS NULL OR posture BETWEEN 1 AND 3)"
)
UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        'interview_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('rome_code', sa.String(length=5), nullable=False),
        sa.Column('job_title', sa.String(length=7), nullable=True),
        sa.Column('grand_domaine', sa.String(length=1), nullable=False),
        sa.Column(
            'status',
            sa.Enum('open', 'finished', name='interview_status', native_enum=False,
                    create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('trace_id', sa.Integer(), nullable=True),
        sa.Column('started_at', UTC_DATETIME, nullable=False),
        sa.Column('finished_at', UTC_DATETIME, nullable=True),
        sa.CheckConstraint('number >= 1', name=op.f('ck_interview_session_number_range')),
        sa.CheckConstraint(JOB_TITLE_CHECK, name=op.f('ck_interview_session_job_title_digits')),
        sa.ForeignKeyConstraint(
            ['trainee_id'], ['user_account.id'],
            name=op.f('fk_interview_session_trainee_id_user_account'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['trace_id'], ['trace.id'],
            name=op.f('fk_interview_session_trace_id_trace'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_session')),
        sa.UniqueConstraint(
            'trainee_id', 'number', name=op.f('uq_interview_session_trainee_id_number')
        ),
    )
    with op.batch_alter_table('interview_session', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_interview_session_trainee_id'), ['trainee_id'], unique=False
        )
    op.create_table(
        'interview_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.String(length=40), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('answered_at', UTC_DATETIME, nullable=True),
        sa.Column('clear', sa.Integer(), nullable=True),
        sa.Column('example', sa.Integer(), nullable=True),
        sa.Column('trade_named', sa.Integer(), nullable=True),
        sa.Column('posture', sa.Integer(), nullable=True),
        sa.Column('rated_at', UTC_DATETIME, nullable=True),
        sa.CheckConstraint(
            'position BETWEEN 0 AND 4', name=op.f('ck_interview_answer_position_range')
        ),
        sa.CheckConstraint(RATINGS_CHECK, name=op.f('ck_interview_answer_ratings_range')),
        sa.ForeignKeyConstraint(
            ['session_id'], ['interview_session.id'],
            name=op.f('fk_interview_answer_session_id_interview_session'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_answer')),
        sa.UniqueConstraint(
            'session_id', 'position', name=op.f('uq_interview_answer_session_id_position')
        ),
        sa.UniqueConstraint(
            'session_id', 'question_id', name=op.f('uq_interview_answer_session_id_question_id')
        ),
    )
    with op.batch_alter_table('interview_answer', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_interview_answer_session_id'), ['session_id'], unique=False
        )
    op.create_table(
        'interview_comment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('answer_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ['answer_id'], ['interview_answer.id'],
            name=op.f('fk_interview_comment_answer_id_interview_answer'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['author_id'], ['user_account.id'],
            name=op.f('fk_interview_comment_author_id_user_account'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_comment')),
    )
    with op.batch_alter_table('interview_comment', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_interview_comment_answer_id'), ['answer_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('interview_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_comment_answer_id'))
    op.drop_table('interview_comment')
    with op.batch_alter_table('interview_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_answer_session_id'))
    op.drop_table('interview_answer')
    with op.batch_alter_table('interview_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_session_trainee_id'))
    op.drop_table('interview_session')
