"""The daily digest: per person, the news of "Nouveau pour vous" since their last digest.

The items are those of the home page (:func:`portfolio.main.services.news.news_for`, reused,
not rewritten): new (not seen in the app) and younger than ``digest_sent_up_to``. Running the
command twice sends nothing the second time: the mark moves to the run's start in the same
transaction as the mails it wrote. People who chose "Tout de suite" already got the notes and
the companies' messages one by one; their digest keeps the rest (replies, bilans, offers).

Cost: one query for the people (with their choice), then ``news_for``'s few queries and one
insert per person with news: the same whatever the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import func, or_, select

from portfolio.extensions import db
from portfolio.main.services.news import NewsItem, news_for
from portfolio.models import (
    MailFrequency,
    MailKind,
    MailPreference,
    NewsKind,
    User,
    utcnow,
)
from portfolio.notifications.services.outbox import compose, in_language_of
from portfolio.notifications.services.preferences import READERS
from portfolio.services.i18n import ngettext

# What "Tout de suite" already mailed one by one.
SENT_AT_ONCE = frozenset({NewsKind.NOTE, NewsKind.CONTACT, NewsKind.CONTACT_MESSAGE})
# Someone who never got a digest: the news of the last day (not the whole 60-day window).
FIRST_DIGEST_SPAN = timedelta(days=1)


@dataclass
class DigestReport:
    people: int = 0
    mails: int = 0
    items: int = 0
    lines: list[str] = field(default_factory=list)  # "user #id: n items" (no name, no address)


def _recipients() -> list[tuple[User, MailPreference | None]]:
    query = (
        select(User, MailPreference)
        .outerjoin(MailPreference, MailPreference.user_id == User.id)
        .where(
            User.active.is_(True),
            User.role.in_(READERS),
            User.email.is_not(None),
            func.trim(User.email) != "",
            or_(MailPreference.id.is_(None), MailPreference.frequency != MailFrequency.NEVER),
        )
        .order_by(User.id)
    )
    return [(row[0], row[1]) for row in db.session.execute(query)]


def _fresh(user: User, pref: MailPreference | None, now: datetime) -> list[NewsItem]:
    since = pref.digest_sent_up_to if pref and pref.digest_sent_up_to else now - FIRST_DIGEST_SPAN
    skip = SENT_AT_ONCE if pref and pref.frequency is MailFrequency.IMMEDIATE else frozenset()
    return [
        item
        for item in news_for(user)
        if item.new and since < item.at <= now and item.kind not in skip
    ]


def write_digests(now: datetime | None = None) -> DigestReport:
    """Write each person's digest (the caller commits, then sends); move their marks."""
    now = now or utcnow()
    report = DigestReport()
    for user, pref in _recipients():
        report.people += 1
        with in_language_of(user):
            items = _fresh(user, pref, now)
            if items:
                subject = ngettext(
                    "Une nouveauté pour vous", "%(num)d nouveautés pour vous", len(items)
                )
                link = url_for("main.home", _external=True)
                compose(user, MailKind.DIGEST, subject, [item.text for item in items], link)
                report.mails += 1
                report.items += len(items)
                report.lines.append(f"user #{user.id}: {len(items)}")
        if pref is None:
            pref = MailPreference(user_id=user.id, frequency=MailFrequency.DAILY)
            db.session.add(pref)
        pref.digest_sent_up_to = now
    db.session.flush()
    return report
