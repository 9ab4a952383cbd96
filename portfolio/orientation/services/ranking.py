"""Trades proposed to a trainee, each with one plain reason, and always one outside their interests.

Inputs: the trainee's interests (``interests.interests_of``: the questionnaire, or the game's
choice when there is no questionnaire), the latest level of each competency in each
assessment stream, and the trade profiles (``profiles.py``). Only the trades that have a
profile are ranked: a ROME sheet without one is never proposed (nothing says what it asks
for), it stays pickable wherever a trade is chosen.

Scores, so that the order can be explained:

- interests: like the game (``game/core/riasec.py``), 2 points per interest matching the
  trade's major letter and 1 per interest matching its minor letter, times
  :data:`INTEREST_POINTS`;
- competencies: each competency the trade asks for weighs its latest level, the
  referent-confirmed one (the referent's own, the game's once the referent confirmed it, the
  internship tutor's) times :data:`CONFIRMED_WEIGHT`, the trainee's own times
  :data:`SELF_WEIGHT`, whichever is larger; the trade counts its two best competencies, so a
  trade that lists many competencies is not favoured for that alone.

The best :data:`COUNT` - 1 trades with some points come first, then ONE trade outside the
interests: a trade that shares no letter with them (when every trade shares one, the weakest
matches), not already proposed, chosen in code order rotated by a turn counter, as the game
does. The portfolio's turn is the week (plus the trainee's id, so that a group does not see
the same trade): the outside trade changes each week, and the page is the same all week.

Each trade has ONE reason, the larger of its two parts (interests first on a tie): "Vous aimez
travailler avec vos mains" (one sentence per RIASEC letter, ours), or "Vous avez montré
« <competency> »" (its best competency), or "Pour découvrir autre chose" for the one outside.
Everything is deterministic: the same data and the same day give the same list.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from portfolio.models import AssessmentSource, User, utcnow
from portfolio.orientation.services.interests import Interests, interests_of
from portfolio.orientation.services.profiles import TradeProfile, TradeProfiles, profiles
from portfolio.services import gaps
from portfolio.services.frameworks import framework
from portfolio.services.i18n import N_
from portfolio.services.i18n import gettext as _
from portfolio.services.rome import Trade, TradeCatalogue, trades

COUNT: Final = 5
INTEREST_POINTS: Final = 4
CONFIRMED_WEIGHT: Final = 2
SELF_WEIGHT: Final = 1
BEST_COMPETENCIES: Final = 2
CONFIRMED_SOURCES: Final = (
    AssessmentSource.REFERENT,
    AssessmentSource.GAME,
    AssessmentSource.TUTOR,
)

INTEREST_REASONS: Final[Mapping[str, str]] = {
    "R": N_("Vous aimez travailler avec vos mains."),
    "I": N_("Vous aimez comprendre comment les choses marchent."),
    "A": N_("Vous aimez créer et imaginer."),
    "S": N_("Vous aimez aider les autres."),
    "E": N_("Vous aimez convaincre et entraîner les autres."),
    "C": N_("Vous aimez ranger, compter et faire les choses dans l'ordre."),
}
SHOWN_REASON: Final = N_("Vous avez montré « %(competency)s ».")
OUTSIDE_REASON: Final = N_("Pour découvrir autre chose.")


@dataclass(frozen=True, slots=True)
class Shown:
    """The latest levels of one competency: referent-confirmed (best stream) and self."""

    confirmed: int = 0
    self_level: int = 0

    @property
    def weight(self) -> int:
        return max(CONFIRMED_WEIGHT * self.confirmed, SELF_WEIGHT * self.self_level)


@dataclass(frozen=True, slots=True)
class Reason:
    """The one reason of a proposal; :meth:`text` says it in the reader's language."""

    kind: Literal["interest", "competency", "outside"]
    letter: str = ""
    competency_id: str = ""
    competency_label: str = ""

    def text(self) -> str:
        if self.kind == "interest":
            return _(INTEREST_REASONS[self.letter])
        if self.kind == "competency":
            return _(SHOWN_REASON, competency=self.competency_label)
        return _(OUTSIDE_REASON)


@dataclass(frozen=True, slots=True)
class Proposal:
    trade: Trade
    reason: Reason
    score: int = 0

    @property
    def outside(self) -> bool:
        return self.reason.kind == "outside"


@dataclass(frozen=True, slots=True)
class Ranking:
    """What the pages show: the interests used (and their source) and the proposals."""

    interests: Interests
    proposals: tuple[Proposal, ...]


