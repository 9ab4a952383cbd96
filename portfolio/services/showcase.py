"""The trainee's side of the partner space: professional project, showcase, consent,
approval, private links, who viewed it, and in-platform notifications.

The one privacy rule lives here: a company reads a showcase (and only what the trainee put in
it) when :func:`visible_to_company` says so, checked on every request. Unpublishing, an
expiry date or withdrawing a trace therefore takes effect on the very next request.

Errors are :class:`ShowcaseError` (a ValueError) whose ``str()`` is a short sentence (French;
in a request, the reader's language).
The caller commits on success and rolls back on error.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

from flask import abort
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    delete,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    ApprovalState,
    Assessment,
    AssessmentSource,
    Company,
    Mobility,
    Notification,
    OpportunityKind,
    PrivateLink,
    ProfessionalProject,
    ProjectKind,
    ProjectTrade,
    Role,
    Showcase,
    ShowcaseCompetency,
    ShowcasePhoto,
    ShowcaseTrace,
    ShowcaseView,
    Trace,
    TraceCompetency,
    TraceContext,
    TracePhoto,
    TraceStatus,
    User,
    utcnow,
)
from portfolio.services.access import can_see_trainee, followed_trainees_query
from portfolio.services.accounts import current_referent
from portfolio.services.frameworks import competency_label, framework
from portfolio.services.i18n import gettext as _
from portfolio.services.rome import Trade, fold, trades

__all__ = [
    "CONSENT_VERSION",
    "KIND_LABELS",
    "MOBILITY_LABELS",
    "LinkState",
    "ProjectData",
    "PublicShowcase",
    "ShowcaseContent",
    "ShowcaseError",
    "approve_or_refuse",
    "choosable_competencies",
    "choosable_traces",
    "consent_paragraphs",
    "create_private_link",
    "display_name",
    "ensure_showcase",
    "get_showcase_for_company_or_404",
    "get_showcase_for_staff_or_404",
    "is_visible",
    "minor_reminder",
    "notify",
    "pending_approval_count",
    "pending_approvals",
    "private_links",
    "project_of",
    "public_showcase",
    "publish",
    "record_view",
    "resolve_private_link",
    "revoke_private_link",
    "save_project",
    "save_showcase",
    "showcase_of",
    "showcase_photo",
    "unpublish",
    "views_of",
    "visible_condition",
    "visible_to_company",
    "withdraw_trace",
]

MAX_ID: Final = 2_147_483_647
MAX_TRADES: Final = 5
MAX_AREA: Final = 120
MAX_PRESENTATION: Final = 1500
MAX_SHOWCASE_TRACES: Final = 30
MAX_EXPIRY_DAYS: Final = 366
LINK_MAX_DAYS: Final = 30
MAX_LINK_LABEL: Final = 120
VIEW_DEDUP: Final = timedelta(minutes=30)


# The consent wording, versioned: the version is recorded with each publication. Change the
# text => change the version.
def N_(text: str) -> str:
    """Mark a text for translation (extracted by Babel); it is translated where it is shown."""
    return text


CONSENT_VERSION: Final = "2025-1"
_CONSENT: Final = (
    N_(
        "Ma vitrine sera visible par les entreprises partenaires de mon école (et, si je le "
        "choisis, par celles des autres écoles E2C)."
    ),
    N_(
        "Elles verront seulement ce que j'ai choisi : ma présentation, mon projet, les traces, "
        "les photos et les compétences cochées. Jamais mes notes avec l'équipe, ni mon "
        "adresse, ni mon téléphone."
    ),
    N_(
        "Une entreprise peut m'écrire par la plateforme. Je choisis d'accepter ou de refuser. "
        "Mes coordonnées ne sont données que si j'accepte."
    ),
    N_("Je vois quelles entreprises ont regardé ma vitrine, et quand."),
    N_("Je peux retirer ma vitrine ou une trace quand je veux : c'est immédiat."),
)
_MINOR: Final = (
    N_(
        "Vous avez moins de 18 ans. Avant de publier, parlez-en avec votre référent ou vos parents."
    ),
    N_(
        "Les entreprises verront votre prénom, la première lettre de votre nom, votre école et "
        "ce que vous avez coché. Rien d'autre."
    ),
    N_(
        "Ne mettez pas de photo où l'on voit votre visage ou celui d'autres personnes sans "
        "leur accord."
    ),
)

KIND_LABELS: Final = {
    OpportunityKind.INTERNSHIP: N_("Stage"),
    OpportunityKind.APPRENTICESHIP: N_("Alternance"),
    OpportunityKind.JOB: N_("Emploi"),
    OpportunityKind.TRAINING: N_("Formation"),
}
MOBILITY_LABELS: Final = {
    Mobility.CITY: N_("Dans ma ville"),
    Mobility.DEPARTMENT: N_("Dans mon département"),
    Mobility.REGION: N_("Dans ma région"),
    Mobility.COUNTRY: N_("Partout en France"),
}
CONTEXT_LABELS: Final = {
    TraceContext.PROJECT: N_("Projet"),
    TraceContext.INTERNSHIP: N_("Stage en entreprise"),
    TraceContext.WORKSHOP: N_("Atelier"),
    TraceContext.CITIZEN: N_("Action citoyenne ou collective"),
    TraceContext.GAME: N_("Jeu sérieux"),
    TraceContext.PERSONAL: N_("Vie personnelle"),
    TraceContext.OTHER: N_("Autre"),
}


class ShowcaseError(ValueError):
    """A showcase rule was broken; ``str(err)`` is a sentence for the user, in their language."""


def consent_paragraphs() -> tuple[str, ...]:
    """The consent wording of :data:`CONSENT_VERSION`, paragraph by paragraph."""
    return _CONSENT


def minor_reminder() -> tuple[str, ...]:
    """The plain reminder shown to trainees under 18 before they publish."""
    return _MINOR


def _valid_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _trainee(user: User) -> None:
    if user.role is not Role.TRAINEE:
        raise ShowcaseError(_("Seul un ou une stagiaire a une vitrine."))


def display_name(user: User) -> str:
    """What companies see of a name: the first name and the initial of the last name."""
    initial = f" {user.last_name.strip()[0].upper()}." if user.last_name.strip() else ""
    return f"{user.first_name}{initial}"


# --- notifications -------------------------------------------------------------------------


def notify(
    user: User | None, kind: str, *, subject: str = "", target_id: int | None = None
) -> None:
    """Tell someone something in the platform (listed on their notices page, counted in the menu).

    ``kind`` says what happened and which page ``target_id`` leads to (see the notices views).
    """
    if user is None or not user.active:
        return
    db.session.add(
        Notification(user_id=user.id, kind=kind, subject=subject[:200], target_id=target_id)
    )


# --- professional project ------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectData:
    trade_codes: Sequence[str]
    kinds: Sequence[str]
    area: str = ""
    mobility: str = Mobility.CITY.value
    available_from: date | None = None


# Built once: the trainee's home page reads both on every visit.
_PROJECT_STMT = (
    select(ProfessionalProject)
    .where(ProfessionalProject.trainee_id == bindparam("trainee_id", type_=Integer))
    .options(selectinload(ProfessionalProject.trades), selectinload(ProfessionalProject.kinds))
)
_SHOWCASE_STMT = select(Showcase).where(
    Showcase.trainee_id == bindparam("trainee_id", type_=Integer)
)


def project_of(trainee: User) -> ProfessionalProject | None:
    return db.session.scalar(_PROJECT_STMT, {"trainee_id": trainee.id})


def save_project(trainee: User, data: ProjectData) -> ProfessionalProject:
    """Create or replace the trainee's professional project."""
    _trainee(trainee)
    catalogue = trades()
    codes: list[str] = []
    for code in data.trade_codes:
        if not isinstance(code, str) or code not in catalogue:
            raise ShowcaseError(_("Ce métier n'est pas dans la liste : choisissez-en un autre."))
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ShowcaseError(_("Choisissez au moins un métier."))
    if len(codes) > MAX_TRADES:
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
    for position, code in enumerate(codes):
        trade = catalogue.get(code)
        assert trade is not None
        project.trades.append(
            ProjectTrade(rome_code=code, grand_domaine=trade.grand_domaine, position=position)
        )
    for kind in kinds:
        project.kinds.append(ProjectKind(kind=kind))
    db.session.flush()
    return project


