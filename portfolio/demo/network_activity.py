"""A year of the network's life for the generator: activity sessions with their groups, and
conversations between trainees and their referents with their messages.

Written by ``network.build_network`` after the people, with the same bulk writer (COPY on
PostgreSQL, executemany on SQLite) and the same skew as the traces: a trainee who writes many
traces also goes to more sessions and writes more messages. The shapes:

* each site has a small catalogue (``ACTIVITIES``, copied per site as a school would), each
  activity aiming at two competencies of the framework (what the trainee's path proposes); its
  sessions are spread over the last year (weekdays, a few in the next two weeks still to
  come), each led by a referent of the site, with a group of the site's trainees (4 to 12);
  the roll is taken for past sessions (mostly present, some absent or excused), not for the
  ones to come;
* each trainee with messages has one to four threads with their referent, the messages
  alternate between the two over the year, the thread's ``last_message_at`` is its last
  message; both sides have a read point (the referent is a message or two behind now and
  then), so menus and caseloads show real unread counts.

Rejected: one session or one thread per trainee regardless of activity (flat load that hides
the heavy users the pages must stay fast for), and random ids (the read points and the
"newest first" lists rely on ids growing with time, as they do in a real database).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from portfolio.demo.network_rows import Writer
from portfolio.models import (
    Activity,
    ActivityKind,
    ActivitySession,
    ActivityTarget,
    Attendance,
    Conversation,
    ConversationMessage,
    ConversationRead,
    SessionAnimator,
    SessionParticipant,
)

YEAR = 365
AHEAD = 14  # sessions already planned for the next two weeks
ACTIVITIES = [
    ("ATELIER-CV", "Atelier CV", ActivityKind.WORKSHOP, 120, 12),
    ("MATHS-1", "Remise à niveau : calcul", ActivityKind.MATHS, 90, 10),
    ("FRANCAIS-1", "Remise à niveau : français", ActivityKind.FRENCH, 90, 10),
    ("NUMERIQUE", "Atelier numérique", ActivityKind.DIGITAL, 120, 12),
    ("ENTRETIEN", "Simulation d'entretien", ActivityKind.INTERVIEW_PRACTICE, 60, 6),
    ("VISITE", "Visite d'entreprise", ActivityKind.COMPANY_VISIT, 180, 12),
]
SUBJECTS = ["Mon stage", "Mon CV", "Rendez-vous de la semaine", "Une question", "Mon projet"]
LINES = [
    "Bonjour, je serai en retard demain matin.",
    "Merci, c'est noté. On se voit à 10 h.",
    "J'ai trouvé une entreprise pour mon stage !",
    "Très bien. Envoie-moi son nom et on en parle jeudi.",
    "Je n'ai pas compris l'exercice de calcul.",
    "On le refait ensemble à l'atelier.",
]


@dataclass(frozen=True)
class Year:
    """What the year's writers need of the people already written."""

    sites: int
    referents_of_site: dict[int, list[int]]
    trainees_of_site: dict[int, list[int]]
    referent_of: dict[int, int]
    weight_of: dict[int, int]  # each trainee's activity (their traces): the skew
    framework_id: str
    competencies: Sequence[str]  # the framework's active competency ids, in order


def write_sessions(
    writer: Writer, year: Year, sessions: int, rng: random.Random, now: datetime
) -> dict[str, int]:
    """The sites' catalogues with their targets, ``sessions`` sessions over the last year,
    their animators and groups with attendance; return rows written per table."""
    counts: dict[str, int] = {}
    per_site = len(ACTIVITIES)
    counts["activity"] = writer.write(
        Activity.__table__,  # type: ignore[arg-type]
        ("id", "site_id", "code", "title", "kind", "duration_minutes", "group_size"),
        (
            (1 + (s - 1) * per_site + k, s, code, title, kind.value, minutes, group)
            for s in range(1, year.sites + 1)
            for k, (code, title, kind, minutes, group) in enumerate(ACTIVITIES)
        ),
    )
    # Each catalogue entry aims at two competencies, spread over the framework; the same in
    # every site (the network's library, copied).
    aims = [
        (
            year.competencies[(5 * k) % len(year.competencies)],
            year.competencies[(5 * k + 2) % len(year.competencies)],
        )
        for k in range(per_site)
    ]
    counts["activity_target"] = writer.write(
        ActivityTarget.__table__,  # type: ignore[arg-type]
        ("activity_id", "framework_id", "competency_id", "position"),
        (
            (1 + (s - 1) * per_site + k, year.framework_id, competency, position)
            for s in range(1, year.sites + 1)
            for k in range(per_site)
            for position, competency in enumerate(dict.fromkeys(aims[k]))
        ),
    )
    today = now.date()
    first_day = today - timedelta(days=YEAR)
    plan: list[tuple[int, int, int, date, time, time]] = []
    for n in range(1, sessions + 1):
        site = 1 + (n - 1) % year.sites
        k = rng.randrange(per_site)
        day = first_day + timedelta(days=rng.randrange(YEAR + AHEAD))
        day -= timedelta(days=max(0, day.weekday() - 4))  # a weekend day: the Friday before
        start = time(9 + rng.randrange(7), 30 * rng.randrange(2))
        minutes = min(ACTIVITIES[k][3], (18 - start.hour) * 60 - start.minute)
        end = (datetime.combine(day, start) + timedelta(minutes=minutes)).time()
        plan.append((n, 1 + (site - 1) * per_site + k, site, day, start, end))
    counts["activity_session"] = writer.write(
        ActivitySession.__table__,  # type: ignore[arg-type]
        ("id", "activity_id", "site_id", "day", "start_time", "end_time", "place", "created_by_id"),
        (
            (n, act, site, day, start, end, "Salle 2", _animator(year, site, n))
            for n, act, site, day, start, end in plan
        ),
    )
    counts["session_animator"] = writer.write(
        SessionAnimator.__table__,  # type: ignore[arg-type]
        ("session_id", "user_id"),
        ((n, _animator(year, site, n)) for n, _act, site, *_rest in plan),
    )
    counts["session_participant"] = writer.write(
        SessionParticipant.__table__,  # type: ignore[arg-type]
        ("session_id", "trainee_id", "attendance", "marked_at", "marked_by_id"),
        _participants(year, plan, rng, today),
    )
    return counts


