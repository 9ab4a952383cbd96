"""The rules of a game statement (docs/GAME_API.md), written once for the game and the portfolio.

The game checks the statements it builds (``game.core.statements.check_statement``) and the
portfolio checks every statement it receives (``portfolio.game_link.services.statements``):
both call :func:`check` so the two cannot drift. The rules give language-free reasons (a code
and an argument); each side words them (the portfolio in the reader's language through its
i18n, the game in short English for its tests and tools).

It lives in ``game.core`` because the statement is the game's contract and this package is
pure: no pygame, no network, no Flask (a test proves it), so the portfolio, which ships in the
same distribution, may import it. Competency ids are checked against a
:class:`CompetencyIndex` the caller builds from the frameworks it has loaded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

MAX_RESPONSE = 2000
GAME_LEVELS = range(3)  # 0, 1, 2: levels 3 and 4 need a referent's own observation
FUTURE_TOLERANCE = timedelta(minutes=5)
EARLIEST = datetime(2020, 1, 1, tzinfo=UTC)
EXT = "urn:e2c-jeu:ext:"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERBS = frozenset(
    {
        VERB_COMPLETED,
        "http://adlnet.gov/expapi/verbs/passed",
        "http://adlnet.gov/expapi/verbs/failed",
    }
)
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
OBJECT = re.compile(r"urn:e2c-jeu:task:(?P<rome>[A-N][0-9]{4}):(?P<task>[a-z0-9]+(?:-[a-z0-9]+)*)")
DURATION = re.compile(
    r"P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?"
)
_HEX64 = re.compile(r"[0-9a-f]{64}")
SEED_LIMIT = 2**31
"""Seeds are 0 <= seed < 2**31 (the run's options order is drawn from it)."""
PLAY_ANSWERS_MAX = 40
PLAY_TEXT_MAX = 120
PLAY_CHANGES_MAX = 10_000


@dataclass(frozen=True, slots=True)
class PlayStep:
    """One answer of the play: a short text and whether it was right (None: neither)."""

    text: str
    ok: bool | None


@dataclass(frozen=True, slots=True)
class Play:
    """The path of the play (extension ``play``): seed, answers in order, answers changed."""

    seed: int
    answers: tuple[PlayStep, ...]
    changes: int
    chance: float


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a statement is refused: a stable ``code`` and its ``arg`` (a field or an id)."""

    code: str
    arg: str = ""


@dataclass(frozen=True, slots=True)
class Known:
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
    competencies: Mapping[tuple[str, str], Known]


@dataclass(frozen=True, slots=True)
class Observed:
    """A competency the game observed in one task, at a game level (0..2)."""

    framework_id: str
    framework_version: str
    competency_id: str
    level: int
    indicators: tuple[str, ...] = ()


Score = tuple[float | None, float | None, float | None, float | None]


@dataclass(slots=True)
class Checked:
    """The reasons found (empty: valid) and the values read on the way."""

    reasons: list[Reason] = field(default_factory=list)
    statement_id: str | None = None
    verb: Any = None
    object_id: Any = None
    address: re.Match[str] | None = None  # groups "rome" and "task"
    task_name: str = ""
    score: Score = (None, None, None, None)
    response: Any = None
    attempt: int | None = None
    hints: int | None = None
    observed: tuple[Observed, ...] = ()
    happened_at: datetime | None = None
    play: Play | None = None

    def fail(self, code: str, arg: str = "") -> None:
        reason = Reason(code, arg)
        if reason not in self.reasons:
            self.reasons.append(reason)

    def obj(self, parent: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        value = parent.get(key)
        if not isinstance(value, dict):
            self.fail("not_object", where)
            return {}
        return value

    def integer(self, parent: Mapping[str, Any], key: str, where: str) -> int | None:
        value = parent.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail("not_integer", where)
            return None
        return value

    def number(self, parent: Mapping[str, Any], key: str, where: str) -> float | None:
        value = parent.get(key)
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
        ):
            self.fail("not_number", where)
            return None
        return float(value)

    def boolean(self, parent: Mapping[str, Any], key: str, where: str) -> None:
        if not isinstance(parent.get(key), bool):
            self.fail("not_boolean", where)


def check(
    statement: Any,
    *,
    now: datetime,
    account_name: str | None,
    index: CompetencyIndex | None,
) -> Checked:
    """Every rule of the contract on one statement.

    ``account_name`` is the account the statement must be for (None: any named account);
    ``index`` the competencies that may be named (None: ids are not looked up, as in the game,
    which has no framework at hand when it checks).
    """
    out = Checked()
    if not isinstance(statement, dict):
        out.fail("not_json_object")
        return out
    raw_id = statement.get("id")
    out.statement_id = raw_id if isinstance(raw_id, str) and UUID.fullmatch(raw_id) else None
    if out.statement_id is None:
        out.fail("id")
    _actor(statement, account_name, out)
    verb = out.obj(statement, "verb", "verb")
    out.verb = verb.get("id") if verb else None
    if verb and out.verb not in VERBS:
        out.fail("verb")
    _object(statement, out)
    _result(statement, out)
    _context(statement, index, out)
    out.happened_at = _timestamp(statement.get("timestamp"), now, out)
    return out


def _actor(statement: Mapping[str, Any], account_name: str | None, out: Checked) -> None:
    """The actor is an Agent with a named account (the token's, when it is known)."""
    actor = out.obj(statement, "actor", "actor")
    account = out.obj(actor, "account", "actor.account") if actor else {}
    if actor and actor.get("objectType", "Agent") != "Agent":
        out.fail("actor_type")
    name = account.get("name") if account else None
    if account and (
        (name != account_name if account_name is not None else not name)
        or not isinstance(account.get("homePage"), str)
        or not account["homePage"]
    ):
        out.fail("actor_account")


def _object(statement: Mapping[str, Any], out: Checked) -> None:
    """The task played: its address (ROME code and task id) and its name."""
    obj = out.obj(statement, "object", "object")
    out.object_id = obj.get("id") if obj else None
    out.address = OBJECT.fullmatch(out.object_id) if isinstance(out.object_id, str) else None
    if obj and (out.address is None or len(str(out.object_id)) > 200):
        out.fail("object_id")
    if obj and obj.get("objectType", "Activity") != "Activity":
        out.fail("object_type")
    if obj:
        out.task_name = _task_name(obj, out.address["task"] if out.address else "", out)


def _task_name(obj: Mapping[str, Any], task_id: str, out: Checked) -> str:
    definition = obj.get("definition")
    if definition is None:
        return task_id
    names = definition.get("name") if isinstance(definition, dict) else None
    if not isinstance(names, dict) or not all(
        isinstance(v, str) and len(v) <= 200 for v in names.values()
    ):
        out.fail("task_name")
        return task_id
    for language in ("fr-FR", "fr"):
        if isinstance(names.get(language), str) and names[language].strip():
            return str(names[language]).strip()
    for name in names.values():
        if name.strip():
            return str(name).strip()
    return task_id


def _result(statement: Mapping[str, Any], out: Checked) -> None:
    """The score (scaled, raw, min, max), the flags, the duration and the player's response."""
    result = out.obj(statement, "result", "result")
    score = out.obj(result, "score", "result.score") if result else {}
    scaled = out.number(score, "scaled", "result.score.scaled") if score else None
    raw = out.number(score, "raw", "result.score.raw") if score else None
    low = out.number(score, "min", "result.score.min") if score else None
    high = out.number(score, "max", "result.score.max") if score else None
    out.score = (scaled, raw, low, high)
    if scaled is not None and not 0 <= scaled <= 1:
        out.fail("scaled_range")
    if raw is not None and low is not None and high is not None and not low <= raw <= high:
        out.fail("raw_range")
    if result:
        out.boolean(result, "success", "result.success")
        out.boolean(result, "completion", "result.completion")
        duration = result.get("duration")
        if not isinstance(duration, str) or not DURATION.fullmatch(duration):
            out.fail("duration")
    out.response = result.get("response") if result else None
    if out.response is not None and (
        not isinstance(out.response, str) or len(out.response) > MAX_RESPONSE
    ):
        out.fail("response")


def _context(statement: Mapping[str, Any], index: CompetencyIndex | None, out: Checked) -> None:
    context = out.obj(statement, "context", "context")
    registration = context.get("registration") if context else None
    if context and not (isinstance(registration, str) and UUID.fullmatch(registration)):
        out.fail("registration")
    extensions = out.obj(context, "extensions", "context.extensions") if context else {}
    if not extensions:
        return
    out.attempt = out.integer(extensions, EXT + "attempt", "attempt")
    if out.attempt is not None and out.attempt < 1:
        out.fail("attempt")
    out.hints = out.integer(extensions, EXT + "hints", "hints")
    if out.hints is not None and out.hints < 0:
        out.fail("hints")
    self_level = extensions.get(EXT + "self-level")
    if self_level is not None and (
        not isinstance(self_level, int)
        or isinstance(self_level, bool)
        or self_level not in GAME_LEVELS
    ):
        out.fail("self_level")
    for key in ("content-version", "game-version"):
        value = extensions.get(EXT + key)
        if not isinstance(value, str) or not value.strip() or len(value) > 40:
            out.fail("short_text", key)
    content_hash = extensions.get(EXT + "content-hash")
    if not isinstance(content_hash, str) or not _HEX64.fullmatch(content_hash):
        out.fail("content_hash")
    out.observed = _competencies(extensions, index, out)
    if EXT + "play" in extensions:
        out.play = _play(extensions[EXT + "play"], out)


def read_play(value: Any) -> Play | None:
    """The path of the play read from a stored extension value; None when it is not valid."""
    return _play(value, Checked())


def _play(value: Any, out: Checked) -> Play | None:
    """The optional path of the play; every field bounded so a stored replay stays small."""
    if not isinstance(value, dict) or set(value) - {"seed", "answers", "changes", "chance"}:
        out.fail("play")
        return None
    seed, changes, chance = value.get("seed"), value.get("changes", 0), value.get("chance", 0)
    answers = value.get("answers")
    if (
        type(seed) is not int
        or not 0 <= seed < SEED_LIMIT
        or type(changes) is not int
        or not 0 <= changes <= PLAY_CHANGES_MAX
        or not isinstance(chance, int | float)
        or isinstance(chance, bool)
        or not 0 <= chance < 1
        or not isinstance(answers, list)
        or len(answers) > PLAY_ANSWERS_MAX
    ):
        out.fail("play")
        return None
    steps = []
    for answer in answers:
        if (
            not isinstance(answer, dict)
            or set(answer) != {"text", "ok"}
            or not isinstance(answer["text"], str)
            or len(answer["text"]) > PLAY_TEXT_MAX
            or not (answer["ok"] is None or isinstance(answer["ok"], bool))
        ):
            out.fail("play")
            return None
        steps.append(PlayStep(answer["text"], answer["ok"]))
    return Play(seed, tuple(steps), changes, float(chance))


def _competencies(
    extensions: Mapping[str, Any], index: CompetencyIndex | None, out: Checked
) -> tuple[Observed, ...]:
    entries = extensions.get(EXT + "competencies")
    if not isinstance(entries, list) or not entries or len(entries) > 50:
        out.fail("competencies")
        return ()
    observed: list[Observed] = []
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        if not isinstance(entry, dict):
            out.fail("competency_not_object")
            continue
        known = _known(entry, index, out)
        if known is None:
            continue
        if known.retired:
            out.fail("competency_retired", known.competency_id)
            continue
        if (known.framework_id, known.competency_id) in seen:
            out.fail("competency_twice", known.competency_id)
            continue
        seen.add((known.framework_id, known.competency_id))
        level = entry.get("level")
        if type(level) is not int or level not in GAME_LEVELS:
            out.fail("competency_level", known.competency_id)
            continue
        indicators = entry.get("indicators", [])
        if not isinstance(indicators, list) or not all(
            isinstance(i, str) and (index is None or i in known.indicators) for i in indicators
        ):
            out.fail("indicator", known.competency_id)
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


def _known(entry: Mapping[str, Any], index: CompetencyIndex | None, out: Checked) -> Known | None:
    """The competency an entry names, or None (reason given) when it is not known."""
    framework_id = entry.get("framework")
    competency_id = entry.get("id")
    if not isinstance(framework_id, str) or (
        index is not None and framework_id not in index.frameworks
    ):
        out.fail("framework", str(framework_id)[:60])
        return None
    if index is None:
        if isinstance(competency_id, str) and competency_id:
            return Known(framework_id, "", competency_id, False, frozenset())
        known = None
    else:
        known = (
            index.competencies.get((framework_id, competency_id))
            if isinstance(competency_id, str)
            else None
        )
    if known is None:
        out.fail("competency", str(competency_id)[:60])
    return known


def _timestamp(value: Any, now: datetime, out: Checked) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        out.fail("timestamp_missing")
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        out.fail("timestamp_format")
        return None
    if moment.tzinfo is None:
        out.fail("timestamp_zone")
        return None
    moment = moment.astimezone(UTC)
    if moment > now + FUTURE_TOLERANCE:
        out.fail("timestamp_future")
    elif moment < EARLIEST:
        out.fail("timestamp_early")
    return moment