# --- building the showcase -----------------------------------------------------------------


@dataclass(frozen=True)
class ShowcaseContent:
    """What the trainee ticks on the "build my showcase" page."""

    presentation: str
    trace_ids: Sequence[int]
    photo_ids: Sequence[int]
    competency_ids: Sequence[str]
    level_ids: Sequence[str]  # competencies whose levels are shown
    network_wide: bool = False
    expires_on: date | None = None


def showcase_of(trainee: User) -> Showcase | None:
    return db.session.scalar(_SHOWCASE_STMT, {"trainee_id": trainee.id})


def ensure_showcase(trainee: User) -> Showcase:
    _trainee(trainee)
    showcase = showcase_of(trainee)
    if showcase is None:
        if trainee.site_id is None:
            raise ShowcaseError(_("Votre compte n'est rattaché à aucune école."))
        showcase = Showcase(trainee_id=trainee.id, site_id=trainee.site_id)
        db.session.add(showcase)
        db.session.flush()
    return showcase


def choosable_traces(trainee: User) -> list[Trace]:
    """The trainee's complete traces (drafts stay private), newest first, with their photos."""
    return list(
        db.session.scalars(
            select(Trace)
            .where(Trace.trainee_id == trainee.id, Trace.status == TraceStatus.COMPLETE)
            .options(selectinload(Trace.photos))
            .order_by(Trace.happened_on.desc(), Trace.id.desc())
        )
    )


