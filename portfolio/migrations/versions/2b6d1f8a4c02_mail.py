"""mail: e-mail preferences, the mails waiting to leave, password reset links

Revision ID: 2b6d1f8a4c02
Revises: 9cd38a5b1d09
Create Date: 2026-12-05 12:00:00.000000

Three new tables, nothing changed in the others: the downgrade forgets the choices, the
unsent mails and the reset links (a reset link stops working, the password stays).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '2b6d1f8a4c02'
down_revision = '9cd38a5b1d09'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _user_fk(table):
    return sa.ForeignKeyConstraint(
        ['user_id'], ['user_account.id'],
        name=op.f(f'fk_{table}_user_id_user_account'), ondelete='CASCADE',
    )


def upgrade():
    op.create_table(
        'mail_preference',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('frequency', _enum('mail_frequency', 'daily', 'immediate', 'never'), nullable=False),
        sa.Column('digest_sent_up_to', sa.DateTime(timezone=True), nullable=True),
        _user_fk('mail_preference'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_preference')),
        sa.UniqueConstraint('user_id', name=op.f('uq_mail_preference_user_id')),
    )
    op.create_table(
        'outgoing_mail',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', _enum('mail_kind', 'immediate', 'digest'), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('text_body', sa.Text(), nullable=False),
        sa.Column('html_body', sa.Text(), nullable=False),
        sa.Column('unsubscribe_url', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.CheckConstraint('attempts >= 0', name=op.f('ck_outgoing_mail_attempts_range')),
        _user_fk('outgoing_mail'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_mail')),
    )
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_mail_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_mail_sent_at'), ['sent_at'], unique=False)
    op.create_table(
        'password_reset',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            'expires_at > created_at', name=op.f('ck_password_reset_expires_after_creation')
        ),
        _user_fk('password_reset'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_password_reset_token_hash')),
    )
    with op.batch_alter_table('password_reset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_reset_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('password_reset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_reset_user_id'))
    op.drop_table('password_reset')
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_mail_sent_at'))
        batch_op.drop_index(batch_op.f('ix_outgoing_mail_user_id'))
    op.drop_table('outgoing_mail')
    op.drop_table('mail_preference')
