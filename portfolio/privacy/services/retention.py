"""The daily retention run: plan, tell 30 days before, erase when due, purge old logs.

``run(today, dry_run)`` is what ``flask --app portfolio retention run`` calls (portfolio/privacy
/cli.py). Each step is safe to repeat: a plan is made once per person (unique row), its
notice is mailed once (``notice_sent_at``), an erasure commits person by person, and the
files left by a crash between a commit and the file deletions are swept at the end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import url_for
from sqlalchemy import delete, func, select

from portfolio.extensions import db
from portfolio.followup.services.schedule import ScheduleError, parse_schedule
from portfolio.models import (
    ConsentEvent,
    ErasureCause,
    ErasurePlan,
    FollowUpContact,
    MailKind,
    ReadAudit,
    Role,
    Site,
    TraineeExit,
    User,
    utcnow,
)
from portfolio.notifications.services.outbox import compose, in_language_of
from portfolio.notifications.services.preferences import can_receive
from portfolio.privacy.services import erasure as eraser
from portfolio.privacy.services import rules
from portfolio.services.accounts import current_referent
from portfolio.services.i18n import gettext as _


@dataclass(slots=True)
class RunReport:
    """What a run did (or, dry, would do)."""

    planned: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    notified: list[int] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)
    rows: Counter[str] = field(default_factory=Counter)
    files: Counter[str] = field(default_factory=Counter)
    purged_reads: int = 0
    purged_consents: int = 0
    swept_files: int = 0


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=utcnow().tzinfo)


def due_trainees(today: date) -> dict[int, tuple[ErasureCause, date]]:
    """Trainees whose erasure date is within the notice period (or past): id -> cause, date."""
    due: dict[int, tuple[ErasureCause, date]] = {}
    planned = (
        select(func.max(FollowUpContact.month))
        .where(FollowUpContact.exit_id == TraineeExit.id)
        .scalar_subquery()
    )
    left = (
        select(
            User.id,
            TraineeExit.left_on,
            func.coalesce(Site.keep_months, rules.KEEP_AFTER_FOLLOW_UP_MONTHS),
            Site.followup_months,
            planned,
        )
        .join(TraineeExit, TraineeExit.trainee_id == User.id)
        .outerjoin(Site, Site.id == User.site_id)
        .where(User.role == Role.TRAINEE, TraineeExit.left_on <= rules.left_before(today))
    )
    for user_id, left_on, keep_months, schedule, last_planned in db.session.execute(left):
        # the follow-up ends at the later of its year, the site's last month and the last
        # contact planned for this exit (contacts do not move when the schedule changes)
        last = max(_last_month(schedule), last_planned or 0)
        deadline = rules.after_exit(left_on, int(keep_months), last)
        if deadline.notice_from <= today:  # the site's own time (candidates: the shortest)
            due[user_id] = (ErasureCause.RETENTION, deadline.erase_on)
    seen = func.coalesce(User.last_login_at, User.created_at)
    quiet = (
        select(User.id, seen)
        .outerjoin(TraineeExit, TraineeExit.trainee_id == User.id)
        .where(
            User.role == Role.TRAINEE,
            TraineeExit.id.is_(None),
            seen < _midnight(rules.seen_before(today)),
        )
    )
    for user_id, last_seen in db.session.execute(quiet):
        due[user_id] = (ErasureCause.INACTIVE, rules.after_inactivity(last_seen.date()).erase_on)
    return due


def _last_month(schedule: str | None) -> int:
    """The last contact month of a site's schedule (0 when it has none or it is broken)."""
    try:
        return max(parse_schedule(schedule)) if schedule else 0
    except ScheduleError:
        return 0


def _update_plans(today: date, report: RunReport, *, dry_run: bool) -> None:
    """New plans for who became due; plans dropped for who is no longer (came back, exit
    corrected). Plans asked by the trainee stay."""
    due = due_trainees(today)
    plans = {p.user_id: p for p in db.session.scalars(select(ErasurePlan))}
    for user_id, plan in plans.items():
        if plan.cause is not ErasureCause.REQUEST and user_id not in due:
            report.cancelled.append(user_id)
            if not dry_run:
                db.session.delete(plan)
    earliest = today + timedelta(days=rules.NOTICE_DAYS)
    for user_id, (cause, erase_on) in sorted(due.items()):
        if user_id in plans:
            continue
        report.planned.append(user_id)
        if not dry_run:
            db.session.add(
                ErasurePlan(user_id=user_id, cause=cause, due_on=max(erase_on, earliest))
            )
    db.session.flush()