def match_strength(riasec: str, interests: Collection[str]) -> int:
    """2 per interest matching the major letter, 1 per interest matching the minor one."""
    return sum((2 if rank == 0 else 1) for rank, letter in enumerate(riasec) if letter in interests)


def rotation_turn(trainee: User, today: date) -> int:
    """The week number, shifted by the trainee's id: the outside trade changes weekly."""
    return (today.toordinal() - 1) // 7 + trainee.id  # day 1 (1 January of year 1) is a Monday


def rank(
    catalogue: TradeCatalogue,
    trade_profiles: TradeProfiles,
    interests: Sequence[str],
    shown: Mapping[str, Shown],
    labels: Mapping[str, str],
    *,
    turn: int = 0,
    count: int = COUNT,
) -> tuple[Proposal, ...]:
    """The proposals (pure: no database). ``shown`` and ``labels`` are by competency id."""
    profiled = [(catalogue.get(p.code), p) for p in trade_profiles]
    candidates = [(trade, p) for trade, p in profiled if trade is not None]
    scored = [_scored(trade, p, interests, shown, labels) for trade, p in candidates]
    ranked = sorted((s for s in scored if s.score > 0), key=lambda s: (-s.score, s.trade.code))
    chosen = ranked[: count - 1]
    if not chosen:
        return ()
    outside = _outside(candidates, interests, {s.trade.code for s in chosen}, turn)
    if outside is None:
        return tuple(chosen)
    return (*chosen, Proposal(outside, Reason("outside")))


def _scored(
    trade: Trade,
    profile: TradeProfile,
    interests: Sequence[str],
    shown: Mapping[str, Shown],
    labels: Mapping[str, str],
) -> Proposal:
    interest_points = INTEREST_POINTS * match_strength(profile.riasec, interests)
    weighed = sorted(
        ((shown[c].weight, index, c) for index, c in enumerate(profile.competencies) if c in shown),
        key=lambda item: (-item[0], item[1]),
    )
    skill_points = sum(weight for weight, _, _ in weighed[:BEST_COMPETENCIES])
    if interest_points and interest_points >= skill_points:
        letter = next(letter for letter in profile.riasec if letter in interests)
        reason = Reason("interest", letter=letter)
    elif skill_points:
        best = weighed[0][2]
        reason = Reason("competency", competency_id=best, competency_label=labels.get(best, best))
    else:
        reason = Reason("outside")
    return Proposal(trade, reason, interest_points + skill_points)


def _outside(
    candidates: Sequence[tuple[Trade, TradeProfile]],
    interests: Sequence[str],
    taken: Collection[str],
    turn: int,
) -> Trade | None:
    free = [(trade, p) for trade, p in candidates if trade.code not in taken]
    if not free:
        return None
    strengths = {trade.code: match_strength(p.riasec, interests) for trade, p in free}
    weakest = min(strengths.values())  # 0: shares no letter with the interests
    pool = sorted((t for t, _ in free if strengths[t.code] == weakest), key=lambda t: t.code)
    return pool[turn % len(pool)]


def shown_levels(trainee: User) -> dict[str, Shown]:
    """Per competency: the best latest referent-confirmed level and the latest self level."""
    sources = (AssessmentSource.SELF, *CONFIRMED_SOURCES)
    levels = gaps.latest_levels([trainee.id], sources).of(trainee.id)
    confirmed: dict[str, int] = {}
    self_levels: dict[str, int] = {}
    for (source, competency_id), level in levels.items():
        if source is AssessmentSource.SELF:
            self_levels[competency_id] = level
        else:
            confirmed[competency_id] = max(level, confirmed.get(competency_id, 0))
    return {
        c: Shown(confirmed.get(c, 0), self_levels.get(c, 0))
        for c in sorted({*confirmed, *self_levels})
    }


def _labels(competency_ids: Iterable[str]) -> dict[str, str]:
    fw = framework()
    found = {c: fw.get(c) for c in competency_ids}
    return {c: competency.label for c, competency in found.items() if competency is not None}


def ranking_for(trainee: User, today: date | None = None) -> Ranking:
    """The trades proposed to ``trainee`` (the caller has guarded who may see them)."""
    interests = interests_of(trainee)
    shown = shown_levels(trainee)
    proposals = rank(
        trades(),
        profiles(),
        interests.letters,
        shown,
        _labels(shown),
        turn=rotation_turn(trainee, today or utcnow().date()),
    )
    return Ranking(interests, proposals)
