"""Rank what comes next for one trainee: upcoming sessions of their site, catalogue activities.

Each candidate is scored from the competencies it targets. A targeted competency earns points
for four reasons, weighed in ``WEIGHTS`` (the only place): an open objective about it, a gap
between the trainee's and the referent's latest levels (per level of difference), no evidence
at all yet (no trace, no assessment), and a trade of the professional project that needs it.
The proposal's sentence names the single largest contribution; ties go to the reason listed
first in ``ReasonKind`` (objective, gap, never evidenced, trade), then to the lowest id, so
the same data always gives the same path, in the same order, with the same words.

Two queries whatever the number of sessions and activities (the home's budget allows no
more): one UNION ALL reads the trainee's facts (gaps, open objectives, evidenced competencies,
project trades) and the targets of the site's activities, one UNION ALL reads the candidates
with the trainee's state on each (in it, requested, how many places are taken). Everything else is in memory.
A session already full, or one the trainee is in or was declined for, is never proposed; an
activity with a proposable session (or one the trainee is already in) is not proposed again
as an activity.

Rejected: a score stored per trainee and refreshed on writes (sessions, assessments, traces,
objectives and projects all move it; computing it is cheaper than keeping it right), and a
learned ranking (nobody could say why a proposal came first).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Date,
    Integer,
    String,
    Time,
    and_,
    bindparam,
    case,
    func,
    literal,
    null,
    select,
    type_coerce,
)
from sqlalchemy import union_all as sql_union_all

from portfolio.database import read
from portfolio.models import (
    Activity,
    ActivitySession,
    ActivityTarget,
    AssessmentSource,
    AssessmentStream,
    Objective,
    ObjectiveStatus,
    PathRequest,
    PathRequestStatus,
    ProfessionalProject,
    ProjectTrade,
    SessionParticipant,
    Trace,
    TraceCompetency,
    TraceStatus,
    User,
    utcnow,
)
from portfolio.services.frameworks import frameworks
from portfolio.services.i18n import gettext as _

HORIZON_DAYS = 90  # sessions further away than that are not proposed yet


class ReasonKind(enum.StrEnum):
    """Why a competency matters now, in the order ties are settled."""

    OBJECTIVE = "objective"
    GAP = "gap"
    NEVER = "never"
    TRADE = "trade"


# The weights, in one place: points a targeted competency earns for each reason. A candidate
# counts its best competency in full and the others at half, so an activity does not win only
# by listing many competencies.
WEIGHTS: dict[ReasonKind, int] = {
    ReasonKind.OBJECTIVE: 40,  # agreed at a bilan, or written by the trainee: comes first
    ReasonKind.GAP: 15,  # per level of difference between self and referent
    ReasonKind.NEVER: 10,  # no trace and no assessment yet
    ReasonKind.TRADE: 8,  # a trade of the project needs it
}
SESSION_BONUS = 20  # a dated session with a place beats the same activity "some day"

Key = tuple[str, str]  # (framework id, competency id)


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    points: int
    subject: str  # the objective's title, the competency's or the trade's label

    def sentence(self) -> str:
        """One plain sentence for the trainee."""
        if self.kind is ReasonKind.OBJECTIVE:
            return _("Pour votre objectif « %(what)s ».", what=self.subject)
        if self.kind is ReasonKind.GAP:
            return _("Votre référent et vous ne voyez pas pareil « %(what)s ».", what=self.subject)
        if self.kind is ReasonKind.NEVER:
            return _("Vous n'avez pas encore de trace pour « %(what)s ».", what=self.subject)
        return _("Utile pour le métier « %(what)s ».", what=self.subject)


@dataclass(frozen=True)
class Proposal:
    """A session (``session_id`` set) or a catalogue activity, its score and its reason."""

    activity_id: int
    title: str
    score: int
    reason: Reason
    session_id: int | None = None
    day: date | None = None
    start_time: time | None = None
    places_left: int = 0
    request_id: int | None = None
    request_status: PathRequestStatus | None = None

    @property
    def is_session(self) -> bool:
        return self.session_id is not None

    @property
    def pending(self) -> bool:
        return self.request_status is PathRequestStatus.PENDING


@dataclass
class Facts:
    """What the ranking knows of the trainee (filled by :func:`read_facts`)."""

    gaps: dict[Key, int] = field(default_factory=dict)  # size of the gap
    objectives: dict[Key, str] = field(default_factory=dict)  # first open objective's title
    evidenced: set[Key] = field(default_factory=set)
    trades: list[str] = field(default_factory=list)  # ROME codes, project order
    targets: dict[int, list[Key]] = field(default_factory=dict)  # site activity -> targets
    # competency ids (any framework) with a complete trace or a level of the trainee's own:
    # the home's "started" count (``trainee.services.standing``), read here with the rest
    started: set[str] = field(default_factory=set)


@dataclass
class _Candidate:
    activity_id: int
    title: str
    session_id: int | None
    day: date | None
    start_time: time | None
    group_size: int
    taken: int
    mine: bool
    request_id: int | None
    request_status: str | None
    targets: list[Key] = field(default_factory=list)


@cache
def _facts_query() -> CompoundSelect[Any]:
    """One UNION ALL: (kind, framework, competency, text, number) rows about the trainee, and
    the targets of their site's activities (``number``: the activity), short rows that the
    candidates query then need not repeat its titles and dates for.

    Built once (parameters ``trainee_id``, ``site_id``): building the statement costs more
    than running it.
    """
    trainee_id = bindparam("trainee_id", type_=Integer)
    site_id = bindparam("site_id", type_=Integer)
    # One grouped pass over the trainee's streams of levels (``AssessmentStream``: a row per
    # competency and source, kept as levels are written, with its latest level): each
    # competency with a level (any stream) is "assessed", with its latest self and referent
    # levels. Grouping the levels themselves read every level of a year's path on every home.
    stream = AssessmentStream
    source = type_coerce(stream.source, String)
    own_level = func.max(case((source == AssessmentSource.SELF.value, stream.last_level)))
    other_level = func.max(case((source == AssessmentSource.REFERENT.value, stream.last_level)))
    # The gap (null without both levels) between the latest self and referent levels; the
    # text says whether the trainee gave a level of their own.
    assessed = (
        select(
            literal("assessed", String).label("kind"),
            stream.framework_id,
            stream.competency_id,
            case((own_level.is_not(None), "self"), else_="").label("text"),
            func.abs(own_level - other_level).label("number"),
        )
        .where(stream.trainee_id == trainee_id)
        .group_by(stream.framework_id, stream.competency_id)
    )
    objectives = select(
        literal("objective", String),
        Objective.framework_id,
        Objective.competency_id,
        Objective.title,
        Objective.id,
    ).where(
        Objective.trainee_id == trainee_id,
        Objective.status == ObjectiveStatus.OPEN,
        Objective.competency_id.is_not(None),
    )
    # Each competency of the trainee's traces, ``number`` 1 when one of them is complete.
    complete = Trace.status == TraceStatus.COMPLETE
    traced = (
        select(
            literal("seen", String),
            TraceCompetency.framework_id,
            TraceCompetency.competency_id,
            literal("", String),
            func.max(case((complete, 1), else_=0)),
        )
        .join(Trace, Trace.id == TraceCompetency.trace_id)
        .where(Trace.trainee_id == trainee_id)
        .group_by(TraceCompetency.framework_id, TraceCompetency.competency_id)
    )
    trades = (
        select(
            literal("trade", String),
            literal("", String),
            ProjectTrade.rome_code,
            literal("", String),
            ProjectTrade.position,
        )
        .join(ProfessionalProject, ProfessionalProject.id == ProjectTrade.project_id)
        .where(ProfessionalProject.trainee_id == trainee_id)
    )
    targets = (
        select(
            literal("target", String),
            ActivityTarget.framework_id,
            ActivityTarget.competency_id,
            literal("", String),
            ActivityTarget.activity_id,
        )
        .join(Activity, Activity.id == ActivityTarget.activity_id)
        .where(Activity.site_id == site_id)
    )
    return sql_union_all(assessed, objectives, traced, trades, targets)


def read_facts(trainee: User) -> Facts:
    """The trainee's gaps, open objectives, evidenced competencies and trades, and the targets
    of their site's activities: one query."""
    facts = Facts()
    params = {"trainee_id": trainee.id, "site_id": trainee.site_id or 0}
    rows = read(_facts_query(), params).all()
    objective_order: dict[Key, int] = {}
    trades: list[tuple[int, str]] = []
    for kind, framework_id, competency_id, words, number in rows:
        key = (framework_id, competency_id)
        if kind == "assessed":
            facts.evidenced.add(key)
            if number:  # both levels, and they differ
                facts.gaps[key] = int(number)
            if words == "self":
                facts.started.add(competency_id)
        elif kind == "objective":
            if key not in objective_order or number < objective_order[key]:
                objective_order[key] = number
                facts.objectives[key] = words
        elif kind == "target":
            facts.targets.setdefault(number, []).append(key)
        elif kind == "seen":
            facts.evidenced.add(key)
            if number:  # a complete trace
                facts.started.add(competency_id)
        else:
            trades.append((int(number), competency_id))
    facts.trades = [code for _position, code in sorted(trades)]
    return facts


