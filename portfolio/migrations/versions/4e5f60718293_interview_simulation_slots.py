"""interview simulation slots: a company's slots, the trainees' bookings, the feedback

Revision ID: 4e5f60718293
Revises: 5f60718293a4
Create Date: 2026-12-05 15:20:00.000000

``simulation_slot`` (a partner company's slot for the trainees of its site; a forum day is
several slots sharing ``forum_title``), ``simulation_booking`` (one per slot: ``slot_id``
unique, the capacity of 1 kept by the database), ``simulation_feedback`` (one per booking: the
practice's grid and free words). The assessment streams gain ``professional``.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '4e5f60718293'
down_revision = '5f60718293a4'
branch_labels = None
depends_on = None

OLD_SOURCES = ("self", "referent", "game", "tutor")
NEW_SOURCES = OLD_SOURCES + ("professional",)
JOB_TITLE_CHECK = (
    "job_title IS NULL OR (length(job_title) BETWEEN 1 AND 7"
    " AND ltrim(job_title, '0123456789') = '' AND substr(job_title, 1, 1) <> '0')"
)
GRID_CHECK = (
    "clear IN (0, 1) AND example IN (0, 1) AND trade_named IN (0, 1)"
    " AND posture BETWEEN 1 AND 3"
)


def _sources_check(sources: tuple[str, ...]) -> str:
    return "source IN (" + ", ".join(f"'{s}'" for s in sources) + ")"


def upgrade() -> None:
    op.create_table(
        'simulation_slot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('forum_title', sa.String(length=200), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('duration_minutes', sa.Integer(), nullable=False),
        sa.Column(
            'mode',
            sa.Enum('on_site', 'phone', 'video', name='slot_mode', native_enum=False,
                    create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('place', sa.String(length=200), nullable=False),
        sa.Column('rome_code', sa.String(length=5), nullable=True),
        sa.Column('job_title', sa.String(length=7), nullable=True),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            'duration_minutes BETWEEN 10 AND 180',
            name=op.f('ck_simulation_slot_duration_range'),
        ),
        sa.CheckConstraint(JOB_TITLE_CHECK, name=op.f('ck_simulation_slot_job_title_digits')),
        sa.ForeignKeyConstraint(
            ['company_id'], ['company.id'],
            name=op.f('fk_simulation_slot_company_id_company'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['site_id'], ['site.id'], name=op.f('fk_simulation_slot_site_id_site'),
        ),
        sa.ForeignKeyConstraint(
            ['author_id'], ['user_account.id'],
            name=op.f('fk_simulation_slot_author_id_user_account'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_simulation_slot')),
    )
    with op.batch_alter_table('simulation_slot', schema=None) as batch_op:
        batch_op.create_index(
            'ix_simulation_slot_site_starts', ['site_id', 'starts_at'], unique=False
        )
        batch_op.create_index(
            'ix_simulation_slot_company_starts', ['company_id', 'starts_at'], unique=False
        )
    op.create_table(
        'simulation_booking',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slot_id', sa.Integer(), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('booked_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['slot_id'], ['simulation_slot.id'],
            name=op.f('fk_simulation_booking_slot_id_simulation_slot'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['trainee_id'], ['user_account.id'],
            name=op.f('fk_simulation_booking_trainee_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_simulation_booking')),
        sa.UniqueConstraint('slot_id', name=op.f('uq_simulation_booking_slot_id')),
    )
    with op.batch_alter_table('simulation_booking', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_simulation_booking_trainee_id'), ['trainee_id'], unique=False
        )
    op.create_table(
        'simulation_feedback',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('author_label', sa.String(length=200), nullable=False),
        sa.Column('clear', sa.Integer(), nullable=False),
        sa.Column('example', sa.Integer(), nullable=False),
        sa.Column('trade_named', sa.Integer(), nullable=False),
        sa.Column('posture', sa.Integer(), nullable=False),
        sa.Column('words', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(GRID_CHECK, name=op.f('ck_simulation_feedback_grid_range')),
        sa.ForeignKeyConstraint(
            ['booking_id'], ['simulation_booking.id'],
            name=op.f('fk_simulation_feedback_booking_id_simulation_booking'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['author_id'], ['user_account.id'],
            name=op.f('fk_simulation_feedback_author_id_user_account'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_simulation_feedback')),
        sa.UniqueConstraint('booking_id', name=op.f('uq_simulation_feedback_booking_id')),
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_assessment_assessment_source'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_assessment_assessment_source'), _sources_check(NEW_SOURCES)
        )


def downgrade() -> None:
    # The professional stream's levels go with the feature (assessments cite no other row).
    op.execute("DELETE FROM assessment_trace WHERE assessment_id IN "
               "(SELECT id FROM assessment WHERE source = 'professional')")
    op.execute("DELETE FROM assessment_note WHERE assessment_id IN "
               "(SELECT id FROM assessment WHERE source = 'professional')")
    op.execute("DELETE FROM assessment WHERE source = 'professional'")
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_assessment_assessment_source'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_assessment_assessment_source'), _sources_check(OLD_SOURCES)
        )
    op.drop_table('simulation_feedback')
    with op.batch_alter_table('simulation_booking', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_simulation_booking_trainee_id'))
    op.drop_table('simulation_booking')
    with op.batch_alter_table('simulation_slot', schema=None) as batch_op:
        batch_op.drop_index('ix_simulation_slot_company_starts')
        batch_op.drop_index('ix_simulation_slot_site_starts')
    op.drop_table('simulation_slot')
