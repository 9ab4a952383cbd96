"""Suggest trades from the player's interests (RIASEC), and always one outside them.

The player picks one or two interests. Trades whose RIASEC letters match come first (major
letter counts more than minor), unplayed ones before played ones. One more trade is chosen
whose letters share nothing with the interests, to widen the choice.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from game.core.content import RIASEC, Trade

MAX_INTERESTS = 2


@dataclass(frozen=True, slots=True)
class Suggestions:
    """Trades that match the interests, and one outside them."""

    matching: tuple[Trade, ...]
    outside: Trade | None


def check_interests(interests: Sequence[str]) -> tuple[str, ...]:
    """Return the interests as a tuple, or raise ValueError when they are not 1-2 letters."""
    letters = tuple(interests)
    if not 1 <= len(letters) <= MAX_INTERESTS or len(set(letters)) != len(letters):
        raise ValueError("choose one or two interests")
    unknown = [x for x in letters if x not in RIASEC]
    if unknown:
        raise ValueError(f"unknown RIASEC letters: {unknown}")
    return letters


def match_strength(trade: Trade, interests: Collection[str]) -> int:
    """2 per interest matching the trade's major letter, 1 per interest matching its minor."""
    strength = 0
    for rank, letter in enumerate(trade.riasec):
        if letter in interests:
            strength += 2 if rank == 0 else 1
    return strength


def suggest(
    trades: Sequence[Trade],
    interests: Sequence[str],
    *,
    played: Collection[str] = (),
    count: int = 3,
    turn: int = 0,
) -> Suggestions:
    """Pick up to ``count`` matching trades and one outside the interests.

    ``played`` holds the ROME codes already played; ``turn`` (e.g. the number of tasks done)
    rotates the outside suggestion so the player meets a new trade over time. The result is
    deterministic for the same arguments.
    """
    letters = check_interests(interests)
    pool = [t for t in trades if match_strength(t, letters) == 0]
    if not pool and trades:
        # Every trade shares a letter with the interests: the weakest matches stand in.
        weakest = min(match_strength(t, letters) for t in trades)
        pool = [t for t in trades if match_strength(t, letters) == weakest]
    fresh = sorted((t for t in pool if t.rome not in played), key=lambda t: t.rome)
    fresh = fresh or sorted(pool, key=lambda t: t.rome)
    outside = fresh[turn % len(fresh)] if fresh else None
    ranked = sorted(
        (t for t in trades if match_strength(t, letters) > 0 and t is not outside),
        key=lambda t: (t.rome in played, -match_strength(t, letters), t.rome),
    )
    return Suggestions(tuple(ranked[:count]), outside)
