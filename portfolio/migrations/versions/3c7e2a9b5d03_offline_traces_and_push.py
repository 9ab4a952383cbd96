"""offline traces and push: a trace's idempotency key, Web Push subscriptions

Revision ID: 3c7e2a9b5d03
Revises: 6fa05d2e8a06
Create Date: 2026-12-05 12:00:00.000000

``trace.client_key`` is the UUID a phone writes when the trace form opens: sent twice (a
phone back online, a double tap), the trace is recorded once (unique per trainee, CHECK on
the UUID's shape). ``push_subscription`` holds the browsers where a person wants Web Push
notifications. The downgrade forgets both (the traces stay).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '3c7e2a9b5d03'
down_revision = '6fa05d2e8a06'
branch_labels = None
depends_on = None

CLIENT_KEY_CHECK = (
    "client_key IS NULL OR (length(client_key) = 36"
    " AND ltrim(client_key, '0123456789abcdef-') = ''"
    " AND substr(client_key, 9, 1) = '-' AND substr(client_key, 14, 1) = '-'"
    " AND substr(client_key, 19, 1) = '-' AND substr(client_key, 24, 1) = '-'"
    " AND length(replace(client_key, '-', '')) = 32)"
)


def upgrade():
    with op.batch_alter_table('trace', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_key', sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_trace_trainee_id_client_key'), ['trainee_id', 'client_key']
        )
        batch_op.create_check_constraint(op.f('ck_trace_client_key_uuid'), CLIENT_KEY_CHECK)
    op.create_table(
        'push_subscription',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('endpoint', sa.String(length=1000), nullable=False),
        sa.Column('p256dh', sa.String(length=200), nullable=False),
        sa.Column('auth', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "endpoint LIKE 'https://%' OR endpoint LIKE 'http://%'",
            name=op.f('ck_push_subscription_endpoint_web'),
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_push_subscription_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscription')),
        sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscription_endpoint')),
    )
    with op.batch_alter_table('push_subscription', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_push_subscription_user_id'), ['user_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('push_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_subscription_user_id'))
    op.drop_table('push_subscription')
    with op.batch_alter_table('trace', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_trace_client_key_uuid'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_trace_trainee_id_client_key'), type_='unique')
        batch_op.drop_column('client_key')