def send_notice(plan: ErasurePlan) -> None:
    """Mail the trainee (with the export link) and their referent, once per plan."""
    trainee = db.session.get(User, plan.user_id)
    assert trainee is not None
    day = plan.due_on.strftime("%d/%m/%Y")
    if can_receive(trainee):
        with in_language_of(trainee):
            compose(
                trainee,
                MailKind.IMMEDIATE,
                _("Votre compte sera effacé le %(day)s", day=day),
                [
                    _("Le %(day)s, votre compte et votre portfolio seront effacés.", day=day),
                    _("Avant cette date, vous pouvez garder une copie de votre portfolio."),
                ],
                url_for("trainee.my_export_zip", _external=True),
            )
    referent = current_referent(trainee)
    if referent is not None and can_receive(referent):
        with in_language_of(referent):
            compose(
                referent,
                MailKind.IMMEDIATE,
                _("Effacement du compte de %(name)s le %(day)s", name=trainee.full_name, day=day),
                [
                    _(
                        "Le compte de %(name)s et ses données seront effacés le %(day)s.",
                        name=trainee.full_name,
                        day=day,
                    ),
                    _("Pensez à lui rappeler de télécharger son portfolio."),
                ],
                url_for("main.home", _external=True),
            )
    plan.notice_sent_at = utcnow()


def run(today: date, *, dry_run: bool = False) -> RunReport:
    """One daily run (see the module docstring). Commits step by step unless ``dry_run``."""
    report = RunReport()
    _update_plans(today, report, dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    unnoticed = select(ErasurePlan).where(ErasurePlan.notice_sent_at.is_(None))
    for plan in db.session.scalars(unnoticed.order_by(ErasurePlan.id)).all():
        report.notified.append(plan.user_id)
        if not dry_run:
            send_notice(plan)
            db.session.commit()  # the outbox sends after this commit, and only once
    if dry_run:  # the plans a real run would have made are noticed the same day
        report.notified += report.planned
    _erase_due(today, report, dry_run=dry_run)
    _purge_logs(today, report, dry_run=dry_run)
    if not dry_run:
        report.swept_files = sweep_orphan_files()
    return report


def _erase_due(today: date, report: RunReport, *, dry_run: bool) -> None:
    due = db.session.scalars(
        select(ErasurePlan)
        .where(ErasurePlan.due_on <= today, ErasurePlan.notice_sent_at.is_not(None))
        .order_by(ErasurePlan.id)
    ).all()
    for plan in due:
        user = db.session.get(User, plan.user_id)
        assert user is not None
        cause = str(plan.cause)
        done = (
            eraser.plan(user) if dry_run else eraser.erase_and_commit(user, actor=None, cause=cause)
        )
        report.erased.append(done.user_id)
        report.rows.update(done.counts())
        report.files.update(key.split("/", 1)[0] for key in done.files)


def _purge_logs(today: date, report: RunReport, *, dry_run: bool) -> None:
    reads_before = _midnight(rules.add_months(today, -rules.READ_AUDIT_MONTHS))
    consents_before = _midnight(rules.add_months(today, -rules.CONSENT_EVENT_MONTHS))
    old_reads = ReadAudit.at < reads_before
    old_consents = ConsentEvent.at < consents_before
    report.purged_reads = db.session.scalar(select(func.count()).where(old_reads)) or 0
    report.purged_consents = db.session.scalar(select(func.count()).where(old_consents)) or 0
    if not dry_run:
        db.session.execute(delete(ReadAudit).where(old_reads))
        db.session.execute(delete(ConsentEvent).where(old_consents))
        db.session.commit()


def sweep_orphan_files(older_than: timedelta = timedelta(hours=1)) -> int:
    """Files no row names any more (an erasure that stopped after its commit), every store
    prefix the erasure deletes from: the photo and message sweeps, and attestation PDFs."""
    from portfolio.conversations.services import cleanup_orphan_attachments
    from portfolio.exits.services.pdf_cache import cleanup_orphan_pdfs
    from portfolio.trainee.services import cleanup_orphan_photos

    photos = cleanup_orphan_photos(older_than)
    db.session.commit()
    count = len(photos.orphans)
    count += len(cleanup_orphan_attachments(older_than))
    count += len(cleanup_orphan_pdfs(older_than))
    return count
