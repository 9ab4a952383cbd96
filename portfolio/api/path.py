"""``GET /api/v1/path``: the trainee's personalised path, read only.

A trainee's token reads their own path; a referent's token may name ``trainee_id``, a trainee
they follow (anyone else: 404, as on the web). Company tokens get 403. The proposals are those
of "Mon parcours" (``path/services/ranking.py``), each with its reason's kind and sentence.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from flask import Response, jsonify, request
from pydantic import Field, TypeAdapter, with_config
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from portfolio.api.auth import ApiError, api_user, token_required
from portfolio.api.blueprint import bp
from portfolio.api.common import READ
from portfolio.api.document import READ_SECURITY, answer, operation
from portfolio.api.schemas import STRICT, QueryInt, Range, parse_query
from portfolio.extensions import db
from portfolio.models import Role, User
from portfolio.path.services.ranking import Proposal, path_for
from portfolio.services import access
from portfolio.services.i18n import gettext as _

LIMIT = 20


@with_config(STRICT)
class PathQuery(TypedDict, total=False):
    trainee_id: Annotated[
        QueryInt,
        Range(1),
        Field(description="Pour un référent : un stagiaire qu'il suit (sinon 404)."),
    ]


PATH_QUERY: TypeAdapter[PathQuery] = TypeAdapter(PathQuery)


class ProposalOut(TypedDict):
    kind: Literal["session", "activity"]
    activity_id: int
    session_id: int | None
    title: str
    day: Annotated[str | None, Field(json_schema_extra={"format": "date"})]
    start_time: Annotated[str | None, Field(examples=["09:00"])]
    places_left: int
    score: int
    reason_kind: Literal["objective", "gap", "never", "trade"]
    reason: Annotated[str, Field(examples=["Pour votre objectif « Arriver à l'heure »."])]
    request_status: Literal["pending", "confirmed", "declined"] | None


class PathOut(TypedDict):
    trainee_id: int
    proposals: list[ProposalOut]


MODELS: tuple[TypeAdapter[Any], ...] = (TypeAdapter(PathOut),)


def _proposal(p: Proposal) -> ProposalOut:
    return {
        "kind": "session" if p.is_session else "activity",
        "activity_id": p.activity_id,
        "session_id": p.session_id,
        "title": p.title,
        "day": p.day.isoformat() if p.day else None,
        "start_time": p.start_time.strftime("%H:%M") if p.start_time else None,
        "places_left": p.places_left,
        "score": p.score,
        "reason_kind": p.reason.kind.value,
        "reason": p.reason.sentence(),
        "request_status": p.request_status.value if p.request_status else None,
    }


def _whose(user: User, trainee_id: int | None) -> User:
    """The trainee whose path is read: the token's own, or one its referent follows (404)."""
    if user.role is Role.TRAINEE:
        return user if trainee_id is None else access.visible_trainee(user, trainee_id)
    if user.role is not Role.REFERENT or trainee_id is None:
        raise ApiError(
            403, "insufficient_scope", _("Ce jeton ne donne pas accès au parcours d'un stagiaire.")
        )
    return access.visible_trainee(user, trainee_id)


@bp.get("/path")
@token_required(READ)
def get_path() -> Response:
    user = api_user()
    args = parse_query(PATH_QUERY, request.args)
    trainee = _whose(user, args.get("trainee_id"))
    proposals = path_for(trainee, limit=LIMIT)
    result = jsonify(PathOut(trainee_id=trainee.id, proposals=[_proposal(p) for p in proposals]))
    db.session.commit()  # the token's "last used" time
    return result


def paths() -> dict[str, Any]:
    """The OpenAPI path item of the path."""
    return {
        "/path": {
            "get": operation(
                "getPath",
                "Activités",
                "Le parcours proposé à un stagiaire",
                description=(
                    "Les prochaines séances et activités du site proposées au stagiaire, les "
                    "plus utiles d'abord, chacune avec sa raison en une phrase. Stagiaire : son "
                    "parcours. Référent : `trainee_id`, un stagiaire qu'il suit. "
                    "Droit : portfolio:read."
                ),
                security=READ_SECURITY,
                query=PATH_QUERY,
                answers={200: answer("Le parcours.", "PathOut")},
                errors=(400, 401, 403, 404),
            )
        },
    }