@cache
def _candidates_query() -> CompoundSelect[Any]:
    """One UNION ALL: a row per session and per activity, with the trainee's state on it.

    Built once (parameters ``site_id``, ``trainee_id``, ``today``, ``until``). Places taken
    and "am I in it" come from one grouped pass over the participants, not one per row.
    """
    site_id = bindparam("site_id", type_=Integer)
    trainee_id = bindparam("trainee_id", type_=Integer)
    today = bindparam("today", type_=Date)
    until = bindparam("until", type_=Date)
    groups = (
        select(
            SessionParticipant.session_id.label("session_id"),
            func.count(SessionParticipant.id).label("taken"),
            func.sum(case((SessionParticipant.trainee_id == trainee_id, 1), else_=0)).label("mine"),
        )
        .join(ActivitySession, ActivitySession.id == SessionParticipant.session_id)
        .where(
            ActivitySession.site_id == site_id,
            ActivitySession.day >= today,
            ActivitySession.day <= until,
        )
        .group_by(SessionParticipant.session_id)
        .subquery("groups")
    )
    taken = func.coalesce(groups.c.taken, 0)
    mine = func.coalesce(groups.c.mine, 0)
    join_request = PathRequest.__table__.alias("join_request")
    interest = PathRequest.__table__.alias("interest")
    sessions = (
        select(
            Activity.id,
            Activity.title,
            Activity.title_en,
            ActivitySession.id,
            ActivitySession.day,
            ActivitySession.start_time,
            Activity.group_size,
            taken,
            mine,
            join_request.c.id,
            join_request.c.status,
        )
        .join(Activity, Activity.id == ActivitySession.activity_id)
        .outerjoin(groups, groups.c.session_id == ActivitySession.id)
        .outerjoin(
            join_request,
            and_(
                join_request.c.session_id == ActivitySession.id,
                join_request.c.trainee_id == trainee_id,
            ),
        )
        .where(
            ActivitySession.site_id == site_id,
            ActivitySession.day >= today,
            ActivitySession.day <= until,
        )
    )
    activities = (
        select(
            Activity.id,
            Activity.title,
            Activity.title_en,
            null().cast(Integer),
            null().cast(Date),
            null().cast(Time),
            Activity.group_size,
            literal(0, Integer),
            literal(0, Integer),
            interest.c.id,
            interest.c.status,
        )
        .outerjoin(
            interest,
            and_(
                interest.c.activity_id == Activity.id,
                interest.c.session_id.is_(None),
                interest.c.trainee_id == trainee_id,
            ),
        )
        .where(Activity.site_id == site_id)
    )
    return sql_union_all(sessions, activities)


