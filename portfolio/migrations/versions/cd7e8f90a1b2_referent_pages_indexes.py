"""indexes for a referent's pages: the replies to notes by author and moment, the trainees
they follow from the index alone

Revision ID: cd7e8f90a1b2
Revises: bc6d7e8f90a1
Create Date: 2026-12-06 13:10:00.000000

A referent's "Nouveau" (the caseload, on every visit) lists the replies their trainees wrote
in the last weeks. Without an index on the author, PostgreSQL went through every note each
followed trainee ever received and looked for replies under each (432 notes for a 42-trainee
caseload of the generated network, more as paths grow longer): 2.0 ms of server CPU for the
list. With ``ix_note_reply_author_created`` it reads the recent replies of each trainee, one
range each: 1.45 ms. Erasing a person finds their replies by it too.

Every page of a referent reads the trainees they follow (the menu's counts, and the caseload
three times): ``ix_referent_assignment_open`` gains the trainee as its last column, so that
the open assignments come from the index alone instead of one table page each (42 for the
same caseload).
"""

from __future__ import annotations

from alembic import op

# revision identifiers, used by Alembic.
revision = 'cd7e8f90a1b2'
down_revision = 'bc6d7e8f90a1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('note_reply', schema=None) as batch_op:
        batch_op.create_index(
            'ix_note_reply_author_created', ['author_id', 'created_at'], unique=False
        )
    _open_assignments(['referent_id', 'ended_at', 'trainee_id'])


def downgrade() -> None:
    _open_assignments(['referent_id', 'ended_at'])
    with op.batch_alter_table('note_reply', schema=None) as batch_op:
        batch_op.drop_index('ix_note_reply_author_created')


def _open_assignments(columns: list[str]) -> None:
    with op.batch_alter_table('referent_assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_referent_assignment_open')
        batch_op.create_index('ix_referent_assignment_open', columns, unique=False)
