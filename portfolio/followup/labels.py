"""The badge of a contact's state, drawn the same on the contact page and the caseload.

Words and a badge, never colour alone. The words are made in Python rather than by a template
include: the caseload draws a badge per contact (four or five per young person who left, for
a year), and an include per contact cost more than the rest of the contact's line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup, escape

from portfolio.exits.services.exits import outcome_label
from portfolio.followup.services.contacts import ContactState, PlannedContact, method_label
from portfolio.models import FollowUpContact
from portfolio.services.i18n import gettext as _


@dataclass(frozen=True, slots=True)
class Badge:
    css: str
    words: Markup


def time_tag(day: date | datetime) -> Markup:
    """The ``day`` macro of ``referent/_macros.html`` (a datetime keeps its time in
    ``datetime``), for words made in Python. Digits and separators only: nothing to escape,
    so no ``Markup.format`` (a string formatter per date) and no ``strftime``."""
    text = f"{day.day:02d}/{day.month:02d}/{day.year}"
    return Markup(f'<time datetime="{day.isoformat()}">{text}</time>')  # noqa: S704


class StateBadges:
    """The badges of one page: their words translated once, however many contacts it shows
    (a ``_()`` costs a catalogue lookup through the request context)."""

    def __init__(self) -> None:
        self._waiting = {
            ContactState.OVERDUE: Badge("ref-badge-attention", escape(_("En retard"))),
            ContactState.DUE: Badge("followup-due", escape(_("À faire"))),
            ContactState.LATER: Badge("followup-later", escape(_("À venir"))),
        }
        self._done_on = escape(_("Fait le"))
        self._labels: dict[tuple[Callable[[str], str], str], Markup] = {}

    def __call__(self, contact: FollowUpContact | PlannedContact, state: ContactState) -> Badge:
        """The badge of ``contact`` in ``state``: done (when, how, the situation), or waiting."""
        if state is not ContactState.DONE or contact.done_on is None:
            return self._waiting[state]
        # Text joined from escaped pieces (a Markup "+" escapes each operand again).
        words = f"{self._done_on} {time_tag(contact.done_on)}"
        if contact.method:
            words += f" · {self._label(contact.method, method_label)}"
        if contact.situation:
            words += f" · {self._label(contact.situation, outcome_label)}"
        return Badge("followup-done", Markup(words))  # noqa: S704 (escaped pieces)

    def _label(self, value: str, label: Callable[[str], str]) -> Markup:
        found = self._labels.get((label, value))
        if found is None:
            found = self._labels[label, value] = escape(label(value))
        return found


def state_badge(contact: FollowUpContact | PlannedContact, state: ContactState) -> Badge:
    """The badge of one contact (a page that shows several makes one ``StateBadges``)."""
    return StateBadges()(contact, state)
