"""Activities and sessions: the pedagogical team's records."""

from __future__ import annotations

from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import (
    Activity,
    ActivitySession,
    CatalogueEditors,
    Role,
    SavedGroup,
    SessionParticipant,
    Site,
    User,
)
from portfolio.services.access._base import (
    _get,
    valid_id,
)
from portfolio.services.errors import NotFound


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


def team_site(viewer: User, site_id: int) -> Site:
    """An active site whose pedagogical team the viewer belongs to (network admins: any)."""
    site = _get(Site, site_id)
    if site is None or not site.active or not in_team_of(viewer, site.id):
        raise NotFound
    return site


def team_referent(viewer: User, site: Site, referent_id: int) -> User:
    """A referent of ``site`` (whose cohort a team member looks at), the viewer in its team."""
    referent = _get(User, referent_id)
    if (
        referent is None
        or referent.role is not Role.REFERENT
        or referent.site_id != site.id
        or not in_team_of(viewer, site.id)
    ):
        raise NotFound
    return referent


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
