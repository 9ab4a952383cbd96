"""``/api/v1/game/link``: the game trades a one-time code for a scoped token, or unlinks."""

from __future__ import annotations

from typing import Annotated, Any, NotRequired

from flask import current_app, request
from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12
from werkzeug.wrappers import Response

from portfolio.api.auth import ApiError, api_token, api_user, token_required
from portfolio.api.blueprint import bp
from portfolio.extensions import db, limiter
from portfolio.game_link.services import game_link
from portfolio.services.tokens import TokenError, revoke_token

DEFAULT_LINK_RATE_LIMIT = "10 per minute; 60 per hour"


# Lenient on purpose (docs/GAME_API.md): other fields are ignored, and any problem with the
# code answers ``invalid_code``, with the device ``invalid_request``, never validation_error.
@with_config(ConfigDict(strict=True, extra="ignore"))
class GameLinkInput(TypedDict):
    code: Annotated[
        str,
        Field(
            max_length=40,
            description="Le code à usage unique affiché dans Paramètres > Jeu.",
            examples=["K7QF-93TD"],
        ),
    ]
    device: NotRequired[
        Annotated[
            Annotated[str, Field(max_length=200)] | None,
            Field(description="L'appareil, ex. « PC salle 2 »."),
        ]
    ]


GAME_LINK_INPUT: TypeAdapter[GameLinkInput] = TypeAdapter(GameLinkInput)


def _link_limit() -> str:
    return str(current_app.config.get("GAME_LINK_RATE_LIMIT", DEFAULT_LINK_RATE_LIMIT))


def _home_page() -> str:
    configured = current_app.config.get("PUBLIC_BASE_URL")
    return str(configured or request.host_url).rstrip("/")


@bp.post("/game/link")
@limiter.limit(_link_limit)
def link_game() -> tuple[dict[str, Any], int]:
    if (request.content_length or 0) > 4096:
        raise ApiError(413, "payload_too_large", "La demande est trop longue.")
    try:
        body = GAME_LINK_INPUT.validate_python(request.get_json(silent=True))
    except ValidationError as err:
        if any(error["loc"][:1] != ("device",) for error in err.errors()):
            raise ApiError(
                400, "invalid_code", "Envoyez le code affiché dans votre portfolio."
            ) from None
        raise ApiError(
            400, "invalid_request", "Le nom de l'appareil doit être un texte court."
        ) from None
    try:
        linked = game_link.redeem_code(body["code"], body.get("device") or "")
    except game_link.GameLinkError as err:
        raise ApiError(400, "invalid_code", str(err)) from None
    except TokenError as err:
        raise ApiError(400, "too_many_tokens", str(err)) from None
    token = linked.issued.token
    db.session.commit()
    return {
        "token": linked.issued.secret,
        "token_id": str(token.id),
        "expires_at": token.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "scope": game_link.GAME_SCOPE,
        "actor": game_link.actor_for(linked.user, _home_page()),
        "display_name": linked.user.first_name,
    }, 201


@bp.delete("/game/link")
@token_required(game_link.GAME_SCOPE)
def unlink_game() -> Response:
    revoke_token(api_user(), api_token().id)
    db.session.commit()
    return Response(status=204)
