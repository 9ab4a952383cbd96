"""path: the trainee's join requests and interests, and who wrote an objective

Revision ID: 1b2c3d4e5f60
Revises: 4e5f60718293
Create Date: 2026-12-05 15:00:00.000000

``path_request``: a trainee asks to join an upcoming session (``kind = 'join'``, session set)
or marks interest in a catalogue activity (``kind = 'interest'``, no session); the team
confirms or declines with a word. ``objective.origin``: ``referent`` (agreed at a bilan, every
existing row) or ``trainee`` (written by the trainee, discussed at the next bilan).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '1b2c3d4e5f60'
down_revision = '4e5f60718293'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'path_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum('join', 'interest', name='path_request_kind', native_enum=False,
                    create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column(
            'status',
            sa.Enum('pending', 'confirmed', 'declined', name='path_request_status',
                    native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('answer', sa.Text(), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind <> 'join' OR session_id IS NOT NULL) "
            "AND (kind <> 'interest' OR session_id IS NULL)",
            name=op.f('ck_path_request_kind_matches_session'),
        ),
        sa.CheckConstraint('length(answer) <= 200', name=op.f('ck_path_request_answer_length')),
        sa.CheckConstraint(
            "(status <> 'pending' OR decided_at IS NULL) "
            "AND (status NOT IN ('confirmed', 'declined') OR decided_at IS NOT NULL)",
            name=op.f('ck_path_request_decided_when_answered'),
        ),
        sa.ForeignKeyConstraint(
            ['trainee_id'], ['user_account.id'],
            name=op.f('fk_path_request_trainee_id_user_account'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['site_id'], ['site.id'], name=op.f('fk_path_request_site_id_site'),
        ),
        sa.ForeignKeyConstraint(
            ['activity_id'], ['activity.id'],
            name=op.f('fk_path_request_activity_id_activity'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['session_id'], ['activity_session.id'],
            name=op.f('fk_path_request_session_id_activity_session'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['decided_by_id'], ['user_account.id'],
            name=op.f('fk_path_request_decided_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_path_request')),
    )
    with op.batch_alter_table('path_request', schema=None) as batch_op:
        batch_op.create_index(
            'uq_path_request_join', ['trainee_id', 'session_id'], unique=True,
            sqlite_where=sa.text('session_id IS NOT NULL'),
            postgresql_where=sa.text('session_id IS NOT NULL'),
        )
        batch_op.create_index(
            'uq_path_request_interest', ['trainee_id', 'activity_id'], unique=True,
            sqlite_where=sa.text('session_id IS NULL'),
            postgresql_where=sa.text('session_id IS NULL'),
        )
        batch_op.create_index(
            'ix_path_request_site_status', ['site_id', 'status'], unique=False
        )
    with op.batch_alter_table('objective', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('origin', sa.String(length=20), server_default='referent', nullable=False)
        )
        batch_op.create_check_constraint(
            'objective_origin', "origin IN ('referent', 'trainee')"
        )


def downgrade() -> None:
    with op.batch_alter_table('objective', schema=None) as batch_op:
        batch_op.drop_constraint('objective_origin', type_='check')
        batch_op.drop_column('origin')
    with op.batch_alter_table('path_request', schema=None) as batch_op:
        batch_op.drop_index('ix_path_request_site_status')
        batch_op.drop_index('uq_path_request_interest')
        batch_op.drop_index('uq_path_request_join')
    op.drop_table('path_request')
