"""Talent search for partner companies: showcases only, ranked by relevance.

The search never reads traces or assessments: it works on the showcase tables (the chosen
competencies carry a cache of the referent's latest level, see ``models/company.py``), so its
cost does not grow with the size of portfolios. A page costs a fixed number of queries: one
count, one for the page, and one per kind of detail shown (no query per result).

Relevance: each matching competency counts 1 plus its confirmed level (when the trainee shows
it); a target trade counts more when it is the trainee's first choice; ties go to the most
recently published showcase.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final
from urllib.parse import urlencode

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    Row,
    Select,
    String,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)

from portfolio.extensions import db
from portfolio.models import (
    Company,
    OpportunityKind,
    ProfessionalProject,
    ProjectKind,
    ProjectTrade,
    Showcase,
    ShowcaseCompetency,
    ShowcaseTrace,
    Site,
    User,
    utcnow,
)
from portfolio.services.frameworks import competency_label, framework
from portfolio.services.i18n import gettext as _
from portfolio.services.rome import UnknownTrade, fold, rome
from portfolio.showcase.services import KIND_LABELS, company_scope, visible_condition
from portfolio.trades.services import TradeShown, parse_pick
from portfolio.trades.services import shown as trade_shown

__all__ = [
    "PER_PAGE",
    "SearchCriteria",
    "SearchHit",
    "SearchResult",
    "parse_criteria",
    "search_showcases",
]

PER_PAGE: Final = 20
MAX_PAGE: Final = 500
DATE_RE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class SearchCriteria:
    competency_id: str | None = None
    domain_id: str | None = None
    min_level: int | None = None
    trade: str | None = None  # a ROME sheet: every sheet of its family matches
    job_title: str | None = None  # the title the company typed, to show it again
    grand_domaine: str | None = None
    kind: OpportunityKind | None = None
    site_id: int | None = None
    area: str = ""
    available_by: date | None = None
    page: int = 1

    @property
    def is_empty(self) -> bool:
        return self == SearchCriteria(page=self.page)

    def as_query(self, *, page: int | None = None) -> str:
        """The query string of these criteria (for links, pages and saved searches)."""
        pairs: list[tuple[str, str]] = []
        if self.competency_id or self.domain_id:
            pairs.append(("competence", self.competency_id or self.domain_id or ""))
        if self.min_level:
            pairs.append(("niveau", str(self.min_level)))
        if self.trade:
            pairs.append(
                ("metier", f"{self.trade}:{self.job_title}" if self.job_title else self.trade)
            )
        if self.grand_domaine:
            pairs.append(("domaine", self.grand_domaine))
        if self.kind:
            pairs.append(("type", self.kind.value))
        if self.site_id:
            pairs.append(("site", str(self.site_id)))
        if self.area:
            pairs.append(("lieu", self.area))
        if self.available_by:
            pairs.append(("dispo", self.available_by.isoformat()))
        if page and page > 1:
            pairs.append(("page", str(page)))
        return urlencode(pairs)


def _arg(args: Mapping[str, str], name: str) -> str:
    value = args.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def parse_criteria(args: Mapping[str, str]) -> tuple[SearchCriteria, dict[str, str]]:
    """Read the search form (GET parameters). Wrong values are left out, each with a message."""
    errors: dict[str, str] = {}
    competency_id, domain_id = _competency_or_domain(_arg(args, "competence"), errors)
    min_level = _min_level(_arg(args, "niveau"), competency_id or domain_id, errors)
    trade, job_title, grand_domaine = _trade_and_domain(
        _arg(args, "metier"), _arg(args, "domaine"), errors
    )
    kind = None
    if value := _arg(args, "type"):
        try:
            kind = OpportunityKind(value)
        except ValueError:
            errors["type"] = _("Choisissez stage, alternance, emploi ou formation.")
    site_id = None
    if value := _arg(args, "site"):
        if value.isdigit() and len(value) < 10 and db.session.get(Site, int(value)) is not None:
            site_id = int(value)
        else:
            errors["site"] = _("Cette école n'est pas dans la liste.")
    area = _arg(args, "lieu")
    if len(area) > 120:
        errors["lieu"] = _("Le lieu fait au plus 120 caractères.")
        area = ""
    available_by = _available_by(_arg(args, "dispo"), errors)
    page = 1
    if value := _arg(args, "page"):
        page = int(value) if value.isdigit() and 1 <= int(value) <= MAX_PAGE else 1
    criteria = SearchCriteria(
        competency_id=competency_id,
        domain_id=domain_id,
        min_level=min_level,
        trade=trade,
        job_title=job_title,
        grand_domaine=grand_domaine,
        kind=kind,
        site_id=site_id,
        area=area,
        available_by=available_by,
        page=page,
    )
    return criteria, errors


def _competency_or_domain(value: str, errors: dict[str, str]) -> tuple[str | None, str | None]:
    """The "competence" field names either a domain or a competency of the framework."""
    if not value:
        return None, None
    fw = framework()
    element = fw.element(value)
    if element is not None and element.id in {d.id for d in fw.domains}:
        return None, value
    if fw.get(value) is not None:
        return value, None
    errors["competence"] = _("Cette compétence n'existe pas : choisissez-en une dans la liste.")
    return None, None


def _min_level(value: str, competency_or_domain: str | None, errors: dict[str, str]) -> int | None:
    """A confirmed level only means something for a chosen competency or domain."""
    if not value:
        return None
    codes = {level.code for level in framework().levels if level.code > 0}
    if not value.isdigit() or int(value) not in codes:
        errors["niveau"] = _("Choisissez un niveau dans la liste.")
    elif competency_or_domain is None:
        errors["niveau"] = _("Choisissez aussi une compétence pour ce niveau.")
    else:
        return int(value)
    return None


def _trade_and_domain(
    trade: str, grand_domaine: str, errors: dict[str, str]
) -> tuple[str | None, str | None, str | None]:
    """A pick of the trade picker ("CODE:OGR", or a sheet code as saved searches hold) and a
    ROME "grand domaine": (sheet code, job title, grand domaine), each checked."""
    code = title = None
    if trade:
        try:
            pick = parse_pick(trade)
        except UnknownTrade as err:
            errors["metier"] = str(err)
        else:
            code, title = pick.code, pick.job_title
    if grand_domaine and grand_domaine not in rome().grands_domaines:
        errors["domaine"] = _("Ce domaine n'est pas dans la liste.")
        grand_domaine = ""
    return code, title, grand_domaine or None


def _available_by(value: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        if not DATE_RE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        errors["dispo"] = _("Date non reconnue : choisissez un jour dans le calendrier.")
        return None


@dataclass(frozen=True)
class HitCompetency:
    label: str
    level: str | None  # the confirmed level's label, when shown
    matched: bool


@dataclass(frozen=True)
class SearchHit:
    showcase_id: int
    name: str
    site: str
    presentation: str
    trades: tuple[TradeShown, ...]
    kinds: tuple[str, ...]
    area: str
    available_from: date | None
    competencies: tuple[HitCompetency, ...]
    trace_count: int
    published_at: datetime | None
    score: int


@dataclass(frozen=True)
class SearchResult:
    criteria: SearchCriteria
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _excerpt(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _trainees_with(condition: ColumnElement[bool]) -> Select[tuple[int]]:
    """Trainees with a target trade matching ``condition``."""
    return (
        select(ProfessionalProject.trainee_id)
        .join(ProjectTrade, ProjectTrade.project_id == ProfessionalProject.id)
        .where(condition)
    )


def _of_trainee(
    aggregate: ColumnElement[int], condition: ColumnElement[bool]
) -> ColumnElement[int]:
    """An aggregate over the current showcase's trainee's target trades (for the score)."""
    return (
        select(aggregate)
        .join(ProfessionalProject, ProfessionalProject.id == ProjectTrade.project_id)
        .where(ProfessionalProject.trainee_id == Showcase.trainee_id, condition)
        .scalar_subquery()
    )


def search_showcases(
    company: Company, criteria: SearchCriteria, *, now: datetime | None = None
) -> SearchResult:
    """Showcases the company may see that match ``criteria``, most relevant first.

    Each criterion is a semi-join on an index (``IN (SELECT ...)``), so the database starts
    from the most selective one; the relevance score is computed only for the rows that
    match, by small correlated subqueries on indexed columns.
    """
    query, score_parts = _matching(company, criteria, now or utcnow())
    # Round trips cost more than rows here: the page query also counts the matches (a window
    # function) and brings what each result shows; two more queries bring the trades and
    # kinds, and the competencies. Plain Core execution: rows of columns, no ORM objects.
    newest_first = (Showcase.published_at.desc(), Showcase.id.desc())
    score: ColumnElement[int] = literal(0, Integer)
    if score_parts:
        score = score_parts[0]
        for part in score_parts[1:]:
            score = score + part
    # The inner query ranks and counts ids only; the outer one adds what each result shows,
    # for the page's rows only.
    ranked = (
        query.add_columns(score.label("score"), func.count().over().label("total"))
        .order_by(*((score.desc(),) if score_parts else ()), *newest_first)
        .limit(PER_PAGE)
    )
    conn = db.session.connection()
    page = criteria.page
    rows = _page_rows(conn, ranked, page)
    if rows:
        total = int(rows[0].total)
    else:  # past the last page (or nothing found): count, then show the last page
        total = conn.scalar(query.with_only_columns(func.count(Showcase.id))) or 0
        page = max(1, -(-total // PER_PAGE))
        rows = _page_rows(conn, ranked, page) if total else []
    return SearchResult(criteria, _hits(rows, criteria), total, page)


def _matching(
    company: Company, criteria: SearchCriteria, now: datetime
) -> tuple[Select[tuple[int]], list[ColumnElement[int]]]:
    """The ids of the visible showcases that match, and the parts of their relevance score."""
    # Deactivated trainees are few: excluding them by a small NOT IN list costs less than
    # joining every showcase to its account.
    inactive = select(User.id).where(User.active.is_(False))
    query = select(Showcase.id).where(
        visible_condition(now), company_scope(company), Showcase.trainee_id.not_in(inactive)
    )
    score_parts: list[ColumnElement[int]] = []
    if criteria.area or criteria.available_by:
        query = query.join(
            ProfessionalProject, ProfessionalProject.trainee_id == Showcase.trainee_id
        )
    if criteria.competency_id or criteria.domain_id:
        sc = ShowcaseCompetency
        matches: list[ColumnElement[bool]] = [
            sc.competency_id == criteria.competency_id
            if criteria.competency_id
            else sc.domain_id == criteria.domain_id
        ]
        if criteria.min_level:
            matches += [sc.confirmed_level >= criteria.min_level, sc.show_level.is_(True)]
        query = query.where(Showcase.id.in_(select(sc.showcase_id).where(*matches)))
        shown_level = case((sc.show_level.is_(True), func.coalesce(sc.confirmed_level, 0)), else_=0)
        score_parts.append(
            select(func.sum(1 + shown_level))
            .where(sc.showcase_id == Showcase.id, *matches)
            .scalar_subquery()
        )
    return _project_filters(query, criteria, score_parts), score_parts


def _project_filters(
    query: Select[tuple[int]], criteria: SearchCriteria, score_parts: list[ColumnElement[int]]
) -> Select[tuple[int]]:
    """Add the professional project's criteria to ``query`` (and their part of the score)."""
    # Project criteria name trainees (``showcase.trainee_id IN (...)``): every filter is then a
    # list the database may start from, whichever is the most selective.
    if criteria.trade:
        # A trade is a sheet: a company searching "Cariste" finds "Chef cariste" too, and a
        # title of a ROME 4.0 child sheet meets its v3 parent (one family).
        same_trade = ProjectTrade.rome_code.in_(rome().family(criteria.trade))
        query = query.where(Showcase.trainee_id.in_(_trainees_with(same_trade)))
        # The trainee's first choice counts more than their third.
        score_parts.append(10 - _of_trainee(func.min(ProjectTrade.position), same_trade))
    if criteria.grand_domaine:
        in_domain = ProjectTrade.grand_domaine == criteria.grand_domaine
        query = query.where(Showcase.trainee_id.in_(_trainees_with(in_domain)))
        score_parts.append(2 * _of_trainee(func.count(ProjectTrade.id), in_domain))
    if criteria.kind:
        query = query.where(
            Showcase.trainee_id.in_(
                select(ProfessionalProject.trainee_id)
                .join(ProjectKind, ProjectKind.project_id == ProfessionalProject.id)
                .where(ProjectKind.kind == criteria.kind)
            )
        )
    if criteria.site_id:
        query = query.where(Showcase.site_id == criteria.site_id)
    if criteria.area:
        query = query.where(
            ProfessionalProject.area_folded.contains(fold(criteria.area), autoescape=True)
        )
    if criteria.available_by:
        query = query.where(
            or_(
                ProfessionalProject.available_from.is_(None),
                ProfessionalProject.available_from <= criteria.available_by,
            )
        )
    return query


