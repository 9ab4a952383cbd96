"""The daily retention run: the rules' dates, a notice 30 days before (mailed once, to the
young person and their referent), the erasure when due, a dry run that changes nothing, and
runs that can be repeated."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from builders_traces import photo_files
from conftest_privacy import person_keys, rows_naming
from sqlalchemy import func, select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import (
    ErasureCause,
    ErasurePlan,
    FollowUpContact,
    OutgoingMail,
    ReadAudit,
    ReadKind,
    Role,
    TraineeExit,
    User,
    utcnow,
)
from portfolio.privacy.services import rules
from portfolio.privacy.services.retention import due_trainees, run


def _erase_on(world) -> date:
    exit_ = db.session.scalar(select(TraineeExit).where(TraineeExit.trainee_id == world.trainee.id))
    assert exit_ is not None
    return rules.after_exit(exit_.left_on).erase_on


def _mails() -> list[tuple[int, str]]:
    """The erasure notices in the outbox (the world's conversation mailed the referent too)."""
    return [
        (m.user_id, m.subject)
        for m in db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id))
        if "effac" in m.subject.lower()
    ]


def test_the_rules_count_calendar_months():
    assert rules.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert rules.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert rules.add_months(date(2025, 3, 15), -15) == date(2023, 12, 15)
    deadline = rules.after_exit(date(2025, 6, 30))
    assert deadline.erase_on == date(2027, 6, 30)  # 12 months of follow-up, then 12 more
    assert deadline.notice_from == date(2027, 5, 31)
    assert rules.after_inactivity(date(2025, 6, 30)).erase_on == date(2027, 6, 30)


def test_the_end_of_follow_up_is_the_later_of_a_year_and_the_last_contact():
    left = date(2025, 6, 30)
    assert rules.end_of_follow_up(left) == date(2026, 6, 30)
    assert rules.end_of_follow_up(left, 6) == date(2026, 6, 30)  # a short schedule: a year
    assert rules.end_of_follow_up(left, 18) == date(2026, 12, 30)
    assert rules.after_exit(left, 12, 24).erase_on == date(2028, 6, 30)
    assert rules.after_exit(left, 3, 18).erase_on == date(2027, 3, 30)


def test_a_site_following_up_for_24_months_does_not_erase_before(world):
    exit_ = db.session.scalar(select(TraineeExit).where(TraineeExit.trainee_id == world.trainee.id))
    assert exit_ is not None
    site = world.trainee.site
    usual = rules.after_exit(exit_.left_on).erase_on
    assert due_trainees(usual)[world.trainee.id] == (ErasureCause.RETENTION, usual)
    site.followup_months = "1,3,6,12,24"
    db.session.commit()
    later = rules.add_months(exit_.left_on, 24 + 12)
    assert world.trainee.id not in due_trainees(usual)
    assert world.trainee.id not in due_trainees(later - timedelta(days=31))
    assert due_trainees(later - timedelta(days=30))[world.trainee.id][1] == later
    assert run(usual).planned == []
    # the schedule shortened later: a contact already planned at 18 months still counts
    site.followup_months = "1,3,6,12"
    db.session.add(
        FollowUpContact(
            exit_id=exit_.id,
            trainee_id=world.trainee.id,
            month=18,
            due_on=rules.add_months(exit_.left_on, 18),
        )
    )
    db.session.commit()
    assert world.trainee.id not in due_trainees(usual)
    assert due_trainees(usual + timedelta(days=200))[world.trainee.id][1] == rules.add_months(
        exit_.left_on, 18 + 12
    )


def test_notice_thirty_days_before_once_then_erasure_when_due(world, app):
    erase_on = _erase_on(world)
    trainee_id, referent_id = world.trainee.id, world.referent.id
    quiet = run(erase_on - timedelta(days=31))
    assert quiet.planned == [] and quiet.notified == [] and _mails() == []

    first = run(erase_on - timedelta(days=30))
    assert first.planned == [trainee_id] and first.notified == [trainee_id]
    mails = _mails()
    assert sorted(user for user, _ in mails) == sorted([trainee_id, referent_id])
    to_trainee = db.session.scalar(select(OutgoingMail).where(OutgoingMail.user_id == trainee_id))
    assert to_trainee is not None and "/mon-suivi/export.zip" in to_trainee.text_body
    assert erase_on.strftime("%d/%m/%Y") in to_trainee.subject

    again = run(erase_on - timedelta(days=10))
    assert again.planned == [] and again.notified == [] and again.erased == []
    assert _mails() == mails  # sent once
    assert db.session.get(User, trainee_id) is not None

    keys = person_keys(trainee_id)
    done = run(erase_on)
    assert done.erased == [trainee_id]
    assert done.rows["trace"] == 2 and done.files["photos"] >= 2
    assert db.session.get(User, trainee_id) is None
    assert not any(rows_naming(trainee_id).values())
    assert not set(keys) & set(photo_files(app))

    after = run(erase_on)  # the next day's run (or the same one, again): nothing more
    assert (after.planned, after.notified, after.erased) == ([], [], [])
    assert db.session.get(User, world.other.id) is not None


