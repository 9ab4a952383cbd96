"""open badges

Revision ID: 9cd38a5b1d09
Revises: 8bc27f4a0c08
Create Date: 2026-12-05 12:21:42.147849

The sites' signing keys (Ed25519, the private half encrypted) and the Open Badges 3.0 issued
from final attestations: one per competency at level 2 or more, with its bit in the site's
revocation status list. The downgrade drops them (badges given are lost: back them up first).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9cd38a5b1d09'
down_revision = '8bc27f4a0c08'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('site_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=40), nullable=False),
    sa.Column('public_jwk', sa.JSON(), nullable=False),
    sa.Column('private_pem', sa.Text(), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_site_key_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_key')),
    sa.UniqueConstraint('site_id', 'kid', name=op.f('uq_site_key_site_id_kid'))
    )
    with op.batch_alter_table('site_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_key_site_id'), ['site_id'], unique=False)

    op.create_table('badge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('attestation_id', sa.Integer(), nullable=False),
    sa.Column('key_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.String(length=60), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('status_index', sa.Integer(), nullable=False),
    sa.Column('credential_jwt', sa.Text(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(revoked_at IS NULL) = (revoked_reason = '')", name=op.f('ck_badge_revoked_has_reason')),
    sa.CheckConstraint('level BETWEEN 2 AND 4', name=op.f('ck_badge_level_range')),
    sa.CheckConstraint('status_index >= 0 AND status_index < 131072', name=op.f('ck_badge_status_index_range')),
    sa.ForeignKeyConstraint(['attestation_id'], ['attestation.id'], name=op.f('fk_badge_attestation_id_attestation')),
    sa.ForeignKeyConstraint(['key_id'], ['site_key.id'], name=op.f('fk_badge_key_id_site_key')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_badge_site_id_site')),
    sa.ForeignKeyConstraint(['trainee_id'], ['user_account.id'], name=op.f('fk_badge_trainee_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge')),
    sa.UniqueConstraint('attestation_id', 'competency_id', name=op.f('uq_badge_attestation_id_competency_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_badge_public_id')),
    sa.UniqueConstraint('site_id', 'status_index', name=op.f('uq_badge_site_id_status_index'))
    )
    with op.batch_alter_table('badge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_badge_attestation_id'), ['attestation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_badge_trainee_id'), ['trainee_id'], unique=False)



def downgrade():
    with op.batch_alter_table('badge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_badge_trainee_id'))
        batch_op.drop_index(batch_op.f('ix_badge_attestation_id'))

    op.drop_table('badge')
    with op.batch_alter_table('site_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_key_site_id'))

    op.drop_table('site_key')
