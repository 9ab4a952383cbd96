"""A trainee's records, and those reached by a public address."""

from __future__ import annotations

from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import (
    Attestation,
    AttestationStatus,
    AudioRecording,
    Badge,
    ErasedKind,
    ErasedRecord,
    ExplicitationNote,
    GameStatement,
    Internship,
    InterviewSession,
    NoteVisibility,
    Objective,
    PendingPhoto,
    Review,
    Role,
    Site,
    Trace,
    TracePhoto,
    User,
)
from portfolio.models.base import utcnow
from portfolio.models.push import MAX_ENDPOINT, PushSubscription
from portfolio.services.access._base import (
    _get,
    _of_trainee,
)
from portfolio.services.access.people import (
    can_see_trainee,
)
from portfolio.services.errors import NotFound
from portfolio.services.frameworks import frameworks
from referentiel import Competency, Framework


def find_trace(viewer: User, trace_id: int) -> Trace | None:
    """The trace if ``viewer`` may see its trainee (owner, referent, site admin), else None."""
    trace = _get(Trace, trace_id)
    if trace is None or not can_see_trainee(viewer, trace.trainee):
        return None
    return trace


def find_photo(viewer: User, photo_id: int) -> TracePhoto | None:
    """The photo if ``viewer`` may see the trace's trainee, else None."""
    photo = _get(TracePhoto, photo_id)
    if photo is None or not can_see_trainee(viewer, photo.trace.trainee):
        return None
    return photo


def visible_recording(viewer: User, recording_id: int) -> AudioRecording:
    """A voice recording, heard by whoever may see its owner (like a photo); others 404."""
    recording = _get(AudioRecording, recording_id)
    if recording is None or not can_see_trainee(viewer, recording.owner):
        raise NotFound
    return recording


def visible_trace(viewer: User, trace_id: int) -> Trace:
    trace = find_trace(viewer, trace_id)
    if trace is None:
        raise NotFound
    return trace


def visible_photo(viewer: User, photo_id: int) -> TracePhoto:
    photo = find_photo(viewer, photo_id)
    if photo is None:
        raise NotFound
    return photo


def own_trace(user: User, trace_id: int) -> Trace:
    """A trace of ``user`` themself (to change it): their referent gets 404 here."""
    trace = visible_trace(user, trace_id)
    if trace.trainee_id != user.id:
        raise NotFound
    return trace


def own_photo(user: User, trace_id: int, photo_id: int) -> TracePhoto:
    """A photo of ``user``'s own trace ``trace_id`` (the URL names both)."""
    photo = visible_photo(user, photo_id)
    if photo.trace_id != trace_id or photo.trace.trainee_id != user.id:
        raise NotFound
    return photo


def own_pending_photo(user: User, token: str) -> PendingPhoto:
    """A pending photo (chosen in a trace form, not saved yet) of ``user``, by its token.

    Another person's token, an expired one or a made-up one: NotFound, the same answer.
    """
    from portfolio.services.tokens import hash_token  # tokens imports this module

    if not isinstance(token, str) or not 16 <= len(token) <= 64:
        raise NotFound
    pending = db.session.scalar(
        select(PendingPhoto).where(PendingPhoto.token_hash == hash_token(token))
    )
    if pending is None or pending.owner_id != user.id or pending.expires_at <= utcnow():
        raise NotFound
    return pending


def own_push_subscription(user: User, endpoint: object) -> PushSubscription:
    """A Web Push subscription of ``user`` (any role), by its endpoint address."""
    if not isinstance(endpoint, str) or not 1 <= len(endpoint) <= MAX_ENDPOINT:
        raise NotFound
    subscription = db.session.scalar(
        select(PushSubscription).where(PushSubscription.endpoint == endpoint)
    )
    if subscription is None or subscription.user_id != user.id:
        raise NotFound
    return subscription


def visible_statement(viewer: User, statement_pk: int) -> GameStatement:
    """A stored game statement: the trainee, their referent, a site admin."""
    statement = _get(GameStatement, statement_pk)
    if statement is None or not can_see_trainee(viewer, statement.user):
        raise NotFound
    return statement


