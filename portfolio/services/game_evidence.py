"""Evidence from the serious game: statements in, game traces out, the referent's decision.

The rules are those of docs/GAME_API.md:

- a batch is stored whole or not at all; every bad statement is listed with its reason;
- storing is idempotent on the statement id: the same canonical content is a duplicate (stored
  once), other content under a known id is a conflict;
- each new statement becomes one game trace (origin and context "game"), tagged with its
  competencies, "observée dans le jeu, en attente de votre référent";
- the referent confirms it (one GAME assessment per competency observed at level 1 or more)
  or discards it with a reason (the trace leaves the portfolio; the statement keeps the reason).

Competency ids are checked against the framework loaded in memory, and a batch is written with
a constant number of bulk statements whatever its size.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import abort
from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portfolio.extensions import db
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
    assessment_trace,
    utcnow,
)
from portfolio.services import summary_cache
from portfolio.services.access import can_see_trainee, followed_trainees_query
from portfolio.services.frameworks import frameworks
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext
from referentiel import Framework

MAX_BATCH = 500
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_RESPONSE = 2000
MAX_JOURNAL_PAGE = 500
MAX_REASON = 500
GAME_LEVELS = range(3)  # 0, 1, 2: levels 3 and 4 need a referent's own observation
FUTURE_TOLERANCE = timedelta(minutes=5)
EARLIEST = datetime(2020, 1, 1, tzinfo=UTC)
EXT = "urn:e2c-jeu:ext:"
VERBS = frozenset(
    {
        "http://adlnet.gov/expapi/verbs/completed",
        "http://adlnet.gov/expapi/verbs/passed",
        "http://adlnet.gov/expapi/verbs/failed",
    }
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_OBJECT = re.compile(r"urn:e2c-jeu:task:(?P<rome>[A-N][0-9]{4}):(?P<task>[a-z0-9]+(?:-[a-z0-9]+)*)")
_DURATION = re.compile(
    r"P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?"
)
_HEX64 = re.compile(r"[0-9a-f]{64}")
_CURSOR = re.compile(r"[0-9]{1,18}")
# Control characters (tabs and line breaks aside) have no place in text people read, and
# PostgreSQL refuses NUL outright: they are dropped from the trace's title and text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(text: str) -> str:
    """``text`` without control characters."""
    return _CONTROL.sub("", text)


try:
    _LOCAL_TZ: Any = ZoneInfo("Europe/Paris")
except ZoneInfoNotFoundError:  # pragma: no cover - a system without a tz database
    _LOCAL_TZ = UTC


# -- errors ------------------------------------------------------------------------------


class GameEvidenceError(ValueError):
    """A rule was broken; ``str(err)`` is a sentence in the reader's language."""


@dataclass(frozen=True, slots=True)
class BadStatement:
    """One refused statement of a batch: its place, its id when readable, and why."""

    index: int
    id: str | None
    reason: str


class InvalidBatch(GameEvidenceError):
    """The body is not a list of statements at all."""


class BatchTooLarge(GameEvidenceError):
    """More statements than :data:`MAX_BATCH` in one batch."""


class InvalidStatements(GameEvidenceError):
    """Some statements are invalid; nothing of the batch was stored."""

    def __init__(self, problems: list[BadStatement]) -> None:
        count = len(problems)
        super().__init__(
            ngettext(
                "Une preuve n'est pas valide : rien n'a été enregistré.",
                "%(num)d preuves ne sont pas valides : rien n'a été enregistré.",
                count,
            )
        )
        self.problems = problems


class StatementConflict(GameEvidenceError):
    """Known statement ids with other content; nothing of the batch was stored."""

    def __init__(self, conflicts: list[tuple[int, str]]) -> None:
        super().__init__(
            _(
                "Une preuve avec ce numéro existe déjà avec un autre contenu : rien n'a été enregistré."
            )
        )
        self.conflicts = conflicts


class BadCursor(GameEvidenceError):
    """The journal's cursor or limit cannot be read."""


# -- validated statements ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Observed:
    """A competency the game observed in one task, at a game level (0..2)."""

    framework_id: str
    framework_version: str
    competency_id: str
    level: int
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ValidStatement:
    """A statement that passed every check, with what the portfolio keeps of it."""

    index: int
    statement_id: str  # as sent (the answer lists it so)
    key: str  # the lower-case UUID: the identity in the database
    canonical: str
    sha256: str
    object_id: str
    rome: str
    task_name: str
    verb: str
    score: float
    raw: float
    minimum: float
    maximum: float
    attempt: int
    hints: int
    response: str
    happened_at: datetime
    competencies: tuple[Observed, ...]


