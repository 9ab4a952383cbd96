"""portfolio version: the key of the trainee's cached home summary

Revision ID: c41e2b7d9f05
Revises: ab4a7ed7dab5
Create Date: 2026-11-28 03:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c41e2b7d9f05'
down_revision = 'ab4a7ed7dab5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('portfolio_version', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('portfolio_version')