def _page_rows(conn: Connection, ranked: Select[Any], page: int) -> Sequence[Row[Any]]:
    """One page of results with what each one shows, in one query."""
    inner = ranked.offset((page - 1) * PER_PAGE).subquery("ranked")
    trace_count = (
        select(func.count(ShowcaseTrace.id))
        .where(ShowcaseTrace.showcase_id == inner.c.id)
        .scalar_subquery()
    )
    return conn.execute(
        select(
            inner.c.id,
            inner.c.score,
            inner.c.total,
            Showcase.presentation,
            Showcase.published_at,
            User.first_name,
            User.last_name,
            Site.name.label("site_name"),
            ProfessionalProject.id.label("project_id"),
            ProfessionalProject.area,
            ProfessionalProject.available_from,
            trace_count.label("trace_count"),
        )
        .select_from(inner)
        .join(Showcase, Showcase.id == inner.c.id)
        .join(User, User.id == Showcase.trainee_id)
        .join(Site, Site.id == Showcase.site_id)
        .outerjoin(ProfessionalProject, ProfessionalProject.trainee_id == Showcase.trainee_id)
        .order_by(inner.c.score.desc(), Showcase.published_at.desc(), Showcase.id.desc())
    ).all()


def _hits(rows: Sequence[Row[Any]], criteria: SearchCriteria) -> list[SearchHit]:
    """Results of one page, from the page rows plus two queries (trades and kinds together,
    then competencies), whatever the number of results."""
    if not rows:
        return []
    conn = db.session.connection()
    ids = [row.id for row in rows]
    project_ids = [row.project_id for row in rows if row.project_id is not None]
    trade_codes: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    kinds: dict[int, list[OpportunityKind]] = defaultdict(list)
    wishes: CompoundSelect[tuple[int, str, str, str | None, int]] = union_all(
        select(
            ProjectTrade.project_id,
            literal("trade"),
            ProjectTrade.rome_code,
            ProjectTrade.job_title,
            ProjectTrade.position,
        ).where(ProjectTrade.project_id.in_(project_ids)),
        select(
            ProjectKind.project_id,
            literal("kind"),
            cast(ProjectKind.kind, String),
            cast(literal(None), String),
            literal(0),
        ).where(ProjectKind.project_id.in_(project_ids)),
    )
    for project_id, what, value, title, _position in conn.execute(
        select(wishes.subquery()).order_by(text("1, 2, 5, 3"))
    ).tuples():
        if what == "trade":
            trade_codes[project_id].append((value, title))
        else:
            kinds[project_id].append(OpportunityKind(value))
    competencies: dict[int, list[HitCompetency]] = defaultdict(list)
    fw = framework()
    levels = {level.code: level.label for level in fw.levels}
    labels: dict[tuple[str, str, str], str] = {}
    for sid, fid, version, cid, domain_id, show_level, confirmed in conn.execute(
        select(
            ShowcaseCompetency.showcase_id,
            ShowcaseCompetency.framework_id,
            ShowcaseCompetency.framework_version,
            ShowcaseCompetency.competency_id,
            ShowcaseCompetency.domain_id,
            ShowcaseCompetency.show_level,
            ShowcaseCompetency.confirmed_level,
        )
        .where(ShowcaseCompetency.showcase_id.in_(ids))
        .order_by(ShowcaseCompetency.showcase_id, ShowcaseCompetency.id)
    ).tuples():
        is_match = cid == criteria.competency_id or (
            criteria.domain_id is not None and domain_id == criteria.domain_id
        )
        level = levels.get(confirmed) if show_level and confirmed else None
        if is_match or level is not None:
            key = (fid, version, cid)
            if key not in labels:
                labels[key] = competency_label(fid, version, cid)
            competencies[sid].append(HitCompetency(labels[key], level, is_match))
    hits = []
    for row in rows:
        project_id = row.project_id or 0
        shown = sorted(competencies[row.id], key=lambda c: (not c.matched, c.level is None))
        last_name = (row.last_name or "").strip()
        hits.append(
            SearchHit(
                showcase_id=row.id,
                name=f"{row.first_name} {last_name[0].upper()}." if last_name else row.first_name,
                site=row.site_name,
                presentation=_excerpt(row.presentation),
                trades=tuple(
                    trade_shown(code, title) for code, title in trade_codes.get(project_id, [])
                ),
                kinds=tuple(KIND_LABELS[k] for k in kinds.get(project_id, [])),
                area=row.area or "",
                available_from=row.available_from,
                competencies=tuple(shown[:6]),
                trace_count=int(row.trace_count or 0),
                published_at=row.published_at,
                score=int(row.score or 0),
            )
        )
    return hits
