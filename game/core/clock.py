"""Time for the game: a monotonic clock, a fixed-step accumulator and a wall clock.

Rules advance in fixed steps (``FixedStep``), whatever the frame rate, so a test that feeds
the same steps gets the same game. Tests inject :class:`ManualClock` and a fixed ``now``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

WallClock = Callable[[], datetime]
STEP = 1.0 / 60.0


class Clock(Protocol):
    """A monotonic clock in seconds."""

    def now(self) -> float: ...


class SystemClock:
    """The real monotonic clock."""

    def now(self) -> float:
        return time.perf_counter()


class ManualClock:
    """A clock that moves only when told to (tests, replays)."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds``."""
        if seconds < 0:
            raise ValueError("a clock does not go back")
        self._now += seconds


class FixedStep:
    """Turns elapsed real time into a whole number of fixed update steps.

    A long pause (window dragged, debugger) is capped at ``max_frame`` seconds so the game
    never runs hundreds of catch-up steps.
    """

    def __init__(self, clock: Clock, step: float = STEP, max_frame: float = 0.25) -> None:
        self.clock = clock
        self.step = step
        self.max_frame = max_frame
        self._last = clock.now()
        self._pending = 0.0

    def steps(self) -> int:
        """How many steps to run now."""
        now = self.clock.now()
        self._pending += min(max(now - self._last, 0.0), self.max_frame)
        self._last = now
        count = int((self._pending + 1e-9) // self.step)
        self._pending -= count * self.step
        return count


def utc_now() -> datetime:
    """The current time in UTC (the default wall clock)."""
    return datetime.now(UTC)


def iso_timestamp(moment: datetime) -> str:
    """``2026-11-27T10:00:00Z`` (UTC, second precision)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_duration(seconds: float) -> str:
    """ISO-8601 duration such as ``PT1M30S`` (whole seconds, at least ``PT0S``)."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    out = "PT"
    if hours:
        out += f"{hours}H"
    if minutes:
        out += f"{minutes}M"
    if secs or out == "PT":
        out += f"{secs}S"
    return out
