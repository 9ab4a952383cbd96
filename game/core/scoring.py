"""From a score (0..1) to the level observed, through the task's bands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.core.content import Band, Task

_EPSILON = 1e-9


def level_for(score: float, bands: Sequence[Band]) -> int:
    """Level of the highest band whose ``min`` the score reaches (bands ascend)."""
    level = 0
    for band in bands:
        if score + _EPSILON >= band.min:
            level = band.level
    return level


@dataclass(frozen=True, slots=True)
class Observation:
    """A competency observed in a task, at a level, through some indicators."""

    competency: str
    level: int
    indicators: tuple[str, ...]


def observations(task: Task, score: float) -> tuple[Observation, ...]:
    """Every competency of the task gets the level the score reaches."""
    level = level_for(score, task.bands)
    return tuple(Observation(ref.id, level, ref.indicators) for ref in task.competencies)
