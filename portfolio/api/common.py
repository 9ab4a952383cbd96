"""What every portfolio endpoint of the API shares: who may call it, how a body is read.

- :func:`portfolio_token` wraps ``token_required``: the token must carry the scope *and*
  belong to a trainee (only trainees have a portfolio); other roles get 403.
- :func:`json_body` reads a JSON object: 415 if the body is not JSON, 413 if it is too big,
  400 ``invalid_json`` if it does not parse, 400 ``validation_error`` if it breaks the schema.
- :func:`write_limit` is the rate limit of token-authenticated writes (per token).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, TypeVar

from flask import Response, current_app, jsonify, request
from pydantic import TypeAdapter
from werkzeug.exceptions import RequestEntityTooLarge

from portfolio.api.auth import ApiError, api_user, handle_api_error, token_required
from portfolio.api.schemas import MAX_INT, ROOT, parse_query, validate
from portfolio.extensions import db, limiter
from portfolio.models import Role
from portfolio.services.errors import NotFound
from portfolio.services.i18n import gettext as _

F = TypeVar("F", bound=Callable[..., Any])

READ = "portfolio:read"
WRITE = "portfolio:write"
MAX_JSON_BYTES = 64 * 1024
DEFAULT_WRITE_LIMIT = "120 per minute"


def portfolio_token(scope: str, *, query: bool = False) -> Callable[[F], F]:
    """Bearer token with ``scope``, held by a trainee (401/403 otherwise, as JSON).

    Without ``query``, the endpoint takes no query parameter and refuses any (400); with it,
    the view reads them with ``parse_query``, which refuses unknown ones.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if api_user().role is not Role.TRAINEE:
                raise ApiError(
                    403,
                    "insufficient_scope",
                    _(
                        "Ce jeton ne donne pas accès à un portfolio : il est réservé aux stagiaires."
                    ),
                )
            if not query:
                parse_query(None, request.args)
            result = view(*args, **kwargs)
            db.session.commit()  # reads too: the token's "last used" time
            return result

        return token_required(scope)(wrapped)  # type: ignore[return-value]

    return decorator


def _token_key() -> str:
    # Keyed on the token itself (hashed), so each token has its own budget; the header is
    # read rather than ``g`` because the limiter may run before the view's wrappers.
    header = request.headers.get("Authorization", "")
    return "api-token:" + hashlib.sha256(header.encode()).hexdigest()[:32]


def _write_limit_value() -> str:
    return str(current_app.config.get("API_WRITE_RATE_LIMIT", DEFAULT_WRITE_LIMIT))


def write_limit(view: F) -> F:
    """Rate limit of writes, per token (``API_WRITE_RATE_LIMIT``, default 120 per minute)."""
    limited = limiter.limit(_write_limit_value, key_func=_token_key)(view)
    return limited  # type: ignore[return-value]


def limit_body(max_bytes: int) -> None:
    """Refuse (413) a body larger than ``max_bytes`` before reading it."""
    request.max_content_length = max_bytes
    if request.content_length is not None and request.content_length > max_bytes:
        raise RequestEntityTooLarge()


def json_body(checker: TypeAdapter[Any], max_bytes: int = MAX_JSON_BYTES) -> dict[str, Any]:
    """The request's JSON object, checked by ``checker`` (see api/schemas.py): only the
    fields sent, with their checked values."""
    limit_body(max_bytes)
    if request.mimetype != "application/json":
        raise ApiError(
            415,
            "unsupported_media_type",
            _("Envoyez le contenu en JSON (Content-Type: application/json)."),
        )
    raw = request.get_data(cache=False)
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise ApiError(400, "invalid_json", _("Le contenu n'est pas du JSON valide.")) from None
    if not isinstance(data, dict):
        raise ApiError(
            400,
            "validation_error",
            _("Certaines valeurs ne sont pas valides. Corrigez-les, puis réessayez."),
            [{"field": ROOT, "message": _("Envoyez un objet JSON, entre accolades { }.")}],
        )
    result: dict[str, Any] = validate(checker, data)
    return result


def _refuse_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; Python's parser accepts them unless told otherwise.
    raise ValueError(name)


def no_content() -> Response:
    response = Response(status=204)
    response.headers.pop("Content-Type", None)
    return response


def created(body: Mapping[str, Any], location: str) -> tuple[Response, int]:
    response = jsonify(body)
    response.headers["Location"] = location
    return response, 201


def check_id(value: int) -> int:
    """Ids beyond what the database stores name nothing: 404 rather than a database error."""
    if not 1 <= value <= MAX_INT:
        raise ApiError(404, "not_found", _("Cette ressource n'existe pas."))
    return value


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Cette ressource n'existe pas."))


def handle_not_found(err: NotFound) -> Any:
    """A guard of services/access/ refused: the same JSON 404 as an unknown id."""
    return handle_api_error(not_found())
