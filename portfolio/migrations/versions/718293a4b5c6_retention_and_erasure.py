"""retention and erasure: erasure plans, what remains public after an erasure, anonymous exits,
the cached PDF of a final attestation

Revision ID: 718293a4b5c6
Revises: 60718293a4b5
Create Date: 2026-12-05 15:00:00.000000

``erasure_plan``: one per trainee whose erasure is planned (retention, inactivity, request),
with the day it is due and when the 30-day notice was mailed. ``erased_record``: the public
address of an erased attestation and the revocation bit of an erased badge. ``anonymous_exit``:
an erased exit counted without its person. ``attestation.pdf_key``: the stored final PDF.
``site.keep_months``: months an account is kept after the year of follow-up (default 12).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '718293a4b5c6'
down_revision = '60718293a4b5'
branch_labels = None
depends_on = None

OUTCOMES = ('cdi', 'cdd', 'interim', 'alternance', 'formation', 'creation', 'sans_solution', 'autre')


def upgrade() -> None:
    op.create_table(
        'erasure_plan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column(
            'cause',
            sa.Enum(
                'retention', 'inactive', 'request', name='cause', native_enum=False,
                create_constraint=True, length=20,
            ),
            nullable=False,
        ),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('notice_sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_erasure_plan_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure_plan')),
        sa.UniqueConstraint('user_id', name=op.f('uq_erasure_plan_user_id')),
    )
    op.create_table(
        'erased_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum(
                'attestation', 'badge', name='kind', native_enum=False, create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column('public_id', sa.String(length=32), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=40), nullable=True),
        sa.Column('status_index', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'badge') = (status_index IS NOT NULL)",
            name=op.f('ck_erased_record_badge_has_status_index'),
        ),
        sa.ForeignKeyConstraint(
            ['site_id'], ['site.id'], name=op.f('fk_erased_record_site_id_site')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_erased_record')),
        sa.UniqueConstraint('kind', 'public_id', name=op.f('uq_erased_record_kind_public_id')),
    )
    with op.batch_alter_table('erased_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_erased_record_site_id'), ['site_id'], unique=False)
    op.create_table(
        'anonymous_exit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('left_year', sa.Integer(), nullable=False),
        sa.Column('left_month', sa.Integer(), nullable=False),
        sa.Column(
            'outcome',
            sa.Enum(*OUTCOMES, name='outcome', native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('rome_code', sa.String(length=5), nullable=True),
        sa.Column('months_in_path', sa.Integer(), nullable=False),
        sa.CheckConstraint(
            'left_month BETWEEN 1 AND 12', name=op.f('ck_anonymous_exit_left_month_range')
        ),
        sa.CheckConstraint(
            'months_in_path >= 0', name=op.f('ck_anonymous_exit_months_in_path_range')
        ),
        sa.ForeignKeyConstraint(
            ['site_id'], ['site.id'], name=op.f('fk_anonymous_exit_site_id_site')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_anonymous_exit')),
    )
    with op.batch_alter_table('anonymous_exit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_anonymous_exit_site_id'), ['site_id'], unique=False)
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('keep_months', sa.Integer(), server_default='12', nullable=False)
        )
        batch_op.create_check_constraint(
            op.f('ck_site_keep_months_range'), 'keep_months BETWEEN 1 AND 36'
        )
    with op.batch_alter_table('attestation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf_key', sa.String(length=120), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_attestation_draft_has_no_pdf'), "pdf_key IS NULL OR status <> 'draft'"
        )


def downgrade() -> None:
    with op.batch_alter_table('attestation', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attestation_draft_has_no_pdf'), type_='check')
        batch_op.drop_column('pdf_key')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_site_keep_months_range'), type_='check')
        batch_op.drop_column('keep_months')
    with op.batch_alter_table('anonymous_exit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_anonymous_exit_site_id'))
    op.drop_table('anonymous_exit')
    with op.batch_alter_table('erased_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_erased_record_site_id'))
    op.drop_table('erased_record')
    op.drop_table('erasure_plan')
