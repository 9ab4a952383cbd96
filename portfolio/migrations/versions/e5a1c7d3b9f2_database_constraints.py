"""database constraints: CHECKs, one open referent assignment, unique competencies, JSON lists

CHECKs on enums, levels, scores and dates; one open referent assignment per trainee (a partial
unique index); unique (trace, competency) and (note, competency); packed lists as JSON.

Revision ID: e5a1c7d3b9f2
Revises: c41e2b7d9f05
Create Date: 2026-12-02 10:00:00.000000

The values are written out here rather than imported from the models: a migration describes
the schema of its own day, and must not change when an enum grows a member later.

Existing data: space- or line-packed strings become JSON lists and back. Duplicate
(trace, competency) and (note, competency) rows, which the services never write, are folded
into the oldest row (indicators merged in order, the first level kept); several open referent
assignments of one trainee are closed but the latest, when the latest one started, as a
reassignment does. Those two clean-ups are not undone by the downgrade. A row that breaks a
new CHECK stops the upgrade with a message naming the table and the constraint.
"""
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5a1c7d3b9f2'
down_revision = 'c41e2b7d9f05'
branch_labels = None
depends_on = None

TOP_LEVEL = 4  # levels 1..4 (0, "non évaluée", is never stored)


def _in(column: str, *values: str) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _level(column: str) -> tuple[str, str]:
    return f"{column}_range", f"{column} BETWEEN 1 AND {TOP_LEVEL}"


# table -> [(name after "ck_<table>_", condition)], in the models' naming convention.
CHECKS: dict[str, list[tuple[str, str]]] = {
    "user_account": [
        ("role", _in("role", "trainee", "referent", "company", "admin")),
        ("portfolio_version_range", "portfolio_version >= 0"),
    ],
    "handover": [("dates_in_order", "ends_on >= starts_on")],
    "trace": [
        (
            "trace_context",
            _in(
                "context",
                "project", "internship", "workshop", "citizen", "game", "personal", "other",
            ),
        ),
        ("trace_status", _in("status", "draft", "complete")),
        ("trace_origin", _in("origin", "trainee", "game")),
    ],
    "trace_photo": [
        ("size_positive", "width > 0 AND height > 0"),
        ("bytes_range", "size_bytes >= 0"),
    ],
    "assessment": [
        ("assessment_source", _in("source", "self", "referent", "game", "tutor")),
        _level("level"),
    ],
    "game_statement": [
        ("game_statement_status", _in("status", "pending", "confirmed", "discarded")),
        ("score_range", "score BETWEEN 0 AND 1"),
    ],
    "explicitation_note": [
        (
            "note_situation",
            _in(
                "situation_kind",
                "trace", "workshop", "collective", "company_visit", "internship", "other",
            ),
        ),
        ("note_visibility", _in("visibility", "shared", "team")),
        ("version_range", "version >= 1"),
    ],
    "note_competency": [_level("level")],
    "note_revision": [("version_range", "version >= 1")],
    "review_competency": [_level("self_level"), _level("referent_level")],
    "objective": [("objective_status", _in("status", "open", "reached", "dropped"))],
    "internship": [("dates_in_order", "ends_on >= starts_on")],
    "professional_project": [
        ("mobility", _in("mobility", "city", "department", "region", "country")),
    ],
    "project_kind": [
        ("opportunity_kind", _in("kind", "internship", "apprenticeship", "job", "training")),
    ],
    "showcase": [
        ("approval_state", _in("approval", "not_needed", "pending", "approved", "refused")),
    ],
    "showcase_competency": [_level("confirmed_level")],
    "private_link": [("use_count_range", "use_count >= 0")],
    "company_join_request": [
        ("join_request_status", _in("status", "pending", "approved", "refused")),
    ],
    "contact_request": [("contact_status", _in("status", "pending", "accepted", "declined"))],
    "offer": [
        ("offer_kind", _in("kind", "internship", "apprenticeship", "job", "training")),
        ("dates_in_order", "ends_on IS NULL OR ends_on >= starts_on"),
    ],
}


def _split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# (table, column, type before, text -> list, list -> text)
ListSpec = tuple[
    str, str, sa.types.TypeEngine, Callable[[str], list[str]], Callable[[list[str]], str]
]
LISTS: list[ListSpec] = [
    ("trace_competency", "indicator_ids", sa.String(length=1000), str.split, " ".join),
    ("note_competency", "indicator_ids", sa.String(length=1000), str.split, " ".join),
    ("internship", "competency_ids", sa.String(length=2000), str.split, " ".join),
    ("api_token", "scopes", sa.String(length=200), str.split, " ".join),
    ("review", "participants", sa.Text(), _split_lines, "\n".join),
]

UNIQUES = [
    ("trace_competency", "trace_id"),
    ("note_competency", "note_id"),
]


def upgrade():
    conn = op.get_bind()
    for table, parent in UNIQUES:
        _fold_duplicates(conn, table, parent)
    _close_extra_open_assignments(conn)
    for table, column, old_type, to_list, _to_text in LISTS:
        _convert(table, column, sa.JSON(), lambda value, f=to_list: f(value or ""))
    for table, parent in UNIQUES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(
                op.f(f"uq_{table}_{parent}_framework_id_competency_id"),
                [parent, "framework_id", "competency_id"],
            )
    with op.batch_alter_table('referent_assignment', schema=None) as batch_op:
        batch_op.create_index(
            'uq_referent_assignment_one_open',
            ['trainee_id'],
            unique=True,
            sqlite_where=sa.text('ended_at IS NULL'),
            postgresql_where=sa.text('ended_at IS NULL'),
        )
    for table, checks in CHECKS.items():
        _refuse_breaking_rows(conn, table, checks)
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, condition in checks:
                batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), condition)


