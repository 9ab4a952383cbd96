"""Building the showcase: which traces, photos, competencies and levels it shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    ConsentAction,
    Showcase,
    ShowcaseCompetency,
    ShowcasePhoto,
    ShowcaseTrace,
    Trace,
    TraceCompetency,
    TracePhoto,
    TraceStatus,
    User,
    utcnow,
)
from portfolio.services.access import valid_id as _valid_id
from portfolio.services.frameworks import framework
from portfolio.services.i18n import gettext as _
from portfolio.services.ledger import record_consent
from portfolio.showcase.services.common import (
    MAX_EXPIRY_DAYS,
    MAX_PRESENTATION,
    MAX_SHOWCASE_TRACES,
    ShowcaseError,
    _trainee,
)
from portfolio.showcase.services.project import _SHOWCASE_STMT


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
    if showcase.is_published:
        record_consent(showcase, ConsentAction.SCOPE, trainee)
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
    if showcase.is_published:
        record_consent(showcase, ConsentAction.SCOPE, trainee)