def test_a_notice_never_leads_to_an_erasure_sooner_than_thirty_days(world):
    erase_on = _erase_on(world)
    late = erase_on + timedelta(days=5)  # the run did not run for weeks
    report = run(late)
    assert report.notified == [world.trainee.id] and report.erased == []
    plan = db.session.scalar(select(ErasurePlan))
    assert plan is not None and plan.due_on == late + timedelta(days=30)


def test_dry_run_changes_nothing(world, app):
    erase_on = _erase_on(world)
    rows, files = rows_naming(world.trainee.id), photo_files(app)
    report = run(erase_on, dry_run=True)
    db.session.rollback()
    assert report.planned == [world.trainee.id] and report.notified == [world.trainee.id]
    assert db.session.scalar(select(func.count(ErasurePlan.id))) == 0
    assert _mails() == []

    run(erase_on - timedelta(days=30))  # noticed for real
    mails = _mails()
    report = run(erase_on, dry_run=True)
    db.session.rollback()
    assert report.erased == [world.trainee.id] and report.rows["trace"] == 2
    assert rows_naming(world.trainee.id)["trace"] == rows["trace"]
    assert photo_files(app) == files and _mails() == mails


def test_the_command_prints_a_summary_and_its_dry_run_changes_nothing(world, app):
    erase_on = _erase_on(world)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["retention", "run", "--dry-run", "--today", erase_on.isoformat()])
    assert result.exit_code == 0, result.output
    assert (
        "rien n'est changé" in result.output
        and "avis envoyés (30 jours avant) : 1" in result.output
    )
    assert db.session.scalar(select(func.count(ErasurePlan.id))) == 0
    result = runner.invoke(args=["retention", "run", "--today", erase_on.isoformat()])
    assert result.exit_code == 0, result.output
    assert "avis envoyés (30 jours avant) : 1" in result.output


def test_an_inactive_trainee_is_planned_and_a_return_cancels_it(app):
    today = date(2027, 1, 10)
    quiet = make_user(Role.TRAINEE)
    quiet.last_login_at = datetime.combine(date(2024, 12, 1), time(9), tzinfo=utcnow().tzinfo)
    recent = make_user(Role.TRAINEE)
    recent.last_login_at = datetime.combine(date(2026, 12, 1), time(9), tzinfo=utcnow().tzinfo)
    db.session.commit()
    report = run(today)
    assert recent.id not in report.planned
    assert quiet.id in report.planned
    plan = db.session.scalar(select(ErasurePlan).where(ErasurePlan.user_id == quiet.id))
    assert plan is not None and plan.cause is ErasureCause.INACTIVE
    quiet.last_login_at = datetime.combine(date(2027, 1, 5), time(9), tzinfo=utcnow().tzinfo)
    db.session.commit()
    report = run(today)
    assert report.cancelled == [quiet.id]
    assert db.session.scalar(select(func.count(ErasurePlan.id))) == 0


def test_reads_older_than_a_year_are_purged(world):
    today = date.today()
    old = ReadAudit(
        trainee_id=world.other.id, reader_id=world.referent.id, reader_role="referent",
        kind=ReadKind.NOTE, at=utcnow() - timedelta(days=400),
    )  # fmt: skip
    db.session.add(old)
    db.session.commit()
    before = db.session.scalar(select(func.count(ReadAudit.id)))
    report = run(today)
    assert report.purged_reads == 1
    assert db.session.scalar(select(func.count(ReadAudit.id))) == (before or 0) - 1


def test_the_site_chooses_how_long_after_the_follow_up(world):
    erase_on = _erase_on(world)  # 12 months after the follow-up year (the default)
    site = world.trainee.site
    site.keep_months = 6
    db.session.commit()
    sooner = rules.add_months(erase_on, -6)
    assert run(sooner - timedelta(days=31)).planned == []
    report = run(sooner - timedelta(days=30))
    assert report.planned == [world.trainee.id]
    plan = db.session.scalar(select(ErasurePlan))
    assert plan is not None and plan.due_on == sooner


def test_the_admin_sets_the_retention_time_and_bad_values_change_nothing(world, client):
    site = world.admin.site
    login(client, world.admin)
    address = f"/admin/sites/{site.id}/parametres"
    for bad in ("0", "37", "douze", "-3"):
        answer = client.post(address, data={"director_name": "Hélène Garnier", "keep_months": bad})
        assert answer.status_code == 200
        db.session.refresh(site)
        assert site.keep_months == 12
    assert "Entre 1 et 36 mois" in page_text(
        client.post(address, data={"director_name": "Hélène Garnier", "keep_months": "40"})
    )
    answer = client.post(address, data={"director_name": "Hélène Garnier", "keep_months": "18"})
    assert answer.status_code == 302
    db.session.refresh(site)
    assert site.keep_months == 18
