"""The young people who left, written as HTML items: the caseload's section (what is to do now)
and the page "Suivi après la sortie" (everyone, with their whole year of contacts).

At network size a referent follows 27 of them with 108 contacts: through a template's loop
they doubled the caseload's Python calls, so the items are written here, like the caseload's
rows (``referent.caseload_page``), with the page's words and links made once and every value
escaped as a template would.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from portfolio.exits.services.exits import outcome_label
from portfolio.followup.labels import StateBadges, time_tag
from portfolio.followup.services.contacts import (
    ACTION_STATES,
    ContactState,
    ContactView,
    FollowUpRow,
    Person,
    default_message,
)
from portfolio.layout import id_address
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext


def leaver_items(
    people: Sequence[FollowUpRow], *, history: bool = True, heading: int | None = 3
) -> Markup:
    """One ``<li>`` per young person, in the order of ``people``, their name a heading of
    level ``heading`` (none on their own file): the contacts to make now, then (with
    ``history``) the done and coming ones folded under one line."""
    if not people:
        return Markup("")  # no words, links or token made for nobody (most trainees' files)
    if history and not all(person.whole for person in people):
        raise ValueError("a history needs every contact: read the rows with followup_rows")
    write = _LeaverWriter(history, heading)
    return Markup("\n".join(write(person) for person in people))  # noqa: S704 (escaped there)


class _LeaverWriter:
    """Writes a young person's item, with the words and links of the page made once."""

    def __init__(self, history: bool, heading: int | None) -> None:
        self.history = history
        self.heading = f"h{heading}" if heading else None
        self.person_url = id_address("referent.trainee", "trainee_id")
        self.contact_url = id_address("followup.contact", "followup_id")
        self.message_url = id_address("followup.message", "followup_id")
        self.months = cache(lambda num: escape(ngettext("%(num)d mois", "%(num)d mois", num)))
        self.badges = StateBadges()
        self.left = escape(_("Sortie le"))
        self.note = escape(_("Noter le contact"))
        self.sent = escape(_("Message envoyé le"))
        self.send = escape(_("Envoyer un message"))
        self.see = escape(_("Voir"))
        self.none = escape(
            _("Aucun contact prévu : enregistrez la sortie de nouveau pour les prévoir.")
        )
        self.csrf = escape(generate_csrf())
        self.outcomes = cache(lambda outcome: escape(outcome_label(outcome)))
        self.messages: dict[str, Markup] = {}  # the prefilled message, per first name
        self.histories = cache(self._history_words)

    def __call__(self, person: FollowUpRow) -> str:
        name = escape(person.trainee.full_name)
        head = '<li class="card followup-person">\n'
        if self.heading:
            link = escape(self.person_url(person.trainee.id))
            head += f'<{self.heading}><a href="{link}">{name}</a></{self.heading}>\n'
        head += (
            f'<p class="muted">{self.left} {time_tag(person.exit.left_on)} : '
            f"{self.outcomes(person.exit.outcome)}</p>\n"
        )
        if person.exit.last_month is None:  # none planned (the exit was recorded before)
            return f'{head}<p class="muted">{self.none}</p>\n</li>'
        acting = [v for v in person.contacts if v.state in ACTION_STATES]
        offers = any(v.contact.messaged_at is None for v in acting)
        message = self._message(person.trainee) if offers else ""
        now = "\n".join(self._contact(view, name, message) for view in acting)
        if now:
            head += f'<ul class="followup-contacts">\n{now}\n</ul>\n'
        others = [v for v in person.contacts if v.state not in ACTION_STATES]
        if not others or not self.history:
            return f"{head}</li>"
        # Done and coming contacts folded under one line: a person's four or five contacts
        # made one phone screen each; what is to do now stays open above.
        lines = "\n".join(self._contact(view, name, message) for view in others)
        return (
            f'{head}<details class="followup-history">\n<summary>{self._history(others)}</summary>\n'
            f'<ul class="followup-contacts">\n{lines}\n</ul>\n</details>\n</li>'
        )

    def _history(self, views: Sequence[ContactView]) -> Markup:
        done = sum(1 for v in views if v.state is ContactState.DONE)
        return self.histories(done, len(views) - done)

    def _history_words(self, done: int, coming: int) -> Markup:
        """ "Contacts : 3 faits, 1 à venir" (made once per pair of figures on a page)."""
        words = [ngettext("%(num)d fait", "%(num)d faits", done)] if done else []
        if coming:
            words.append(ngettext("%(num)d à venir", "%(num)d à venir", coming))
        return escape(_("Contacts : %(list)s", list=", ".join(words)))

    def _message(self, trainee: Person) -> Markup:
        found = self.messages.get(trainee.first_name)
        if found is None:
            found = self.messages[trainee.first_name] = escape(default_message(trainee))
        return found

    def _contact(self, view: ContactView, name: Markup, message: str) -> str:
        item, state = view.contact, view.state
        badge = self.badges(item, state)
        months = self.months(item.month)
        line = (
            f'<li class="followup-contact followup-{state.value}">\n'
            f'<span class="followup-when">{months} · {time_tag(item.due_on)}</span>\n'
            f'<span class="ref-badge {badge.css}">{badge.words}</span>\n'
        )
        hidden = f'<span class="visually-hidden"> · {name}, {months}</span></a>'
        if state is ContactState.DONE:
            return f'{line}<a href="{self.contact_url(item.id)}">{self.see}{hidden}\n</li>'
        if state not in ACTION_STATES:
            return f"{line}</li>"
        line += f'<a class="button" href="{self.contact_url(item.id)}">{self.note}{hidden}\n'
        if item.messaged_at is not None:
            sent = time_tag(item.messaged_at.date())
            return f'{line}<span class="muted">{self.sent} {sent}</span>\n</li>'
        return (
            f'{line}<form method="post" action="{self.message_url(item.id)}" class="followup-tap">\n'
            f'<input type="hidden" name="csrf_token" value="{self.csrf}">\n'
            f'<input type="hidden" name="body" value="{message}">\n'
            f'<button type="submit" class="button">{self.send}'
            f'<span class="visually-hidden"> · {name}</span></button>\n</form>\n</li>'
        )