def read_candidates(
    trainee: User, today: date, language: str | None = None, *, facts: Facts | None = None
) -> list[_Candidate]:
    """Sessions and activities of the trainee's site (one query); their targets come from
    ``facts`` (read with the trainee's facts)."""
    if trainee.site_id is None:
        return []
    targets = facts.targets if facts is not None else {}
    params = {
        "site_id": trainee.site_id,
        "trainee_id": trainee.id,
        "today": today,
        "until": today + timedelta(days=HORIZON_DAYS),
    }
    rows = read(_candidates_query(), params).all()
    found: list[_Candidate] = []
    for (
        activity_id,
        title,
        title_en,
        session_id,
        day,
        start,
        size,
        taken,
        mine,
        rid,
        status,
    ) in rows:
        found.append(
            _Candidate(
                activity_id, title_en if language == "en" and title_en else title, session_id,
                day, start, size, int(taken or 0), bool(mine), rid, status,
                targets.get(activity_id, []),
            )
        )  # fmt: skip
    return found


def _labels(language: str | None) -> _Labeller:
    return _Labeller(language)


class _Labeller:
    """Competency and trade labels in the reader's language, looked up once each."""

    def __init__(self, language: str | None) -> None:
        self.language = language
        self.loaded = frameworks()

    def competency(self, key: Key) -> str:
        fw = self.loaded.get(key[0])
        found = fw.get(key[1]) if fw is not None else None
        return found.everyday(self.language) if found is not None else key[1]

    @staticmethod
    def trade(code: str) -> str:
        from portfolio.services.rome import rome

        return rome().label(code) if code in rome() else code


def trade_needs(codes: list[str]) -> dict[Key, str]:
    """Per competency, the first trade of the project that needs it (CPS by their general id)."""
    from portfolio.orientation.services.profiles import CPS_FRAMEWORK, E2C_FRAMEWORK, profiles

    loaded = frameworks()
    cps = loaded.get(CPS_FRAMEWORK)
    needs: dict[Key, str] = {}
    for code in codes:
        profile = profiles().get(code)
        if profile is None:
            continue
        for competency_id in profile.competencies:
            needs.setdefault((E2C_FRAMEWORK, competency_id), code)
        for cps_id in profile.cps:
            element = cps.element(cps_id) if cps is not None else None
            general = getattr(element, "competency_id", cps_id)
            needs.setdefault((CPS_FRAMEWORK, general), code)
    return needs


