"""Demo content of the year after the exit: Jade's 1-month contact is done and her 3-month one
is due; six young people who left in the last twelve months (with their contacts at 1, 3, 6
and 12 months, some done, one late) so the funders' report is not empty. Their counts stay
small on purpose: the report shows "< 5" for them. The caller commits."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portfolio.exits.services.exits import ExitInput, exit_of, record_exit
from portfolio.extensions import db
from portfolio.followup.services.contacts import ContactInput, record_contact
from portfolio.models import FollowUpContact, Role, Site, User, utcnow
from portfolio.services import accounts

# first name, last name, days since the exit, outcome, {month: (method, situation)}
FORMER = (
    (
        "Sami",
        "Bouzid",
        350,
        "cdi",
        {1: ("telephone", "cdi"), 3: ("telephone", "cdi"), 6: ("rencontre", "cdi")},
    ),
    (
        "Maya",
        "Roux",
        300,
        "cdd",
        {1: ("message", "cdd"), 3: ("sans_reponse", None), 6: ("telephone", "interim")},
    ),
    (
        "Nathan",
        "Petit",
        240,
        "formation",
        {1: ("telephone", "formation"), 3: ("telephone", "formation"), 6: ("message", "formation")},
    ),
    ("Emma", "Fontaine", 215, "sans_solution", {1: ("telephone", "sans_solution")}),
    (
        "Adam",
        "Mercier",
        150,
        "alternance",
        {1: ("rencontre", "alternance"), 3: ("telephone", "alternance")},
    ),
    ("Chloé", "Garnier", 60, "interim", {1: ("message", "cdd")}),
)


def seed(site: Site, users: dict[str, User]) -> None:
    referent, jade = users.get("referente"), users.get("jade")
    if referent is None or referent.role is not Role.REFERENT:
        return
    today = utcnow().date()
    if jade is not None and (left := exit_of(jade)) is not None:
        _done(
            referent,
            jade,
            1,
            left.left_on + timedelta(days=33),
            "telephone",
            "alternance",
            "Elle aime son apprentissage ; le rythme école-magasin la fatigue un peu.",
        )
    for first, last, days, outcome, done in FORMER:
        person = accounts.create_user(
            login=f"{first}.{last}".lower().replace("é", "e"),
            password=accounts.generate_password(),
            first_name=first,
            last_name=last,
            role=Role.TRAINEE,
            site=site,
        )
        accounts.assign_referent(person, referent)
        left_on = today - timedelta(days=days)
        record_exit(referent, person, ExitInput(left_on=left_on, outcome=outcome))
        for month, (method, situation) in done.items():
            _done(referent, person, month, _after(left_on, month), method, situation, "")


def _after(left_on: date, month: int) -> date:
    return min(left_on + timedelta(days=30 * month + 3), utcnow().date())


def _done(
    referent: User,
    trainee: User,
    month: int,
    on: date,
    method: str,
    situation: str | None,
    comment: str,
) -> None:
    contact = db.session.scalar(
        select(FollowUpContact).where(
            FollowUpContact.trainee_id == trainee.id, FollowUpContact.month == month
        )
    )
    if contact is None:
        return
    record_contact(
        referent,
        contact,
        ContactInput(done_on=on, method=method, situation=situation, comment=comment),
    )
