"""The gap ("écart"): each assessment stream's latest level side by side, never averaged.

For one trainee and one framework, per competency: the trainee's latest self level, the
referent's latest level, the latest level confirmed from the game (and how much game evidence
still waits for the referent), the internship tutor's latest level and the latest level a
professional gave after an interview simulation. Per domain: how many
competencies the trainee rates above, below or level with the referent. The largest gaps are
the talking points of the next bilan. Every level ever given is kept, so progression shows.

Queries do not grow with the number of traces or assessments: one query reads the trainee's
assessments, one counts pending game evidence per competency.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any, Final, NamedTuple

from flask import current_app
from sqlalchemy import (
    Select,
    String,
    bindparam,
    case,
    func,
    select,
    type_coerce,
)

from portfolio.database import read
from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    AssessmentStream,
    GameStatement,
    GameStatementStatus,
    TraceCompetency,
    User,
)
from portfolio.models.base import as_instant, raw_instant
from portfolio.services.frameworks import DEFAULT_FRAMEWORK, framework
from referentiel import Competency, Domain, Framework

TALKING_POINTS = 5


@dataclass(frozen=True)
class Point:
    """One level given by one source at one moment."""

    level: int
    at: datetime
    source: AssessmentSource
    author: str = ""


class Step(NamedTuple):
    """One level of the progression: the level, its stream and the (UTC) day it was given."""

    level: int
    source: AssessmentSource
    day: date


@dataclass(frozen=True)
class GapRow:
    """One competency: the latest level of each stream. ``self_hidden`` in blind rating."""

    competency: Competency
    domain: Domain
    self_point: Point | None = None
    referent: Point | None = None
    game: Point | None = None
    tutor: Point | None = None
    professional: Point | None = None
    game_pending: int = 0
    self_hidden: bool = False

    # The page reads these several times per row (chart, table, counts, talking points):
    # computed once. A frozen dataclass has a ``__dict__``, where cached_property stores them.
    @cached_property
    def shown_self(self) -> Point | None:
        return None if self.self_hidden else self.self_point

    @cached_property
    def gap(self) -> int | None:
        """Self minus referent, in levels (positive: the trainee rates higher)."""
        mine = self.shown_self
        if mine is None or self.referent is None:
            return None
        return mine.level - self.referent.level

    @cached_property
    def direction(self) -> str | None:
        gap = self.gap
        if gap is None:
            return None
        return "over" if gap > 0 else "under" if gap < 0 else "same"

    @cached_property
    def has_evidence(self) -> bool:
        return any(
            (self.shown_self, self.referent, self.game, self.tutor, self.professional)
        ) or bool(self.game_pending)


@dataclass(frozen=True)
class DomainGaps:
    domain: Domain
    rows: tuple[GapRow, ...]

    @cached_property
    def has_evidence(self) -> bool:
        """Some competency of the domain has a level or game evidence waiting."""
        return any(r.has_evidence for r in self.rows)

    @cached_property
    def _directions(self) -> Counter[str | None]:
        return Counter(r.direction for r in self.rows)

    @property
    def over(self) -> int:
        return self._directions["over"]

    @property
    def under(self) -> int:
        return self._directions["under"]

    @property
    def same(self) -> int:
        return self._directions["same"]

    @property
    def largest(self) -> GapRow | None:
        rows = [r for r in self.rows if r.gap]
        return max(rows, key=lambda r: abs(r.gap or 0)) if rows else None


@dataclass(frozen=True)
class GapReport:
    framework: Framework
    domains: tuple[DomainGaps, ...]
    talking_points: tuple[GapRow, ...]
    # competency id -> the levels given (hidden self levels left out): every one, oldest
    # first (``whole``), or the first and the last of each stream, stream after stream,
    # ``between`` counting per stream the levels left out between them
    history: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    blind_hidden: frozenset[str] = frozenset()
    whole: bool = True
    between: Mapping[tuple[str, AssessmentSource], int] = field(default_factory=dict)

    @property
    def levels_given(self) -> int:
        """How many levels the history stands for, those left out included."""
        return sum(map(len, self.history.values())) + sum(self.between.values())

    def row(self, competency_id: str) -> GapRow | None:
        for domain in self.domains:
            for row in domain.rows:
                if row.competency.id == competency_id:
                    return row
        return None


def talking_points(rows: Iterable[GapRow], limit: int = TALKING_POINTS) -> tuple[GapRow, ...]:
    """The largest gaps first (ties: the most recent level first); no gap, no talking point."""
    with_gap = [r for r in rows if r.gap]

    def recency(row: GapRow) -> float:
        points = [p.at.timestamp() for p in (row.shown_self, row.referent) if p is not None]
        return max(points, default=0.0)

    return tuple(sorted(with_gap, key=lambda r: (-abs(r.gap or 0), -recency(r)))[:limit])


_SOURCES = {source.value: source for source in AssessmentSource}


class _Days(dict[str, date]):
    """UTC days as text ("2025-03-09"), each turned into a ``date`` the first time it is seen."""

    def __missing__(self, raw: str) -> date:
        day = self[raw] = date.fromisoformat(raw)
        return day


_EVERY_LEVEL: Final = (
    select(
        Assessment.competency_id,
        type_coerce(Assessment.source, String).label("source"),
        Assessment.level,
        raw_instant(Assessment.created_at).label("raw_at"),
        Assessment.author_label,
    )
    .where(
        Assessment.trainee_id == bindparam("trainee_id"),
        Assessment.framework_id == bindparam("framework_id"),
    )
    .order_by(Assessment.id)
)
"""Every level of ``trainee_id`` in ``framework_id``, oldest first (the progression page)."""

_s = AssessmentStream
_STREAM_ENDS: Final = (
    select(
        _s.competency_id,
        type_coerce(_s.source, String).label("source"),
        _s.first_level,
        raw_instant(_s.first_at).label("first_at"),
        _s.last_level,
        raw_instant(_s.last_at).label("last_at"),
        _s.last_author_label,
        _s.total,
    )
    .where(_s.trainee_id == bindparam("trainee_id"), _s.framework_id == bindparam("framework_id"))
    .order_by(_s.first_id)
)
"""One row per stream of ``trainee_id`` in ``framework_id``: its first and its last level and
how many it holds (the gap page), the streams in the order they began.