def choosable_competencies(trainee: User) -> list[str]:
    """Competency ids with evidence (a complete trace or an assessment), in framework order."""
    evidenced = set(
        db.session.scalars(
            select(TraceCompetency.competency_id)
            .join(Trace, Trace.id == TraceCompetency.trace_id)
            .where(Trace.trainee_id == trainee.id, Trace.status == TraceStatus.COMPLETE)
            .distinct()
        )
    )
    evidenced |= set(
        db.session.scalars(
            select(Assessment.competency_id)
            .where(Assessment.trainee_id == trainee.id, Assessment.level > 0)
            .distinct()
        )
    )
    return [c.id for c in framework().competencies if c.id in evidenced]


def _expiry(expires_on: date | None, now: datetime) -> datetime | None:
    if expires_on is None:
        return None
    if not isinstance(expires_on, date):
        raise ShowcaseError(_("La date de fin n'est pas valide."))
    if expires_on <= now.date():
        raise ShowcaseError(_("La date de fin doit être après aujourd'hui."))
    if expires_on > now.date() + timedelta(days=MAX_EXPIRY_DAYS):
        raise ShowcaseError(_("La date de fin doit être dans moins d'un an."))
    # Visible during the whole last day, then hidden.
    return datetime.combine(expires_on + timedelta(days=1), time(0, 0), UTC)


def _ids(values: Sequence[object], what: str) -> list[int]:
    ids: list[int] = []
    for value in values:
        if not _valid_id(value):
            raise ShowcaseError(_("%(what)s n'existe pas ou n'est pas à vous.", what=what))
        assert isinstance(value, int)
        if value not in ids:
            ids.append(value)
    return ids


