"""rectification requests; an erased exit keeps the report's figures (situation at 6 and 12
months, days in the path, competencies gained)

Revision ID: ab5c6d7e8f90
Revises: 718293a4b5c6
Create Date: 2026-12-05 16:10:00.000000

``rectification_request``: what a trainee asks the site to correct, and the admin's answer
(erased with the account). ``anonymous_exit``: ``situation_6``, ``situation_12``,
``days_in_path`` and ``competencies``, so the funders' report counts an erased exit as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'ab5c6d7e8f90'
down_revision = '718293a4b5c6'
branch_labels = None
depends_on = None

OUTCOMES = ('cdi', 'cdd', 'interim', 'alternance', 'formation', 'creation', 'sans_solution', 'autre')


SITUATIONS = ('situation_6', 'situation_12')


def upgrade() -> None:
    op.create_table(
        'rectification_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('what', sa.String(length=500), nullable=False),
        sa.Column('answer', sa.String(length=500), nullable=True),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            'length(what) BETWEEN 1 AND 500', name=op.f('ck_rectification_request_what_length')
        ),
        sa.CheckConstraint(
            '(answer IS NULL) = (answered_at IS NULL)',
            name=op.f('ck_rectification_request_answered_has_date'),
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_rectification_request_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rectification_request')),
    )
    with op.batch_alter_table('rectification_request', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_rectification_request_user_id'), ['user_id'], unique=False
        )
    with op.batch_alter_table('anonymous_exit', schema=None) as batch_op:
        for name in SITUATIONS:
            batch_op.add_column(sa.Column(name, sa.String(length=20), nullable=True))
            values = ', '.join(f"'{value}'" for value in OUTCOMES)
            batch_op.create_check_constraint(
                op.f(f'ck_anonymous_exit_{name}'), f'{name} IN ({values})'
            )
        batch_op.add_column(sa.Column('days_in_path', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('competencies', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.create_check_constraint(
            op.f('ck_anonymous_exit_days_in_path_range'),
            'days_in_path IS NULL OR days_in_path >= 0',
        )
        batch_op.create_check_constraint(
            op.f('ck_anonymous_exit_competencies_range'), 'competencies >= 0'
        )


def downgrade() -> None:
    with op.batch_alter_table('anonymous_exit', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_anonymous_exit_competencies_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_anonymous_exit_days_in_path_range'), type_='check')
        for name in SITUATIONS:
            batch_op.drop_constraint(op.f(f'ck_anonymous_exit_{name}'), type_='check')
        batch_op.drop_column('competencies')
        batch_op.drop_column('days_in_path')
        for name in SITUATIONS:
            batch_op.drop_column(name)
    with op.batch_alter_table('rectification_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectification_request_user_id'))
    op.drop_table('rectification_request')