Each stream's row (``AssessmentStream``, kept as levels are written) holds both ends and its
count, so the page reads a row per stream and no level. Measured on the whole network (2,328
levels, 140 streams): every level 4.7 ms, a grouped scan of the levels 2.2 ms, the last five of
each stream with a window function 5.4 ms (a sort of every row by stream); the two ends as two
rows per stream (a union sorted by level) cost twice the rows of this one. Both statements are
built once: building them cost more CPU than reading their rows."""


Levels = dict[str, list[Step]]
Latest = dict[tuple[str, AssessmentSource], Point]
Between = dict[tuple[str, AssessmentSource], int]


def _history(trainee_id: int, framework_id: str, whole: bool) -> tuple[Levels, Latest, Between]:
    """The trainee's levels in one framework per competency: every level, oldest first
    (``whole``), or each stream's first and last level, stream after stream; the latest level
    per stream and, per stream, how many levels between its first and its last were left out.

    A trainee followed for months has thousands of levels, so the loops do no conversion per
    level: times come back as UTC text (:class:`raw_instant`), their first ten characters are
    the day (a few hundred distinct days, each turned into a ``date`` once), the source comes
    back raw, and only the latest level of each stream gets its time converted, once.
    Rejected: grouping the levels per day in SQL (two levels of a stream on one day are two
    entries of the table, in the order given).
    """
    params = {"trainee_id": trainee_id, "framework_id": framework_id}
    if whole:
        return _every_level(read(_EVERY_LEVEL, params).all())
    history: Levels = defaultdict(list)
    latest: Latest = {}
    between: Between = {}
    days = _Days()
    for competency_id, raw_source, first, first_at, last, last_at, label, total in read(
        _STREAM_ENDS, params
    ).all():
        source = _SOURCES[raw_source]
        steps = history[competency_id]
        steps.append(Step(first, source, days[first_at[:10]]))
        if total > 1:
            steps.append(Step(last, source, days[last_at[:10]]))
            if total > 2:
                between[(competency_id, source)] = total - 2
        latest[(competency_id, source)] = Point(last, as_instant(last_at), source, label)
    return history, latest, between


def _every_level(rows: Sequence[Any]) -> tuple[Levels, Latest, Between]:
    history: Levels = defaultdict(list)
    last: dict[tuple[str, AssessmentSource], tuple[int, Any, str]] = {}
    days = _Days()
    for competency_id, raw_source, level, raw_at, label in rows:
        source = _SOURCES[raw_source]
        history[competency_id].append(Step(level, source, days[raw_at[:10]]))
        last[(competency_id, source)] = (level, raw_at, label)
    # Streams are append-only: each one's last row is its latest level (its time converted).
    latest = {
        key: Point(level, as_instant(raw_at), key[1], label)
        for key, (level, raw_at, label) in last.items()
    }
    return history, latest, {}  # nothing left out


def gap_report(
    trainee: User,
    *,
    hide_unrated_self: bool = False,
    framework_id: str = DEFAULT_FRAMEWORK,
    whole: bool = False,
) -> GapReport:
    """Everything the gap page shows for one trainee.

    ``hide_unrated_self`` is blind rating: the self level of a competency the referents have
    not rated yet is left out (and out of the history), so a referent rates it first.
    The history keeps the first and the last level of each stream (what the pages show); with
    ``whole``, every level (the progression page, the export).
    """
    fw = framework(framework_id)
    history, latest, between = _history(trainee.id, fw.id, whole)
    pending = pending_game_by_competency(trainee.id)

    rated = {c for (c, s) in latest if s is AssessmentSource.REFERENT}
    hidden = (
        frozenset(c for (c, s) in latest if s is AssessmentSource.SELF and c not in rated)
        if hide_unrated_self
        else frozenset()
    )
    domains: list[DomainGaps] = []
    for domain in fw.domains:
        domain_rows = tuple(
            GapRow(
                competency=c,
                domain=domain,
                self_point=latest.get((c.id, AssessmentSource.SELF)),
                referent=latest.get((c.id, AssessmentSource.REFERENT)),
                game=latest.get((c.id, AssessmentSource.GAME)),
                tutor=latest.get((c.id, AssessmentSource.TUTOR)),
                professional=latest.get((c.id, AssessmentSource.PROFESSIONAL)),
                game_pending=pending.get(c.id, 0),
                self_hidden=c.id in hidden,
            )
            for c in domain.competencies
            if not c.retired or (c.id in history)
        )
        domains.append(DomainGaps(domain=domain, rows=domain_rows))
    self_source = AssessmentSource.SELF
    visible_history = {
        cid: tuple(p for p in points if p.source is not self_source)
        if cid in hidden
        else tuple(points)
        for cid, points in history.items()
    }
    all_rows = [r for d in domains for r in d.rows]
    return GapReport(
        framework=fw,
        domains=tuple(domains),
        talking_points=talking_points(all_rows),
        history=visible_history,
        blind_hidden=hidden,
        whole=whole,
        between={k: n for k, n in between.items() if k[1] is not self_source or k[0] not in hidden},
    )


_PENDING_GAME: Final = (
    select(TraceCompetency.competency_id, func.count(func.distinct(GameStatement.id)))
    .join(GameStatement, GameStatement.trace_id == TraceCompetency.trace_id)
    .where(
        GameStatement.user_id == bindparam("trainee_id"),
        GameStatement.status == GameStatementStatus.PENDING,
    )
    .group_by(TraceCompetency.competency_id)
)


def pending_game_by_competency(trainee_id: int) -> dict[str, int]:
    """Game evidence awaiting the referent, counted per competency of its game trace.

    The statement is built once (building it took twice the time of running it)."""
    rows = read(_PENDING_GAME, {"trainee_id": trainee_id})
    return {competency_id: int(count) for competency_id, count in rows}


@dataclass(frozen=True)
class LatestLevels:
    """Latest level per trainee, source and competency, for many trainees at once."""

    by_trainee: dict[int, dict[tuple[AssessmentSource, str], int]]

    def get(self, trainee_id: int, source: AssessmentSource, competency_id: str) -> int | None:
        return self.by_trainee.get(trainee_id, {}).get((source, competency_id))

    def of(self, trainee_id: int) -> dict[tuple[AssessmentSource, str], int]:
        return self.by_trainee.get(trainee_id, {})


def latest_levels(
    trainee_ids: Sequence[int],
    sources: Sequence[AssessmentSource] = (AssessmentSource.SELF, AssessmentSource.REFERENT),
    framework_id: str = DEFAULT_FRAMEWORK,
) -> LatestLevels:
    """One query for a whole caseload.

    Streams are append-only, so the latest level of a stream is its row with the highest id
    (the rule the trainee's pages use too); the grouped ``max(id)`` reads the stream index only.
    """
    if not trainee_ids:
        return LatestLevels({})
    latest_ids = (
        select(func.max(Assessment.id))
        .where(Assessment.trainee_id.in_(trainee_ids), Assessment.source.in_(list(sources)))
        .group_by(Assessment.trainee_id, Assessment.source, Assessment.competency_id)
    )
    rows = db.session.execute(
        select(
            Assessment.trainee_id, Assessment.source, Assessment.competency_id, Assessment.level
        ).where(Assessment.id.in_(latest_ids), Assessment.framework_id == framework_id)
    ).all()
    by_trainee: dict[int, dict[tuple[AssessmentSource, str], int]] = defaultdict(dict)
    for trainee_id, source, competency_id, level in rows:
        by_trainee[trainee_id][(AssessmentSource(source), competency_id)] = level
    return LatestLevels(dict(by_trainee))


@dataclass(frozen=True)
class Pair:
    """The latest self and referent levels of one competency, for one trainee."""

    trainee_id: int
    competency_id: str
    self_level: int
    referent_level: int


def _pairs_query(
    trainee_ids: Sequence[int], framework_id: str
) -> Select[tuple[int, str, int, int]]:
    """(trainee, competency, latest self level, latest referent level) where both exist.

    The latest row of each stream is its highest id (append-only), read from the stream index;
    the two streams are put side by side by grouping, in the database.
    """
    latest_ids = (
        select(func.max(Assessment.id))
        .where(
            Assessment.trainee_id.in_(trainee_ids),
            Assessment.source.in_([AssessmentSource.SELF, AssessmentSource.REFERENT]),
        )
        .group_by(Assessment.trainee_id, Assessment.source, Assessment.competency_id)
    )
    source = type_coerce(Assessment.source, String)
    own = func.max(case((source == AssessmentSource.SELF.value, Assessment.level)))
    other = func.max(case((source == AssessmentSource.REFERENT.value, Assessment.level)))
    return (
        select(
            Assessment.trainee_id,
            Assessment.competency_id,
            own.label("self_level"),
            other.label("referent_level"),
        )
        .where(Assessment.id.in_(latest_ids), Assessment.framework_id == framework_id)
        .group_by(Assessment.trainee_id, Assessment.competency_id)
        .having(own.is_not(None), other.is_not(None))
    )


def latest_pairs(trainee_ids: Sequence[int], framework_id: str = DEFAULT_FRAMEWORK) -> list[Pair]:
    """For many trainees at once, every competency rated both by the trainee and a referent."""
    if not trainee_ids:
        return []
    rows = db.session.execute(_pairs_query(trainee_ids, framework_id)).all()
    return [Pair(t, c, mine, theirs) for t, c, mine, theirs in rows]


CACHE_KEY = "referent.largest_gaps"


NEWEST_ASSESSMENT: Final = (
    select(func.max(Assessment.id)).where(Assessment.trainee_id == User.id).scalar_subquery()
)
"""A trainee's highest assessment id (None if none), correlated to ``User.id``: the version of
their gaps. A caller that reads trainees already can add it as a column and pass the figures
to ``largest_gaps`` (``versions``), saving its query. A bare ``max``: SQLite answers it with
one probe of the (trainee, id) index, whereas ``coalesce(max(id), 0)`` walks the trainee's
rows (four times slower for 400 assessments)."""


def largest_gaps(
    trainee_ids: Sequence[int],
    framework_id: str = DEFAULT_FRAMEWORK,
    versions: Mapping[int, int] | None = None,
) -> dict[int, SimpleGap]:
    """Per trainee, the competency where the two latest levels differ most.

    Assessments are append-only, so a trainee's gaps only change when their highest assessment
    id does. That id is read per trainee with one cheap query (an index seek each), unless the
    caller read it already (``versions``, from ``NEWEST_ASSESSMENT``); the gaps of trainees
    whose id moved are recomputed (one query), the others come from a per-process cache held
    by the app.
    """
    if not trainee_ids:
        return {}
    fw = framework(framework_id)
    if versions is None:
        versions = {
            trainee_id: int(version or 0)
            for trainee_id, version in db.session.execute(
                select(User.id, NEWEST_ASSESSMENT).where(User.id.in_(trainee_ids))
            ).all()
        }
    cache: dict[tuple[str, str, int], tuple[int, SimpleGap | None]] = (
        current_app.extensions.setdefault(CACHE_KEY, {})
    )
    stale = [
        t
        for t in trainee_ids
        if cache.get((fw.id, fw.version, t), (-1, None))[0] != versions.get(t)
    ]
    if stale:
        fresh = _compute_largest_gaps(stale, fw)
        for trainee_id in stale:
            cache[(fw.id, fw.version, trainee_id)] = (
                versions.get(trainee_id, 0),
                fresh.get(trainee_id),
            )
    found: dict[int, SimpleGap] = {}
    for trainee_id in trainee_ids:
        gap = cache[(fw.id, fw.version, trainee_id)][1]
        if gap is not None:
            found[trainee_id] = gap
    return found


def _compute_largest_gaps(trainee_ids: Sequence[int], fw: Framework) -> dict[int, SimpleGap]:
    """One query that returns one row per trainee (ties: the lowest competency id)."""
    pairs = _pairs_query(trainee_ids, fw.id).subquery()
    size = func.abs(pairs.c.self_level - pairs.c.referent_level)
    rank = (
        func.row_number()
        .over(partition_by=pairs.c.trainee_id, order_by=(size.desc(), pairs.c.competency_id))
        .label("rank")
    )
    ranked = (
        select(
            pairs.c.trainee_id,
            pairs.c.competency_id,
            pairs.c.self_level,
            pairs.c.referent_level,
            rank,
        )
        .where(pairs.c.self_level != pairs.c.referent_level)
        .subquery()
    )
    rows = db.session.execute(
        select(
            ranked.c.trainee_id,
            ranked.c.competency_id,
            ranked.c.self_level,
            ranked.c.referent_level,
        ).where(ranked.c.rank == 1)
    ).all()
    found: dict[int, SimpleGap] = {}
    for trainee_id, competency_id, mine, theirs in rows:
        competency = fw.get(competency_id)
        if competency is not None:
            found[trainee_id] = SimpleGap(competency, mine, theirs)
    return found


@dataclass(frozen=True)
class SimpleGap:
    """The largest gap of one trainee, for the caseload."""

    competency: Competency
    self_level: int
    referent_level: int

    @property
    def gap(self) -> int:
        return self.self_level - self.referent_level
