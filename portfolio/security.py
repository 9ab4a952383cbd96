"""Sessions, roles and HTTP security headers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, abort, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import joinedload

from portfolio.extensions import db, login_manager
from portfolio.models import Role, User

F = TypeVar("F", bound=Callable[..., Any])

CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Pages a person who must change their password may still open.
_ALLOWED_BEFORE_PASSWORD_CHANGE = {
    "auth.change_password",
    "auth.logout",
    "static",
    "main.set_language",
}


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    app.after_request(set_security_headers)
    app.before_request(force_password_change)


# Built once: building a select() on each request costs more than running it. The site
# comes with the user: most pages show or check it.
_USER_STMT = (
    select(User)
    .options(joinedload(User.site))
    .where(User.id == bindparam("user_id", type_=Integer))
)


def load_user(session_id: str) -> User | None:
    """Session ids are "<user id>:<session token>": rotating the token ends old sessions."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.scalar(_USER_STMT, {"user_id": int(user_id)})
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def set_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "geolocation=(), microphone=(), camera=(self)"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    # Pages of a logged-in person are never cached, except responses that chose a private
    # cache themselves (photos: only this browser may keep them).
    if current_user.is_authenticated and not response.cache_control.private:
        response.headers["Cache-Control"] = "no-store"
    return response


def force_password_change() -> Response | None:
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in _ALLOWED_BEFORE_PASSWORD_CHANGE
        and not (request.blueprint or "").startswith("api")
    ):
        return redirect(url_for("auth.change_password"))  # type: ignore[return-value]
    return None


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Only these roles may open the view; others get 404, so the page's existence is not told."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(404)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
