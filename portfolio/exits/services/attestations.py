"""Attestations of acquired competencies (ACA): the one write path of ``Attestation``.

The life of one attestation:

1. ``prepare``: the referent, once the exit is recorded, draws up a draft from the records
   (:func:`~portfolio.exits.services.statement.build_statement`). Preparing again while a draft
   is open refreshes it (and the trainee must read it again). Preparing when an attestation is
   already final starts its correction: the new draft will replace it.
2. ``review``: the trainee reads the draft and agrees, or asks for a correction in their words.
3. ``finalize``: the referent makes it final once the trainee agreed; it gets its number, and
   the attestation it corrects (if any) is marked replaced, pointing to it.
4. ``revoke``: the team withdraws a final attestation, with a reason the verification page shows.

Each function checks who acts, raises :class:`~portfolio.services.rules.ReferentError` with a
sentence for the person, and never commits.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import select

from portfolio.exits.services import badges
from portfolio.exits.services.exits import exit_of
from portfolio.exits.services.statement import build_statement
from portfolio.extensions import db
from portfolio.models import (
    Attestation,
    AttestationStatus,
    Role,
    TraineeReview,
    User,
    utcnow,
)
from portfolio.services.access import can_see_trainee
from portfolio.services.i18n import gettext as _
from portfolio.services.rules import ReferentError, check_follows, clean_text

MAX_REVIEW: Final = 2000
MAX_REASON: Final = 1000


def attestations_of(trainee: User) -> list[Attestation]:
    """Every attestation of the trainee, newest first."""
    return list(
        db.session.scalars(
            select(Attestation)
            .where(Attestation.trainee_id == trainee.id)
            .order_by(Attestation.id.desc())
        )
    )


def latest_attestation(trainee: User) -> Attestation | None:
    """The attestation the trainee should look at: the open draft, else the latest given."""
    return db.session.scalar(
        select(Attestation)
        .where(Attestation.trainee_id == trainee.id)
        .order_by((Attestation.status == AttestationStatus.DRAFT).desc(), Attestation.id.desc())
        .limit(1)
    )


def current_final(trainee: User) -> Attestation | None:
    return db.session.scalar(
        select(Attestation).where(
            Attestation.trainee_id == trainee.id, Attestation.status == AttestationStatus.FINAL
        )
    )


def open_draft(trainee: User) -> Attestation | None:
    return db.session.scalar(
        select(Attestation).where(
            Attestation.trainee_id == trainee.id, Attestation.status == AttestationStatus.DRAFT
        )
    )


def prepare(referent: User, trainee: User) -> Attestation:
    """Draw up (or refresh) the draft attestation of a trainee whose exit is recorded."""
    check_follows(referent, trainee)
    exit_ = exit_of(trainee)
    if exit_ is None:
        raise ReferentError(_("Enregistrez d'abord la sortie du parcours."))
    site = trainee.site
    if site is None or not site.director_name.strip():
        raise ReferentError(
            _(
                "Le nom du directeur ou de la directrice du site manque : l'administrateur le "
                "renseigne dans les paramètres du site."
            )
        )
    content = build_statement(trainee, exit_, referent)
    if not content["competencies"]:
        raise ReferentError(
            _("Aucune compétence n'a de niveau donné par l'équipe : l'attestation serait vide.")
        )
    draft = open_draft(trainee)
    if draft is None:
        final = current_final(trainee)
        draft = Attestation(
            trainee_id=trainee.id,
            site_id=site.id,
            replaces_id=final.id if final else None,
            content=content,
            prepared_by_id=referent.id,
        )
        db.session.add(draft)
    else:
        draft.content = content
        draft.prepared_by_id = referent.id
        draft.trainee_review = None
        draft.trainee_comment = ""
        draft.reviewed_at = None
    db.session.flush()
    return draft


def review(trainee: User, attestation: Attestation, *, agreed: bool, comment: object) -> None:
    """The trainee's answer to a draft: agreed, or a correction asked in their words."""
    if attestation.trainee_id != trainee.id or trainee.role is not Role.TRAINEE:
        raise ReferentError(_("Seul le stagiaire concerné peut donner son avis."))
    if attestation.status is not AttestationStatus.DRAFT:
        raise ReferentError(_("Cette attestation n'est plus en préparation."))
    words = clean_text(comment, _("Ce qu'il faut corriger"), required=not agreed, limit=MAX_REVIEW)
    attestation.trainee_review = TraineeReview.AGREED if agreed else TraineeReview.CORRECTION
    attestation.trainee_comment = words
    attestation.reviewed_at = utcnow()
    db.session.flush()


def finalize(referent: User, attestation: Attestation) -> Attestation:
    """Make a draft final once the trainee agreed; the attestation it corrects is replaced."""
    check_follows(referent, attestation.trainee)
    if attestation.status is not AttestationStatus.DRAFT:
        raise ReferentError(_("Cette attestation est déjà finale."))
    if attestation.trainee_review is not TraineeReview.AGREED:
        raise ReferentError(
            _("Le stagiaire doit d'abord relire l'attestation et dire qu'elle est juste.")
        )
    now = utcnow()
    attestation.status = AttestationStatus.FINAL
    attestation.finalized_at = now
    attestation.number = f"ACA-{now.year}-{attestation.id:06d}"
    old = attestation.replaces
    if old is not None and old.status is AttestationStatus.FINAL:
        old.status = AttestationStatus.REPLACED
        old.replaced_by_id = attestation.id
        badges.revoke_for(old, _("remplacé par l'attestation %(n)s", n=attestation.number))
    db.session.flush()
    badges.issue_for(attestation)
    return attestation


def revoke(actor: User, attestation: Attestation, reason: object) -> None:
    """Withdraw a final attestation (the trainee's referent, or an admin of the site)."""
    allowed = actor.role is Role.ADMIN or actor.role is Role.REFERENT
    if not allowed or not can_see_trainee(actor, attestation.trainee):
        raise ReferentError(_("Seule l'équipe du stagiaire peut retirer une attestation."))
    if attestation.status is not AttestationStatus.FINAL:
        raise ReferentError(_("Seule une attestation finale peut être retirée."))
    attestation.revoked_reason = clean_text(
        reason, _("Raison du retrait"), required=True, limit=MAX_REASON
    )
    attestation.status = AttestationStatus.REVOKED
    attestation.revoked_at = utcnow()
    badges.revoke_for(attestation, attestation.revoked_reason)
    db.session.flush()
