"""Who may see a trace or a photo (404 otherwise), and who may change it."""

from __future__ import annotations

from flask import abort

from portfolio.extensions import db
from portfolio.models import Role, Trace, TracePhoto, User
from portfolio.services.access import can_see_trainee
from portfolio.trainee.services.errors import TraceNotFound
from portfolio.trainee.services.inputs import MAX_ID


def _valid_id(value: object) -> bool:
    # Ids beyond a 32-bit integer would make PostgreSQL fail instead of answering "none".
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def find_trace(viewer: User, trace_id: int) -> Trace | None:
    """The trace if ``viewer`` may see its trainee (owner, referent, site admin), else None."""
    trace = db.session.get(Trace, trace_id) if _valid_id(trace_id) else None
    if trace is None or not can_see_trainee(viewer, trace.trainee):
        return None
    return trace


def get_trace_or_404(viewer: User, trace_id: int) -> Trace:
    """`find_trace` for views: 404 when missing or not visible."""
    trace = find_trace(viewer, trace_id)
    if trace is None:
        abort(404)
    return trace


def find_photo(viewer: User, photo_id: int) -> TracePhoto | None:
    """The photo if ``viewer`` may see the trace's trainee, else None."""
    photo = db.session.get(TracePhoto, photo_id) if _valid_id(photo_id) else None
    if photo is None or not can_see_trainee(viewer, photo.trace.trainee):
        return None
    return photo


def get_photo_or_404(viewer: User, photo_id: int) -> TracePhoto:
    """`find_photo` for views: 404 when missing or not visible."""
    photo = find_photo(viewer, photo_id)
    if photo is None:
        abort(404)
    return photo


def _own(trainee: User, trace: Trace) -> None:
    if trainee.role is not Role.TRAINEE or trace.trainee_id != trainee.id:
        raise TraceNotFound()
