"""Interests (RIASEC): the profile from the picture cards, and trades to suggest.

The player answers picture cards (:mod:`game.core.interest_cards`); the profile keeps the one
or two letters they liked most. Suggestions ("Pour vous") come from trades whose letters match,
one per grand domaine, and the domains rotate from turn to turn so the same district never
leads twice in a row. One more trade is chosen whose letters share nothing with the
interests, to widen the choice; its domain rotates too.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from game.core.content import RIASEC, Trade
from game.core.interest_cards import CARDS, Answer, Card

MAX_INTERESTS = 2
ANSWER_POINTS: Mapping[str, int] = {"like": 2, "unsure": 0, "dislike": -1}


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


def letter_scores(
    answers: Mapping[str, Answer], cards: Sequence[Card] = CARDS
) -> dict[str, tuple[int, int]]:
    """Per letter: (points, likes). "J'aime" 2 points, "je ne sais pas" 0, "je n'aime pas" -1."""
    scores = {letter: (0, 0) for letter in RIASEC}
    for card in cards:
        answer = answers.get(card.id)
        if answer is None:
            continue
        points, likes = scores[card.letter]
        scores[card.letter] = (points + ANSWER_POINTS[answer], likes + (answer == "like"))
    return scores


def profile_from_answers(
    answers: Mapping[str, Answer], cards: Sequence[Card] = CARDS
) -> tuple[str, ...]:
    """The one or two letters the player liked most (always at least one).

    Letters are ranked by points, then by likes, then in RIASEC order (ties are thus decided
    the same way every time). The second letter is kept when it has points and at least half
    the first one's. With nothing liked at all, the least disliked letter stands alone.
    """
    scores = letter_scores(answers, cards)
    ranked = sorted(RIASEC, key=lambda x: (-scores[x][0], -scores[x][1], RIASEC.index(x)))
    first, second = ranked[0], ranked[1]
    top = scores[first][0]
    points = scores[second][0]
    if top > 0 and points > 0 and 2 * points >= top:
        return (first, second)
    return (first,)


def match_strength(trade: Trade, interests: Collection[str]) -> int:
    """2 per interest matching the trade's major letter, 1 per interest matching its minor."""
    strength = 0
    for rank, letter in enumerate(trade.riasec):
        if letter in interests:
            strength += 2 if rank == 0 else 1
    return strength


def _by_domain(trades: Sequence[Trade]) -> dict[str, list[Trade]]:
    groups: dict[str, list[Trade]] = {}
    for trade in trades:
        groups.setdefault(trade.grand_domaine, []).append(trade)
    return groups


def _rotate(items: Sequence[str], turn: int) -> list[str]:
    if not items:
        return []
    shift = turn % len(items)
    return [*items[shift:], *items[:shift]]


def _outside(
    trades: Sequence[Trade], letters: Sequence[str], played: Collection[str], turn: int
) -> Trade | None:
    pool = [t for t in trades if match_strength(t, letters) == 0]
    if not pool and trades:
        # Every trade shares a letter with the interests: the weakest matches stand in.
        weakest = min(match_strength(t, letters) for t in trades)
        pool = [t for t in trades if match_strength(t, letters) == weakest]
    groups = _by_domain(pool)
    if not groups:
        return None
    domain = _rotate(sorted(groups), turn)[0]
    choices = sorted(groups[domain], key=lambda t: (t.rome in played, t.rome))
    fresh = [t for t in choices if t.rome not in played] or choices
    return fresh[(turn // len(groups)) % len(fresh)]


def suggest(
    trades: Sequence[Trade],
    interests: Sequence[str],
    *,
    played: Collection[str] = (),
    count: int = 3,
    turn: int = 0,
) -> Suggestions:
    """Up to ``count`` matching trades, each from another grand domaine, and one outside.

    The domains holding a matching trade are ordered by their best match, then by letter;
    ``turn`` (e.g. the number of tasks done) rotates that order, so the first suggestion's
    domain changes at every turn when there are two domains or more. In a domain, the
    unplayed trades come first, then the strongest match, then the ROME code. When fewer
    domains than ``count`` match, the list is shorter. ``played`` holds the ROME codes
    already played. The result is deterministic for the same arguments.
    """
    letters = check_interests(interests)
    outside = _outside(trades, letters, played, turn)
    matching = [t for t in trades if match_strength(t, letters) > 0 and t is not outside]
    groups = _by_domain(matching)
    best = {d: max(match_strength(t, letters) for t in ts) for d, ts in groups.items()}
    domains = sorted(groups, key=lambda d: (-best[d], d))
    picks = [
        min(groups[d], key=lambda t: (t.rome in played, -match_strength(t, letters), t.rome))
        for d in _rotate(domains, turn)[:count]
    ]
    return Suggestions(tuple(picks), outside)
