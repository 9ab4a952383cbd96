"""The ends of paths in the generated network: exits with their year of follow-up contacts,
internships, and referents covering a colleague on leave.

Written by ``network.build_network`` after the follow-up, with the same bulk writer. Without
them every generated trainee was still in their path after two years, no referent covered a
colleague, and the caseload's "Suivi après la sortie" was never measured at network size: a
real referent's list holds as many young people followed after their exit as trainees in
their path. The shapes:

* a path lasts ``PATH_DAYS`` (the bilans' period) plus up to a month; a trainee whose path is
  over has an exit on its last day, recorded by their referent, with an outcome in the
  proportions of a network's yearly figures (a trade for a job, a work-study contract or a
  training), except the first trainees (those load tests log in as: their pages do the same
  work whatever the network's size);
* each exit gets the contacts of the default schedule (1, 3, 6 and 12 months, as
  ``followup.services.contacts.plan_contacts`` plans them); a contact due more than a week ago
  was mostly done (by phone, by message, met, or nobody answered), a few are late;
* about one internship per trainee who has begun one, two or three weeks in a company during
  the path, with its tutor and two or three competencies to ask the tutor about;
* a referent goes on leave now and then (two weeks, a colleague of the same site covers),
  a few leaves were cancelled, and a few are going on today (never for the first referents,
  whose caseload the benches open).

Ids grow with time, as in a real database.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from portfolio.demo.network_follow_up import PATH_DAYS
from portfolio.demo.network_rows import Writer
from portfolio.followup.services.schedule import DEFAULT
from portfolio.models import (
    ContactMethod,
    ExitOutcome,
    FollowUpContact,
    Handover,
    Internship,
    TraineeExit,
)
from portfolio.privacy.services.rules import add_months
from portfolio.services.rome.trades import Trade

STAYING = 20  # the first trainees never leave (load tests log in as them); a quarter at most
STEADY_REFERENTS = 5  # the first referents are neither away nor covering today; a quarter at most
OUTCOMES = (  # (outcome, weight): a network's yearly figures, rounded
    (ExitOutcome.TRAINING, 26),
    (ExitOutcome.ALTERNANCE, 12),
    (ExitOutcome.CDD, 10),
    (ExitOutcome.INTERIM, 8),
    (ExitOutcome.CDI, 6),
    (ExitOutcome.BUSINESS, 1),
    (ExitOutcome.OTHER, 7),
    (ExitOutcome.NONE, 30),
)
WITH_TRADE = frozenset({ExitOutcome.CDI, ExitOutcome.CDD, ExitOutcome.INTERIM})
WITH_TRADE |= {ExitOutcome.ALTERNANCE, ExitOutcome.TRAINING}
METHODS = (
    (ContactMethod.PHONE, 50),
    (ContactMethod.MESSAGE, 25),
    (ContactMethod.MEETING, 10),
    (ContactMethod.NO_ANSWER, 15),
)
DONE = 0.85  # share of contacts due more than a week ago that were done
LEAVES_PER_YEAR = 2  # two weeks of leave, twice a year, per referent
ON_LEAVE_TODAY = 0.04  # share of referents (the first ones aside) on leave today, one at least
CANCELLED = 0.1
COMPANIES = (
    "Boulangerie du marché",
    "Supermarché du centre",
    "Garage des Lilas",
    "Crèche Les Petits Pas",
)
TUTORS = ("Nadia Benali", "Thomas Morel", "Sophie Laurent", "Mehdi Rahmani")

EXIT_COLUMNS = (
    "id",
    "trainee_id",
    "left_on",
    "outcome",
    "rome_code",
    "comment",
    "recorded_by_id",
    "created_at",
)
CONTACT_COLUMNS = (
    "exit_id",
    "trainee_id",
    "month",
    "due_on",
    "done_on",
    "method",
    "situation",
    "recorded_by_id",
    "recorded_at",
    "created_at",
)
INTERNSHIP_COLUMNS = (
    "trainee_id",
    "created_by_id",
    "company_name",
    "tutor_name",
    "tutor_email",
    "starts_on",
    "ends_on",
    "rome_code",
    "trade_label",
    "framework_id",
    "competency_ids",
    "created_at",
)
HANDOVER_COLUMNS = (
    "from_referent_id",
    "to_referent_id",
    "starts_on",
    "ends_on",
    "created_by_id",
    "cancelled_at",
    "created_at",
)


@dataclass(frozen=True)
class Paths:
    """What these writers need of the people already written."""

    trainees: Sequence[int]  # in id order
    referents: Sequence[int]
    site_of: dict[int, int]
    referent_of: dict[int, int]
    entry_of: dict[int, date]
    framework_id: str
    competencies: Sequence[str]
    trades: Sequence[Trade]


def write_exits(writer: Writer, paths: Paths, rng: random.Random, now: datetime) -> dict[str, int]:
    """Exits and their contacts, internships, hand-overs; rows written per table."""
    today = now.date()
    exits = _exits(paths, rng, today)
    tables: list[tuple[Any, tuple[str, ...], Iterable[tuple[object, ...]]]] = [
        (TraineeExit.__table__, EXIT_COLUMNS, exits),
        (FollowUpContact.__table__, CONTACT_COLUMNS, _contacts(exits, rng, today)),
        (Internship.__table__, INTERNSHIP_COLUMNS, _internships(paths, rng, today)),
        (Handover.__table__, HANDOVER_COLUMNS, _handovers(paths, rng, today)),
    ]
    return {table.name: writer.write(table, columns, rows) for table, columns, rows in tables}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


T = TypeVar("T")


def _pick(choices: Sequence[tuple[T, int]], rng: random.Random) -> T:
    return rng.choices([c for c, _w in choices], weights=[w for _c, w in choices])[0]


def _exits(paths: Paths, rng: random.Random, today: date) -> list[tuple[object, ...]]:
    """One exit per trainee whose path is over, in the order of the exit dates (ids too)."""
    left = []
    for t in paths.trainees[min(STAYING, len(paths.trainees) // 4) :]:
        left_on = paths.entry_of[t] + timedelta(days=PATH_DAYS + rng.randrange(31))
        if left_on < today:
            outcome = _pick(OUTCOMES, rng)
            trade = rng.choice(paths.trades).code if outcome in WITH_TRADE else None
            left.append((left_on, t, outcome, trade))
    left.sort(key=lambda row: (row[0], row[1]))
    return [
        (n, t, day, outcome.value, trade, "", paths.referent_of[t], _at(day, 16))
        for n, (day, t, outcome, trade) in enumerate(left, start=1)
    ]


def _contacts(
    exits: list[tuple[object, ...]], rng: random.Random, today: date
) -> Iterator[tuple[object, ...]]:
    for exit_id, trainee, left_on, outcome, _trade, _comment, referent, created in exits:
        assert isinstance(left_on, date)
        for month in DEFAULT:
            due = add_months(left_on, month)
            if due < today - timedelta(days=7) and rng.random() < DONE:
                done = min(today, due + timedelta(days=rng.randrange(-3, 10)))
                method = _pick(METHODS, rng)
                answered = method is not ContactMethod.NO_ANSWER
                situation = (
                    (outcome if rng.random() < 0.7 else _pick(OUTCOMES, rng).value)
                    if answered
                    else None
                )
                yield (
                    exit_id,
                    trainee,
                    month,
                    due,
                    done,
                    method.value,
                    situation,
                    referent,
                    _at(done, 11),
                    created,
                )
            else:
                yield (exit_id, trainee, month, due, None, None, None, None, None, created)


def _internships(paths: Paths, rng: random.Random, today: date) -> Iterator[tuple[object, ...]]:
    for t in paths.trainees:
        starts = paths.entry_of[t] + timedelta(days=60 + rng.randrange(PATH_DAYS - 90))
        if starts > today or rng.random() < 0.15:
            continue  # not yet, or none (about one trainee in seven)
        trade = rng.choice(paths.trades)
        tutor = TUTORS[t % len(TUTORS)]
        yield (
            t,
            paths.referent_of[t],
            COMPANIES[t % len(COMPANIES)],
            tutor,
            f"{tutor.split()[0].lower()}.{t}@entreprise.example",
            starts,
            starts + timedelta(days=13 + 7 * rng.randrange(2)),
            trade.code,
            trade.label,
            paths.framework_id,
            rng.sample(list(paths.competencies), 2 + rng.randrange(2)),
            _at(starts - timedelta(days=10), 10),
        )


def _handovers(paths: Paths, rng: random.Random, today: date) -> Iterator[tuple[object, ...]]:
    """Past leaves (a few cancelled) and those going on today, oldest first."""
    by_site: dict[int, list[int]] = {}
    for r in paths.referents:
        by_site.setdefault(paths.site_of[r], []).append(r)
    leaves: list[tuple[date, int, int, bool]] = []
    for colleagues in by_site.values():
        for r in colleagues if len(colleagues) > 1 else ():  # alone: nobody to cover
            for _ in range(LEAVES_PER_YEAR * 2):  # the network's two years
                starts = today - timedelta(days=rng.randrange(20, 730))
                cover = rng.choice([c for c in colleagues if c != r])
                # a few cancelled, the first one always: even a small network shows one
                # (drawn only, the draw of a dozen leaves found none about one day in five)
                leaves.append((starts, r, cover, rng.random() < CANCELLED or not leaves))
    # Today: a few referents away, each covered by a colleague who is not away; the first
    # referents neither (their caseloads are the ones the benches open).
    steady = set(paths.referents[: min(STEADY_REFERENTS, len(paths.referents) // 4)])
    free = [r for r in paths.referents if r not in steady]
    # only those a colleague of their site can cover (a small network may have a pair of
    # referents, one of them steady: that draw used to leave nobody away)
    can_go = [r for r in free if any(c != r and c in free for c in by_site[paths.site_of[r]])]
    wanted = max(1, round(ON_LEAVE_TODAY * len(free)))
    away = set(rng.sample(can_go, min(wanted, len(can_go))))
    for r in sorted(away):
        covers = [c for c in by_site[paths.site_of[r]] if c not in away and c not in steady]
        if covers:
            leaves.append((today - timedelta(days=rng.randrange(13)), r, rng.choice(covers), False))
    leaves.sort()
    for starts, absent, cover, cancelled in leaves:
        asked = _at(starts - timedelta(days=7), 9)
        yield (
            absent,
            cover,
            starts,
            starts + timedelta(days=13),
            absent,
            asked + timedelta(days=2) if cancelled else None,
            asked,
        )


TABLES = [
    TraineeExit.__table__,
    FollowUpContact.__table__,
    Internship.__table__,
    Handover.__table__,
]
"""The tables written here, for the writer's ``finish`` (sequences, statistics)."""
