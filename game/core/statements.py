"""Build the xAPI-shaped statement of a finished task (docs/GAME_API.md), and check one.

The statement is made once per outcome and stored in the outbox as it will be sent. When the
player is not linked yet, the actor is left out and filled in at link time, before any send.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from game.core.clock import iso_duration, iso_timestamp
from game.core.content import GAME_LEVELS, Task, Trade
from game.core.framework import FRAMEWORK_ID
from game.core.session import TaskOutcome

VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERBS = frozenset(
    {
        VERB_COMPLETED,
        "http://adlnet.gov/expapi/verbs/passed",
        "http://adlnet.gov/expapi/verbs/failed",
    }
)
EXT = "urn:e2c-jeu:ext:"
LANGUAGE = "fr-FR"
_DURATION = re.compile(r"P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?")
_OBJECT = re.compile(r"urn:e2c-jeu:task:[A-N][0-9]{4}:[a-z0-9]+(?:-[a-z0-9]+)*")


def object_id(rome: str, task_id: str) -> str:
    """The task's IRI, ``urn:e2c-jeu:task:D1507:mise-en-rayon``."""
    return f"urn:e2c-jeu:task:{rome}:{task_id}"


def build_statement(
    outcome: TaskOutcome,
    trade: Trade,
    task: Task,
    *,
    actor: Mapping[str, Any] | None,
    content_version: str,
    game_version: str,
    self_level: int | None = None,
) -> dict[str, Any]:
    """The statement for ``outcome``; ``actor`` None means "not linked yet"."""
    if self_level is not None and self_level not in GAME_LEVELS:
        raise ValueError("self level must be 0, 1 or 2")
    result = outcome.result
    extensions: dict[str, Any] = {
        EXT + "attempt": outcome.attempt,
        EXT + "hints": outcome.hints_used,
        EXT + "competencies": [
            {
                "framework": FRAMEWORK_ID,
                "id": seen.competency,
                "level": seen.level,
                "indicators": list(seen.indicators),
            }
            for seen in outcome.observations
        ],
    }
    if self_level is not None:
        extensions[EXT + "self-level"] = self_level
    extensions[EXT + "content-version"] = content_version
    extensions[EXT + "content-hash"] = trade.content_hash
    extensions[EXT + "game-version"] = game_version
    statement: dict[str, Any] = {"id": outcome.statement_id}
    if actor is not None:
        statement["actor"] = dict(actor)
    statement |= {
        "verb": {"id": VERB_COMPLETED, "display": {LANGUAGE: "a terminé"}},
        "object": {
            "objectType": "Activity",
            "id": object_id(trade.rome, task.id),
            "definition": {"name": {LANGUAGE: task.title}},
        },
        "result": {
            "score": {
                "scaled": result.score,
                "raw": _plain(result.raw),
                "min": 0,
                "max": _plain(result.maximum),
            },
            "success": outcome.success,
            "completion": True,
            "duration": iso_duration(outcome.duration),
            "response": result.response,
        },
        "context": {
            "registration": outcome.registration,
            "language": LANGUAGE,
            "extensions": extensions,
        },
        "timestamp": iso_timestamp(outcome.finished_at),
    }
    return statement


def with_actor(statement: Mapping[str, Any], actor: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``statement`` with ``actor`` set, placed right after ``id``."""
    out: dict[str, Any] = {"id": statement["id"], "actor": dict(actor)}
    out |= {k: v for k, v in statement.items() if k not in ("id", "actor")}
    return out


def _plain(value: float) -> int | float:
    """8.0 -> 8 so the JSON reads naturally; keeps decimals when there are some."""
    return int(value) if float(value).is_integer() else value


def check_statement(statement: Mapping[str, Any], now: datetime | None = None) -> list[str]:
    """Problems the portfolio would find in ``statement`` (same rules as GAME_API.md).

    Used by the tests and the fake portfolio; an empty list means it looks valid.
    """
    problems: list[str] = []
    now = now or datetime.now(UTC)

    def get(path: str) -> Any:
        node: Any = statement
        for part in path.split("."):
            if not isinstance(node, Mapping) or part not in node:
                problems.append(f"missing {path}")
                return None
            node = node[part]
        return node

    try:
        uuid.UUID(str(get("id")))
    except ValueError:
        problems.append("id is not a UUID")
    account = get("actor.account")
    if not isinstance(account, Mapping) or not account.get("name") or not account.get("homePage"):
        problems.append("actor.account needs homePage and name")
    if get("verb.id") not in VERBS:
        problems.append("unknown verb")
    if not _OBJECT.fullmatch(str(get("object.id"))):
        problems.append("object id is not a task IRI")
    score = get("result.score")
    if isinstance(score, Mapping):
        values = [score.get(k) for k in ("scaled", "raw", "min", "max")]
        numbers = [
            float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        if len(numbers) != 4:
            problems.append("score fields must be numbers")
        elif not 0 <= numbers[0] <= 1 or not numbers[2] <= numbers[1] <= numbers[3]:
            problems.append("score out of range")
    duration = get("result.duration")
    if not isinstance(duration, str) or not _DURATION.fullmatch(duration):
        problems.append("duration is not ISO-8601")
    response = statement.get("result", {}).get("response")
    if response is not None and (not isinstance(response, str) or len(response) > 2000):
        problems.append("response too long")
    extensions = get("context.extensions")
    if isinstance(extensions, Mapping):
        attempt = extensions.get(EXT + "attempt")
        hints = extensions.get(EXT + "hints")
        if not isinstance(attempt, int) or attempt < 1:
            problems.append("attempt must be >= 1")
        if not isinstance(hints, int) or hints < 0:
            problems.append("hints must be >= 0")
        for entry in extensions.get(EXT + "competencies") or []:
            if not isinstance(entry, Mapping) or entry.get("level") not in GAME_LEVELS:
                problems.append("competency level must be 0, 1 or 2")
    stamp = get("timestamp")
    try:
        moment = datetime.strptime(str(stamp), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if moment > now + timedelta(minutes=5) or moment.year < 2020:
            problems.append("timestamp out of range")
    except ValueError:
        problems.append("timestamp is not ISO-8601 UTC")
    return problems
