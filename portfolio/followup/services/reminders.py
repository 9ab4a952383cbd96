"""The weekly reminder: each referent gets one mail listing the contacts after the exit that
fall due this week (or are late), through the notifications outbox.

Idempotent: a contact reminded once carries ``reminded_at`` and is never listed again, so a
command run twice (cron retried, a second server) mails once. A referent who chose "Jamais"
gets no mail; their contacts are marked too (the caseload shows them anyway).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.followup.services.contacts import DUE_AHEAD
from portfolio.models import FollowUpContact, ReferentAssignment, Role, User, utcnow
from portfolio.notifications.services.outbox import in_language_of, notify_now
from portfolio.services.i18n import gettext as _


@dataclass
class ReminderReport:
    contacts: int = 0
    mails: int = 0
    lines: list[str] = field(default_factory=list)


def write_reminders(today: date | None = None) -> ReminderReport:
    """Mail each referent the contacts due by a week from ``today`` not reminded yet.

    Queries: the contacts with their trainee and referent (one), then per referent the
    outbox's own (their mail preference). The caller commits (or rolls back: a dry run).
    """
    day = today or utcnow().date()
    found = db.session.execute(
        select(FollowUpContact, User, ReferentAssignment.referent_id)
        .join(User, User.id == FollowUpContact.trainee_id)
        .join(
            ReferentAssignment,
            (ReferentAssignment.trainee_id == User.id) & ReferentAssignment.ended_at.is_(None),
        )
        .where(
            FollowUpContact.done_on.is_(None),
            FollowUpContact.reminded_at.is_(None),
            FollowUpContact.due_on <= day + DUE_AHEAD,
        )
        .order_by(ReferentAssignment.referent_id, FollowUpContact.due_on, FollowUpContact.id)
    ).all()
    by_referent: dict[int, list[tuple[FollowUpContact, User]]] = defaultdict(list)
    for contact, trainee, referent_id in found:
        by_referent[referent_id].append((contact, trainee))
    report = ReminderReport()
    now = utcnow()
    for referent_id, items in by_referent.items():
        referent = db.session.get(User, referent_id)
        if referent is None or referent.role is not Role.REFERENT:
            continue
        if _mail(referent, items) is not None:
            report.mails += 1
        for contact, trainee in items:
            contact.reminded_at = now
            report.contacts += 1
            report.lines.append(
                f"{referent.login}: {trainee.id} +{contact.month}m {contact.due_on}"
            )
    db.session.flush()
    return report


def _mail(referent: User, items: list[tuple[FollowUpContact, User]]) -> object:
    with in_language_of(referent):
        subject = _("Suivi après la sortie : des contacts à faire cette semaine")
        lines = [_("Ces jeunes sortis de l'école attendent de vos nouvelles :")]
        lines += [
            _(
                "%(name)s : contact à %(n)d mois, prévu le %(day)s",
                name=trainee.full_name,
                n=contact.month,
                day=contact.due_on.strftime("%d/%m/%Y"),
            )
            for contact, trainee in items
        ]
        link = url_for("referent.caseload", _external=True) + "#suivi"
    return notify_now(referent, subject, lines, link, direct=True)
