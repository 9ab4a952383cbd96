"""The trainee's professional project: trades, kinds of opportunity, area, mobility."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask import has_request_context, request
from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import joinedload

from portfolio.extensions import db
from portfolio.models import (
    Mobility,
    OpportunityKind,
    ProfessionalProject,
    ProjectKind,
    ProjectTrade,
    Showcase,
    User,
)
from portfolio.services.i18n import gettext as _
from portfolio.services.rome import TradeChoice, UnknownTrade, fold, rome
from portfolio.showcase.services.common import MAX_AREA, MAX_TRADES, ShowcaseError, _trainee
from portfolio.trades.services import parse_pick, trade_words


@dataclass(frozen=True)
class ProjectData:
    # Each a pick of the trade picker: a TradeChoice, "CODE:OGR" or a sheet code ("D1102").
    trade_codes: Sequence[TradeChoice | str]
    kinds: Sequence[str]
    area: str = ""
    mobility: str = Mobility.CITY.value
    available_from: date | None = None


# Built once: the trainee's home page reads both on every visit. The project comes with its
# trades and kinds in one query (joined: a handful of rows), not three.
_PROJECT_STMT = (
    select(ProfessionalProject)
    .where(ProfessionalProject.trainee_id == bindparam("trainee_id", type_=Integer))
    .options(joinedload(ProfessionalProject.trades), joinedload(ProfessionalProject.kinds))
)
_SHOWCASE_STMT = select(Showcase).where(
    Showcase.trainee_id == bindparam("trainee_id", type_=Integer)
)


def project_of(trainee: User) -> ProfessionalProject | None:
    """The trainee's project, read once per request: the home shows it and matches the site's
    offers with it ("Nouveau pour vous"), and both used to read it. ``save_project`` forgets it,
    and outside a request (CLI, tests' app context) nothing is kept."""
    memo = _request_memo()
    if memo is not None and trainee.id in memo:
        return memo[trainee.id]
    found = db.session.scalars(_PROJECT_STMT, {"trainee_id": trainee.id})
    project = found.unique().one_or_none()
    if memo is not None:
        memo[trainee.id] = project
    return project


def _request_memo() -> dict[int, ProfessionalProject | None] | None:
    if not has_request_context():
        return None
    memo: dict[int, ProfessionalProject | None] = request.__dict__.setdefault("_e2c_projects", {})
    return memo


def save_project(trainee: User, data: ProjectData) -> ProfessionalProject:
    """Create or replace the trainee's professional project."""
    _trainee(trainee)
    picks = _picks(data.trade_codes)
    if not picks:
        raise ShowcaseError(_("Choisissez au moins un métier."))
    if len(picks) > MAX_TRADES:
        raise ShowcaseError(_("Choisissez au plus %(n)d métiers.", n=MAX_TRADES))
    kinds: list[OpportunityKind] = []
    for value in data.kinds:
        try:
            kind = OpportunityKind(value)
        except ValueError:
            raise ShowcaseError(_("Ce type de recherche n'existe pas.")) from None
        if kind not in kinds:
            kinds.append(kind)
    if not kinds:
        raise ShowcaseError(
            _("Dites ce que vous cherchez : stage, alternance, emploi ou formation.")
        )
    area = data.area.strip() if isinstance(data.area, str) else ""
    if len(area) > MAX_AREA:
        raise ShowcaseError(_("Le lieu fait au plus %(n)d caractères.", n=MAX_AREA))
    try:
        mobility = Mobility(data.mobility)
    except ValueError:
        raise ShowcaseError(_("Choisissez jusqu'où vous pouvez aller.")) from None
    available = data.available_from
    if available is not None and not isinstance(available, date):
        raise ShowcaseError(_("La date de disponibilité n'est pas valide."))
    if available is not None and not date(2000, 1, 1) <= available <= date(2100, 1, 1):
        raise ShowcaseError(_("La date de disponibilité n'est pas valide."))

    project = project_of(trainee)
    memo = _request_memo()
    if memo is not None:
        memo.pop(trainee.id, None)  # the next read sees what this one writes (or rolls back)
    if project is None:
        project = ProfessionalProject(trainee_id=trainee.id)
        db.session.add(project)
    project.area = area
    project.area_folded = fold(area)
    project.mobility = mobility
    project.available_from = available
    project.trades.clear()
    project.kinds.clear()
    db.session.flush()
    catalogue = rome()
    for position, pick in enumerate(picks):
        sheet = catalogue.sheet(pick.code)
        assert sheet is not None  # parse_pick checked it
        project.trades.append(
            ProjectTrade(
                rome_code=pick.code,
                job_title=pick.job_title,
                grand_domaine=sheet.grand_domaine,
                position=position,
            )
        )
    for kind in kinds:
        project.kinds.append(ProjectKind(kind=kind))
    db.session.flush()
    return project


def _picks(values: Sequence[object]) -> list[TradeChoice]:
    """The trades picked, in order, each once; two titles of one sheet are one trade."""
    picks: list[TradeChoice] = []
    for value in values:
        try:
            pick = parse_pick(value)
        except UnknownTrade as err:
            raise ShowcaseError(str(err)) from None
        same = next((p for p in picks if p.code == pick.code), None)
        if same is None:
            picks.append(pick)
        elif same != pick:
            raise ShowcaseError(
                _(
                    "« %(a)s » et « %(b)s » sont le même métier : gardez-en un seul.",
                    a=trade_words(same.code, same.job_title),
                    b=trade_words(pick.code, pick.job_title),
                )
            )
    return picks
