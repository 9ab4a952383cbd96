"""exits and attestations

Revision ID: 8bc27f4a0c08
Revises: f3b8d1e6a2c4
Create Date: 2026-12-05 11:44:54.090520

The end of a trainee's path (``trainee_exit``, one per trainee), the attestations of acquired
competencies it leads to (``attestation``: a frozen statement, a draft then final, replaced or
revoked), and the name of the site's director who signs them beside the referent. The
downgrade drops them (attestations given are lost with it: back them up first).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8bc27f4a0c08'
down_revision = 'f3b8d1e6a2c4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attestation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=True),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'final', 'replaced', 'revoked', name='status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('prepared_by_id', sa.Integer(), nullable=False),
    sa.Column('trainee_review', sa.Enum('agreed', 'correction', name='trainee_review', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('trainee_comment', sa.Text(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finalized_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'draft') = (finalized_at IS NULL)", name=op.f('ck_attestation_final_has_date')),
    sa.CheckConstraint("(status = 'replaced') = (replaced_by_id IS NOT NULL)", name=op.f('ck_attestation_replaced_has_successor')),
    sa.CheckConstraint("(status = 'revoked') = (revoked_at IS NOT NULL)", name=op.f('ck_attestation_revoked_has_date')),
    sa.CheckConstraint("number IS NULL OR status <> 'draft'", name=op.f('ck_attestation_draft_has_no_number')),
    sa.ForeignKeyConstraint(['prepared_by_id'], ['user_account.id'], name=op.f('fk_attestation_prepared_by_id_user_account')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['attestation.id'], name=op.f('fk_attestation_replaced_by_id_attestation')),
    sa.ForeignKeyConstraint(['replaces_id'], ['attestation.id'], name=op.f('fk_attestation_replaces_id_attestation')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_attestation_site_id_site')),
    sa.ForeignKeyConstraint(['trainee_id'], ['user_account.id'], name=op.f('fk_attestation_trainee_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attestation')),
    sa.UniqueConstraint('number', name=op.f('uq_attestation_number')),
    sa.UniqueConstraint('public_id', name=op.f('uq_attestation_public_id'))
    )
    with op.batch_alter_table('attestation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attestation_site_id'), ['site_id'], unique=False)
        batch_op.create_index('ix_attestation_trainee', ['trainee_id', 'id'], unique=False)

    op.create_table('trainee_exit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=False),
    sa.Column('outcome', sa.Enum('cdi', 'cdd', 'interim', 'alternance', 'formation', 'creation', 'sans_solution', 'autre', name='outcome', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('rome_code', sa.String(length=5), nullable=True),
    sa.Column('job_title', sa.String(length=7), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("job_title IS NULL OR (length(job_title) BETWEEN 1 AND 7 AND ltrim(job_title, '0123456789') = '' AND substr(job_title, 1, 1) <> '0')", name=op.f('ck_trainee_exit_job_title_digits')),
    sa.CheckConstraint("rome_code IS NULL OR (length(rome_code) = 5 AND ltrim(substr(rome_code, 2), '0123456789') = '' AND upper(substr(rome_code, 1, 1)) = substr(rome_code, 1, 1))", name=op.f('ck_trainee_exit_rome_code_shape')),
    sa.CheckConstraint('job_title IS NULL OR rome_code IS NOT NULL', name=op.f('ck_trainee_exit_title_needs_trade')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_trainee_exit_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['trainee_id'], ['user_account.id'], name=op.f('fk_trainee_exit_trainee_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainee_exit')),
    sa.UniqueConstraint('trainee_id', name=op.f('uq_trainee_exit_trainee_id'))
    )
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('director_name', sa.String(length=200), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('director_name')

    op.drop_table('trainee_exit')
    with op.batch_alter_table('attestation', schema=None) as batch_op:
        batch_op.drop_index('ix_attestation_trainee')
        batch_op.drop_index(batch_op.f('ix_attestation_site_id'))

    op.drop_table('attestation')