@dataclass(frozen=True, slots=True)
class IngestResult:
    """Ids newly stored, and ids already stored with the same content."""

    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def canonical_json(statement: Mapping[str, Any]) -> str:
    """The statement as compared for identity: sorted keys, no ``stored``/``authority``."""
    body = {k: v for k, v in statement.items() if k not in ("stored", "authority")}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class _Checker:
    """Collects the reasons (in the reader's language) why one statement is refused."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def fail(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)

    def obj(self, parent: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        value = parent.get(key)
        if not isinstance(value, dict):
            self.fail(_("« %(field)s » manque ou n'est pas un objet.", field=where))
            return {}
        return value

    def text(
        self, parent: Mapping[str, Any], key: str, where: str, *, optional: bool = False
    ) -> str | None:
        value = parent.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(_("« %(field)s » manque ou n'est pas un texte.", field=where))
            return None
        return value

    def integer(self, parent: Mapping[str, Any], key: str, where: str) -> int | None:
        value = parent.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(_("« %(field)s » doit être un nombre entier.", field=where))
            return None
        return value

    def number(self, parent: Mapping[str, Any], key: str, where: str) -> float | None:
        value = parent.get(key)
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
        ):
            self.fail(_("« %(field)s » doit être un nombre.", field=where))
            return None
        return float(value)

    def boolean(self, parent: Mapping[str, Any], key: str, where: str) -> None:
        if not isinstance(parent.get(key), bool):
            self.fail(_("« %(field)s » doit valoir true ou false.", field=where))


def _task_name(obj: Mapping[str, Any], task_id: str, check: _Checker) -> str:
    definition = obj.get("definition")
    if definition is None:
        return task_id
    names = definition.get("name") if isinstance(definition, dict) else None
    if not isinstance(names, dict) or not all(
        isinstance(v, str) and len(v) <= 200 for v in names.values()
    ):
        check.fail(
            _("« object.definition.name » doit donner le nom de la tâche (200 signes maximum).")
        )
        return task_id
    for language in ("fr-FR", "fr"):
        if isinstance(names.get(language), str) and names[language].strip():
            return str(names[language]).strip()
    for name in names.values():
        if name.strip():
            return str(name).strip()
    return task_id


def _timestamp(value: Any, now: datetime, check: _Checker) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        check.fail(_("« timestamp » manque ou n'est pas une date."))
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        check.fail(_("« timestamp » n'est pas une date ISO 8601."))
        return None
    if moment.tzinfo is None:
        check.fail(_("« timestamp » doit indiquer le fuseau horaire (par exemple « Z »)."))
        return None
    moment = moment.astimezone(UTC)
    if moment > now + FUTURE_TOLERANCE:
        check.fail(_("La date de la preuve est dans le futur."))
    elif moment < EARLIEST:
        check.fail(_("La date de la preuve est avant 2020."))
    return moment


@dataclass(frozen=True, slots=True)
class _Known:
    """A competency that may be named by new evidence, with its framework and indicators."""

    framework_id: str
    framework_version: str
    competency_id: str
    retired: bool
    indicators: frozenset[str]


@dataclass(frozen=True, slots=True)
class CompetencyIndex:
    """The loaded frameworks' ids and their competencies, for fast checks."""

    frameworks: frozenset[str]
    competencies: Mapping[tuple[str, str], _Known]


_index_cache: list[tuple[Mapping[str, Framework], CompetencyIndex]] = []


def competency_index(loaded: Mapping[str, Framework]) -> CompetencyIndex:
    """(framework id, competency id) -> what a statement may say about it; built once."""
    for cached_for, index in _index_cache:
        if cached_for is loaded:
            return index
    index = CompetencyIndex(
        frozenset(loaded),
        {
            (fw.id, c.id): _Known(
                fw.id, fw.version, c.id, c.retired, frozenset(i.id for i in c.indicators)
            )
            for fw in loaded.values()
            for c in fw.competencies
        },
    )
    _index_cache[:] = [(loaded, index)]
    return index


