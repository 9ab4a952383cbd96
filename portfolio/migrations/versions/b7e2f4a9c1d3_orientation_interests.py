"""orientation interests: the picture questionnaire's answers and the game's interests

Revision ID: b7e2f4a9c1d3
Revises: e5a1c7d3b9f2
Create Date: 2026-11-29 10:00:00.000000

Two new tables, nothing else changed (no data to convert). The CHECK conditions are written
out here, as they stand in the models today, so a later change of the models cannot change
what this migration did.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2f4a9c1d3'
down_revision = 'e5a1c7d3b9f2'
branch_labels = None
depends_on = None

RIASEC = "RIASEC"
CARD_IDS = tuple(f"{letter}{n}" for letter in RIASEC for n in (1, 2, 3))


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


GAME_LETTERS = (
    f"length(letters) BETWEEN 1 AND 2 AND {_in('substr(letters, 1, 1)', tuple(RIASEC))} AND "
    f"(length(letters) = 1 OR ({_in('substr(letters, 2, 1)', tuple(RIASEC))} "
    "AND substr(letters, 1, 1) <> substr(letters, 2, 1)))"
)


def upgrade():
    op.create_table('interest_card_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.String(length=2), nullable=False),
    sa.Column('answer', sa.Enum('like', 'dislike', 'unsure', name='interest_answer', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(_in('card_id', CARD_IDS), name=op.f('ck_interest_card_answer_card_id_known')),
    sa.ForeignKeyConstraint(['trainee_id'], ['user_account.id'], name=op.f('fk_interest_card_answer_trainee_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interest_card_answer')),
    sa.UniqueConstraint('trainee_id', 'card_id', name=op.f('uq_interest_card_answer_trainee_id_card_id'))
    )
    with op.batch_alter_table('interest_card_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interest_card_answer_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('game_interests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('letters', sa.String(length=2), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(GAME_LETTERS, name=op.f('ck_game_interests_letters_riasec')),
    sa.ForeignKeyConstraint(['trainee_id'], ['user_account.id'], name=op.f('fk_game_interests_trainee_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_game_interests')),
    sa.UniqueConstraint('trainee_id', name=op.f('uq_game_interests_trainee_id'))
    )


def downgrade():
    op.drop_table('game_interests')
    with op.batch_alter_table('interest_card_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interest_card_answer_trainee_id'))
    op.drop_table('interest_card_answer')
