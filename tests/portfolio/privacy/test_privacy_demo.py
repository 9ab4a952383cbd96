"""The demo has a trainee due for erasure (Noah, told ten days ago) and anonymous counts."""

from __future__ import annotations

from datetime import timedelta

from conftest_privacy import rows_naming
from sqlalchemy import func, select

from portfolio.demo import seed_demo
from portfolio.extensions import db
from portfolio.models import AnonymousExit, ErasurePlan, User
from portfolio.privacy.services.retention import run


def test_the_demo_trainee_due_for_erasure_is_erased_on_his_day(app):
    seed_demo()
    db.session.commit()
    plan = db.session.scalar(select(ErasurePlan))
    assert plan is not None and plan.notice_sent_at is not None
    noah = db.session.get(User, plan.user_id)
    assert noah is not None and noah.first_name == "Noah"
    assert db.session.scalar(select(func.count(AnonymousExit.id))) == 2
    users = db.session.scalar(select(func.count(User.id)))
    assert run(plan.due_on - timedelta(days=1), dry_run=True).erased == []
    db.session.rollback()
    noah_id, due = noah.id, plan.due_on
    report = run(due)
    assert report.erased == [noah_id] and report.rows["trace"] == 1
    assert not any(rows_naming(noah_id).values())
    assert db.session.scalar(select(func.count(User.id))) == (users or 0) - 1
    assert db.session.scalar(select(func.count(AnonymousExit.id))) == 3
