"""The follow-up of the generated network: bilans and their objectives, the referents' notes
with the trainees' answers, and professional projects.

Written by ``network.build_network`` after the people, with the same bulk writer (COPY on
PostgreSQL, executemany on SQLite) and the same skew as the traces. Without them every
trainee of the network looked never reviewed ("À regarder" on every caseload row), no note
or bilan ever reached a home or a caseload's news, and the gap page had no disagreement to
list: the pages measured were lighter than a school's. The shapes:

* during the path (its first ``PATH_DAYS`` days), a bilan every three to six weeks, held by the
  trainee's referent about two or three competencies (both levels of that day); agreed by the
  referent that day and by the trainee within a week, except the last bilan of some trainees,
  still waiting (their home says so); one or two objectives per bilan, about a competency
  discussed or the project: the last bilan's still open, the earlier ones reached or dropped;
* notes of observation in proportion to the trainee's activity (``notes`` in all), by their
  referent, most shared with the trainee, each about one or two competencies with the level
  observed and its first saved version; some answered by the trainee, some given a one-tap
  reaction (now and then "pas d'accord": the gap page lists those);
* a professional project for most trainees (all of the first ones, who have the first
  showcases and whom load tests log in as), with one or two trades of the platform's list.

Ids grow with time across the network, as in a real database ("newest first" lists and the
caseload's "new since the last visit" rely on it).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import cast

from sqlalchemy import Table

from portfolio.demo.network_rows import Writer
from portfolio.models import (
    ExplicitationNote,
    Mobility,
    NoteCompetency,
    NoteReaction,
    NoteReply,
    NoteRevision,
    NoteSituation,
    NoteVisibility,
    Objective,
    ObjectiveStatus,
    ProfessionalProject,
    ProjectTrade,
    ReactionChoice,
    Review,
    ReviewCompetency,
)
from portfolio.services.rome.trades import Trade, fold

PATH_DAYS = 300  # bilans are held during the path
WAITING = 0.3  # share of trainees whose last bilan still waits for their agreement
SHARED = 0.8  # share of notes shared with the trainee
ANSWERED = 0.3  # share of shared notes the trainee answered
REACTED = 0.4  # share of shared notes given a reaction; one in ten of those disagrees
WITH_PROJECT = 0.8  # share of trainees with a professional project
ALWAYS = 20  # the first trainees all have one
SITUATIONS = [s for s in NoteSituation if s is not NoteSituation.TRACE]
SUMMARIES = [
    "On a regardé les traces du mois. Les progrès sont nets à l'atelier.",
    "Bilan de mi-parcours : le stage s'est bien passé, le retard du matin reste à travailler.",
    "On a parlé du projet et des compétences à montrer en entreprise.",
]
WORDS = [
    "Je suis plus à l'aise pour parler devant le groupe.",
    "J'ai encore du mal avec le calcul, mais je m'accroche.",
    "Je veux faire un stage dans la vente.",
]
OBSERVED = [
    "A organisé le travail du groupe et a vérifié que chacun avait sa tâche.",
    "A posé des questions au tuteur avant de commencer.",
    "A expliqué sa démarche avec ses mots, sans aide.",
]
DISAGREEING = "Ce jour-là, c'est Sami qui a organisé, pas moi."
REPLIES = ["Merci, je suis d'accord.", "Je ne pensais pas l'avoir si bien fait !"]
OBJECTIVES = [
    "Arriver à l'heure chaque matin pendant un mois",
    "Présenter mon projet à un employeur",
    "Refaire seul un budget de la semaine",
]
AREAS = ["Lille et alentours", "Marseille", "Toute la région", "Près de chez moi"]

# The columns each table is written with, in the order of the generated rows.
REVIEW_COLUMNS = (
    "id",
    "trainee_id",
    "author_id",
    "held_on",
    "participants",
    "trainee_words",
    "summary",
    "referent_agreed_at",
    "trainee_agreed_at",
    "trainee_comment",
    "created_at",
)
REVIEW_COMPETENCY_COLUMNS = (
    "review_id",
    "framework_id",
    "framework_version",
    "competency_id",
    "self_level",
    "referent_level",
)
OBJECTIVE_COLUMNS = (
    "trainee_id",
    "review_id",
    "author_id",
    "title",
    "framework_id",
    "framework_version",
    "competency_id",
    "for_project",
    "due_on",
    "status",
    "reached_at",
    "dropped_at",
    "closed_by_id",
    "created_at",
)
NOTE_COLUMNS = (
    "id",
    "trainee_id",
    "author_id",
    "situation_kind",
    "observed_on",
    "observed",
    "visibility",
    "version",
    "updated_at",
    "updated_by_id",
    "created_at",
)
NOTE_COMPETENCY_COLUMNS = (
    "note_id",
    "framework_id",
    "framework_version",
    "competency_id",
    "indicator_ids",
    "level",
)
NOTE_REVISION_COLUMNS = (
    "note_id",
    "version",
    "edited_by_id",
    "edited_at",
    "content",
)
NOTE_REPLY_COLUMNS = (
    "note_id",
    "author_id",
    "body",
    "created_at",
)
NOTE_REACTION_COLUMNS = (
    "note_id",
    "trainee_id",
    "choice",
    "comment",
    "updated_at",
    "created_at",
)
PROJECT_COLUMNS = (
    "id",
    "trainee_id",
    "area",
    "area_folded",
    "mobility",
    "updated_at",
)
PROJECT_TRADE_COLUMNS = (
    "project_id",
    "rome_code",
    "grand_domaine",
    "position",
)


@dataclass(frozen=True)
class Followed:
    """What the follow-up's writers need of the people already written."""

    referent_of: dict[int, int]
    entry_of: dict[int, date]
    weight_of: dict[int, int]  # each trainee's activity (their traces): the skew
    name_of: dict[int, str]  # first and last name, as a bilan lists its participants
    framework_id: str
    framework_version: str
    competencies: Sequence[str]  # the framework's active competency ids, in order
    trades: Sequence[Trade]


