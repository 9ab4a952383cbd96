"""Sessions of an activity, their group, attendance and saved groups: every write of those rows.

A session belongs to the site of its activity; its trainees must be trainees of that site and
its animators members of its staff: anything else is refused with a sentence naming the
problem, and nothing is written. Services never commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    Activity,
    ActivitySession,
    Attendance,
    Role,
    SavedGroup,
    SavedGroupMember,
    SessionAnimator,
    SessionParticipant,
    User,
    utcnow,
)
from portfolio.services import text
from portfolio.services.access import in_team_of, valid_id
from portfolio.services.i18n import gettext as _

MAX_PLACE = 200
MAX_GROUP_NAME = 120
MAX_TRAINEES = 60


class SessionError(ValueError):
    """A session cannot be saved; ``str(err)`` is a sentence for the person."""


@dataclass(frozen=True)
class SessionInput:
    day: date | None
    start_time: time | None
    end_time: time | None
    place: object = ""
    animator_ids: Sequence[object] = ()
    trainee_ids: Sequence[object] = ()
    group_name: object = ""


def _ids(values: Sequence[object]) -> list[int]:
    out: list[int] = []
    for value in values:
        number = int(value) if isinstance(value, str) and value.isdigit() else value
        if not valid_id(number):
            raise SessionError(_("Un des choix de la liste n'existe pas."))
        assert isinstance(number, int)
        if number not in out:
            out.append(number)
    return out


def _people(ids: list[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def _check_trainees(site_id: int, ids: list[int]) -> list[User]:
    found = _people(ids)
    for trainee_id in ids:
        person = found.get(trainee_id)
        if person is None or person.role is not Role.TRAINEE or not person.active:
            raise SessionError(_("Un des stagiaires choisis n'existe pas."))
        if person.site_id != site_id:
            raise SessionError(
                _(
                    "%(name)s n'est pas stagiaire de ce site : retirez-le ou retirez-la du groupe.",
                    name=person.full_name,
                )
            )
    return [found[i] for i in ids]


def _check_animators(site_id: int, ids: list[int]) -> list[User]:
    found = _people(ids)
    for user_id in ids:
        person = found.get(user_id)
        if person is None or not person.active or not in_team_of(person, site_id):
            raise SessionError(
                _("Un des animateurs choisis ne fait pas partie de l'équipe du site.")
            )
    return [found[i] for i in ids]


def schedule_session(user: User, activity: Activity, data: SessionInput) -> ActivitySession:
    """A session of a site activity, with its animators and its group (saved if named)."""
    if activity.site_id is None or not in_team_of(user, activity.site_id):
        raise SessionError(
            _("Copiez d'abord cette activité dans le catalogue du site, puis programmez-la.")
        )
    if not isinstance(data.day, date):
        raise SessionError(_("Indiquez le jour de la séance."))
    if not isinstance(data.start_time, time) or not isinstance(data.end_time, time):
        raise SessionError(_("Indiquez l'heure de début et l'heure de fin."))
    if data.end_time <= data.start_time:
        raise SessionError(_("L'heure de fin doit être après l'heure de début."))
    try:
        place = text.clean_text(data.place, limit=MAX_PLACE)
        group_name = text.clean_text(data.group_name, limit=MAX_GROUP_NAME)
    except text.TextRefused:
        raise SessionError(
            _("Le lieu ou le nom du groupe est trop long (%(n)d caractères au plus).", n=MAX_PLACE)
        ) from None
    trainee_ids = _ids(data.trainee_ids)
    if not 1 <= len(trainee_ids) <= MAX_TRAINEES:
        raise SessionError(_("Choisissez de 1 à %(n)d stagiaires.", n=MAX_TRAINEES))
    trainees = _check_trainees(activity.site_id, trainee_ids)
    animators = _check_animators(activity.site_id, _ids(data.animator_ids) or [user.id])
    session = ActivitySession(
        activity_id=activity.id,
        site_id=activity.site_id,
        day=data.day,
        start_time=data.start_time,
        end_time=data.end_time,
        place=place,
        created_by_id=user.id,
        animators=[SessionAnimator(user_id=a.id) for a in animators],
        participants=[SessionParticipant(trainee_id=t.id) for t in trainees],
    )
    db.session.add(session)
    if group_name:
        save_group(user, group_name, trainee_ids)
    db.session.flush()
    return session


def save_group(user: User, name: str, trainee_ids: Sequence[object]) -> SavedGroup:
    """Save a pick of trainees under a name, to schedule them again; same name: replaced."""
    if user.site_id is None:
        raise SessionError(_("Seule l'équipe d'un site peut enregistrer un groupe."))
    try:
        name = text.clean_text(name, limit=MAX_GROUP_NAME, required=True)
    except text.TextRefused:
        raise SessionError(
            _("Donnez un nom au groupe (%(n)d caractères au plus).", n=MAX_GROUP_NAME)
        ) from None
    ids = _ids(trainee_ids)
    trainees = _check_trainees(user.site_id, ids)
    group = db.session.scalar(
        select(SavedGroup).where(SavedGroup.owner_id == user.id, SavedGroup.name == name)
    )
    if group is None:
        group = SavedGroup(site_id=user.site_id, owner_id=user.id, name=name)
        db.session.add(group)
    group.members.clear()
    db.session.flush()
    group.members.extend(SavedGroupMember(trainee_id=t.id) for t in trainees)
    db.session.flush()
    return group


def groups_of(user: User) -> list[SavedGroup]:
    return list(
        db.session.scalars(
            select(SavedGroup)
            .where(SavedGroup.owner_id == user.id, SavedGroup.site_id == user.site_id)
            .options(selectinload(SavedGroup.members))
            .order_by(SavedGroup.name)
        )
    )


def parse_attendance(value: object) -> Attendance:
    if isinstance(value, str) and value in {a.value for a in Attendance}:
        return Attendance(value)
    raise SessionError(_("Choisissez présent, absent ou excusé pour chaque stagiaire."))


def take_attendance(user: User, session: ActivitySession, marks: Mapping[int, object]) -> int:
    """Mark each listed participant present, absent, excused (or back to expected).

    Every value is checked before anything is written; a trainee who is not in the session is
    refused. Returns the number of rows that changed.
    """
    if not in_team_of(user, session.site_id):
        raise SessionError(_("Vous ne pouvez pas faire l'appel de cette séance."))
    rows = {p.trainee_id: p for p in session.participants}
    checked: dict[int, Attendance] = {}
    for trainee_id, value in marks.items():
        if trainee_id not in rows:
            raise SessionError(_("Un des stagiaires n'est pas dans le groupe de cette séance."))
        checked[trainee_id] = parse_attendance(value)
    changed = 0
    now = utcnow()
    for trainee_id, attendance in checked.items():
        row = rows[trainee_id]
        if row.attendance is not attendance:
            row.attendance = attendance
            row.marked_at = now
            row.marked_by_id = user.id
            changed += 1
    db.session.flush()
    return changed


def site_sessions(
    site_id: int, *, upcoming: bool, today: date | None = None
) -> list[ActivitySession]:
    """A site's sessions from today on (soonest first), or before today (latest first)."""
    day = today or utcnow().date()
    query = (
        select(ActivitySession)
        .where(ActivitySession.site_id == site_id)
        .options(
            selectinload(ActivitySession.activity),
            selectinload(ActivitySession.participants),
            selectinload(ActivitySession.animators).selectinload(SessionAnimator.user),
        )
    )
    if upcoming:
        query = query.where(ActivitySession.day >= day).order_by(
            ActivitySession.day, ActivitySession.start_time, ActivitySession.id
        )
    else:
        query = query.where(ActivitySession.day < day).order_by(
            ActivitySession.day.desc(), ActivitySession.start_time.desc(), ActivitySession.id
        )
    return list(db.session.scalars(query.limit(200)))