def save_showcase(trainee: User, content: ShowcaseContent) -> Showcase:
    """Replace what the showcase shows. Every id must be the trainee's own, else nothing changes."""
    _trainee(trainee)
    now = utcnow()
    presentation = content.presentation.strip() if isinstance(content.presentation, str) else ""
    if len(presentation) > MAX_PRESENTATION:
        raise ShowcaseError(_("La présentation fait au plus %(n)d caractères.", n=MAX_PRESENTATION))
    trace_ids = _ids(content.trace_ids, _("Une des traces"))
    if len(trace_ids) > MAX_SHOWCASE_TRACES:
        raise ShowcaseError(_("Choisissez au plus %(n)d traces.", n=MAX_SHOWCASE_TRACES))
    photo_ids = _ids(content.photo_ids, _("Une des photos"))
    own = {t.id: t for t in choosable_traces(trainee)}
    if any(tid not in own for tid in trace_ids):
        raise ShowcaseError(_("Une des traces n'existe pas, n'est pas à vous ou est un brouillon."))
    photo_owner = {p.id: t.id for tid in trace_ids for t in (own[tid],) for p in t.photos}
    if any(pid not in photo_owner for pid in photo_ids):
        raise ShowcaseError(_("Une photo choisie n'est pas dans une des traces cochées."))
    allowed = set(choosable_competencies(trainee))
    competency_ids: list[str] = []
    for cid in content.competency_ids:
        if not isinstance(cid, str) or cid not in allowed:
            raise ShowcaseError(
                _("Une des compétences n'est pas dans votre portfolio : ajoutez d'abord une trace.")
            )
        if cid not in competency_ids:
            competency_ids.append(cid)
    level_ids = {cid for cid in content.level_ids if isinstance(cid, str)}
    if not level_ids <= set(competency_ids):
        raise ShowcaseError(_("Pour montrer un niveau, cochez aussi la compétence."))
    expires_at = _expiry(content.expires_on, now)

    showcase = ensure_showcase(trainee)
    showcase.presentation = presentation
    showcase.network_wide = bool(content.network_wide)
    showcase.expires_at = expires_at
    showcase.traces.clear()
    showcase.photos.clear()
    showcase.competencies.clear()
    db.session.flush()
    for position, tid in enumerate(trace_ids):
        showcase.traces.append(ShowcaseTrace(trace_id=tid, position=position))
    for pid in photo_ids:
        showcase.photos.append(ShowcasePhoto(photo_id=pid))
    fw = framework()
    for cid in competency_ids:
        showcase.competencies.append(
            ShowcaseCompetency(
                framework_id=fw.id,
                framework_version=fw.version,
                competency_id=cid,
                domain_id=fw.domain_of(cid).id,
                show_level=cid in level_ids,
            )
        )
    db.session.flush()
    _refresh_confirmed_levels(showcase)
    return showcase


def _latest(trainee_id: int, source: AssessmentSource) -> dict[str, Assessment]:
    """The latest assessment per competency in one stream (highest id: rows are append-only)."""
    latest_ids = (
        select(func.max(Assessment.id))
        .where(Assessment.trainee_id == trainee_id, Assessment.source == source)
        .group_by(Assessment.framework_id, Assessment.competency_id)
    )
    rows = db.session.scalars(select(Assessment).where(Assessment.id.in_(latest_ids)))
    return {row.competency_id: row for row in rows}


def _refresh_confirmed_levels(showcase: Showcase) -> None:
    """Copy the referent's latest levels into the search cache (the assessments are the truth)."""
    confirmed = _latest(showcase.trainee_id, AssessmentSource.REFERENT)
    for sc in showcase.competencies:
        row = confirmed.get(sc.competency_id)
        sc.confirmed_level = row.level if row is not None else None
        sc.confirmed_at = row.created_at if row is not None else None


