"""Evidence from the serious game: statements in, game traces out, the referent's decision.

The rules are those of docs/GAME_API.md:

- a batch is stored whole or not at all; every bad statement is listed with its reason;
- storing is idempotent on the statement id: the same canonical content is a duplicate (stored
  once), other content under a known id is a conflict;
- each new statement becomes one game trace (origin and context "game"), tagged with its
  competencies, "observée dans le jeu, en attente de votre référent";
- the referent confirms it (one GAME assessment per competency observed at level 1 or more)
  or discards it with a reason (the trace leaves the portfolio; the statement keeps the reason).

Each statement is checked by :mod:`portfolio.game_link.services.statements` against the
frameworks loaded in memory, and a batch is written with a constant number of bulk statements
whatever its size. Confirming writes through the one write path of assessments, with the
framework version each competency was tagged with when the statement arrived.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portfolio.extensions import db
from portfolio.game_link.services.statements import (
    EXT,
    BadCursor,
    BadStatement,
    BatchTooLarge,
    GameEvidenceError,
    InvalidBatch,
    InvalidStatements,
    Observed,
    StatementConflict,
    ValidStatement,
    check_statement,
    competency_index,
    plain_text,
)
from portfolio.models import (
    Assessment,
    AssessmentSource,
    GameStatement,
    GameStatementStatus,
    Role,
    Trace,
    TraceCompetency,
    TraceContext,
    TraceOrigin,
    TraceStatus,
    User,
    utcnow,
)
from portfolio.ops import metrics
from portfolio.services import summary_cache
from portfolio.services.access import can_see_trainee, followed_trainees_query
from portfolio.services.assessments import AssessmentError, record_assessment
from portfolio.services.frameworks import frameworks
from portfolio.services.i18n import gettext as _
from referentiel import Framework

__all__ = [  # the errors callers catch are the statements module's, named here too
    "MAX_BATCH",
    "MAX_BODY_BYTES",
    "MAX_REASON",
    "BadCursor",
    "BatchTooLarge",
    "GameEvidenceError",
    "IngestResult",
    "InvalidBatch",
    "InvalidStatements",
    "JournalPage",
    "StatementConflict",
    "confirm",
    "count_pending_for_referent",
    "discard",
    "ingest",
    "journal",
    "known_hashes",
    "observed",
    "parse_limit",
    "pending_for_referent",
    "recent_for_trainee",
    "statuses_of_traces",
    "trace_body",
    "validate_batch",
]

MAX_BATCH = 500
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_JOURNAL_PAGE = 500
MAX_REASON = 500
_CURSOR = re.compile(r"[0-9]{1,18}")

try:
    _LOCAL_TZ: Any = ZoneInfo("Europe/Paris")
except ZoneInfoNotFoundError:  # pragma: no cover - a system without a tz database
    _LOCAL_TZ = UTC


@dataclass(frozen=True, slots=True)
class IngestResult:
    """Ids newly stored, and ids already stored with the same content."""

    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def validate_batch(
    user: User, payload: Any, *, now: datetime | None = None
) -> list[ValidStatement]:
    """Check a whole batch; raise InvalidBatch, BatchTooLarge or InvalidStatements."""
    if not isinstance(payload, list):
        raise InvalidBatch(_("Envoyez une liste de preuves (un tableau JSON)."))
    if not payload:
        raise InvalidBatch(_("La liste de preuves est vide."))
    if len(payload) > MAX_BATCH:
        raise BatchTooLarge(
            _(
                "Trop de preuves dans un seul envoi (%(count)d) : %(n)d au maximum.",
                count=len(payload),
                n=MAX_BATCH,
            )
        )
    moment = now or utcnow()
    index = competency_index(frameworks())
    valid: list[ValidStatement] = []
    bad: list[BadStatement] = []
    for place, statement in enumerate(payload):
        checked = check_statement(place, statement, user, moment, index)
        if isinstance(checked, BadStatement):
            bad.append(checked)
        else:
            valid.append(checked)
    if bad:
        raise InvalidStatements(bad)
    return valid


# -- storing ---------------------------------------------------------------------------------


def ingest(user: User, payload: Any, *, now: datetime | None = None) -> IngestResult:
    """Validate and store a batch for ``user``, all or nothing; the caller commits.

    Raises InvalidBatch, BatchTooLarge, InvalidStatements or StatementConflict, having
    stored nothing. A concurrent identical batch that wins the race makes this one's rows
    duplicates: the unique statement id catches it and the batch is checked again.
    """
    valid = validate_batch(user, payload, now=now)
    for attempt in range(3):
        savepoint = db.session.begin_nested()
        try:
            result = _store(user, valid)
        except IntegrityError:
            savepoint.rollback()
            if attempt == 2:
                raise
            continue
        except BaseException:
            savepoint.rollback()
            raise
        savepoint.commit()
        metrics.statements_ingested(len(result.stored))
        return result
    raise AssertionError("unreachable")  # pragma: no cover


def _store(user: User, valid: Sequence[ValidStatement]) -> IngestResult:
    first: dict[str, ValidStatement] = {}
    conflicts: list[tuple[int, str]] = []
    repeats: list[ValidStatement] = []
    for statement in valid:
        earlier = first.get(statement.key)
        if earlier is None:
            first[statement.key] = statement
        elif earlier.sha256 == statement.sha256:
            repeats.append(statement)
        else:
            conflicts.append((statement.index, statement.statement_id))
    known = known_hashes(list(first))
    for key, statement in first.items():
        if key in known and known[key] != statement.sha256:
            conflicts.append((statement.index, statement.statement_id))
    if conflicts:
        raise StatementConflict(sorted(conflicts))
    new = [s for key, s in first.items() if key not in known]
    result = IngestResult(
        stored=[s.statement_id for s in new],
        duplicates=[s.statement_id for k, s in first.items() if k in known]
        + [s.statement_id for s in repeats],
    )
    if new:
        _insert(user, new)
    return result


def known_hashes(keys: Sequence[str]) -> dict[str, str]:
    """{statement id: sha256} of the ids already stored, in one query."""
    rows = db.session.execute(
        select(GameStatement.statement_id, GameStatement.sha256).where(
            GameStatement.statement_id.in_(keys)
        )
    )
    return {statement_id: sha for statement_id, sha in rows}


def _happened_on(moment: datetime) -> date:
    return moment.astimezone(_LOCAL_TZ).date()


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


def _insert(user: User, new: Sequence[ValidStatement]) -> None:
    """Three bulk INSERTs (traces, their competencies, the statements), whatever the size."""
    summary_cache.touch(db.session(), [user.id])  # new traces: the home summary changes
    now = utcnow()
    loaded = frameworks()
    # One multi-row INSERT ... RETURNING. Its rows may come back in any order, so each trace
    # gets a distinct creation time (a microsecond apart) that tells which statement it is for.
    stamps = [now + timedelta(microseconds=i) for i in range(len(new))]
    # Core inserts on the tables: the ORM's bulk path costs more than the database here.
    traces, links, rows = (_table(m) for m in (Trace, TraceCompetency, GameStatement))
    returned = db.session.execute(
        insert(traces).returning(traces.c.id, traces.c.created_at),
        [
            {
                "trainee_id": user.id,
                "title": s.task_name,
                "body": trace_body(s, loaded),
                "happened_on": _happened_on(s.happened_at),
                "context": TraceContext.GAME,
                "status": TraceStatus.COMPLETE,
                "origin": TraceOrigin.GAME,
                "created_at": stamp,
                "updated_at": now,
            }
            for s, stamp in zip(new, stamps, strict=True)
        ],
    )
    by_stamp = {created_at: trace_id for trace_id, created_at in returned}
    trace_ids = [by_stamp[stamp] for stamp in stamps]
    db.session.execute(
        insert(links),
        [
            {
                "trace_id": trace_id,
                "framework_id": seen.framework_id,
                "framework_version": seen.framework_version,
                "competency_id": seen.competency_id,
                "indicator_ids": list(seen.indicators),
            }
            for s, trace_id in zip(new, trace_ids, strict=True)
            for seen in s.competencies
        ],
    )
    db.session.execute(
        insert(rows),
        [
            {
                "statement_id": s.key,
                "user_id": user.id,
                "trace_id": trace_id,
                "canonical": s.canonical,
                "sha256": s.sha256,
                "object_id": s.object_id,
                "task_name": s.task_name,
                "verb": s.verb,
                "score": s.score,
                "happened_at": s.happened_at,
                "status": GameStatementStatus.PENDING,
                "reason": "",
                "stored_at": now,
            }
            for s, trace_id in zip(new, trace_ids, strict=True)
        ],
    )


def _number(value: float) -> str:
    """8.0 -> "8", 7.5 -> "7,5" (French decimal comma)."""
    if value.is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def trace_body(statement: ValidStatement, loaded: Mapping[str, Framework]) -> str:
    """The text of the game trace, in plain French, for the trainee and the referent."""
    lines = [
        f"Tâche jouée dans le jeu sérieux (métier {statement.rome}).",
        f"Score : {_number(statement.raw)} sur {_number(statement.maximum)}.",
        f"Tentative {statement.attempt}, "
        + (
            "aucun indice utilisé."
            if statement.hints == 0
            else f"indices utilisés : {statement.hints}."
        ),
    ]
    for seen in statement.competencies:
        fw = loaded.get(seen.framework_id)
        competency = fw.get(seen.competency_id) if fw else None
        level = _level_label(fw, seen.level)
        label = competency.label if competency else seen.competency_id
        lines.append(f"Observé : {label} — {level}.")
    if statement.response:
        lines.append(f"Réponses : {statement.response}")
    return "\n".join(lines)


def _level_label(fw: Framework | None, level: int) -> str:
    if fw is None:
        return f"niveau {level}"
    try:
        return f"niveau {level} « {fw.level(level).label} »"
    except KeyError:
        return f"niveau {level}"


# -- reading -----------------------------------------------------------------------------------


def observed(statement: GameStatement) -> list[Observed]:
    """The competencies a stored statement names, with their game levels."""
    body = json.loads(statement.canonical)
    entries = body.get("context", {}).get("extensions", {}).get(EXT + "competencies", [])
    loaded = frameworks()
    out: list[Observed] = []
    for entry in entries:
        fw = loaded.get(entry["framework"])
        out.append(
            Observed(
                entry["framework"],
                fw.version if fw else "",
                entry["id"],
                int(entry["level"]),
                tuple(entry.get("indicators", [])),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class JournalPage:
    statements: list[GameStatement]
    next_cursor: str | None


def parse_limit(text: str | None, default: int = 100) -> int:
    """The journal's page size from the query string; BadCursor unless 1..500."""
    if text is None or text == "":
        return default
    if not text.isdigit() or not 1 <= int(text) <= MAX_JOURNAL_PAGE:
        raise BadCursor(_("« limit » doit être un nombre entre 1 et %(n)d.", n=MAX_JOURNAL_PAGE))
    return int(text)


