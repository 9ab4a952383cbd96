"""The passport: trades visited (one stamp each) and the best level seen per competency.

It is built from the outbox rows, the very statements the game sends, so it shows what the
portfolio shows for the game stream: the same competency ids and the same levels. A statement
the portfolio refused (``rejected``) or the referent set aside (``discarded``) is not evidence
and does not count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from game.core.statement_rules import EXT
from game.core.store import OutboxRow

NOT_EVIDENCE = frozenset({"rejected", "discarded"})


@dataclass(frozen=True, slots=True)
class Stamp:
    """A trade visited: how many missions were sent from it and the best level reached."""

    rome: str
    missions: int
    best_level: int


@dataclass(frozen=True, slots=True)
class Passport:
    """Stamps in the order the trades were first visited; competencies as {id: best level}."""

    stamps: tuple[Stamp, ...]
    competencies: Mapping[str, int]


def statement_competencies(body: Mapping[str, Any]) -> list[tuple[str, int]]:
    """(competency id, level) pairs of one statement, as sent."""
    context = body.get("context")
    extensions = context.get("extensions") if isinstance(context, Mapping) else None
    found = extensions.get(EXT + "competencies") if isinstance(extensions, Mapping) else None
    pairs: list[tuple[str, int]] = []
    for entry in found if isinstance(found, list) else []:
        if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
            level = entry.get("level")
            pairs.append((entry["id"], level if isinstance(level, int) else 0))
    return pairs


def build_passport(rows: Iterable[OutboxRow]) -> Passport:
    """The passport of these outbox rows (any order: oldest first is used for the stamps)."""
    missions: dict[str, set[str]] = {}
    best_trade: dict[str, int] = {}
    best: dict[str, int] = {}
    for row in sorted(rows, key=lambda r: r.seq):
        if row.status in NOT_EVIDENCE:
            continue
        missions.setdefault(row.rome, set()).add(row.task)
        best_trade[row.rome] = max(best_trade.get(row.rome, 0), row.level)
        for competency, level in statement_competencies(row.body):
            best[competency] = max(best.get(competency, 0), level)
    stamps = tuple(Stamp(rome, len(tasks), best_trade[rome]) for rome, tasks in missions.items())
    return Passport(stamps, best)
