"""What a company sees of a showcase, and the log of who viewed it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    AssessmentSource,
    Company,
    PrivateLink,
    Showcase,
    ShowcaseCompetency,
    ShowcasePhoto,
    ShowcaseTrace,
    ShowcaseView,
    Site,
    Trace,
    TraceStatus,
    User,
    utcnow,
)
from portfolio.services.frameworks import competency_label, framework
from portfolio.showcase.services.common import VIEW_DEDUP, display_name
from portfolio.showcase.services.content import _latest
from portfolio.showcase.services.labels import CONTEXT_LABELS, KIND_LABELS, MOBILITY_LABELS
from portfolio.showcase.services.project import project_of
from portfolio.trades.services import TradeShown, shown


@dataclass(frozen=True)
class PublicPhoto:
    id: int
    caption: str
    width: int
    height: int


@dataclass(frozen=True)
class PublicTrace:
    id: int
    title: str
    happened_on: date
    context: str
    company_name: str
    body: str
    photos: tuple[PublicPhoto, ...]
    competencies: tuple[str, ...]


@dataclass(frozen=True)
class PublicCompetency:
    id: str
    label: str
    domain: str
    confirmed_level: str | None  # label of the referent's level, when shown
    self_level: str | None  # label of the trainee's own level, when shown


@dataclass(frozen=True)
class PublicShowcase:
    """Everything a company sees, and nothing else: the preview renders this same object."""

    id: int
    name: str
    site: str
    presentation: str
    trades: tuple[TradeShown, ...]
    kinds: tuple[str, ...]
    area: str
    mobility: str
    available_from: date | None
    traces: tuple[PublicTrace, ...]
    confirmed: tuple[PublicCompetency, ...]
    declared: tuple[PublicCompetency, ...]
    published_at: datetime | None

    def trace(self, trace_id: int) -> PublicTrace | None:
        return next((t for t in self.traces if t.id == trace_id), None)

    def photo(self, photo_id: int) -> PublicPhoto | None:
        return next((p for t in self.traces for p in t.photos if p.id == photo_id), None)


def _level_label(code: int) -> str:
    for level in framework().levels:
        if level.code == code:
            return level.label
    return str(code)


def public_showcase(showcase: Showcase) -> PublicShowcase:
    """Build what a company sees. A fixed number of queries, whatever the showcase holds."""
    trainee = showcase.trainee
    fw = framework()
    chosen = list(
        db.session.scalars(
            select(ShowcaseTrace)
            .where(ShowcaseTrace.showcase_id == showcase.id)
            .options(
                selectinload(ShowcaseTrace.trace).selectinload(Trace.photos),
                selectinload(ShowcaseTrace.trace).selectinload(Trace.competencies),
            )
            .order_by(ShowcaseTrace.position)
        )
    )
    photo_ids = set(
        db.session.scalars(
            select(ShowcasePhoto.photo_id).where(ShowcasePhoto.showcase_id == showcase.id)
        )
    )
    traces = tuple(
        PublicTrace(
            id=item.trace.id,
            title=item.trace.title,
            happened_on=item.trace.happened_on,
            context=CONTEXT_LABELS.get(item.trace.context, ""),
            company_name=item.trace.company_name or "",
            body=item.trace.body,
            photos=tuple(
                PublicPhoto(p.id, p.caption, p.width, p.height)
                for p in item.trace.photos
                if p.id in photo_ids
            ),
            competencies=tuple(
                competency_label(c.framework_id, c.framework_version, c.competency_id)
                for c in item.trace.competencies
            ),
        )
        for item in chosen
        if item.trace.status is TraceStatus.COMPLETE
    )
    confirmed_rows = _latest(trainee.id, AssessmentSource.REFERENT)
    self_rows = _latest(trainee.id, AssessmentSource.SELF)
    confirmed: list[PublicCompetency] = []
    declared: list[PublicCompetency] = []
    for sc in db.session.scalars(
        select(ShowcaseCompetency)
        .where(ShowcaseCompetency.showcase_id == showcase.id)
        .order_by(ShowcaseCompetency.id)
    ):
        ref = confirmed_rows.get(sc.competency_id)
        own = self_rows.get(sc.competency_id)
        domain = fw.domain_of(sc.competency_id).label if fw.get(sc.competency_id) else ""
        item = PublicCompetency(
            id=sc.competency_id,
            label=competency_label(sc.framework_id, sc.framework_version, sc.competency_id),
            domain=domain,
            confirmed_level=_level_label(ref.level) if sc.show_level and ref else None,
            self_level=_level_label(own.level) if sc.show_level and own and own.level else None,
        )
        (confirmed if ref is not None and ref.level > 0 else declared).append(item)
    project = project_of(trainee)
    return PublicShowcase(
        id=showcase.id,
        name=display_name(trainee),
        # Asked, not lazy-loaded: the site may or may not already be in the session, and the
        # page's query count must not depend on that (tests/portfolio/test_network_demo.py).
        site=db.session.scalar(select(Site.name).where(Site.id == trainee.site_id)) or "",
        presentation=showcase.presentation,
        trades=tuple(
            shown(pt.rome_code, pt.job_title) for pt in (project.trades if project else [])
        ),
        kinds=tuple(KIND_LABELS[k.kind] for k in (project.kinds if project else [])),
        area=project.area if project else "",
        mobility=MOBILITY_LABELS[project.mobility] if project else "",
        available_from=project.available_from if project else None,
        traces=traces,
        confirmed=tuple(confirmed),
        declared=tuple(declared),
        published_at=showcase.published_at,
    )


def record_view(
    showcase: Showcase,
    *,
    company: Company | None = None,
    viewer: User | None = None,
    link: PrivateLink | None = None,
) -> None:
    """Log that a company (or a private link) opened the showcase; reloads within 30 min count once."""
    now = utcnow()
    recent = select(ShowcaseView.id).where(
        ShowcaseView.showcase_id == showcase.id, ShowcaseView.viewed_at > now - VIEW_DEDUP
    )
    if company is not None:
        recent = recent.where(ShowcaseView.company_id == company.id)
    elif link is not None:
        recent = recent.where(ShowcaseView.private_link_id == link.id)
    if db.session.scalar(recent.limit(1)) is not None:
        return
    db.session.add(
        ShowcaseView(
            showcase_id=showcase.id,
            company_id=company.id if company else None,
            viewer_id=viewer.id if viewer else None,
            private_link_id=link.id if link else None,
            viewed_at=now,
        )
    )


def views_of(trainee: User, limit: int = 200) -> list[ShowcaseView]:
    """Who opened the trainee's showcase, newest first."""
    return list(
        db.session.scalars(
            select(ShowcaseView)
            .join(Showcase, Showcase.id == ShowcaseView.showcase_id)
            .where(Showcase.trainee_id == trainee.id)
            .options(selectinload(ShowcaseView.company), selectinload(ShowcaseView.private_link))
            .order_by(ShowcaseView.viewed_at.desc(), ShowcaseView.id.desc())
            .limit(limit)
        )
    )