def journal(user: User, cursor: str | None = None, limit: int = 100) -> JournalPage:
    """This account's game evidence, oldest first, ``limit`` at a time."""
    if not 1 <= limit <= MAX_JOURNAL_PAGE:
        raise BadCursor(_("« limit » doit être un nombre entre 1 et %(n)d.", n=MAX_JOURNAL_PAGE))
    after = 0
    if cursor:
        if not _CURSOR.fullmatch(cursor):
            raise BadCursor(_("Le curseur n'est pas valide."))
        after = int(cursor)
    rows = list(
        db.session.scalars(
            select(GameStatement)
            .where(GameStatement.user_id == user.id, GameStatement.id > after)
            .order_by(GameStatement.id)
            .limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return JournalPage(rows, str(rows[-1].id) if more else None)


def recent_for_trainee(user: User, limit: int = 50) -> list[GameStatement]:
    """The trainee's latest game evidence, newest first."""
    return list(
        db.session.scalars(
            select(GameStatement)
            .where(GameStatement.user_id == user.id)
            .order_by(GameStatement.id.desc())
            .limit(limit)
        )
    )


def statuses_of_traces(trace_ids: Sequence[int]) -> dict[int, GameStatementStatus]:
    """The referent's decision on the game traces among ``trace_ids`` (others are absent).

    For trace pages: a game trace still "pending" reads "observée dans le jeu, en attente de
    votre référent".
    """
    if not trace_ids:
        return {}
    rows = db.session.execute(
        select(GameStatement.trace_id, GameStatement.status).where(
            GameStatement.trace_id.in_(list(trace_ids))
        )
    )
    return {trace_id: status for trace_id, status in rows if trace_id is not None}


def pending_for_referent(referent: User, limit: int = 200) -> list[GameStatement]:
    """Game evidence awaiting a decision, from the trainees ``referent`` follows now."""
    trainee_ids = followed_trainees_query(referent).with_only_columns(User.id).order_by(None)
    return list(
        db.session.scalars(
            select(GameStatement)
            .options(joinedload(GameStatement.user))
            .where(
                GameStatement.user_id.in_(trainee_ids.scalar_subquery()),
                GameStatement.status == GameStatementStatus.PENDING,
            )
            .order_by(GameStatement.stored_at, GameStatement.id)
            .limit(limit)
        )
    )


def count_pending_for_referent(referent: User) -> int:
    """How many pieces of game evidence wait for ``referent`` (for a caseload badge)."""
    trainee_ids = followed_trainees_query(referent).with_only_columns(User.id).order_by(None)
    return int(
        db.session.scalar(
            select(func.count(GameStatement.id)).where(
                GameStatement.user_id.in_(trainee_ids.scalar_subquery()),
                GameStatement.status == GameStatementStatus.PENDING,
            )
        )
        or 0
    )


# -- the referent's decision ---------------------------------------------------------------------


def _may_decide(referent: User, statement: GameStatement) -> None:
    if referent.role is not Role.REFERENT or not can_see_trainee(referent, statement.user):
        raise GameEvidenceError(_("Seul le référent de ce stagiaire peut décider de cette preuve."))


def _decide(
    referent: User, statement: GameStatement, status: GameStatementStatus, reason: str = ""
) -> None:
    """Move a pending statement to ``status`` once, even if two people click at once."""
    changed = db.session.execute(
        update(GameStatement)
        .where(
            GameStatement.id == statement.id,
            GameStatement.status == GameStatementStatus.PENDING,
        )
        .values(status=status, decided_by_id=referent.id, decided_at=utcnow(), reason=reason)
        .execution_options(synchronize_session=False)
    )
    if getattr(changed, "rowcount", 0) != 1:
        db.session.refresh(statement)
        raise GameEvidenceError(_("Cette preuve a déjà été traitée."))
    db.session.refresh(statement)


def confirm(referent: User, statement: GameStatement) -> list[Assessment]:
    """Confirm game evidence: one GAME assessment per competency observed at level 1 or 2.

    Level 0 ("not shown in this task") records nothing. Each assessment names the framework
    version its competency was tagged with when the statement arrived, even if a newer file
    was loaded since. The caller commits.
    """
    _may_decide(referent, statement)
    _decide(referent, statement, GameStatementStatus.CONFIRMED)
    tagged = _tagged_versions(statement)
    comment = f"Observée dans le jeu : « {statement.task_name} ». Confirmée par le référent."
    trace_ids = [statement.trace_id] if statement.trace_id is not None else []
    try:
        return [
            record_assessment(
                AssessmentSource.GAME,
                statement.user,
                referent,
                seen.competency_id,
                seen.level,
                tagged.get((seen.framework_id, seen.competency_id), seen.framework_version),
                framework_id=seen.framework_id,
                comment=comment,
                trace_ids=trace_ids,
            )
            for seen in observed(statement)
            if seen.level >= 1
        ]
    except AssessmentError as err:
        raise GameEvidenceError(str(err)) from None


def _tagged_versions(statement: GameStatement) -> dict[tuple[str, str], str]:
    """(framework id, competency id) -> the version the game trace was tagged with."""
    if statement.trace_id is None:
        return {}
    rows = db.session.execute(
        select(
            TraceCompetency.framework_id,
            TraceCompetency.competency_id,
            TraceCompetency.framework_version,
        ).where(TraceCompetency.trace_id == statement.trace_id)
    )
    return {(fw_id, competency_id): version for fw_id, competency_id, version in rows}


def discard(referent: User, statement: GameStatement, reason: str) -> None:
    """Discard game evidence with a reason: its trace leaves the portfolio. The caller commits."""
    reason = " ".join(plain_text(reason).split())
    if not reason:
        raise GameEvidenceError(_("Dites en quelques mots pourquoi vous écartez cette preuve."))
    if len(reason) > MAX_REASON:
        raise GameEvidenceError(
            _("La raison est trop longue (%(n)d signes au maximum).", n=MAX_REASON)
        )
    _may_decide(referent, statement)
    _decide(referent, statement, GameStatementStatus.DISCARDED, reason)
    trace = statement.trace
    if trace is not None:
        statement.trace_id = None
        db.session.delete(trace)
    db.session.flush()
