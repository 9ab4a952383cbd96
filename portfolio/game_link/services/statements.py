"""Checking one game statement against the contract of docs/GAME_API.md.

Every problem of a statement is listed with its reason (in the reader's language), so the game
can show them all at once; competency ids are checked against the frameworks loaded in memory
through an index built once. Storing, reading and deciding live in ``game_evidence``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from portfolio.models import User
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext
from referentiel import Framework

MAX_RESPONSE = 2000
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
# Control characters (tabs and line breaks aside) have no place in text people read, and
# PostgreSQL refuses NUL outright: they are dropped from the trace's title and text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(text: str) -> str:
    """``text`` without control characters."""
    return _CONTROL.sub("", text)


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
    _check_actor(statement, user, check)
    verb_id = _check_verb(statement, check)
    object_id, found, task_name = _check_object(statement, check)
    score, response = _check_result(statement, check)
    extras = _check_context(statement, index, check)
    happened_at = _timestamp(statement.get("timestamp"), now, check)

    if check.reasons:
        return BadStatement(place, statement_id, " ".join(check.reasons))
    assert statement_id is not None and found is not None and happened_at is not None
    body = dict(statement)
    body["id"] = statement_id.lower()
    canonical = canonical_json(body)
    scaled, raw, low, high = score
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
        attempt=int(extras.attempt or 1),
        hints=int(extras.hints or 0),
        response=plain_text(str(response or "")),
        happened_at=happened_at,
        competencies=extras.observed,
    )


def _check_actor(statement: Mapping[str, Any], user: User, check: _Checker) -> None:
    """The actor is the account the token is for."""
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


def _check_verb(statement: Mapping[str, Any], check: _Checker) -> Any:
    verb = check.obj(statement, "verb", "verb")
    verb_id = verb.get("id") if verb else None
    if verb and verb_id not in VERBS:
        check.fail(_("Le verbe doit être completed, passed ou failed (ADL)."))
    return verb_id


def _check_object(
    statement: Mapping[str, Any], check: _Checker
) -> tuple[Any, re.Match[str] | None, str]:
    """The task played: its address (ROME code and task id) and its name."""
    obj = check.obj(statement, "object", "object")
    object_id = obj.get("id") if obj else None
    found = _OBJECT.fullmatch(object_id) if isinstance(object_id, str) else None
    if obj and (found is None or len(str(object_id)) > 200):
        check.fail(_("« object.id » doit être l'adresse d'une tâche (urn:e2c-jeu:task:…)."))
    if obj and obj.get("objectType", "Activity") != "Activity":
        check.fail(_("« object.objectType » doit valoir « Activity »."))
    task_name = _task_name(obj, found["task"] if found else "", check) if obj else ""
    return object_id, found, task_name


_Score = tuple[float | None, float | None, float | None, float | None]


def _check_result(statement: Mapping[str, Any], check: _Checker) -> tuple[_Score, Any]:
    """The score (scaled, raw, min, max) and the player's response."""
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
    return (scaled, raw, low, high), response


@dataclass(frozen=True, slots=True)
class _Extras:
    """What the context's extensions say: attempt, hints and the competencies observed."""

    attempt: int | None = None
    hints: int | None = None
    observed: tuple[Observed, ...] = ()


def _check_context(
    statement: Mapping[str, Any], index: CompetencyIndex, check: _Checker
) -> _Extras:
    context = check.obj(statement, "context", "context")
    registration = context.get("registration") if context else None
    if context and not (isinstance(registration, str) and _UUID.fullmatch(registration)):
        check.fail(_("« context.registration » doit être un UUID."))
    extensions = check.obj(context, "extensions", "context.extensions") if context else {}
    if not extensions:
        return _Extras()
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
    return _Extras(attempt, hints, _competencies(extensions, index, check))