def _reasons(key: Key, facts: Facts, needs: dict[Key, str], labels: _Labeller) -> list[Reason]:
    found: list[Reason] = []
    if key in facts.objectives:
        found.append(
            Reason(ReasonKind.OBJECTIVE, WEIGHTS[ReasonKind.OBJECTIVE], facts.objectives[key])
        )
    if key in facts.gaps:
        points = WEIGHTS[ReasonKind.GAP] * facts.gaps[key]
        found.append(Reason(ReasonKind.GAP, points, labels.competency(key)))
    if key not in facts.evidenced:
        found.append(Reason(ReasonKind.NEVER, WEIGHTS[ReasonKind.NEVER], labels.competency(key)))
    if key in needs:
        found.append(Reason(ReasonKind.TRADE, WEIGHTS[ReasonKind.TRADE], labels.trade(needs[key])))
    return found


ORDER = {kind: n for n, kind in enumerate(ReasonKind)}


def _weigh(key: Key, facts: Facts, needs: dict[Key, str], labels: _Labeller) -> _Weight:
    reasons = _reasons(key, facts, needs, labels)
    if not reasons:
        return (0, (0, 0, key), None)
    best = min(reasons, key=lambda r: (-r.points, ORDER[r.kind]))
    return (sum(r.points for r in reasons), (-best.points, ORDER[best.kind], key), best)


# (points, how the best reason sorts: more points, then the kind's order, then the id; reason)
_Weight = tuple[int, tuple[int, int, Key], Reason | None]


def rank(
    candidates: list[_Candidate],
    facts: Facts,
    *,
    language: str | None = None,
    limit: int | None = None,
) -> list[Proposal]:
    """Score and order the candidates; pure (no query). Each competency is weighed once."""
    labels = _labels(language)
    needs = trade_needs(facts.trades)
    weights: dict[Key, _Weight] = {}
    covered: set[int] = set()  # activities proposed through a session, or already attended
    scored: list[tuple[int, tuple[object, ...], int, _Candidate, Reason]] = []
    for candidate in candidates:
        is_session = candidate.session_id is not None
        if is_session and candidate.mine:
            covered.add(candidate.activity_id)
        if is_session and not _open_for(candidate):
            continue
        total = top = 0
        best: tuple[tuple[int, int, Key], Reason] | None = None
        for key in candidate.targets:
            weight = weights.get(key)
            if weight is None:
                weight = weights[key] = _weigh(key, facts, needs, labels)
            points, order, reason = weight
            if reason is None:
                continue
            total += points
            top = max(top, points)
            if best is None or order < best[0]:
                best = (order, reason)
        if best is None:
            continue
        score = top + (total - top) // 2
        if is_session:
            score += SESSION_BONUS
            covered.add(candidate.activity_id)
        when = (
            candidate.day or date.max,
            candidate.start_time or time.max,
            candidate.session_id or 0,
        )
        scored.append((-score, when, candidate.activity_id, candidate, best[1]))
    scored.sort(key=lambda item: item[:3])
    found: list[Proposal] = []
    for negative, _when, activity_id, candidate, reason in scored:
        if candidate.session_id is None and activity_id in covered:
            continue
        found.append(_proposal(candidate, -negative, reason))
        if limit is not None and len(found) >= limit:
            break
    return found


def _open_for(candidate: _Candidate) -> bool:
    if candidate.mine or candidate.request_status == PathRequestStatus.DECLINED.value:
        return False
    pending = candidate.request_status == PathRequestStatus.PENDING.value
    return pending or candidate.taken < candidate.group_size


def _proposal(candidate: _Candidate, score: int, best: Reason) -> Proposal:
    status = PathRequestStatus(candidate.request_status) if candidate.request_status else None
    return Proposal(
        activity_id=candidate.activity_id,
        title=candidate.title,
        score=score,
        reason=best,
        session_id=candidate.session_id,
        day=candidate.day,
        start_time=candidate.start_time,
        places_left=max(candidate.group_size - candidate.taken, 0),
        request_id=candidate.request_id,
        request_status=status,
    )


def path_for(
    trainee: User,
    *,
    limit: int | None = None,
    today: date | None = None,
    language: str | None = None,
    facts: Facts | None = None,
) -> list[Proposal]:
    """The trainee's ranked proposals (two queries, one when ``facts`` are given), the best
    first."""
    day = today or utcnow().date()
    facts = facts if facts is not None else read_facts(trainee)
    candidates = read_candidates(trainee, day, language, facts=facts)
    return rank(candidates, facts, language=language, limit=limit)
