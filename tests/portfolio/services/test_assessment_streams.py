"""Each stream of levels (a trainee, a competency, a source) is kept as a row, its first and
last level and its count (``AssessmentStream``), by every way a level is written: the one
write path, its batch form, a level built by hand as the tests' builders do, the network
generator and the migration that fills the rows of older levels. The home and the gap page
read these rows: they must always be what grouping the levels themselves gives."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders_referent import COMP_A, COMP_B, team
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from builders import make_user
from dbtools import throwaway_database
from portfolio.extensions import db
from portfolio.models import Assessment, AssessmentSource, AssessmentStream, Role
from portfolio.services import assessments, gaps
from portfolio.services.frameworks import framework

BEFORE = "ef9a0b1c2d3e"  # the revision before the kept streams
COMPETENCIES = (COMP_A, COMP_B, "E2C-2A")


def _grouped() -> set[tuple[Any, ...]]:
    """The streams as grouping every level gives them, with what their ends show."""
    a = Assessment
    keys = (a.trainee_id, a.framework_id, a.competency_id, a.source)
    rows = db.session.execute(
        select(*keys, func.min(a.id), func.max(a.id), func.count(a.id)).group_by(*keys)
    ).all()
    levels = {level.id: level for level in db.session.scalars(select(Assessment))}
    ends = [(levels[row[4]], levels[row[5]]) for row in rows]
    return {
        (*row, first.level, first.created_at, last.level, last.created_at, last.author_label)
        for row, (first, last) in zip(rows, ends, strict=True)
    }


def _kept() -> set[tuple[Any, ...]]:
    s = AssessmentStream
    rows = db.session.execute(
        select(
            s.trainee_id,
            s.framework_id,
            s.competency_id,
            s.source,
            s.first_id,
            s.last_id,
            s.total,
            s.first_level,
            s.first_at,
            s.last_level,
            s.last_at,
            s.last_author_label,
        )
    )
    return {tuple(row) for row in rows}


def test_the_kept_streams_are_the_levels_grouped_whatever_writes_them(app: Any) -> None:
    site, referent, first = team()
    second = make_user(Role.TRAINEE, site=site, referent=referent)
    fw = framework()
    rng = random.Random(17)
    for step in range(60):
        trainee = rng.choice((first, second))
        competency = rng.choice(COMPETENCIES)
        way = rng.randrange(3)
        if way == 0:  # the trainee's own level, through the one write path
            assessments.record_self_assessment(trainee, competency, rng.randint(1, 4))
        elif way == 1:  # a referent's levels for both trainees at once (the batch writer)
            assessments.record_assessments(
                AssessmentSource.REFERENT,
                referent,
                [
                    assessments.AssessmentInput(t, competency, rng.randint(1, 4), fw.id)
                    for t in (first, second)
                ],
            )
        else:  # built by hand, as the tests' builders do (the ORM's insert)
            db.session.add(
                Assessment(
                    trainee_id=trainee.id,
                    source=AssessmentSource.TUTOR,
                    author_label="Tuteur",
                    framework_id=fw.id,
                    framework_version=fw.version,
                    competency_id=competency,
                    level=rng.randint(1, 4),
                )
            )
        db.session.commit()
        assert _kept() == _grouped(), step
    assert max(row[6] for row in _kept()) >= 5  # long streams, not only first levels


def test_the_gap_page_shows_the_same_ends_as_the_levels_themselves(app: Any) -> None:
    _site, _referent, trainee = team()
    for level in (1, 2, 3, 2):
        assessments.record_self_assessment(trainee, COMP_A, level)
    assessments.record_self_assessment(trainee, COMP_B, 4)
    db.session.commit()
    report = gaps.gap_report(trainee)
    whole = gaps.gap_report(trainee, whole=True)
    # The first and the last level of each stream, the two between them counted.
    assert [step.level for step in report.history[COMP_A]] == [1, 2]
    assert report.between == {(COMP_A, AssessmentSource.SELF): 2}
    assert [step.level for step in whole.history[COMP_A]] == [1, 2, 3, 2]
    assert [step.level for step in report.history[COMP_B]] == [4]  # one level: one row
    assert report.row(COMP_A).self_point.level == 2  # the latest
    assert report.levels_given == whole.levels_given == 5


def test_the_database_refuses_a_stream_out_of_order_or_empty(app: Any) -> None:
    _site, _referent, trainee = team()
    assessments.record_self_assessment(trainee, COMP_A, 2)
    assessments.record_self_assessment(trainee, COMP_A, 3)
    db.session.commit()
    for change in ("total = 0", "first_id = last_id + 1"):
        with pytest.raises(IntegrityError):
            db.session.execute(text(f"UPDATE assessment_stream SET {change}"))  # noqa: S608
            db.session.flush()
        db.session.rollback()
    twice = {
        column: getattr(db.session.scalars(select(AssessmentStream)).one(), column)
        for column in (
            "trainee_id",
            "framework_id",
            "competency_id",
            "source",
            "first_id",
            "last_id",
            "total",
        )
    }
    with pytest.raises(IntegrityError):  # one row per stream
        db.session.add(AssessmentStream(**twice))
        db.session.flush()
    db.session.rollback()


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    yield from throwaway_database(tmp_path, "assessment_streams_migration")


def test_the_migration_fills_the_streams_of_older_levels(url: str) -> None:
    from flask_migrate import downgrade, upgrade

    from portfolio import create_app
    from portfolio.demo import seed_demo

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
        expected = _grouped()
        assert len(expected) >= 10  # the demo's levels: streams to fill
        assert _kept() == expected
        db.session.remove()
        downgrade(revision=BEFORE)  # yesterday's schema: levels, no streams
        upgrade()
        assert _kept() == expected
        db.session.remove()
