"""One play of one task: the engine, the hints used, the time spent, and the outcome.

The run's ``seed`` draws the order the engine shows its options in; it is kept in the outcome
(and the statement) so the same play can be shown again exactly.

The outcome's statement id is made once, when the task ends; the same id then travels to the
outbox and to the server, so a resend after a crash is recognised as the same evidence.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from game.core.content import Task, Trade
from game.core.engines import Engine, EngineResult, make_engine
from game.core.scoring import Observation, level_for, observations


@dataclass(frozen=True, slots=True)
class TaskOutcome:
    """What a finished task produced; everything the statement and the save need."""

    statement_id: str
    registration: str
    rome: str
    task_id: str
    result: EngineResult
    observations: tuple[Observation, ...]
    level: int
    attempt: int
    hints_used: int
    duration: float
    finished_at: datetime
    seed: int = 0

    @property
    def success(self) -> bool:
        """True when the score reaches level 1 ("Je fais") or more."""
        return self.level >= 1


class TaskRun:
    """A task being played: owns its engine, counts hints and play time."""

    def __init__(
        self,
        trade: Trade,
        task: Task,
        *,
        attempt: int,
        registration: str,
        seed: int,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
    ) -> None:
        if attempt < 1:
            raise ValueError("attempt starts at 1")
        self.trade = trade
        self.task = task
        self.attempt = attempt
        self.registration = registration
        self.seed = seed
        rng = random.Random(seed)
        self.engine: Engine = make_engine(task.pick_data(rng), rng)
        self.hints_used = 0
        self.elapsed = 0.0
        self.outcome: TaskOutcome | None = None
        self._new_id = new_id

    def tick(self, dt: float) -> None:
        """Count play time (fixed steps); stops once the task is over."""
        if self.outcome is None:
            self.elapsed += dt

    @property
    def hints_left(self) -> int:
        return len(self.task.hints) - self.hints_used

    @property
    def shown_hints(self) -> tuple[str, ...]:
        """The hints the player asked for, in order."""
        return self.task.hints[: self.hints_used]

    def use_hint(self) -> str | None:
        """Reveal the next hint (recorded, not punished); None when there is none left."""
        if self.hints_left <= 0 or self.outcome is not None:
            return None
        self.hints_used += 1
        return self.task.hints[self.hints_used - 1]

    def finish(self, now: datetime) -> TaskOutcome:
        """Close the task once; later calls return the same outcome (same statement id)."""
        if self.outcome is not None:
            return self.outcome
        result = self.engine.result()
        self.outcome = TaskOutcome(
            statement_id=self._new_id(),
            registration=self.registration,
            rome=self.trade.rome,
            task_id=self.task.id,
            result=result,
            observations=observations(self.task, result),
            level=level_for(result.score, self.task.bands, result.explained),
            attempt=self.attempt,
            hints_used=self.hints_used,
            duration=self.elapsed,
            finished_at=now,
            seed=self.seed,
        )
        return self.outcome
