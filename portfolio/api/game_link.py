"""``/api/v1/game/link``: the game trades a one-time code for a scoped token, or unlinks."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from werkzeug.wrappers import Response

from portfolio.api.auth import ApiError, api_token, api_user, token_required
from portfolio.api.blueprint import bp
from portfolio.extensions import db, limiter
from portfolio.game_link.services import game_link
from portfolio.services.tokens import TokenError, revoke_token

DEFAULT_LINK_RATE_LIMIT = "10 per minute; 60 per hour"


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
    body = request.get_json(silent=True)
    code = body.get("code") if isinstance(body, dict) else None
    device = (body.get("device") or "") if isinstance(body, dict) else ""
    if not isinstance(code, str) or len(code) > 40:
        raise ApiError(400, "invalid_code", "Envoyez le code affiché dans votre portfolio.")
    if not isinstance(device, str) or len(device) > 200:
        raise ApiError(400, "invalid_request", "Le nom de l'appareil doit être un texte court.")
    try:
        linked = game_link.redeem_code(code, device)
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