def withdraw_trace(trainee: User, trace_id: int) -> None:
    """Take one trace (and its photos) out of the showcase: gone on the next request."""
    showcase = showcase_of(trainee)
    item = None
    if showcase is not None and _valid_id(trace_id):
        item = next((t for t in showcase.traces if t.trace_id == trace_id), None)
    if showcase is None or item is None:
        raise ShowcaseError(_("Cette trace n'est pas dans votre vitrine."))
    photo_ids = select(TracePhoto.id).where(TracePhoto.trace_id == trace_id)
    db.session.execute(
        delete(ShowcasePhoto).where(
            ShowcasePhoto.showcase_id == showcase.id, ShowcasePhoto.photo_id.in_(photo_ids)
        )
    )
    showcase.traces.remove(item)
    db.session.flush()
    db.session.expire(showcase, ["photos"])


# --- publishing ----------------------------------------------------------------------------


def publish(trainee: User, *, consent: bool, consent_version: str) -> Showcase:
    """Publish with the trainee's consent (date and wording version recorded).

    On a site that asks for it, a first publication waits for the referent's approval.
    """
    _trainee(trainee)
    showcase = showcase_of(trainee)
    if showcase is None or not (showcase.traces or showcase.competencies):
        raise ShowcaseError(_("Votre vitrine est vide : choisissez d'abord des traces."))
    if not showcase.presentation.strip():
        raise ShowcaseError(_("Écrivez d'abord quelques mots pour vous présenter."))
    if project_of(trainee) is None:
        raise ShowcaseError(_("Remplissez d'abord votre projet professionnel."))
    if consent is not True:
        raise ShowcaseError(_("Cochez la case pour dire que vous êtes d'accord."))
    if consent_version != CONSENT_VERSION:
        raise ShowcaseError(_("Le texte a changé depuis que vous l'avez lu : relisez-le."))
    now = utcnow()
    if showcase.expires_at is not None and showcase.expires_at <= now:
        raise ShowcaseError(_("La date de fin de votre vitrine est passée : changez-la d'abord."))
    showcase.is_published = True
    showcase.published_at = now
    showcase.unpublished_at = None
    showcase.consent_at = now
    showcase.consent_version = consent_version
    site = trainee.site
    needs_approval = site is not None and site.showcase_needs_approval
    if needs_approval and showcase.approval is not ApprovalState.APPROVED:
        showcase.approval = ApprovalState.PENDING
        notify(
            current_referent(trainee),
            "approval_requested",
            subject=trainee.full_name,
            target_id=showcase.id,
        )
    _refresh_confirmed_levels(showcase)
    db.session.flush()
    return showcase


def unpublish(trainee: User) -> Showcase:
    """Hide the showcase from every company and every private link, from the next request on."""
    showcase = showcase_of(trainee)
    if showcase is None or not showcase.is_published:
        raise ShowcaseError(_("Votre vitrine n'est pas en ligne."))
    showcase.is_published = False
    showcase.unpublished_at = utcnow()
    db.session.flush()
    return showcase


def _pending_query(viewer: User) -> Select[tuple[Showcase]]:
    query = select(Showcase).where(
        Showcase.approval == ApprovalState.PENDING, Showcase.is_published.is_(True)
    )
    if viewer.role is Role.REFERENT:
        followed = followed_trainees_query(viewer).with_only_columns(User.id).order_by(None)
        return query.where(Showcase.trainee_id.in_(followed))
    if viewer.role is Role.ADMIN:
        return query if viewer.site_id is None else query.where(Showcase.site_id == viewer.site_id)
    return query.where(false())


def pending_approvals(viewer: User) -> list[Showcase]:
    """Published showcases waiting for approval, of trainees ``viewer`` follows (or administers)."""
    return list(
        db.session.scalars(
            _pending_query(viewer)
            .options(selectinload(Showcase.trainee))
            .order_by(Showcase.published_at, Showcase.id)
        )
    )


