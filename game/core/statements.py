"""Build the xAPI-shaped statement of a finished task (docs/GAME_API.md), and check one.

The check is the portfolio's (`game.core.statement_rules`, shared), worded for the tests.

The statement is made once per outcome and stored in the outbox as it will be sent. When the
player is not linked yet, the actor is left out and filled in at link time, before any send.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from game.core import statement_rules as rules
from game.core.clock import iso_duration, iso_timestamp
from game.core.content import GAME_LEVELS, Task, Trade
from game.core.framework import FRAMEWORK_ID
from game.core.session import TaskOutcome
from game.core.statement_rules import EXT, VERB_COMPLETED, VERBS

__all__ = ["EXT", "VERBS", "build_statement", "check_statement", "object_id", "with_actor"]

LANGUAGE = "fr-FR"


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
    extensions[EXT + "play"] = {
        "seed": outcome.seed,
        "answers": [
            {"text": step.text, "ok": step.ok} for step in result.path[: rules.PLAY_ANSWERS_MAX]
        ],
        "changes": min(result.changes, rules.PLAY_CHANGES_MAX),
        "chance": round(result.chance, 4),
    }
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


_SAID = {
    "not_json_object": "statement is not an object",
    "id": "id is not a UUID",
    "actor_type": "actor must be an Agent",
    "actor_account": "actor.account needs homePage and name",
    "not_boolean": "{arg} must be true or false",
    "verb": "unknown verb",
    "object_id": "object id is not a task IRI",
    "object_type": "object must be an Activity",
    "task_name": "task name is not a short text",
    "not_number": "score fields must be numbers",
    "scaled_range": "score out of range",
    "raw_range": "score out of range",
    "duration": "duration is not ISO-8601",
    "response": "response too long",
    "registration": "registration is not a UUID",
    "not_integer": "{arg} must be an integer",
    "attempt": "attempt must be >= 1",
    "hints": "hints must be >= 0",
    "self_level": "self level must be 0, 1 or 2",
    "play": "play path is malformed or too long",
    "short_text": "{arg} missing or too long",
    "content_hash": "content hash is not a SHA-256",
    "competencies": "competencies missing",
    "competency_not_object": "competency entry is not an object",
    "framework": "unknown framework {arg}",
    "competency": "unknown competency {arg}",
    "competency_retired": "retired competency {arg}",
    "competency_twice": "competency {arg} given twice",
    "competency_level": "competency level must be 0, 1 or 2",
    "indicator": "unknown indicator for {arg}",
    "timestamp_missing": "timestamp is not ISO-8601 UTC",
    "timestamp_format": "timestamp is not ISO-8601 UTC",
    "timestamp_zone": "timestamp is not ISO-8601 UTC",
    "timestamp_future": "timestamp out of range",
    "timestamp_early": "timestamp out of range",
}


def check_statement(statement: Mapping[str, Any], now: datetime | None = None) -> list[str]:
    """Problems the portfolio would find in ``statement``; an empty list means it looks valid.

    The rules are the portfolio's own (`game.core.statement_rules`), without the lookups the
    game cannot make here (the token's account, the framework's ids). Used by the tests and
    the fake portfolio; the reasons are short English for them.
    """
    checked = rules.check(statement, now=now or datetime.now(UTC), account_name=None, index=None)
    said: list[str] = []
    for reason in checked.reasons:
        if reason.code == "not_object":
            text = (
                "actor.account needs homePage and name"
                if reason.arg.startswith("actor")
                else f"missing {reason.arg}"
            )
        else:
            text = _SAID[reason.code].format(arg=reason.arg)
        if text not in said:
            said.append(text)
    return said
