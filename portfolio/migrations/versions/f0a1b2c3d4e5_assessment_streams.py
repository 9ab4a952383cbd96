"""assessment streams: each stream's first and last level and how many it holds, kept as
levels are written

Revision ID: f0a1b2c3d4e5
Revises: ef9a0b1c2d3e
Create Date: 2026-12-07 04:02:46.176281

The home (the latest self and referent level of each competency) and the gap page (the first
and the last level of each stream) grouped every level of the trainee on each visit: a
trainee followed for a year has thousands, in a hundred-odd streams. ``assessment_stream``
keeps one row per stream (trainee, framework, competency, source): its first and last level
(their ids, and what the pages show of them: level, moment, author) and its count, written in the same transaction as each level (``portfolio/models/traces.py``,
``keep_streams``). Filled here from the levels.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f0a1b2c3d4e5"
down_revision = "ef9a0b1c2d3e"
branch_labels = None
depends_on = None

_SOURCES = ("self", "referent", "game", "tutor", "professional")
_FILL = """
INSERT INTO assessment_stream
    (trainee_id, framework_id, competency_id, source, first_id, last_id, total,
     first_level, first_at, last_level, last_at, last_author_label)
SELECT ends.trainee_id, ends.framework_id, ends.competency_id, ends.source, ends.first_id,
       ends.last_id, ends.total, first.level, first.created_at, last.level, last.created_at,
       last.author_label
FROM (
    SELECT trainee_id, framework_id, competency_id, source,
           min(id) AS first_id, max(id) AS last_id, count(id) AS total
    FROM assessment
    GROUP BY trainee_id, framework_id, competency_id, source
) AS ends
JOIN assessment AS first ON first.id = ends.first_id
JOIN assessment AS last ON last.id = ends.last_id
"""


def upgrade():
    op.create_table(
        "assessment_stream",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.String(length=60), nullable=False),
        sa.Column("competency_id", sa.String(length=60), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                *_SOURCES,
                name="assessment_source",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("first_level", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_level", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_author_label", sa.String(length=200), nullable=False),
        sa.CheckConstraint("first_level BETWEEN 1 AND 4", name=op.f("ck_assessment_stream_first_level_range")),
        sa.CheckConstraint("last_level BETWEEN 1 AND 4", name=op.f("ck_assessment_stream_last_level_range")),
        sa.CheckConstraint("first_id <= last_id", name=op.f("ck_assessment_stream_ends_in_order")),
        sa.CheckConstraint("total >= 1", name=op.f("ck_assessment_stream_total_range")),
        sa.ForeignKeyConstraint(
            ["first_id"], ["assessment.id"], name=op.f("fk_assessment_stream_first_id_assessment")
        ),
        sa.ForeignKeyConstraint(
            ["last_id"], ["assessment.id"], name=op.f("fk_assessment_stream_last_id_assessment")
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["user_account.id"],
            name=op.f("fk_assessment_stream_trainee_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_stream")),
        sa.UniqueConstraint(
            "trainee_id",
            "framework_id",
            "competency_id",
            "source",
            name=op.f("uq_assessment_stream_key"),
        ),
    )
    with op.batch_alter_table("assessment_stream", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_stream_first_id"), ["first_id"])
        batch_op.create_index(batch_op.f("ix_assessment_stream_last_id"), ["last_id"])
    op.execute(_FILL)


def downgrade():
    with op.batch_alter_table("assessment_stream", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_stream_last_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_stream_first_id"))
    op.drop_table("assessment_stream")
