"""The personalised path: what a trainee may ask for, and which requests the team answers."""

from __future__ import annotations

from portfolio.models import Activity, ActivitySession, PathRequest, User
from portfolio.services.access._base import _get
from portfolio.services.access.activities import in_team_of
from portfolio.services.errors import NotFound


def site_session(trainee: User, session_id: int) -> ActivitySession:
    """A session of the trainee's own site (whether it is open is the service's word)."""
    session = _get(ActivitySession, session_id)
    if session is None or trainee.site_id is None or session.site_id != trainee.site_id:
        raise NotFound
    return session


def site_activity(trainee: User, activity_id: int) -> Activity:
    """An activity of the trainee's site catalogue (never the network library's)."""
    activity = _get(Activity, activity_id)
    if activity is None or trainee.site_id is None or activity.site_id != trainee.site_id:
        raise NotFound
    return activity


def own_path_request(trainee: User, request_id: int) -> PathRequest:
    """A request the trainee made themselves."""
    found = _get(PathRequest, request_id)
    if found is None or found.trainee_id != trainee.id:
        raise NotFound
    return found


def team_path_request(viewer: User, request_id: int) -> PathRequest:
    """A request of a trainee of the viewer's site, for its pedagogical team."""
    found = _get(PathRequest, request_id)
    if found is None or not in_team_of(viewer, found.site_id):
        raise NotFound
    return found
