"""``GET /api/v1/activities`` and ``GET /api/v1/sessions``: the activities catalogue and sessions.

Read only. A staff token (a referent's or a site admin's) reads its site's catalogue and
sessions with every participant; a trainee's token reads the catalogue of their site and only
the sessions they are in, with only their own attendance. Company tokens get 403.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from flask import Response, jsonify, request
from pydantic import Field, TypeAdapter
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from portfolio.activities.services import catalogue, sessions
from portfolio.api.auth import ApiError, api_user, token_required
from portfolio.api.blueprint import bp
from portfolio.api.common import READ
from portfolio.api.document import READ_SECURITY, answer, operation
from portfolio.api.schemas import parse_query
from portfolio.extensions import db
from portfolio.models import Activity, ActivitySession, Role, SessionParticipant, User
from portfolio.services.i18n import gettext as _

AttendanceValue = Literal["expected", "present", "absent", "excused"]


class TargetOut(TypedDict):
    framework_id: Annotated[str, Field(examples=["e2c-apc"])]
    competency_id: Annotated[str, Field(examples=["E2C-1C"])]
    indicator_ids: list[str]


class ActivityOut(TypedDict):
    id: int
    code: Annotated[str, Field(examples=["CUISINE-GROUPE"])]
    title: str
    title_en: str
    description: str
    description_en: str
    kind: Annotated[str, Field(description="Type d'activité (voir docs/ACTIVITIES.md).")]
    duration_minutes: int
    group_size: int
    copied_from_id: int | None
    targets: list[TargetOut]


class ActivityList(TypedDict):
    activities: list[ActivityOut]


class ParticipantOut(TypedDict):
    trainee_id: int
    attendance: AttendanceValue


class SessionOut(TypedDict):
    id: int
    activity_id: int
    title: str
    day: Annotated[str, Field(json_schema_extra={"format": "date"})]
    start_time: Annotated[str, Field(examples=["09:00"], description="Heure locale du site.")]
    end_time: Annotated[str, Field(examples=["11:30"])]
    place: str
    participants: Annotated[
        list[ParticipantOut],
        Field(description="Tout le groupe pour l'équipe ; pour un stagiaire, sa seule ligne."),
    ]


class SessionList(TypedDict):
    sessions: list[SessionOut]


MODELS: tuple[TypeAdapter[Any], ...] = (TypeAdapter(ActivityList), TypeAdapter(SessionList))


def _reader() -> User:
    user = api_user()
    if user.role is Role.COMPANY or user.site_id is None:
        raise ApiError(
            403,
            "insufficient_scope",
            _("Ce jeton ne donne pas accès aux activités d'un site."),
        )
    parse_query(None, request.args)
    return user


def _activity(a: Activity) -> ActivityOut:
    return {
        "id": a.id,
        "code": a.code,
        "title": a.title,
        "title_en": a.title_en,
        "description": a.description,
        "description_en": a.description_en,
        "kind": a.kind.value,
        "duration_minutes": a.duration_minutes,
        "group_size": a.group_size,
        "copied_from_id": a.copied_from_id,
        "targets": [
            {
                "framework_id": t.framework_id,
                "competency_id": t.competency_id,
                "indicator_ids": list(t.indicator_ids),
            }
            for t in a.targets
        ],
    }


def _session(s: ActivitySession, rows: list[SessionParticipant]) -> SessionOut:
    return {
        "id": s.id,
        "activity_id": s.activity_id,
        "title": s.activity.title,
        "day": s.day.isoformat(),
        "start_time": s.start_time.strftime("%H:%M"),
        "end_time": s.end_time.strftime("%H:%M"),
        "place": s.place,
        "participants": [
            {"trainee_id": r.trainee_id, "attendance": r.attendance.value} for r in rows
        ],
    }


@bp.get("/activities")
@token_required(READ)
def list_activities() -> Response:
    user = _reader()
    items = db.session.scalars(catalogue.catalogue_query(user.site_id))
    result = jsonify(ActivityList(activities=[_activity(a) for a in items]))
    db.session.commit()  # the token's "last used" time
    return result


@bp.get("/sessions")
@token_required(READ)
def list_sessions() -> Response:
    user = _reader()
    assert user.site_id is not None
    if user.role is Role.TRAINEE:
        out = [_session(r.session, [r]) for r in sessions.trainee_sessions(user)]
    else:
        found = sessions.site_sessions(user.site_id, upcoming=True)
        found += sessions.site_sessions(user.site_id, upcoming=False)
        out = [_session(s, list(s.participants)) for s in found]
    result = jsonify(SessionList(sessions=out))
    db.session.commit()
    return result


def paths() -> dict[str, Any]:
    """The OpenAPI path items of the activities and sessions."""
    return {
        "/activities": {
            "get": operation(
                "listActivities",
                "Activités",
                "Le catalogue des activités du site",
                description=(
                    "Les activités du catalogue du site du compte (équipe ou stagiaire), avec "
                    "les compétences visées. Droit : portfolio:read."
                ),
                security=READ_SECURITY,
                answers={200: answer("Le catalogue.", "ActivityList")},
                errors=(400, 401, 403),
            )
        },
        "/sessions": {
            "get": operation(
                "listSessions",
                "Activités",
                "Les séances",
                description=(
                    "Équipe : les séances du site (à venir puis passées), avec tout le groupe. "
                    "Stagiaire : ses seules séances, avec sa seule ligne de présence. "
                    "Droit : portfolio:read."
                ),
                security=READ_SECURITY,
                answers={200: answer("Les séances.", "SessionList")},
                errors=(400, 401, 403),
            )
        },
    }