def write_follow_up(
    writer: Writer, followed: Followed, notes: int, rng: random.Random, now: datetime
) -> dict[str, int]:
    """Bilans with their competencies and objectives, about ``notes`` notes with their
    competencies, first versions, replies and reactions, and the projects; rows per table."""
    counts = _write_reviews(writer, followed, rng, now)
    counts.update(_write_notes(writer, followed, notes, rng, now))
    counts.update(_write_projects(writer, followed, rng, now))
    return counts


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def _review_days(entry: date, rng: random.Random, today: date) -> list[date]:
    days, day = [], entry + timedelta(days=21 + rng.randrange(21))
    while day < min(today, entry + timedelta(days=PATH_DAYS)):
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=21 + rng.randrange(22))
    return days


def _write_reviews(
    writer: Writer, f: Followed, rng: random.Random, now: datetime
) -> dict[str, int]:
    today = now.date()
    held = sorted(
        (day, t) for t in sorted(f.referent_of) for day in _review_days(f.entry_of[t], rng, today)
    )
    last_of = {t: n for n, (_day, t) in enumerate(held, start=1)}
    waiting = {t for t in last_of if rng.random() < WAITING}
    rows, discussed, objectives = [], [], []
    for n, (day, t) in enumerate(held, start=1):
        referent, last = f.referent_of[t], last_of[t] == n
        agreed = None if last and t in waiting else _at(day, 17) + timedelta(days=rng.randrange(7))
        agreed = None if agreed is not None and agreed > now else agreed
        comment = "Je suis d'accord avec les objectifs." if agreed and rng.random() < 0.2 else ""
        participants = [f.name_of[t], f.name_of[referent]]
        rows.append(
            (
                n,
                t,
                referent,
                day,
                participants,
                WORDS[n % len(WORDS)],
                SUMMARIES[n % len(SUMMARIES)],
                _at(day, 17),
                agreed,
                comment,
                _at(day, 17),
            )
        )
        picked = rng.sample(list(f.competencies), 2 + rng.randrange(2))
        for c in picked:
            levels = (1 + rng.randrange(4), 1 + rng.randrange(4))
            discussed.append((n, f.framework_id, f.framework_version, c, *levels))
        for k in range(1 + rng.randrange(2)):
            objectives.append(_objective(f, rng, n, t, referent, day, picked[k], last))
    counts = {
        "review": writer.write(
            Review.__table__,  # type: ignore[arg-type]
            REVIEW_COLUMNS,
            rows,
        ),
        "review_competency": writer.write(
            ReviewCompetency.__table__,  # type: ignore[arg-type]
            REVIEW_COMPETENCY_COLUMNS,
            discussed,
        ),
    }
    counts["objective"] = writer.write(
        Objective.__table__,  # type: ignore[arg-type]
        OBJECTIVE_COLUMNS,
        objectives,
    )
    return counts


def _objective(
    f: Followed,
    rng: random.Random,
    review: int,
    trainee: int,
    referent: int,
    day: date,
    competency: str,
    last: bool,
) -> tuple[object, ...]:
    """An objective agreed at a bilan: open if it is the last one, else reached or dropped."""
    due = day + timedelta(days=30 + rng.randrange(31))
    for_project = rng.random() < 0.25
    status = ObjectiveStatus.OPEN
    if not last:
        status = ObjectiveStatus.REACHED if rng.random() < 0.7 else ObjectiveStatus.DROPPED
    closed = _at(day + timedelta(days=20), 10)
    reached = closed if status is ObjectiveStatus.REACHED else None
    dropped = closed if status is ObjectiveStatus.DROPPED else None
    closed_by = None if status is ObjectiveStatus.OPEN else referent
    about = (None, None, None) if for_project else (f.framework_id, f.framework_version, competency)
    title = OBJECTIVES[review % len(OBJECTIVES)]
    return (
        trainee,
        review,
        referent,
        title,
        *about,
        for_project,
        due,
        status.value,
        reached,
        dropped,
        closed_by,
        _at(day, 17),
    )


