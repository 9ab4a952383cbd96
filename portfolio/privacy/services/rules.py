"""How long each kind of record is kept, and after what: the retention rules in one place.

The README (section « Données personnelles : conservation et effacement ») says the same in
French with the reasons. Every duration is counted in calendar months from a date the
database holds; ``add_months`` keeps the day (the 31st becomes the month's last day).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

# -- a trainee's whole account (rows and files) ---------------------------------------------
FOLLOW_UP_MONTHS: Final = 12
"""The year of follow-up after the exit (contacts at 1, 3, 6 and 12 months by default). A
site whose schedule plans a contact later (18 or 24 months) follows up until that contact:
the end of follow-up is the later of the two (:func:`end_of_follow_up`)."""
KEEP_AFTER_FOLLOW_UP_MONTHS: Final = 12
"""Then one more year (issue 16: "one year after the end of follow-up"), for a young person
who comes back or asks for a copy of a paper. The default of the site setting
``Site.keep_months`` (1 to 36, on the site's settings page)."""
MIN_KEEP_MONTHS: Final = 1
INACTIVE_MONTHS: Final = 24
"""A trainee who never left on record (the referent forgot the exit, or they stopped coming)
and who has not logged in for two years: erased like one who left two years ago."""
NOTICE_DAYS: Final = 30
"""The young person and their referent are told this many days before (with the export link)."""
REQUEST_DAYS: Final = 30
"""Erasure asked by the trainee: the site admin carries it out; if nobody did, the daily run
does it this many days after the request (the GDPR's one month, article 12.3)."""

# -- logs kept with the account, purged earlier ----------------------------------------------
READ_AUDIT_MONTHS: Final = 12
""""Who opened my portfolio": one year of reads (a log kept longer would itself track people)."""
CONSENT_EVENT_MONTHS: Final = 60
"""The consent ledger is the proof of consent to the showcase: five years (the time a claim
can be brought), and never longer than the account."""

# -- files: every column naming a key in storage (the erasure deletes them after commit) --------
FILE_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "trace_photo": ("display_key", "thumb_key"),
    "pending_photo": ("display_key", "thumb_key"),
    "audio_recording": ("storage_key",),
    "message_attachment": ("file_key", "thumb_key"),
    "attestation": ("pdf_key",),
}
"""A test fails when a column named ``*_key`` is neither here nor in ``NOT_FILES``."""
NOT_FILES: Final = frozenset({("trace", "client_key"), ("grid_submission", "client_key")})


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a trainee's account is erased, and from when they are told."""

    erase_on: date

    @property
    def notice_from(self) -> date:
        return self.erase_on - timedelta(days=NOTICE_DAYS)


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (negative: back)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def end_of_follow_up(left_on: date, last_contact_month: int | None = None) -> date:
    """The later of the follow-up year and the last contact planned (``last_contact_month``
    months after the exit: the site's schedule or the exit's own planned contacts)."""
    return add_months(left_on, max(FOLLOW_UP_MONTHS, last_contact_month or 0))


def after_exit(
    left_on: date,
    keep_months: int = KEEP_AFTER_FOLLOW_UP_MONTHS,
    last_contact_month: int | None = None,
) -> Deadline:
    """A trainee who left on ``left_on``: the follow-up (a year, or until the last contact
    planned), then the site's retention time."""
    return Deadline(add_months(end_of_follow_up(left_on, last_contact_month), keep_months))


def after_inactivity(last_seen: date) -> Deadline:
    """A trainee with no exit on record, last seen (logged in, or created) on ``last_seen``."""
    return Deadline(add_months(last_seen, INACTIVE_MONTHS))


def left_before(today: date, keep_months: int = MIN_KEEP_MONTHS) -> date:
    """Exits on or before this day are due for their notice today (or were), for a site that
    keeps ``keep_months`` after a follow-up of a year (the shortest by default: every
    candidate; a longer follow-up is checked per exit by :func:`after_exit`)."""
    return add_months(today + timedelta(days=NOTICE_DAYS), -(FOLLOW_UP_MONTHS + keep_months))


def seen_before(today: date) -> date:
    """Trainees without an exit, last seen before this day, are due for their notice."""
    return add_months(today + timedelta(days=NOTICE_DAYS), -INACTIVE_MONTHS)