def _competencies(
    extensions: Mapping[str, Any], index: CompetencyIndex, check: _Checker
) -> tuple[Observed, ...]:
    entries = extensions.get(EXT + "competencies")
    if not isinstance(entries, list) or not entries or len(entries) > 50:
        check.fail(_("La liste des compétences observées manque ou est vide."))
        return ()
    observed: list[Observed] = []
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        if not isinstance(entry, dict):
            check.fail(_("Chaque compétence observée doit être un objet."))
            continue
        framework_id = entry.get("framework")
        competency_id = entry.get("id")
        level = entry.get("level")
        if not isinstance(framework_id, str) or framework_id not in index.frameworks:
            check.fail(
                _("Référentiel inconnu : « %(framework)s ».", framework=str(framework_id)[:60])
            )
            continue
        known = (
            index.competencies.get((framework_id, competency_id))
            if isinstance(competency_id, str)
            else None
        )
        if known is None:
            check.fail(
                _("Compétence inconnue : « %(competency)s ».", competency=str(competency_id)[:60])
            )
            continue
        if known.retired:
            check.fail(
                _(
                    "La compétence « %(competency)s » n'est plus utilisée.",
                    competency=known.competency_id,
                )
            )
            continue
        if (framework_id, known.competency_id) in seen:
            check.fail(
                _(
                    "La compétence « %(competency)s » est donnée deux fois.",
                    competency=known.competency_id,
                )
            )
            continue
        seen.add((framework_id, known.competency_id))
        if type(level) is not int or level not in GAME_LEVELS:
            check.fail(
                _(
                    "Le niveau de « %(competency)s » doit être 0, 1 ou 2.",
                    competency=known.competency_id,
                )
            )
            continue
        indicators = entry.get("indicators", [])
        if not isinstance(indicators, list) or not all(
            isinstance(i, str) and i in known.indicators for i in indicators
        ):
            check.fail(
                _(
                    "Un indicateur de « %(competency)s » est inconnu.",
                    competency=known.competency_id,
                )
            )
            continue
        observed.append(
            Observed(
                known.framework_id,
                known.framework_version,
                known.competency_id,
                level,
                tuple(dict.fromkeys(indicators)),
            )
        )
    return tuple(observed)