def pending_approval_count(viewer: User) -> int:
    """How many showcases wait for ``viewer``'s approval (one query, for the menu)."""
    query = _pending_query(viewer).with_only_columns(func.count(Showcase.id))
    return int(db.session.scalar(query) or 0)


def get_showcase_for_staff_or_404(viewer: User, showcase_id: int) -> Showcase:
    """A showcase for its trainee's referent (or a site admin); 404 for anyone else."""
    showcase = db.session.get(Showcase, showcase_id) if _valid_id(showcase_id) else None
    if (
        showcase is None
        or viewer.role not in (Role.REFERENT, Role.ADMIN)
        or not can_see_trainee(viewer, showcase.trainee)
    ):
        abort(404)
    return showcase


def approve_or_refuse(viewer: User, showcase: Showcase, *, approve: bool, note: str) -> None:
    """The referent's decision on a first publication; the trainee is told."""
    if showcase.approval is not ApprovalState.PENDING:
        raise ShowcaseError(_("Cette vitrine n'attend pas de validation."))
    note = note.strip() if isinstance(note, str) else ""
    if len(note) > 1000:
        raise ShowcaseError(_("Le mot pour le ou la stagiaire fait au plus 1000 caractères."))
    if not approve and not note:
        raise ShowcaseError(_("Dites en quelques mots ce qu'il faut changer."))
    showcase.approval = ApprovalState.APPROVED if approve else ApprovalState.REFUSED
    showcase.approval_by_id = viewer.id
    showcase.approval_at = utcnow()
    showcase.approval_note = note
    if not approve:
        showcase.is_published = False
        showcase.unpublished_at = utcnow()
    notify(
        showcase.trainee,
        "approval_given" if approve else "approval_refused",
        subject=viewer.full_name,
        target_id=showcase.id,
    )
    db.session.flush()


# --- who may see it ------------------------------------------------------------------------


def is_partner(company: Company | None) -> bool:
    return company is not None and company.approved_at is not None


def visible_condition(now: datetime) -> ColumnElement[bool]:
    """SQL: the showcase is online (published, approved if needed, not expired)."""
    return and_(
        Showcase.is_published.is_(True),
        Showcase.approval.in_([ApprovalState.NOT_NEEDED, ApprovalState.APPROVED]),
        or_(Showcase.expires_at.is_(None), Showcase.expires_at > now),
    )


def company_scope(company: Company) -> ColumnElement[bool]:
    """SQL: the company is a partner of the showcase's site, or the showcase is network-wide."""
    return or_(Showcase.site_id == company.site_id, Showcase.network_wide.is_(true()))


def is_visible(showcase: Showcase, now: datetime | None = None) -> bool:
    """Online now: published, approved if the site asks for it, not expired, trainee active."""
    now = now or utcnow()
    return (
        showcase.is_published
        and showcase.approval in (ApprovalState.NOT_NEEDED, ApprovalState.APPROVED)
        and (showcase.expires_at is None or showcase.expires_at > now)
        and showcase.trainee.active
    )


def visible_to_company(showcase: Showcase, company: Company | None) -> bool:
    if company is None or not is_partner(company) or not is_visible(showcase):
        return False
    return showcase.site_id == company.site_id or showcase.network_wide


def get_showcase_for_company_or_404(user: User, showcase_id: int) -> Showcase:
    """The showcase if ``user``'s company may see it now; 404 otherwise (never 403)."""
    showcase = db.session.get(Showcase, showcase_id) if _valid_id(showcase_id) else None
    if (
        showcase is None
        or user.role is not Role.COMPANY
        or not visible_to_company(showcase, user.company)
    ):
        abort(404)
    return showcase