def _animator(year: Year, site: int, n: int) -> int:
    staff = year.referents_of_site[site]
    return staff[n % len(staff)]


def _participants(
    year: Year,
    plan: Sequence[tuple[int, int, int, date, time, time]],
    rng: random.Random,
    today: date,
) -> Iterator[tuple[object, ...]]:
    weights = {
        site: [1 + year.weight_of[t] for t in trainees]
        for site, trainees in year.trainees_of_site.items()
    }
    for n, act, site, day, _start, end in plan:
        trainees = year.trainees_of_site.get(site, [])
        if not trainees:
            continue
        most = ACTIVITIES[(act - 1) % len(ACTIVITIES)][4]
        size = min(len(trainees), rng.randint(min(4, most), most))
        group: dict[int, None] = {}
        for t in rng.choices(trainees, weights[site], k=size * 2):  # skewed, without repeats
            group.setdefault(t, None)
            if len(group) == size:
                break
        marked_by = _animator(year, site, n)
        for t in group:
            if day >= today:
                yield (n, t, Attendance.EXPECTED.value, None, None)
                continue
            roll = rng.random()
            attendance = (
                Attendance.PRESENT
                if roll < 0.8
                else Attendance.ABSENT
                if roll < 0.92
                else Attendance.EXCUSED
            )
            yield (n, t, attendance.value, datetime.combine(day, end, UTC), marked_by)


def write_conversations(
    writer: Writer, year: Year, messages: int, rng: random.Random, now: datetime
) -> dict[str, int]:
    """About ``messages`` messages over the last year in threads between trainees and their
    referents, skewed like the traces; the threads, messages and both sides' read points."""
    trainees = sorted(year.referent_of)
    whole = sum(1 + year.weight_of[t] for t in trainees) or 1
    threads: list[tuple[int, int, int, int, list[datetime]]] = []  # id, trainee, referent, ...
    first_day = now - timedelta(days=YEAR)
    for t in trainees:
        many = messages * (1 + year.weight_of[t]) // whole
        if many == 0:
            continue
        split = min(many, 1 + rng.randrange(4))
        for k in range(split):
            count = many // split + (1 if k < many % split else 0)
            start = first_day + timedelta(seconds=rng.randrange(YEAR * 86_400 - 86_400))
            span = (now - start).total_seconds()
            times = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(count))
            threads.append((len(threads) + 1, t, year.referent_of[t], k, times))
    counts: dict[str, int] = {}

    def by_trainee(k: int, up_to: int) -> int:
        """The trainee's messages among a thread's first ``up_to`` + 1 (the n-th is theirs
        when n + k is even, as written below)."""
        return sum(1 for n in range(up_to + 1) if (n + k) % 2 == 0)

    counts["conversation"] = writer.write(
        Conversation.__table__,  # type: ignore[arg-type]
        (
            "id",
            "trainee_id",
            "started_by_id",
            "subject",
            "last_message_at",
            "created_at",
            "trainee_messages",
        ),
        (
            (
                c,
                t,
                r if k % 2 else t,
                SUBJECTS[(c + k) % len(SUBJECTS)],
                times[-1],
                times[0],
                by_trainee(k, len(times) - 1),
            )
            for c, t, r, k, times in threads
        ),
    )
    # Ids grow with time across the whole network, as in a real database.
    timeline = sorted((at, c, n) for c, _t, _r, _k, times in threads for n, at in enumerate(times))
    message_id = {(c, n): i for i, (_at, c, n) in enumerate(timeline, start=1)}
    people = {c: (t, r, k) for c, t, r, k, _times in threads}
    counts["conversation_message"] = writer.write(
        ConversationMessage.__table__,  # type: ignore[arg-type]
        ("id", "conversation_id", "author_id", "body", "created_at"),
        (
            (i, c, people[c][(n + people[c][2]) % 2], LINES[(c + n) % len(LINES)], at)
            for i, (at, c, n) in enumerate(timeline, start=1)
        ),
    )

    def reads() -> Iterator[tuple[object, ...]]:
        for c, t, r, k, times in threads:
            last, behind = len(times) - 1, max(0, len(times) - 1 - rng.randrange(3))
            yield (c, t, message_id[(c, last)], by_trainee(k, last), times[-1])
            yield (c, r, message_id[(c, behind)], by_trainee(k, behind), times[-1])

    counts["conversation_read"] = writer.write(
        ConversationRead.__table__,  # type: ignore[arg-type]
        ("conversation_id", "user_id", "last_read_message_id", "trainee_messages_seen", "read_at"),
        reads(),
    )
    return counts


TABLES = [
    Activity.__table__,
    ActivityTarget.__table__,
    ActivitySession.__table__,
    SessionAnimator.__table__,
    SessionParticipant.__table__,
    Conversation.__table__,
    ConversationMessage.__table__,
    ConversationRead.__table__,
]
"""The tables written here, for the writer's ``finish`` (sequences, statistics)."""
