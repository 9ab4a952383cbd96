"""The caseload page's words and links, made once per page rather than once per row.

At network size a caseload shows fifty trainees, and the young people who left, each with
four or five contacts for a year. In a template every attribute, filter, ``_()``, macro call
and include costs a few Python calls: the table once spent more on them than on its queries.
So the words repeated on the rows (a count's sentence, a date's two spellings, a link) are
made here, once per distinct value (``functools.cache`` per page), and links with
``layout.id_address`` (``url_for`` once); the template only places them. Nothing shown
changes: same words, links and order as when the template made them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from markupsafe import Markup

from portfolio.exits.services.exits import outcome_label
from portfolio.followup.labels import StateBadges, time_tag
from portfolio.followup.services.contacts import (
    ContactState,
    ContactView,
    FollowUpRow,
    default_message,
)
from portfolio.layout import id_address
from portfolio.referent.services.visits import CaseloadRow
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext
from portfolio.template_globals import days_ago

_ACTION_STATES = (ContactState.DUE, ContactState.OVERDUE)


class TableLine(NamedTuple):
    """One trainee's row of the table, its words made (a tuple: the template unpacks it, an
    attribute lookup per cell costing as much as the cell)."""

    id: int
    name: str
    attention: bool
    news: str  # "2 nouveaux", "" when nothing new for me
    letters: str  # "1 message non lu", ""
    cover: str  # "Remplacement de …", "" for one's own trainee
    traces: int
    selfs: int
    game: int
    gap_code: str  # "" when no gap
    gap_words: str
    gap_size: str
    review: str  # "il y a 3 jours", "" when never
    visit: Markup  # the last visit's <time>, "" when never


@dataclass(frozen=True, slots=True)
class ContactLine:
    """One planned contact of a young person who left."""

    state: str
    months: str  # "3 mois"
    due: Markup
    badge_css: str
    badge: Markup
    href: str  # the contact's page ("" when neither due nor done)
    message_href: str  # where the one-tap message goes ("" once sent)
    messaged: Markup  # the day the message went ("" when not sent)


@dataclass(frozen=True, slots=True)
class LeaverLine:
    """A young person who left, with their contacts."""

    href: str
    name: str
    left: Markup
    outcome: str
    message: str  # the prefilled message ("" when no contact offers it)
    contacts: list[ContactLine]


def table_lines(
    rows: Sequence[CaseloadRow], news_counts: Mapping[int, int], letters: Mapping[int, int]
) -> list[TableLine]:
    """The table's rows, in the order of ``rows``."""
    # The sentences are written out in each call, for Babel's extraction; "" for none.
    news_words = cache(
        lambda num: ngettext("%(num)d nouveau", "%(num)d nouveaux", num) if num else ""
    )
    letter_words = cache(
        lambda num: ngettext("%(num)d message non lu", "%(num)d messages non lus", num)
        if num
        else ""
    )
    review_words = cache(days_ago)
    gap_text = _("stagiaire %(a)s, référent %(b)s")
    cover_text = _("Remplacement de %(name)s")
    lines = []
    for r in rows:
        tid, gap, visit = r.trainee.id, r.largest_gap, r.last_visit
        lines.append(
            TableLine(
                id=tid,
                name=r.trainee.full_name,
                attention=r.needs_attention,
                news=news_words(news_counts.get(tid, 0)),
                letters=letter_words(letters.get(tid, 0)),
                cover=cover_text % {"name": r.covered_for} if r.covered_for else "",
                traces=r.new_traces,
                selfs=r.new_self_assessments,
                game=r.pending_game,
                gap_code=gap.competency.code if gap else "",
                gap_words=gap_text % {"a": gap.self_level, "b": gap.referent_level} if gap else "",
                gap_size=f"{gap.gap:+d}" if gap else "",
                review=review_words(r.days_since_review or 0) if r.last_review_on else "",
                visit=time_tag(visit) if visit else Markup(""),
            )
        )
    return lines


def leaver_lines(people: Sequence[FollowUpRow]) -> list[LeaverLine]:
    """The section of the young people who left, in the order of ``people``."""
    person_url = id_address("referent.trainee", "trainee_id")
    contact_line = _ContactWords()
    lines = []
    for person in people:
        contacts = [contact_line(c) for c in person.contacts]
        offers_message = any(c.message_href for c in contacts)
        lines.append(
            LeaverLine(
                href=person_url(person.trainee.id),
                name=person.trainee.full_name,
                left=time_tag(person.exit.left_on),
                outcome=outcome_label(person.exit.outcome),
                message=default_message(person.trainee) if offers_message else "",
                contacts=contacts,
            )
        )
    return lines


class _ContactWords:
    """Makes the contacts' lines, with the words and links of the page made once."""

    def __init__(self) -> None:
        self.contact_url = id_address("followup.contact", "followup_id")
        self.message_url = id_address("followup.message", "followup_id")
        self.months = cache(lambda num: ngettext("%(num)d mois", "%(num)d mois", num))
        self.badges = StateBadges()

    def __call__(self, view: ContactView) -> ContactLine:
        item, state = view.contact, view.state
        badge = self.badges(item, state)
        acts = state in _ACTION_STATES
        sent: date | None = item.messaged_at.date() if item.messaged_at else None
        return ContactLine(
            state=state.value,
            months=self.months(item.month),
            due=time_tag(item.due_on),
            badge_css=badge.css,
            badge=badge.words,
            href=self.contact_url(item.id) if acts or state is ContactState.DONE else "",
            message_href=self.message_url(item.id) if acts and sent is None else "",
            messaged=time_tag(sent) if acts and sent is not None else Markup(""),
        )
