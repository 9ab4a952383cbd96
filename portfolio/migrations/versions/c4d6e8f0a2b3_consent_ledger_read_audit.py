"""consent ledger of the showcase and audit of reads

Revision ID: c4d6e8f0a2b3
Revises: d5e7f9a1b3c5
Create Date: 2026-12-05 13:00:00.000000

Two append-only tables: ``consent_event`` (each publish, change of scope, expiry and withdrawal
of a showcase) and ``read_audit`` (a staff member or a company opened a trainee's record). Both
cascade on the deletion of the trainee; the retention job erases them with the account.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4d6e8f0a2b3'
down_revision = 'd5e7f9a1b3c5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'consent_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column(
            'action',
            sa.Enum('publish', 'scope', 'expiry', 'withdraw', name='consent_action',
                    native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('consent_version', sa.String(length=20), nullable=True),
        sa.Column('scope', sa.JSON(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['trainee_id'], ['user_account.id'],
            name=op.f('fk_consent_event_trainee_id_user_account'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['actor_id'], ['user_account.id'],
            name=op.f('fk_consent_event_actor_id_user_account'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_event')),
    )
    with op.batch_alter_table('consent_event', schema=None) as batch_op:
        batch_op.create_index('ix_consent_event_trainee', ['trainee_id', 'at'], unique=False)
    op.create_table(
        'read_audit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('reader_id', sa.Integer(), nullable=True),
        sa.Column('reader_role', sa.String(length=20), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=True),
        sa.Column(
            'kind',
            sa.Enum('file', 'note', 'gaps', 'trace', 'showcase', name='read_kind',
                    native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('record_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['trainee_id'], ['user_account.id'],
            name=op.f('fk_read_audit_trainee_id_user_account'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['reader_id'], ['user_account.id'],
            name=op.f('fk_read_audit_reader_id_user_account'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['company_id'], ['company.id'],
            name=op.f('fk_read_audit_company_id_company'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_read_audit')),
    )
    with op.batch_alter_table('read_audit', schema=None) as batch_op:
        batch_op.create_index('ix_read_audit_trainee', ['trainee_id', 'at'], unique=False)
        batch_op.create_index('ix_read_audit_reader', ['reader_id', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('read_audit', schema=None) as batch_op:
        batch_op.drop_index('ix_read_audit_reader')
        batch_op.drop_index('ix_read_audit_trainee')
    op.drop_table('read_audit')
    with op.batch_alter_table('consent_event', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_event_trainee')
    op.drop_table('consent_event')