def check_statement(
    place: int,
    statement: Any,
    user: User,
    now: datetime,
    index: CompetencyIndex,
) -> ValidStatement | BadStatement:
    """Check one statement against the contract; a reason for each problem."""
    if not isinstance(statement, dict):
        return BadStatement(place, None, _("La preuve doit être un objet JSON."))
    check = _Checker()
    raw_id = statement.get("id")
    statement_id = raw_id if isinstance(raw_id, str) and _UUID.fullmatch(raw_id) else None
    if statement_id is None:
        check.fail(_("« id » doit être un UUID."))

    actor = check.obj(statement, "actor", "actor")
    account = check.obj(actor, "account", "actor.account") if actor else {}
    if actor and actor.get("objectType", "Agent") != "Agent":
        check.fail(_("« actor.objectType » doit valoir « Agent »."))
    if account and (
        account.get("name") != user.public_id
        or not isinstance(account.get("homePage"), str)
        or not account["homePage"]
    ):
        check.fail(_("L'acteur ne correspond pas au compte lié à ce jeton."))

    verb = check.obj(statement, "verb", "verb")
    verb_id = verb.get("id") if verb else None
    if verb and verb_id not in VERBS:
        check.fail(_("Le verbe doit être completed, passed ou failed (ADL)."))

    obj = check.obj(statement, "object", "object")
    object_id = obj.get("id") if obj else None
    found = _OBJECT.fullmatch(object_id) if isinstance(object_id, str) else None
    if obj and (found is None or len(str(object_id)) > 200):
        check.fail(_("« object.id » doit être l'adresse d'une tâche (urn:e2c-jeu:task:…)."))
    if obj and obj.get("objectType", "Activity") != "Activity":
        check.fail(_("« object.objectType » doit valoir « Activity »."))
    task_name = _task_name(obj, found["task"] if found else "", check) if obj else ""

    result = check.obj(statement, "result", "result")
    score = check.obj(result, "score", "result.score") if result else {}
    scaled = check.number(score, "scaled", "result.score.scaled") if score else None
    raw = check.number(score, "raw", "result.score.raw") if score else None
    low = check.number(score, "min", "result.score.min") if score else None
    high = check.number(score, "max", "result.score.max") if score else None
    if scaled is not None and not 0 <= scaled <= 1:
        check.fail(_("Le score doit être entre 0 et 1."))
    if raw is not None and low is not None and high is not None and not low <= raw <= high:
        check.fail(_("Le score brut doit être entre le minimum et le maximum."))
    if result:
        check.boolean(result, "success", "result.success")
        check.boolean(result, "completion", "result.completion")
        duration = result.get("duration")
        if not isinstance(duration, str) or not _DURATION.fullmatch(duration):
            check.fail(_("« result.duration » doit être une durée ISO 8601 (par exemple PT1M30S)."))
    response = result.get("response") if result else None
    if response is not None and (not isinstance(response, str) or len(response) > MAX_RESPONSE):
        check.fail(_("« result.response » doit être un texte de 2000 signes au plus."))

    context = check.obj(statement, "context", "context")
    registration = context.get("registration") if context else None
    if context and not (isinstance(registration, str) and _UUID.fullmatch(registration)):
        check.fail(_("« context.registration » doit être un UUID."))
    extensions = check.obj(context, "extensions", "context.extensions") if context else {}
    attempt = hints = None
    observed: tuple[Observed, ...] = ()
    if extensions:
        attempt = check.integer(extensions, EXT + "attempt", _("tentative"))
        if attempt is not None and attempt < 1:
            check.fail(_("Le numéro de tentative doit être 1 ou plus."))
        hints = check.integer(extensions, EXT + "hints", _("indices"))
        if hints is not None and hints < 0:
            check.fail(_("Le nombre d'indices ne peut pas être négatif."))
        self_level = extensions.get(EXT + "self-level")
        if self_level is not None and (
            not isinstance(self_level, int)
            or isinstance(self_level, bool)
            or self_level not in GAME_LEVELS
        ):
            check.fail(_("L'auto-évaluation doit être 0, 1 ou 2."))
        for key, where in (
            ("content-version", _("version du contenu")),
            ("game-version", _("version du jeu")),
        ):
            value = extensions.get(EXT + key)
            if not isinstance(value, str) or not value.strip() or len(value) > 40:
                check.fail(_("« %(field)s » manque ou n'est pas un texte court.", field=where))
        content_hash = extensions.get(EXT + "content-hash")
        if not isinstance(content_hash, str) or not _HEX64.fullmatch(content_hash):
            check.fail(_("« content-hash » doit être un SHA-256 en hexadécimal."))
        observed = _competencies(extensions, index, check)

    happened_at = _timestamp(statement.get("timestamp"), now, check)

    if check.reasons:
        return BadStatement(place, statement_id, " ".join(check.reasons))
    assert statement_id is not None and found is not None and happened_at is not None
    body = dict(statement)
    body["id"] = statement_id.lower()
    canonical = canonical_json(body)
    return ValidStatement(
        index=place,
        statement_id=statement_id,
        key=statement_id.lower(),
        canonical=canonical,
        sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        object_id=str(object_id),
        rome=found["rome"],
        task_name=plain_text(task_name).strip()[:200] or found["task"],
        verb=str(verb_id),
        score=float(scaled or 0.0),
        raw=float(raw or 0.0),
        minimum=float(low or 0.0),
        maximum=float(high or 0.0),
        attempt=int(attempt or 1),
        hints=int(hints or 0),
        response=plain_text(str(response or "")),
        happened_at=happened_at,
        competencies=observed,
    )


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


def get_statement_or_404(viewer: User, statement_pk: int) -> GameStatement:
    """A stored statement the viewer may see (the trainee, their referent, a site admin)."""
    statement = db.session.get(GameStatement, statement_pk)
    if statement is None or not can_see_trainee(viewer, statement.user):
        abort(404)
    return statement


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

    Level 0 ("not shown in this task") records nothing. The caller commits.
    """
    _may_decide(referent, statement)
    _decide(referent, statement, GameStatementStatus.CONFIRMED)
    assessments = [
        Assessment(
            trainee_id=statement.user_id,
            source=AssessmentSource.GAME,
            author_id=referent.id,
            author_label=referent.full_name,
            framework_id=seen.framework_id,
            framework_version=seen.framework_version,
            competency_id=seen.competency_id,
            level=seen.level,
            comment=f"Observée dans le jeu : « {statement.task_name} ». Confirmée par le référent.",
        )
        for seen in observed(statement)
        if seen.level >= 1
    ]
    db.session.add_all(assessments)
    db.session.flush()
    if statement.trace_id is not None and assessments:
        db.session.execute(
            insert(assessment_trace),
            [{"assessment_id": a.id, "trace_id": statement.trace_id} for a in assessments],
        )
    return assessments


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
