"""portfolio import: a ZIP exported elsewhere, imported back and marked as such

Revision ID: 5f60718293a4
Revises: 3d4e5f607182
Create Date: 2026-12-05 15:10:00.000000

``portfolio_import`` keeps one row per imported archive (its site, dates, counts and the
digest that makes a second import of the same portfolio a no-op); ``trace.import_id`` and
``assessment.import_id`` name the import that brought a row (NULL: written here).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '5f60718293a4'
down_revision = '3d4e5f607182'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'portfolio_import',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('source_site', sa.String(length=200), nullable=False),
        sa.Column('exported_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('traces', sa.Integer(), nullable=False),
        sa.Column('photos', sa.Integer(), nullable=False),
        sa.Column('recordings', sa.Integer(), nullable=False),
        sa.Column('assessments', sa.Integer(), nullable=False),
        sa.CheckConstraint(
            'length(digest) = 64', name=op.f('ck_portfolio_import_digest_length')
        ),
        sa.CheckConstraint(
            'traces >= 0 AND photos >= 0 AND recordings >= 0 AND assessments >= 0',
            name=op.f('ck_portfolio_import_counts_positive'),
        ),
        sa.ForeignKeyConstraint(
            ['trainee_id'], ['user_account.id'],
            name=op.f('fk_portfolio_import_trainee_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_import')),
        sa.UniqueConstraint(
            'trainee_id', 'digest', name=op.f('uq_portfolio_import_trainee_id_digest')
        ),
    )
    with op.batch_alter_table('portfolio_import', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_portfolio_import_trainee_id'), ['trainee_id'], unique=False
        )
    for table in ('trace', 'assessment'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_import_id'), ['import_id'], unique=False)
            batch_op.create_foreign_key(
                batch_op.f(f'fk_{table}_import_id_portfolio_import'),
                'portfolio_import', ['import_id'], ['id'], ondelete='SET NULL',
            )


def downgrade() -> None:
    for table in ('assessment', 'trace'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f'fk_{table}_import_id_portfolio_import'), type_='foreignkey'
            )
            batch_op.drop_index(batch_op.f(f'ix_{table}_import_id'))
            batch_op.drop_column('import_id')
    with op.batch_alter_table('portfolio_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_import_trainee_id'))
    op.drop_table('portfolio_import')