def own_interview(user: User, session_id: int) -> InterviewSession:
    """A practice session of ``user`` themself (to go on with it): anyone else gets 404."""
    session = _get(InterviewSession, session_id)
    if session is None or session.trainee_id != user.id:
        raise NotFound
    return session


def visible_interview(viewer: User, session_id: int) -> InterviewSession:
    """A practice session of a trainee ``viewer`` may see (their referent: the caseload)."""
    session = _get(InterviewSession, session_id)
    if session is None or not can_see_trainee(viewer, session.trainee):
        raise NotFound
    return session


def trainee_trace(trainee: User, trace_id: int) -> Trace:
    """A trace of this trainee; a deleted trace, or another trainee's, answers 404."""
    return _of_trainee(Trace, trace_id, trainee)


def trainee_note(viewer: User, trainee: User, note_id: int) -> ExplicitationNote:
    """A note about this trainee. The trainee sees shared notes only (team notes: in the export)."""
    note = _of_trainee(ExplicitationNote, note_id, trainee)
    if viewer.role is Role.TRAINEE and (
        viewer.id != trainee.id or note.visibility is not NoteVisibility.SHARED
    ):
        raise NotFound
    return note


def trainee_review(trainee: User, review_id: int) -> Review:
    return _of_trainee(Review, review_id, trainee)


def trainee_objective(trainee: User, objective_id: int) -> Objective:
    return _of_trainee(Objective, objective_id, trainee)


def trainee_internship(trainee: User, internship_id: int) -> Internship:
    return _of_trainee(Internship, internship_id, trainee)


def trainee_attestation(trainee: User, attestation_id: int) -> Attestation:
    """An attestation of this trainee (a draft too: the trainee and their team review it)."""
    return _of_trainee(Attestation, attestation_id, trainee)


def trainee_badge(trainee: User, badge_id: int) -> Badge:
    return _of_trainee(Badge, badge_id, trainee)


def public_badge(public_id: object) -> Badge:
    """A badge by its address (the credential's ``id``): anyone holding it may check it."""
    if not isinstance(public_id, str) or not 16 <= len(public_id) <= 32:
        raise NotFound
    found = db.session.scalar(select(Badge).where(Badge.public_id == public_id))
    if found is None:
        raise NotFound
    return found


def public_site(slug: object) -> Site:
    """A site as an issuer of badges (its public profile and keys), by its code."""
    if not isinstance(slug, str) or not 1 <= len(slug) <= 60:
        raise NotFound
    found = db.session.scalar(select(Site).where(Site.slug == slug, Site.active.is_(True)))
    if found is None:
        raise NotFound
    return found


def public_competency(framework_id: object, competency_id: object) -> tuple[Framework, Competency]:
    """A competency of a loaded framework, published as an Open Badges achievement."""
    fw = frameworks().get(framework_id) if isinstance(framework_id, str) else None
    found = fw.get(competency_id) if fw is not None and isinstance(competency_id, str) else None
    if fw is None or found is None:
        raise NotFound
    return fw, found


def erased_attestation(public_id: object) -> ErasedRecord:
    """What remains of a given attestation whose holder was erased: its address and number
    (the verification page says it was withdrawn); anything else answers 404."""
    if not isinstance(public_id, str) or not 16 <= len(public_id) <= 32:
        raise NotFound
    found = db.session.scalar(
        select(ErasedRecord).where(
            ErasedRecord.kind == ErasedKind.ATTESTATION, ErasedRecord.public_id == public_id
        )
    )
    if found is None:
        raise NotFound
    return found


def public_attestation(public_id: object) -> Attestation:
    """An attestation by its verification address (its QR code): anyone holding the address
    may check it; a draft, or an unknown address, answers 404."""
    if not isinstance(public_id, str) or not 16 <= len(public_id) <= 32:
        raise NotFound
    found = db.session.scalar(select(Attestation).where(Attestation.public_id == public_id))
    if found is None or found.status is AttestationStatus.DRAFT:
        raise NotFound
    return found