def trainee_sessions(trainee: User) -> list[SessionParticipant]:
    """The trainee's own rows (never the others'), soonest session first."""
    return list(
        db.session.scalars(
            select(SessionParticipant)
            .join(ActivitySession, ActivitySession.id == SessionParticipant.session_id)
            .where(SessionParticipant.trainee_id == trainee.id)
            .options(
                selectinload(SessionParticipant.session).selectinload(ActivitySession.activity)
            )
            .order_by(ActivitySession.day, ActivitySession.start_time, ActivitySession.id)
        )
    )


def site_trainees(site_id: int) -> list[User]:
    """The cohort: every active trainee of the site, by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.site_id == site_id, User.role == Role.TRAINEE, User.active.is_(True))
            .order_by(User.last_name, User.first_name, User.id)
        )
    )


def site_staff(site_id: int) -> list[User]:
    """Who may animate a session: the site's active referents and admins."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.site_id == site_id,
                User.role.in_((Role.REFERENT, Role.ADMIN)),
                User.active.is_(True),
            )
            .order_by(User.last_name, User.first_name, User.id)
        )
    )


def add_participant(
    user: User, session: ActivitySession, trainee: User, *, today: date | None = None
) -> SessionParticipant:
    """Add one trainee of the site to an upcoming session that has a place left (expected).

    Already in: their row is returned as it is. The path's confirmed join requests come here.
    """
    if not in_team_of(user, session.site_id):
        raise SessionError(_("Vous ne pouvez pas changer le groupe de cette séance."))
    if session.day < (today or utcnow().date()):
        raise SessionError(_("Cette séance est déjà passée."))
    _check_trainees(session.site_id, [trainee.id])
    for row in session.participants:
        if row.trainee_id == trainee.id:
            return row
    if len(session.participants) >= session.activity.group_size:
        raise SessionError(
            _("La séance est complète (%(n)d places).", n=session.activity.group_size)
        )
    row = SessionParticipant(trainee_id=trainee.id)
    session.participants.append(row)
    db.session.flush()
    return row
