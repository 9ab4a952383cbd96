"""Demo content of the privacy room: Noah left the school nearly two years ago; the retention
run has planned his erasure and told him and his referent ten days ago (so `/admin/effacements`
is empty, `flask --app portfolio retention run --dry-run` lists him, and on his day the run
erases him). Two exits already erased remain as anonymous counts (with their situations at 6
and 12 months); Inès asked for a correction. The caller commits."""

from __future__ import annotations

from datetime import timedelta

from portfolio.exits.services.exits import ExitInput, record_exit
from portfolio.extensions import db
from portfolio.models import (
    AnonymousExit,
    ErasureCause,
    ErasurePlan,
    ExitOutcome,
    RectificationRequest,
    Role,
    Site,
    TraceContext,
    User,
    utcnow,
)
from portfolio.privacy.services import rules
from portfolio.services import accounts
from portfolio.trainee.services.editing import create_trace
from portfolio.trainee.services.inputs import TraceData


def seed(site: Site, users: dict[str, User]) -> None:
    referent = users.get("referente")
    if referent is None or referent.role is not Role.REFERENT or referent.site_id != site.id:
        return
    today = utcnow().date()
    noah = accounts.create_user(
        login=accounts.free_login("noah"),
        password=accounts.generate_password(),
        first_name="Noah",
        last_name="Petit",
        role=Role.TRAINEE,
        site=site,
    )
    accounts.assign_referent(noah, referent)
    create_trace(
        noah,
        TraceData(
            title="Mon stage à la jardinerie",
            body="J'ai arrosé et rangé les plantes. J'ai conseillé une cliente.",
            happened_on=today - timedelta(days=800),
            context=TraceContext.INTERNSHIP,
            competency_ids=("E2C-7A",),
        ),
    )
    erase_on = today + timedelta(days=20)
    left_on = rules.add_months(
        erase_on, -(rules.FOLLOW_UP_MONTHS + rules.KEEP_AFTER_FOLLOW_UP_MONTHS)
    )
    record_exit(referent, noah, ExitInput(left_on=left_on, outcome="formation"))
    db.session.add(
        ErasurePlan(
            user_id=noah.id,
            cause=ErasureCause.RETENTION,
            due_on=erase_on,
            notice_sent_at=utcnow() - timedelta(days=10),
        )
    )
    for months_ago, outcome, rome, months, later in (
        (27, ExitOutcome.CDI, "D1106", 9, (ExitOutcome.CDI, ExitOutcome.CDI)),
        (30, ExitOutcome.TRAINING, None, 6, (ExitOutcome.CDD, None)),
    ):
        left = rules.add_months(today, -months_ago)
        db.session.add(
            AnonymousExit(
                site_id=site.id, left_year=left.year, left_month=left.month,
                outcome=outcome, rome_code=rome, months_in_path=months,
                situation_6=later[0], situation_12=later[1], days_in_path=months * 30,
                competencies=3,
            )
        )  # fmt: skip
    _rectification(users)
    db.session.flush()


def _rectification(users: dict[str, User]) -> None:
    """Inès asked for a correction of her birth date: the admin sees it on /admin/effacements."""
    ines = users.get("ines")
    if ines is not None and ines.role is Role.TRAINEE:
        db.session.add(
            RectificationRequest(
                user_id=ines.id,
                what="Ma date de naissance est fausse : je suis née le 12 avril 2006.",
            )
        )
