"""activities: the catalogue, sessions of an activity, animators, attendance, saved groups

Revision ID: 7ab16e3f9b07
Revises: 1a5c0e7f3b01
Create Date: 2026-12-05 12:00:00.000000

New tables, and one new column on ``site`` (who may edit the catalogue: "team" for every
existing site, as before the column existed nobody was refused). The CHECK conditions are
written out here as they stand in the models today, so a later change of the models cannot
change what this migration did. The downgrade drops the tables and the column.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '7ab16e3f9b07'
down_revision = '1a5c0e7f3b01'
branch_labels = None
depends_on = None

KINDS = (
    "atelier", "projet-citoyen", "projet-culturel", "projet-sportif", "visite-entreprise",
    "forum-metiers", "simulation-entretien", "preparation-stage", "retour-stage",
    "niveau-francais", "niveau-maths", "niveau-numerique",
)
ATTENDANCE = ("expected", "present", "absent", "excused")


def _fk(table, column, target, ondelete=None):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade():
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('catalogue_editors', sa.String(length=10), server_default='team', nullable=False)
        )
        batch_op.create_check_constraint(
            'catalogue_editors', "catalogue_editors IN ('admins', 'team')"
        )

    op.create_table(
        'activity',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=True),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('title', sa.String(length=160), nullable=False),
        sa.Column('title_en', sa.String(length=160), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('description_en', sa.Text(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum(*KINDS, name='activity_kind', native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('duration_minutes', sa.Integer(), nullable=False),
        sa.Column('group_size', sa.Integer(), nullable=False),
        sa.Column('copied_from_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('duration_minutes BETWEEN 5 AND 600', name=op.f('ck_activity_duration_range')),
        sa.CheckConstraint('group_size BETWEEN 1 AND 60', name=op.f('ck_activity_group_size_range')),
        sa.CheckConstraint('length(code) >= 1', name=op.f('ck_activity_code_not_empty')),
        _fk('activity', 'site_id', 'site'),
        _fk('activity', 'copied_from_id', 'activity', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_activity')),
        sa.UniqueConstraint('site_id', 'code', name=op.f('uq_activity_site_id_code')),
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_site_id'), ['site_id'], unique=False)
        batch_op.create_index(
            'uq_activity_network_code', ['code'], unique=True,
            sqlite_where=sa.text('site_id IS NULL'), postgresql_where=sa.text('site_id IS NULL'),
        )

    op.create_table(
        'activity_target',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('framework_id', sa.String(length=60), nullable=False),
        sa.Column('competency_id', sa.String(length=40), nullable=False),
        sa.Column('indicators', sa.String(length=400), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.CheckConstraint('position >= 0', name=op.f('ck_activity_target_position_range')),
        _fk('activity_target', 'activity_id', 'activity', 'CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_target')),
        sa.UniqueConstraint(
            'activity_id', 'framework_id', 'competency_id',
            name=op.f('uq_activity_target_activity_id_framework_id_competency_id'),
        ),
    )
    with op.batch_alter_table('activity_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_target_activity_id'), ['activity_id'], unique=False)

    op.create_table(
        'activity_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('start_time', sa.Time(), nullable=False),
        sa.Column('end_time', sa.Time(), nullable=False),
        sa.Column('place', sa.String(length=200), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('end_time > start_time', name=op.f('ck_activity_session_times_in_order')),
        _fk('activity_session', 'activity_id', 'activity'),
        _fk('activity_session', 'site_id', 'site'),
        _fk('activity_session', 'created_by_id', 'user_account'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_session')),
    )
    with op.batch_alter_table('activity_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_session_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index('ix_activity_session_site_day', ['site_id', 'day'], unique=False)

    op.create_table(
        'session_animator',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        _fk('session_animator', 'session_id', 'activity_session', 'CASCADE'),
        _fk('session_animator', 'user_id', 'user_account'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_session_animator')),
        sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_session_animator_session_id_user_id')),
    )
    with op.batch_alter_table('session_animator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_animator_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_animator_user_id'), ['user_id'], unique=False)

    op.create_table(
        'session_participant',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column(
            'attendance',
            sa.Enum(*ATTENDANCE, name='attendance', native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('marked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('marked_by_id', sa.Integer(), nullable=True),
        _fk('session_participant', 'session_id', 'activity_session', 'CASCADE'),
        _fk('session_participant', 'trainee_id', 'user_account'),
        _fk('session_participant', 'marked_by_id', 'user_account'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_session_participant')),
        sa.UniqueConstraint('session_id', 'trainee_id', name=op.f('uq_session_participant_session_id_trainee_id')),
    )
    with op.batch_alter_table('session_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_participant_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_participant_trainee_id'), ['trainee_id'], unique=False)

    op.create_table(
        'saved_group',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        _fk('saved_group', 'site_id', 'site'),
        _fk('saved_group', 'owner_id', 'user_account'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_group')),
        sa.UniqueConstraint('owner_id', 'name', name=op.f('uq_saved_group_owner_id_name')),
    )
    with op.batch_alter_table('saved_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_group_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_group_site_id'), ['site_id'], unique=False)

    op.create_table(
        'saved_group_member',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        _fk('saved_group_member', 'group_id', 'saved_group', 'CASCADE'),
        _fk('saved_group_member', 'trainee_id', 'user_account'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_group_member')),
        sa.UniqueConstraint('group_id', 'trainee_id', name=op.f('uq_saved_group_member_group_id_trainee_id')),
    )
    with op.batch_alter_table('saved_group_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_group_member_group_id'), ['group_id'], unique=False)


def downgrade():
    op.drop_table('saved_group_member')
    op.drop_table('saved_group')
    op.drop_table('session_participant')
    op.drop_table('session_animator')
    op.drop_table('activity_session')
    op.drop_table('activity_target')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('uq_activity_network_code')
        batch_op.drop_index(batch_op.f('ix_activity_site_id'))
    op.drop_table('activity')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_constraint('catalogue_editors', type_='check')
        batch_op.drop_column('catalogue_editors')
