"""Bearer-token authentication for the API and the single JSON error shape."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, request

from portfolio.api_errors import json_error
from portfolio.database import writes_on_read
from portfolio.extensions import db
from portfolio.models import ApiToken, User, utcnow
from portfolio.ops.logs import remember_role
from portfolio.services.tokens import find_active_token

F = TypeVar("F", bound=Callable[..., Any])


class ApiError(Exception):
    """Raise from API code; rendered as {"error": {"code", "message", "details"}}."""

    def __init__(self, status: int, code: str, message: str, details: list[Any] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def token_required(scope: str) -> Callable[[F], F]:
    """Accept only ``Authorization: Bearer <token>`` carrying ``scope``.

    401 when the token is missing, unknown, expired or revoked; 403 when it lacks the scope.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            header = request.headers.get("Authorization", "")
            kind, _, secret = header.partition(" ")
            token = find_active_token(secret.strip()) if kind.lower() == "bearer" else None
            if token is None:
                response, status = json_error(
                    401, "invalid_token", "Jeton absent, expiré ou révoqué."
                )
                response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
                return response, status
            if scope not in token.scope_set:
                return json_error(
                    403, "insufficient_scope", f"Ce jeton n'a pas le droit « {scope} »."
                )
            token.last_used_at = utcnow()
            g.api_token = token
            g.api_user = token.user
            remember_role(token.user)
            return view(*args, **kwargs)

        # Every call records the token's last use: a write, even for a GET.
        return writes_on_read(wrapped)  # type: ignore[return-value]

    return decorator


def api_user() -> User:
    user: User = g.api_user
    return user


def api_token() -> ApiToken:
    token: ApiToken = g.api_token
    return token


def handle_api_error(err: ApiError) -> Any:
    db.session.rollback()
    return json_error(err.status, err.code, err.message, err.details)