def downgrade():
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _condition in checks:
                batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_='check')
    with op.batch_alter_table('referent_assignment', schema=None) as batch_op:
        batch_op.drop_index(
            'uq_referent_assignment_one_open',
            sqlite_where=sa.text('ended_at IS NULL'),
            postgresql_where=sa.text('ended_at IS NULL'),
        )
    for table, parent in UNIQUES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                op.f(f"uq_{table}_{parent}_framework_id_competency_id"), type_='unique'
            )
    for table, column, old_type, _to_list, to_text in LISTS:
        _convert(table, column, old_type, lambda value, f=to_text: f(value or []))


def _convert(
    table: str, column: str, new_type: sa.types.TypeEngine, change: Callable[[object], object]
) -> None:
    """Rewrite ``column`` as ``new_type``: a new column, filled row by row, takes its place."""
    conn = op.get_bind()
    scratch = f"{column}_converted"
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column(scratch, new_type, nullable=True))
    # JSON lists become text and text becomes JSON lists: read the other one.
    old_type = sa.Text() if isinstance(new_type, sa.JSON) else sa.JSON()
    old = sa.table(table, sa.column("id", sa.Integer), sa.column(column, old_type))
    rows = conn.execute(sa.select(old.c.id, old.c[column]).order_by(old.c.id)).all()
    new = sa.table(table, sa.column("id", sa.Integer), sa.column(scratch, new_type))
    if rows:
        conn.execute(
            new.update().where(new.c.id == sa.bindparam("row_id")).values(
                {scratch: sa.bindparam("value", type_=new_type)}
            ),
            [{"row_id": row_id, "value": change(value)} for row_id, value in rows],
        )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_column(column)
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column(
            scratch, new_column_name=column, existing_type=new_type, nullable=False
        )


def _fold_duplicates(conn: sa.Connection, table: str, parent: str) -> None:
    """Fold rows naming the same competency twice for one parent into the oldest one."""
    has_level = table == "note_competency"
    rows = sa.table(
        table,
        sa.column("id", sa.Integer),
        sa.column(parent, sa.Integer),
        sa.column("framework_id", sa.String),
        sa.column("competency_id", sa.String),
        sa.column("indicator_ids", sa.String),
        *([sa.column("level", sa.Integer)] if has_level else []),
    )
    key = (rows.c[parent], rows.c.framework_id, rows.c.competency_id)
    doubled = sa.select(*key).group_by(*key).having(sa.func.count() > 1).subquery()
    found = conn.execute(
        sa.select(rows)
        .join(
            doubled,
            sa.and_(*(column == doubled.c[column.name] for column in key)),
        )
        .order_by(*key, rows.c.id)
    ).mappings().all()
    groups: dict[tuple[object, ...], list[sa.RowMapping]] = {}
    for row in found:
        groups.setdefault((row[parent], row["framework_id"], row["competency_id"]), []).append(row)
    for group in groups.values():
        kept, *others = group
        indicators = " ".join(
            dict.fromkeys(i for row in group for i in (row["indicator_ids"] or "").split())
        )
        values: dict[str, object] = {"indicator_ids": indicators}
        if has_level:
            values["level"] = next((r["level"] for r in group if r["level"] is not None), None)
        conn.execute(rows.update().where(rows.c.id == kept["id"]).values(values))
        conn.execute(rows.delete().where(rows.c.id.in_([r["id"] for r in others])))


def _close_extra_open_assignments(conn: sa.Connection) -> None:
    """Leave one open assignment per trainee: the latest; the others end when it started."""
    rows = sa.table(
        "referent_assignment",
        sa.column("id", sa.Integer),
        sa.column("trainee_id", sa.Integer),
        sa.column("started_at", sa.DateTime(timezone=True)),
        sa.column("ended_at", sa.DateTime(timezone=True)),
    )
    open_rows = conn.execute(
        sa.select(rows.c.id, rows.c.trainee_id, rows.c.started_at)
        .where(rows.c.ended_at.is_(None))
        .order_by(rows.c.trainee_id, rows.c.started_at.desc(), rows.c.id.desc())
    ).all()
    latest: dict[int, object] = {}
    for row_id, trainee_id, started_at in open_rows:
        if trainee_id not in latest:
            latest[trainee_id] = started_at
            continue
        conn.execute(
            rows.update().where(rows.c.id == row_id).values(ended_at=latest[trainee_id])
        )


def _refuse_breaking_rows(conn: sa.Connection, table: str, checks: list[tuple[str, str]]) -> None:
    for name, condition in checks:
        broken = conn.execute(
            sa.text(f"SELECT count(*) FROM {table} WHERE NOT ({condition})")
        ).scalar_one()
        if broken:
            raise RuntimeError(
                f"{broken} row(s) of {table} break ck_{table}_{name} ({condition}): "
                "correct them, then run the upgrade again"
            )