def _note_times(
    f: Followed, notes: int, rng: random.Random, now: datetime
) -> list[tuple[datetime, int]]:
    """About ``notes`` (moment, trainee) pairs, skewed like the traces, oldest first."""
    trainees = sorted(f.referent_of)
    whole = sum(1 + f.weight_of[t] for t in trainees) or 1
    written: list[tuple[datetime, int]] = []
    for t in trainees:
        start = _at(f.entry_of[t], 9)
        span = max(1.0, (now - start).total_seconds())
        for _ in range(notes * (1 + f.weight_of[t]) // whole):
            written.append((start + timedelta(seconds=rng.random() * span), t))
    return sorted(written)


def _first_version(note: tuple[object, ...], levels: dict[str, int]) -> dict[str, object]:
    """What the notes service saves as a note's first version (``NoteRevision.content``)."""
    _id, _t, _r, kind, observed_on, observed, visibility, *_rest = note
    return {
        "observed_on": str(observed_on),
        "situation_kind": kind,
        "situation": "",
        "observed": observed,
        "trainee_words": "",
        "next_step": "",
        "visibility": visibility,
        "competencies": [
            {"competency_id": c, "level": lv, "indicator_ids": []} for c, lv in levels.items()
        ],
    }


def _write_notes(
    writer: Writer, f: Followed, notes: int, rng: random.Random, now: datetime
) -> dict[str, int]:
    rows: dict[str, list[tuple[object, ...]]] = {table.name: [] for table in NOTE_TABLES}
    for n, (at, t) in enumerate(_note_times(f, notes, rng, now), start=1):
        referent, shared = f.referent_of[t], rng.random() < SHARED
        visibility = NoteVisibility.SHARED if shared else NoteVisibility.TEAM
        kind, observed = SITUATIONS[n % len(SITUATIONS)], OBSERVED[n % len(OBSERVED)]
        note = (n, t, referent, kind.value, at.date(), observed, visibility.value, 1, at)
        rows["explicitation_note"].append((*note, referent, at))
        picked = rng.sample(list(f.competencies), 1 + rng.randrange(2))
        levels = {c: 1 + rng.randrange(4) for c in picked}
        for c, level in levels.items():
            rows["note_competency"].append((n, f.framework_id, f.framework_version, c, [], level))
        content = json.dumps(_first_version(note, levels), ensure_ascii=False)
        rows["note_revision"].append((n, 1, referent, at, content))
        later = at + timedelta(hours=2 + rng.randrange(70))
        if shared and later < now and rng.random() < ANSWERED:
            rows["note_reply"].append((n, t, REPLIES[n % len(REPLIES)], later))
        if shared and later < now and rng.random() < REACTED:
            disagrees = rng.random() < 0.1
            choice = ReactionChoice.DISAGREE if disagrees else ReactionChoice.AGREE
            comment = DISAGREEING if disagrees else ""
            rows["note_reaction"].append((n, t, choice.value, comment, later, later))
    rows["note_reply"].sort(key=lambda row: cast(datetime, row[3]))  # ids growing with time
    return {
        table.name: writer.write(table, columns, rows[table.name])
        for table, columns in NOTE_TABLES.items()
    }


def _write_projects(
    writer: Writer, f: Followed, rng: random.Random, now: datetime
) -> dict[str, int]:
    # The first trainees (those load tests log in as, the first showcases) always have one:
    # their pages do the same work whatever the size of the network.
    trainees = sorted(f.referent_of)
    having = [t for n, t in enumerate(trainees) if n < ALWAYS or rng.random() < WITH_PROJECT]
    mobility = list(Mobility)

    def trades() -> Iterator[tuple[object, ...]]:
        for n, _t in enumerate(having, start=1):
            for position, trade in enumerate(rng.sample(list(f.trades), 1 + rng.randrange(2))):
                yield (n, trade.code, trade.grand_domaine, position)

    counts = {
        "professional_project": writer.write(
            ProfessionalProject.__table__,  # type: ignore[arg-type]
            PROJECT_COLUMNS,
            (
                (n, t, area := AREAS[t % len(AREAS)], fold(area), mobility[t % 4].value, now)
                for n, t in enumerate(having, start=1)
            ),
        )
    }
    counts["project_trade"] = writer.write(
        ProjectTrade.__table__,  # type: ignore[arg-type]
        PROJECT_TRADE_COLUMNS,
        trades(),
    )
    return counts


NOTE_TABLES: dict[Table, tuple[str, ...]] = {
    ExplicitationNote.__table__: NOTE_COLUMNS,  # type: ignore[dict-item]
    NoteCompetency.__table__: NOTE_COMPETENCY_COLUMNS,  # type: ignore[dict-item]
    NoteRevision.__table__: NOTE_REVISION_COLUMNS,  # type: ignore[dict-item]
    NoteReply.__table__: NOTE_REPLY_COLUMNS,  # type: ignore[dict-item]
    NoteReaction.__table__: NOTE_REACTION_COLUMNS,  # type: ignore[dict-item]
}
"""The notes' tables, in the order they are written (each row refers to a note)."""

TABLES = [
    Review.__table__,
    ReviewCompetency.__table__,
    Objective.__table__,
    *NOTE_TABLES,
    ProfessionalProject.__table__,
    ProjectTrade.__table__,
]
"""The tables written here, for the writer's ``finish`` (sequences, statistics)."""
