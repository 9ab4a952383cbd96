"""Who may see or act on which record: the one place where those rules live.

Every guard takes the person asking (or a trainee the caller has already guarded) and a
record id, and returns the record or raises :class:`~portfolio.services.errors.NotFound`.
A record someone may not see answers 404, never 403, so its existence is not disclosed; the
web layer (``portfolio/errors.py``) and the API (``portfolio/api/blueprint.py``) turn
``NotFound`` into their 404, so views call guards and catch nothing.

Naming rule: a guard is called ``<ground>_<record>``, the ground on which the caller reaches
the record:

- ``visible_*(viewer, id)``: anyone who may see the trainee it is about (the trainee, their
  referent or the colleague covering, an admin of their site): trainee, trace, photo,
  recording, statement, interview (a practice session);
- ``own_*(user, id)``: only the trainee it belongs to: trace, photo, contact, pending photo
  (by its token), interview; and a person's own push subscription (by its endpoint);
- ``trainee_*(trainee, id)``: it belongs to ``trainee``, whom the caller has already guarded:
  trace, note, review, objective, internship, attestation, badge;
- ``site_*(trainee, id)``: published for the trainee's site by a partner company: offer;
- ``company_*(user, id)``: reached by the user's partner company: offer, contact, saved
  search, showcase;
- ``staff_*(viewer, id)``: the trainee's referent or a site admin: showcase;
- ``party_*(viewer, id)``: a party to a trainee's conversations: the trainee, or the referent
  who follows them now (their own, or the colleague covering during a hand-over only); no
  admin, no company: conversation, attachment;
- ``told_*(user, kind, id)``: something "Nouveau pour vous" tells ``user`` of: news;
- ``public_*(address)``: reached by an address printed on a document: a given attestation
  (its verification page), a badge, a site as the issuer of badges;
- ``managed_*(admin, id)``: within the admin's reach (their site; network admins: all):
  user, site, company, join request;
- ``team_*(viewer, id)``: the pedagogical team of the record's site (its referents and
  admins; network admins: every site): activity, session;
- ``editable_activity(user, id)``: an activity of the user's site catalogue they may change
  (site admins; referents too when the site says "team"); ``library_activity``: one a
  staff member may copy (the network library or any site's catalogue);
- ``attended_session(trainee, id)``: a session the trainee is in; ``own_group``: a saved
  group of its owner;
- ``operator_request(...)``: not a person's record but the service's own figures
  (``/metriques``): an operator's bearer token or a configured network, else 404.

Predicates (``can_see_trainee``, ``visible_to_company``...) and queries
(``followed_trainees_query``, ``users_manageable_by``) stay here too, so the guards and the
lists agree. Ids beyond a 32-bit integer name nothing: every guard answers 404 for them
instead of letting PostgreSQL fail.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import Select, and_, or_, select

from portfolio.extensions import db
from portfolio.models import (
    Activity,
    ActivitySession,
    ApprovalState,
    Attestation,
    AttestationStatus,
    AudioRecording,
    Badge,
    CatalogueEditors,
    Company,
    CompanyJoinRequest,
    ContactMessage,
    ContactRequest,
    Conversation,
    ConversationMessage,
    ExplicitationNote,
    GameStatement,
    Handover,
    Internship,
    InterviewSession,
    MessageAttachment,
    NewsKind,
    NoteReply,
    NoteVisibility,
    Objective,
    Offer,
    PendingPhoto,
    ReferentAssignment,
    Review,
    Role,
    SavedGroup,
    SavedSearch,
    SessionParticipant,
    Showcase,
    Site,
    Trace,
    TracePhoto,
    User,
)
from portfolio.models.base import MAX_ID, Base, utcnow
from portfolio.models.push import MAX_ENDPOINT, PushSubscription
from portfolio.services.errors import NotFound
from portfolio.services.frameworks import frameworks
from referentiel import Competency, Framework

R = TypeVar("R", bound=Base)


def valid_id(value: object) -> bool:
    """A positive int a database integer column can hold (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _get(model: type[R], record_id: object) -> R | None:
    return db.session.get(model, record_id) if valid_id(record_id) else None


T = TypeVar("T", Trace, ExplicitationNote, Review, Objective, Internship, Attestation, Badge)


def _of_trainee(model: type[T], record_id: int, trainee: User) -> T:
    """A record that belongs to ``trainee`` (its ``trainee_id``), else NotFound."""
    record = _get(model, record_id)
    if record is None or record.trainee_id != trainee.id:
        raise NotFound
    return record


# -- trainees and accounts ------------------------------------------------------------------


def covered_referent_ids(referent: User, on: date | None = None) -> list[int]:
    """Referents whose trainees ``referent`` covers today (a hand-over in progress)."""
    day = on or utcnow().date()
    return list(
        db.session.scalars(
            select(Handover.from_referent_id).where(
                Handover.to_referent_id == referent.id,
                Handover.cancelled_at.is_(None),
                Handover.starts_on <= day,
                Handover.ends_on >= day,
            )
        )
    )


def followed_trainees_query(referent: User, on: date | None = None) -> Select[tuple[User]]:
    """Trainees a referent follows now: their own, plus those of colleagues they cover today."""
    referent_ids = [referent.id, *covered_referent_ids(referent, on)]
    return (
        select(User)
        .join(
            ReferentAssignment,
            and_(ReferentAssignment.trainee_id == User.id, ReferentAssignment.ended_at.is_(None)),
        )
        .where(
            ReferentAssignment.referent_id.in_(referent_ids),
            User.role == Role.TRAINEE,
            User.site_id == referent.site_id,
        )
        .order_by(User.last_name, User.first_name, User.id)
    )


def can_see_trainee(viewer: User, trainee: User, on: date | None = None) -> bool:
    """The trainee themself, their referent (or the colleague covering), an admin of their site."""
    if trainee.role is not Role.TRAINEE:
        return False
    if viewer.id == trainee.id:
        return True
    if viewer.role is Role.ADMIN:
        return viewer.site_id is None or viewer.site_id == trainee.site_id
    if viewer.role is Role.REFERENT and viewer.site_id == trainee.site_id:
        query = followed_trainees_query(viewer, on).where(User.id == trainee.id)
        return db.session.scalar(query) is not None
    return False


def visible_trainee(viewer: User, trainee_id: int) -> User:
    trainee = _get(User, trainee_id)
    if trainee is None or not can_see_trainee(viewer, trainee):
        raise NotFound
    return trainee


def users_manageable_by(admin: User) -> Select[tuple[User]]:
    """Accounts an admin may manage: those of their site (network admins: everyone)."""
    query = select(User).order_by(User.role, User.last_name, User.first_name)
    if admin.site_id is not None:
        query = query.where(or_(User.site_id == admin.site_id))
    return query


def _within_site(admin: User, site_id: int | None) -> bool:
    return admin.site_id is None or site_id == admin.site_id


def managed_user(admin: User, user_id: int) -> User:
    user = _get(User, user_id)
    if user is None or not _within_site(admin, user.site_id):
        raise NotFound
    return user


def managed_site(admin: User, site_id: int) -> Site:
    site = _get(Site, site_id)
    if site is None or not _within_site(admin, site.id):
        raise NotFound
    return site


# -- a trainee's records ----------------------------------------------------------------------


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


def public_attestation(public_id: object) -> Attestation:
    """An attestation by its verification address (its QR code): anyone holding the address
    may check it; a draft, or an unknown address, answers 404."""
    if not isinstance(public_id, str) or not 16 <= len(public_id) <= 32:
        raise NotFound
    found = db.session.scalar(select(Attestation).where(Attestation.public_id == public_id))
    if found is None or found.status is AttestationStatus.DRAFT:
        raise NotFound
    return found


# -- companies and showcases ------------------------------------------------------------------


def is_partner(company: Company | None) -> bool:
    return company is not None and company.approved_at is not None


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


def _partner_of(user: User, company_id: int | None) -> bool:
    return user.role is Role.COMPANY and is_partner(user.company) and company_id == user.company_id


def company_showcase(user: User, showcase_id: int) -> Showcase:
    """The showcase if ``user``'s company may see it now (never 403)."""
    showcase = _get(Showcase, showcase_id)
    if (
        showcase is None
        or user.role is not Role.COMPANY
        or not visible_to_company(showcase, user.company)
    ):
        raise NotFound
    return showcase


def company_offer(user: User, offer_id: int) -> Offer:
    offer = _get(Offer, offer_id)
    if offer is None or not _partner_of(user, offer.company_id):
        raise NotFound
    return offer


def company_contact(user: User, contact_id: int) -> ContactRequest:
    contact = _get(ContactRequest, contact_id)
    if contact is None or not _partner_of(user, contact.company_id):
        raise NotFound
    return contact


def company_saved_search(user: User, search_id: int) -> SavedSearch:
    """A saved search of the user's company (partner or not: it is theirs to delete)."""
    saved = _get(SavedSearch, search_id)
    if saved is None or saved.company_id != user.company_id or user.role is not Role.COMPANY:
        raise NotFound
    return saved


def site_offer(trainee: User, offer_id: int) -> Offer:
    offer = _get(Offer, offer_id)
    if (
        offer is None
        or trainee.role is not Role.TRAINEE
        or offer.site_id != trainee.site_id
        or not is_partner(offer.company)
    ):
        raise NotFound
    return offer


def own_contact(user: User, contact_id: int) -> ContactRequest:
    contact = _get(ContactRequest, contact_id)
    if contact is None or user.role is not Role.TRAINEE or contact.trainee_id != user.id:
        raise NotFound
    return contact


def staff_showcase(viewer: User, showcase_id: int) -> Showcase:
    """A showcase for its trainee's referent (or a site admin); 404 for anyone else."""
    showcase = _get(Showcase, showcase_id)
    if (
        showcase is None
        or viewer.role not in (Role.REFERENT, Role.ADMIN)
        or not can_see_trainee(viewer, showcase.trainee)
    ):
        raise NotFound
    return showcase


def managed_join_request(admin: User, request_id: int) -> CompanyJoinRequest:
    request = _get(CompanyJoinRequest, request_id)
    if request is None or admin.role is not Role.ADMIN or not _within_site(admin, request.site_id):
        raise NotFound
    return request


def managed_company(admin: User, company_id: int) -> Company:
    company = _get(Company, company_id)
    if company is None or admin.role is not Role.ADMIN or not _within_site(admin, company.site_id):
        raise NotFound
    return company


def operator_request(
    authorization: str | None, address: str | None, token: str, networks: str
) -> None:
    """Let an operator through (``/metriques``), else NotFound, as for any hidden page.

    ``authorization`` is the request's header (``Bearer <token>``), compared with ``token``
    (``OPS_TOKEN``) through their SHA-256 digests in constant time, so neither the length nor
    the first differing character of the secret shows in the answer time. ``networks`` is a
    comma-separated list (``10.0.0.0/8, ::1``) matched against the peer ``address``. Nothing
    configured lets nobody in.
    """
    scheme, _, given = (authorization or "").partition(" ")
    if token and scheme.lower() == "bearer" and given:
        expected = hashlib.sha256(token.encode()).digest()
        if hmac.compare_digest(hashlib.sha256(given.strip().encode()).digest(), expected):
            return
    if address and networks and _in_networks(address, networks):
        return
    raise NotFound


def _in_networks(address: str, networks: str) -> bool:
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    for item in networks.split(","):
        try:
            if item.strip() and peer in ipaddress.ip_network(item.strip(), strict=False):
                return True
        except ValueError:
            continue  # a mistyped network lets nobody in; ops/metrics.py warns at start-up
    return False


# -- conversations ---------------------------------------------------------------------------


def conversation_party(viewer: User, trainee: User, on: date | None = None) -> bool:
    """May ``viewer`` read and write the trainee's threads? The trainee, or a referent who
    follows them now (a covering colleague during the hand-over only). Admins and companies:
    never (conversations are private; companies keep their own contact flow)."""
    if trainee.role is not Role.TRAINEE:
        return False
    if viewer.id == trainee.id:
        return True
    return viewer.role is Role.REFERENT and can_see_trainee(viewer, trainee, on)


def party_trainee(viewer: User, trainee_id: int) -> User:
    """A trainee whose threads ``viewer`` may read and start (see `conversation_party`)."""
    trainee = _get(User, trainee_id)
    if trainee is None or not conversation_party(viewer, trainee):
        raise NotFound
    return trainee


def party_conversation(viewer: User, conversation_id: int) -> Conversation:
    conversation = _get(Conversation, conversation_id)
    if conversation is None or not conversation_party(viewer, conversation.trainee):
        raise NotFound
    return conversation


def party_attachment(viewer: User, attachment_id: int) -> MessageAttachment:
    attachment = _get(MessageAttachment, attachment_id)
    if attachment is None:
        raise NotFound
    party_conversation(viewer, attachment.message.conversation_id)
    return attachment


def party_trainees(referent: User, trainee_ids: list[int]) -> list[User]:
    """The trainees ``referent`` follows now among ``trainee_ids`` (one query); any other id
    (another referent's trainee, a made-up one) raises NotFound for the whole list."""
    wanted = set(trainee_ids)
    if referent.role is not Role.REFERENT or not wanted or not all(map(valid_id, wanted)):
        raise NotFound
    found = list(db.session.scalars(followed_trainees_query(referent).where(User.id.in_(wanted))))
    if {t.id for t in found} != wanted:
        raise NotFound
    return found


# -- activities and sessions ----------------------------------------------------------------


def is_staff(user: User) -> bool:
    """A referent or an admin (of a site, or of the network)."""
    return user.role in (Role.REFERENT, Role.ADMIN)


def in_team_of(viewer: User, site_id: int | None) -> bool:
    """``viewer`` belongs to the pedagogical team of the site (network admins: every site)."""
    if not is_staff(viewer) or site_id is None:
        return False
    return viewer.site_id == site_id or (viewer.role is Role.ADMIN and viewer.site_id is None)


def may_edit_catalogue(user: User, site: Site | None) -> bool:
    """Site admins always; referents of the site when it lets its team edit the catalogue."""
    if site is None or not in_team_of(user, site.id):
        return False
    return user.role is Role.ADMIN or site.catalogue_editors == CatalogueEditors.TEAM.value


def team_activity(viewer: User, activity_id: int) -> Activity:
    """An activity of the viewer's site catalogue, or of the network library (read only)."""
    activity = _get(Activity, activity_id)
    if activity is None or not is_staff(viewer):
        raise NotFound
    if activity.site_id is not None and not in_team_of(viewer, activity.site_id):
        raise NotFound
    return activity


def library_activity(viewer: User, activity_id: int) -> Activity:
    """Any activity a staff member may copy: the network library and every site's catalogue."""
    activity = _get(Activity, activity_id)
    if activity is None or not is_staff(viewer):
        raise NotFound
    return activity


def editable_activity(user: User, activity_id: int) -> Activity:
    """An activity of a site catalogue that ``user`` may change (never the network library)."""
    activity = _get(Activity, activity_id)
    if activity is None or not may_edit_catalogue(user, activity.site):
        raise NotFound
    return activity


def team_session(viewer: User, session_id: int) -> ActivitySession:
    """A session of the viewer's site (network admins: any site)."""
    found = _get(ActivitySession, session_id)
    if found is None or not in_team_of(viewer, found.site_id):
        raise NotFound
    return found


def attended_session(trainee: User, session_id: int) -> SessionParticipant:
    """The trainee's own row of a session they are in (not the others' rows)."""
    if trainee.role is not Role.TRAINEE or not valid_id(session_id):
        raise NotFound
    row = db.session.scalar(
        select(SessionParticipant).where(
            SessionParticipant.session_id == session_id,
            SessionParticipant.trainee_id == trainee.id,
        )
    )
    if row is None:
        raise NotFound
    return row


def own_group(user: User, group_id: int) -> SavedGroup:
    """A saved group of its owner, still of their site."""
    group = _get(SavedGroup, group_id)
    if group is None or group.owner_id != user.id or group.site_id != user.site_id:
        raise NotFound
    return group


# -- news ("Nouveau pour vous") -------------------------------------------------------------


def told_news(user: User, kind_name: str, record_id: int) -> Base:
    """A record ``user`` is told of on their list of news: the trainee of their own records
    (from the other side: a referent's reply, a company's message), a referent of what the
    trainees they follow did. Anything else, or a kind not for their role, answers 404.
    """
    if not valid_id(record_id) or kind_name not in {k.value for k in NewsKind}:
        raise NotFound
    kind = NewsKind(kind_name)
    trainee = user.role is Role.TRAINEE
    if trainee and kind is NewsKind.NOTE:
        return trainee_note(user, user, record_id)
    if trainee and kind is NewsKind.REVIEW:
        return trainee_review(user, record_id)
    if trainee and kind is NewsKind.CONTACT:
        return own_contact(user, record_id)
    if trainee and kind is NewsKind.OFFER:
        return site_offer(user, record_id)
    if trainee and kind is NewsKind.CONTACT_MESSAGE:
        message = _get(ContactMessage, record_id)
        if message is None or message.author_id == user.id:
            raise NotFound
        own_contact(user, message.contact_id)
        return message
    if kind is NewsKind.NOTE_REPLY and user.role in (Role.TRAINEE, Role.REFERENT):
        reply = _get(NoteReply, record_id)
        if reply is None:
            raise NotFound
        note = reply.note
        if trainee:
            if reply.author_id == user.id:
                raise NotFound
            trainee_note(user, user, note.id)
        elif reply.author_id != note.trainee_id or not can_see_trainee(user, note.trainee):
            raise NotFound
        return reply
    if kind is NewsKind.MESSAGE:
        posted = _get(ConversationMessage, record_id)
        if posted is None or posted.author_id == user.id:
            raise NotFound
        party_conversation(user, posted.conversation_id)
        return posted
    if user.role is Role.REFERENT and kind is NewsKind.REVIEW_ANSWER:
        review = _get(Review, record_id)
        if review is None or review.trainee_agreed_at is None:
            raise NotFound
        if not can_see_trainee(user, review.trainee):
            raise NotFound
        return review
    if user.role is Role.REFERENT and kind is NewsKind.CONTACT:
        contact = _get(ContactRequest, record_id)
        if contact is None or not can_see_trainee(user, contact.trainee):
            raise NotFound
        return contact
    raise NotFound