# --- what a company sees -------------------------------------------------------------------


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
    trades: tuple[Trade, ...]
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
    catalogue = trades()
    return PublicShowcase(
        id=showcase.id,
        name=display_name(trainee),
        site=trainee.site.name if trainee.site else "",
        presentation=showcase.presentation,
        trades=tuple(
            t for pt in (project.trades if project else []) if (t := catalogue.get(pt.rome_code))
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


# --- views log -----------------------------------------------------------------------------


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


# --- private links -------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_private_link(trainee: User, label: str, days: int) -> tuple[PrivateLink, str]:
    """A new link for one employer; returns the row and the token, shown once only."""
    showcase = showcase_of(trainee)
    if showcase is None:
        raise ShowcaseError(_("Préparez d'abord votre vitrine."))
    label = label.strip() if isinstance(label, str) else ""
    if not label:
        raise ShowcaseError(_("Dites pour qui est ce lien (par exemple : « Job dating mardi »)."))
    if len(label) > MAX_LINK_LABEL:
        raise ShowcaseError(_("Le nom du lien fait au plus %(n)d caractères.", n=MAX_LINK_LABEL))
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= LINK_MAX_DAYS:
        raise ShowcaseError(_("Le lien dure de 1 à %(n)d jours.", n=LINK_MAX_DAYS))
    token = secrets.token_urlsafe(24)
    link = PrivateLink(
        showcase_id=showcase.id,
        label=label,
        token_hash=_hash(token),
        prefix=token[:6],
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(link)
    db.session.flush()
    return link, token


def private_links(trainee: User) -> list[PrivateLink]:
    return list(
        db.session.scalars(
            select(PrivateLink)
            .join(Showcase, Showcase.id == PrivateLink.showcase_id)
            .where(Showcase.trainee_id == trainee.id)
            .order_by(PrivateLink.created_at.desc(), PrivateLink.id.desc())
        )
    )


def revoke_private_link(trainee: User, link_id: int) -> PrivateLink:
    link = db.session.get(PrivateLink, link_id) if _valid_id(link_id) else None
    if link is None or link.showcase.trainee_id != trainee.id:
        raise ShowcaseError(_("Ce lien n'existe pas."))
    if link.revoked_at is None:
        link.revoked_at = utcnow()
    db.session.flush()
    return link


@dataclass(frozen=True)
class LinkState:
    """What a private link leads to. ``showcase`` is set only when it may be shown."""

    status: str  # "ok", "unknown", "expired", "revoked", "offline"
    link: PrivateLink | None = None
    showcase: Showcase | None = None


def resolve_private_link(token: str) -> LinkState:
    """Check a private link on every request: expiry, revocation and publication."""
    if not isinstance(token, str) or not 20 <= len(token) <= 64:
        return LinkState("unknown")
    link = db.session.scalar(select(PrivateLink).where(PrivateLink.token_hash == _hash(token)))
    if link is None:
        return LinkState("unknown")
    now = utcnow()
    if link.revoked_at is not None:
        return LinkState("revoked", link)
    if link.expires_at <= now:
        return LinkState("expired", link)
    if not is_visible(link.showcase, now):
        return LinkState("offline", link)
    return LinkState("ok", link, link.showcase)


def use_private_link(link: PrivateLink) -> None:
    link.use_count += 1
    link.last_used_at = utcnow()
    record_view(link.showcase, link=link)


def showcase_photo(showcase: Showcase, photo_id: int) -> TracePhoto | None:
    """A photo the trainee chose to show, on a complete trace that is still in the showcase."""
    if not _valid_id(photo_id):
        return None
    return db.session.scalar(
        select(TracePhoto)
        .join(ShowcasePhoto, ShowcasePhoto.photo_id == TracePhoto.id)
        .join(Trace, Trace.id == TracePhoto.trace_id)
        .join(
            ShowcaseTrace,
            and_(ShowcaseTrace.trace_id == Trace.id, ShowcaseTrace.showcase_id == showcase.id),
        )
        .where(
            ShowcasePhoto.showcase_id == showcase.id,
            TracePhoto.id == photo_id,
            Trace.status == TraceStatus.COMPLETE,
        )
    )
