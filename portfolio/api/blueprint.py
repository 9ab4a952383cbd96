"""The /api/v1 blueprint. Route modules (api/traces.py, api/statements.py ...) attach to ``bp``."""

from __future__ import annotations

from flask import Blueprint, Response, request
from werkzeug.exceptions import MethodNotAllowed

from portfolio.api.auth import ApiError, handle_api_error

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.register_error_handler(ApiError, handle_api_error)


@bp.after_app_request
def name_allowed_methods(response: Response) -> Response:
    """A 405 of the API says which methods the URL does take (RFC 9110 requires ``Allow``).

    The 405 is raised while routing, before any blueprint is chosen, so it is rendered by the
    app-wide handler (portfolio/errors.py); the header is added here, where the API lives,
    and left alone if that handler already set it.
    """
    error = request.routing_exception
    if (
        response.status_code == 405
        and isinstance(error, MethodNotAllowed)
        and error.valid_methods
        and "Allow" not in response.headers
        and request.path.startswith(f"{bp.url_prefix}/")
    ):
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
    return response
