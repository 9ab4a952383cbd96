"""Publishing with consent, unpublishing, and the staff's approval."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ScalarSelect, Select, SQLColumnExpression, false, func, select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import ApprovalState, ConsentAction, Role, Showcase, User, utcnow
from portfolio.services.access import FOLLOWED_IDS, followed_params, followed_trainees_query
from portfolio.services.accounts import current_referent
from portfolio.services.i18n import gettext as _
from portfolio.services.ledger import record_consent
from portfolio.showcase.services.common import ShowcaseError, _trainee, notify
from portfolio.showcase.services.content import _refresh_confirmed_levels, showcase_of
from portfolio.showcase.services.labels import CONSENT_VERSION
from portfolio.showcase.services.project import project_of


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
    record_consent(showcase, ConsentAction.PUBLISH, trainee)
    db.session.flush()
    return showcase


def unpublish(trainee: User) -> Showcase:
    """Hide the showcase from every company and every private link, from the next request on."""
    showcase = showcase_of(trainee)
    if showcase is None or not showcase.is_published:
        raise ShowcaseError(_("Votre vitrine n'est pas en ligne."))
    showcase.is_published = False
    showcase.unpublished_at = utcnow()
    record_consent(showcase, ConsentAction.WITHDRAW, trainee)
    db.session.flush()
    return showcase


# A published showcase waiting for its referent's approval (its first publication).
_WAITING = (Showcase.approval == ApprovalState.PENDING, Showcase.is_published.is_(True))


def _pending_query(viewer: User) -> Select[tuple[Showcase]]:
    query = select(Showcase).where(*_WAITING)
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


_REFERENT_PENDING_COUNT = select(func.count(Showcase.id)).where(
    *_WAITING, Showcase.trainee_id.in_(FOLLOWED_IDS)
)


def waiting_approval_of(trainee_id: SQLColumnExpression[int]) -> ScalarSelect[Any]:
    """1 if the showcase of ``trainee_id`` (a column of the caller's statement) waits for
    approval, else 0: a column for a statement that lists trainees (the caseload's)."""
    return (
        select(func.count(Showcase.id))
        .where(*_WAITING, Showcase.trainee_id == trainee_id)
        .scalar_subquery()
    )


def pending_approval_count_query(viewer: User) -> Select[Any]:
    """``pending_approval_count`` as one SELECT, for the menu's single query of counts (a
    referent's built once: ``followed_params`` binds it)."""
    if viewer.role is Role.REFERENT:
        return _REFERENT_PENDING_COUNT
    return _pending_query(viewer).with_only_columns(func.count(Showcase.id))


def pending_approval_count(viewer: User) -> int:
    """How many showcases wait for ``viewer``'s approval (one query, for the menu)."""
    query = pending_approval_count_query(viewer)
    return int(db.session.scalar(query, followed_params(viewer)) or 0)


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
        record_consent(showcase, ConsentAction.WITHDRAW, viewer)
    notify(
        showcase.trainee,
        "approval_given" if approve else "approval_refused",
        subject=viewer.full_name,
        target_id=showcase.id,
    )
    db.session.flush()
