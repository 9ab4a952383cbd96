"""The contacts after the exit: planned with the exit, recorded by the referent.

``plan_contacts`` is called by the exit's one write path (``exits.services.exits``): the
first record of an exit plans one contact per month of the site's schedule; a corrected exit
date moves the contacts not done yet (the schedule they were planned with stays: a site that
changes its schedule later does not move contacts already planned). ``record_contact`` is the
one write path of a contact's outcome; ``send_message`` writes "comment ça va ?" to the young
person through the conversations service (which mails and pushes).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final, Protocol, TypeVar

from sqlalchemy import Date, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased

from portfolio.conversations.services import start_conversation
from portfolio.conversations.services.errors import MessageRefused
from portfolio.database import read
from portfolio.extensions import db
from portfolio.followup.services.schedule import schedule_of
from portfolio.models import (
    ContactMethod,
    Conversation,
    ExitOutcome,
    FollowUpContact,
    TraineeExit,
    User,
    utcnow,
)
from portfolio.privacy.services.rules import add_months, end_of_follow_up
from portfolio.services import access
from portfolio.services.i18n import N_
from portfolio.services.i18n import gettext as _
from portfolio.services.rules import ReferentError, check_follows, clean_text

MAX_COMMENT: Final = 500
E = TypeVar("E", ContactMethod, ExitOutcome)
DUE_AHEAD: Final = timedelta(days=7)  # a contact shows as "à faire" a week before its date
LATE_AFTER: Final = timedelta(days=14)  # and "en retard" two weeks after it
OVER_AFTER: Final = timedelta(days=61)  # the follow-up's end: its last contact, late, still shows

METHOD_LABELS: Final = {
    ContactMethod.PHONE: N_("Téléphone"),
    ContactMethod.MESSAGE: N_("Message"),
    ContactMethod.MEETING: N_("Rencontre"),
    ContactMethod.NO_ANSWER: N_("Sans réponse"),
}


class ContactState(enum.StrEnum):
    LATER = "later"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"


ACTION_STATES: Final = frozenset({ContactState.DUE, ContactState.OVERDUE})
"""A contact to make now: it shows "À faire" or "En retard", with its buttons."""


def method_label(method: ContactMethod | str | None) -> str:
    try:
        return _(METHOD_LABELS[ContactMethod(method)]) if method else ""
    except ValueError:
        return str(method)


def state_of(contact: FollowUpContact | PlannedContact, today: date) -> ContactState:
    if contact.done_on is not None:
        return ContactState.DONE
    if contact.due_on > due_by(today):
        return ContactState.LATER
    return ContactState.OVERDUE if contact.due_on < today - LATE_AFTER else ContactState.DUE


def due_by(today: date) -> date:
    """The last due date of a contact to make now: one not done, due by then, is "À faire" or
    "En retard" (``ACTION_STATES``). :data:`_TO_MAKE_NOW` asks the database the same."""
    return today + DUE_AHEAD


def plan_contacts(row: TraineeExit, trainee: User) -> list[FollowUpContact]:
    """The contacts of an exit just written (see the module docstring)."""
    planned = list(
        db.session.scalars(select(FollowUpContact).where(FollowUpContact.exit_id == row.id))
    )
    if not planned:
        planned = [
            FollowUpContact(
                exit_id=row.id,
                trainee_id=trainee.id,
                month=month,
                due_on=add_months(row.left_on, month),
            )
            for month in schedule_of(trainee.site)
        ]
        db.session.add_all(planned)
    else:
        for contact in planned:
            if contact.done_on is None:
                contact.due_on = add_months(row.left_on, contact.month)
    db.session.flush()
    return planned


# -- recording a contact -------------------------------------------------------------------


@dataclass(frozen=True)
class ContactInput:
    done_on: object
    method: object
    situation: object = None
    comment: object = ""


def record_contact(referent: User, contact: FollowUpContact, data: ContactInput) -> FollowUpContact:
    """Record (or correct) how the contact went. Raises :class:`ReferentError`."""
    trainee = db.session.get(User, contact.trainee_id)
    assert trainee is not None
    check_follows(referent, trainee)
    done_on = data.done_on
    if not isinstance(done_on, date):
        raise ReferentError(_("La date du contact doit être une date."))
    if done_on > utcnow().date() + timedelta(days=1):
        raise ReferentError(_("La date du contact ne peut pas être dans le futur."))
    if done_on < contact.exit.left_on:
        raise ReferentError(_("La date du contact vient avant la sortie."))
    method = _enum(ContactMethod, data.method)
    if method is None:
        raise ReferentError(_("Choisissez comment le contact a eu lieu dans la liste."))
    situation = _enum(ExitOutcome, data.situation)
    if method is ContactMethod.NO_ANSWER:
        situation = None  # nobody answered: the situation is not known
    elif situation is None:
        raise ReferentError(_("Choisissez la situation du jeune à cette date dans la liste."))
    contact.comment = clean_text(data.comment, _("Commentaire"), limit=MAX_COMMENT)
    contact.done_on = done_on
    contact.method = method
    contact.situation = situation
    contact.recorded_by_id = referent.id
    contact.recorded_at = utcnow()
    db.session.flush()
    return contact


def _enum(cls: type[E], value: object) -> E | None:
    if not isinstance(value, str):
        return None
    try:
        return cls(value)
    except ValueError:
        return None


# -- the message to the young person -----------------------------------------------------


def default_message(trainee: Person) -> str:
    """The prefilled message: plain French (or the trainee's language). It says "tu": the referent
    writes it to the young person, whereas the pages the trainee reads say "vous"."""
    return _(
        "Bonjour %(name)s, comment ça va depuis ta sortie ? Tu peux me répondre ici, "
        "même en deux mots : ce que tu fais en ce moment, si tout va bien. "
        "Si tu as besoin d'aide, je suis là.",
        name=trainee.first_name,
    )


def send_message(referent: User, contact: FollowUpContact, body: object) -> Conversation:
    """Write to the young person in a new thread (mailed and pushed by the conversations
    service). Raises :class:`ReferentError` (an empty or too long message)."""
    trainee = db.session.get(User, contact.trainee_id)
    assert trainee is not None
    check_follows(referent, trainee)
    try:
        thread = start_conversation(referent, trainee, _("Des nouvelles ?"), body)
    except MessageRefused as err:
        raise ReferentError(str(err)) from None
    contact.messaged_at = utcnow()
    db.session.flush()
    return thread


# -- the caseload section ----------------------------------------------------------------


class Person(Protocol):
    """Who left, as the caseload knows them (an account or the caseload's three columns)."""

    @property
    def id(self) -> int: ...

    @property
    def first_name(self) -> str: ...

    @property
    def full_name(self) -> str: ...


@dataclass(frozen=True, slots=True)
class PlannedContact:
    """A contact as the caseload shows it: its columns, not an ORM object."""

    id: int
    month: int
    due_on: date
    done_on: date | None
    method: ContactMethod | None
    situation: ExitOutcome | None
    messaged_at: datetime | None


@dataclass(frozen=True, slots=True)
class ExitFacts:
    """The exit as the caseload shows it, with the month of its last planned contact (None
    when none is planned): the follow-up's end depends on it."""

    left_on: date
    outcome: ExitOutcome
    last_month: int | None


@dataclass(frozen=True)
class ContactView:
    contact: PlannedContact
    state: ContactState


@dataclass(frozen=True)
class FollowUpRow:
    """A young person who left, with their contacts in month order: all of them, or with
    ``whole`` false only those to make now (:func:`leavers_to_contact`, the caseload's)."""

    trainee: Person
    exit: ExitFacts
    contacts: list[ContactView]
    whole: bool = True

    @property
    def next_contact(self) -> ContactView | None:
        return next((c for c in self.contacts if c.state is not ContactState.DONE), None)

    def to_do(self, day: date) -> bool:
        """Something to do now: a contact due or late, or no contact planned, while the
        follow-up runs (the exit must be recorded again to plan them)."""
        if self.is_over(day):
            return False
        planned = self.exit.last_month is not None  # the exit's, whatever contacts were read
        return not planned or any(c.state in ACTION_STATES for c in self.contacts)

    def is_over(self, day: date) -> bool:
        """The follow-up year (or the last contact planned) ended more than ``OVER_AFTER``
        ago: what was not done then is no longer to do. Kept until erasure, shown apart."""
        return end_of_follow_up(self.exit.left_on, self.exit.last_month) + OVER_AFTER < day

    @property
    def urgency(self) -> int:
        states = {c.state for c in self.contacts}
        if ContactState.OVERDUE in states:
            return 0
        return 1 if ContactState.DUE in states else 2


_PLANNED = aliased(FollowUpContact, name="planned")
_LAST_MONTH = (
    select(func.max(_PLANNED.month)).where(_PLANNED.exit_id == TraineeExit.id).scalar_subquery()
)
_TO_MAKE_NOW = and_(
    FollowUpContact.done_on.is_(None),
    FollowUpContact.due_on <= bindparam("due_by", type_=Date),
)
"""A contact to make now, asked of the database: ``state_of`` in ``ACTION_STATES`` (bind
``due_by`` to :func:`due_by`; a test holds the two to the same answer)."""


def _leavers_statement(contacts: Any) -> Select[Any]:
    """The exits of some trainees (``trainee_ids``, left by ``day``), the month of their last
    planned contact and, joined on ``contacts``, the contacts read: the columns shown only."""
    return (
        select(
            TraineeExit.trainee_id,
            TraineeExit.left_on,
            TraineeExit.outcome,
            _LAST_MONTH.label("last_month"),
            FollowUpContact.id,
            FollowUpContact.month,
            FollowUpContact.due_on,
            FollowUpContact.done_on,
            FollowUpContact.method,
            FollowUpContact.situation,
            FollowUpContact.messaged_at,
        )
        .outerjoin(FollowUpContact, contacts)
        .where(
            TraineeExit.trainee_id.in_(bindparam("trainee_ids", expanding=True)),
            TraineeExit.left_on <= bindparam("day", type_=Date),
        )
        .order_by(TraineeExit.trainee_id, FollowUpContact.month)
    )


_FOLLOWUP: Final = _leavers_statement(FollowUpContact.exit_id == TraineeExit.id)
"""Every contact of the exits: the page "Suivi après la sortie", a trainee's file."""
_TO_DO: Final = _leavers_statement(
    and_(FollowUpContact.exit_id == TraineeExit.id, _TO_MAKE_NOW)
).where(or_(FollowUpContact.id.is_not(None), _LAST_MONTH.is_(None)))
"""The exits with a contact to make now (only those contacts read) or none planned: the
caseload's section. At network size a referent's 26 young people who left have 104 contacts,
of which the caseload shows about twenty."""


def _rows(
    statement: Select[Any], trainees: Sequence[Person], day: date, whole: bool
) -> list[FollowUpRow]:
    by_id = {t.id: t for t in trainees}
    if not by_id:
        return []
    params = {"trainee_ids": list(by_id), "day": day, "due_by": due_by(day)}
    rows: dict[int, FollowUpRow] = {}
    for trainee_id, left_on, outcome, last_month, *columns in read(statement, params):
        row = rows.get(trainee_id)
        if row is None:
            facts = ExitFacts(left_on, outcome, last_month)
            row = rows[trainee_id] = FollowUpRow(by_id[trainee_id], facts, [], whole)
        if columns[0] is not None:
            contact = PlannedContact(*columns)
            row.contacts.append(ContactView(contact, state_of(contact, day)))
    return sorted(
        rows.values(),
        key=lambda r: (r.urgency, r.next_contact.contact.due_on if r.next_contact else date.max),
    )


def followup_rows(trainees: Sequence[Person], today: date | None = None) -> list[FollowUpRow]:
    """The trainees among ``trainees`` who left, with all their contacts: one query, of the
    columns shown only."""
    return _rows(_FOLLOWUP, trainees, today or utcnow().date(), whole=True)


def leavers_to_contact(trainees: Sequence[Person], today: date) -> list[FollowUpRow]:
    """Those among ``trainees`` who left and have something to do now (:meth:`FollowUpRow.to_do`),
    most urgent first, each with only the contacts to make now: one query that reads no
    other contact (the caseload's section)."""
    return [row for row in _rows(_TO_DO, trainees, today, whole=False) if row.to_do(today)]


_LEAVERS: Final = (
    select(User)
    .join(TraineeExit, TraineeExit.trainee_id == User.id)
    .where(User.id.in_(access.FOLLOWED_IDS), TraineeExit.left_on <= bindparam("day", type_=Date))
)
"""The young people who left among those a referent follows (``access.followed_params``)."""


def followed_leavers(referent: User, today: date | None = None) -> list[FollowUpRow]:
    """Every young person ``referent`` follows who left, with all their contacts: the page
    "Suivi après la sortie" (the caseload keeps those with something to do now)."""
    params = access.followed_params(referent, today)
    people = db.session.scalars(_LEAVERS, params).all()
    return followup_rows(people, params["day"])
