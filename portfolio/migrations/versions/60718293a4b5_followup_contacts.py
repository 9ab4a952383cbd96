"""follow-up after the exit: the site's schedule and the planned contacts

Revision ID: 60718293a4b5
Revises: 1b2c3d4e5f60
Create Date: 2026-12-05 15:10:00.000000

``site.followup_months`` is the schedule ("1,3,6,12": months after the exit); each exit
recorded plans one ``followup_contact`` per month of it. Exits recorded before this revision
get no contact (their referent records the exit again to plan them).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '60718293a4b5'
down_revision = '1b2c3d4e5f60'
branch_labels = None
depends_on = None

OUTCOMES = ('cdi', 'cdd', 'interim', 'alternance', 'formation', 'creation', 'sans_solution', 'autre')
METHODS = ('telephone', 'message', 'rencontre', 'sans_reponse')


def upgrade() -> None:
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('followup_months', sa.String(length=17), server_default='1,3,6,12', nullable=False)
        )
        batch_op.create_check_constraint(
            'followup_months_shape',
            "length(followup_months) BETWEEN 1 AND 17"
            " AND ltrim(followup_months, '0123456789,') = ''"
            " AND substr(followup_months, 1, 1) <> ','",
        )
    op.create_table(
        'followup_contact',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('exit_id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('done_on', sa.Date(), nullable=True),
        sa.Column('method', sa.Enum(*METHODS, name='method', native_enum=False, create_constraint=True, length=20), nullable=True),
        sa.Column('situation', sa.Enum(*OUTCOMES, name='situation', native_enum=False, create_constraint=True, length=20), nullable=True),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('messaged_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('month BETWEEN 1 AND 24', name=op.f('ck_followup_contact_month_range')),
        sa.CheckConstraint('(done_on IS NULL) = (method IS NULL)', name=op.f('ck_followup_contact_done_has_method')),
        sa.CheckConstraint(
            "situation IS NULL OR (method IS NOT NULL AND method <> 'sans_reponse')",
            name=op.f('ck_followup_contact_situation_needs_answer'),
        ),
        sa.ForeignKeyConstraint(
            ['exit_id'], ['trainee_exit.id'],
            name=op.f('fk_followup_contact_exit_id_trainee_exit'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['trainee_id'], ['user_account.id'], name=op.f('fk_followup_contact_trainee_id_user_account')
        ),
        sa.ForeignKeyConstraint(
            ['recorded_by_id'], ['user_account.id'],
            name=op.f('fk_followup_contact_recorded_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_contact')),
        sa.UniqueConstraint('exit_id', 'month', name=op.f('uq_followup_contact_exit_id_month')),
    )
    with op.batch_alter_table('followup_contact', schema=None) as batch_op:
        batch_op.create_index('ix_followup_contact_due', ['due_on', 'done_on'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_followup_contact_trainee_id'), ['trainee_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('followup_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_contact_trainee_id'))
        batch_op.drop_index('ix_followup_contact_due')
    op.drop_table('followup_contact')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_constraint('followup_months_shape', type_='check')
        batch_op.drop_column('followup_months')
