"""Sessions, roles, HTTP security headers and the one check of addresses to go back to."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import wraps
from typing import Any, Final, TypeVar
from urllib.parse import unquote, urlsplit

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    has_request_context,
    redirect,
    request,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_login import current_user, login_required
from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import joinedload

from portfolio.extensions import db, login_manager
from portfolio.models import Role, User
from portfolio.ops.logs import remember_role

F = TypeVar("F", bound=Callable[..., Any])

CSP = (
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


# What a browser asks for on its own while a page loads or a form is sent (the service worker's
# update check, the icon, the manifest, static files) neither reads the person nor writes the
# session. Each used to answer with the session it was sent with (flask-login's "strong"
# protection rewrites a session that has no "_id", such as the login form's), so one sent just
# before a login and answered just after it put the old cookie back: the person was logged out
# right after logging in (a rare browser-test failure, 2026-12-06).
SESSIONLESS: Final = frozenset({"static", "main.favicon", "pwa.worker", "pwa.manifest"})

# Pages a person who must change their password may still open (besides SESSIONLESS, which
# ``force_password_change`` does not look at).
_ALLOWED_BEFORE_PASSWORD_CHANGE: Final = frozenset(
    {"auth.change_password", "auth.logout", "main.set_language", "pwa.offline"}
)


class _Sessions(SecureCookieSessionInterface):
    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if has_request_context() and request.endpoint in SESSIONLESS:
            return False
        return super().should_set_cookie(app, session)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    app.session_interface = _Sessions()
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
    remember_role(user)
    return user


# What an address of this site may hold, raw: the characters RFC 3986 allows in a path, a
# query and a fragment. Nothing else: no space or control character (a tab or a newline is
# dropped by browsers, so "/\t/evil" becomes "//evil"; a newline in a header is a 500), no
# backslash (browsers read it as "/"), nothing beyond ASCII (look-alike slashes).
_SAFE_TARGET = re.compile(r"/[A-Za-z0-9\-._~!$&'()*+,;=:@/?#%]*")
_MAX_TARGET = 2000
_MAX_DECODINGS = 4


def safe_next(target: object, default: str) -> str:
    """``target`` if it is a page of this site, else ``default``.

    Every address to go back to that comes from the request (``next`` of the login, of the
    language form) goes through here before it reaches a ``Location`` header. Accepted: a
    path that starts with a single "/", in the characters above, that still has no "//", no
    backslash, no control character or space, no scheme and no host once fully
    percent-decoded (decoding again until it stops changing, so "%252F" counts as "/").
    Rejected rather than repaired: a repaired address is a guess, the home page is not.
    """
    if not isinstance(target, str) or len(target) > _MAX_TARGET:
        return default
    if not _SAFE_TARGET.fullmatch(target):
        return default
    decoded = target
    for _ in range(_MAX_DECODINGS):
        if not _is_local_path(decoded):
            return default
        try:
            once = unquote(decoded, errors="strict")
        except UnicodeDecodeError:
            return default
        if once == decoded:
            return target
        decoded = once
    return default  # still changing after several decodings: not an address anyone types


def _is_local_path(text: str) -> bool:
    if not text.startswith("/") or "//" in text or "\\" in text:
        return False
    if any(not ch.isprintable() or ch.isspace() for ch in text):
        return False
    # Decoded, a word may have accents ("?q=%C3%A9cole"), but no other sign beyond ASCII:
    # look-alike slashes ("／", "∕", "⁄", "﹨") are punctuation or symbols, never letters.
    if any(ord(ch) > 127 and unicodedata.category(ch)[0] not in "LM" for ch in text):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc


HSTS = "max-age=31536000; includeSubDomains"

# Answers that are the same for everyone and hold nothing personal (files of the site, the
# installed app's manifest, service worker and offline page): they keep their own
# Cache-Control, so the browser and the service worker may keep them.
PUBLIC_ENDPOINTS = frozenset(
    {"static", "main.favicon", "pwa.manifest", "pwa.worker", "pwa.offline"}
)

# A route whose address carries a secret (a private showcase link, a tutor link) names that
# part ``token``: its pages, photos and error pages are then neither cached nor referred.
SECRET_URL_ARGUMENT = "token"  # noqa: S105 - the name of a route argument, not a secret


def set_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    # The microphone: "Parler au lieu d'écrire" records in the page (static/js/recorder.js).
    response.headers["Permissions-Policy"] = "geolocation=(), microphone=(self), camera=(self)"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    # Behind HTTPS (secure cookies), browsers must never come back over plain HTTP.
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers["Strict-Transport-Security"] = HSTS
    if _secret_in_address():
        # No cache (a shared computer, a proxy) may keep the address or the page, and no
        # Referer may carry the secret to another site, nor to this one's logs.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
    # Pages of a logged-in person are never cached, except responses that chose a private
    # cache themselves (photos: only this browser may keep them).
    elif (
        current_user.is_authenticated
        and not response.cache_control.private
        and request.endpoint not in PUBLIC_ENDPOINTS
    ):
        response.headers["Cache-Control"] = "no-store"
    return response


def _secret_in_address() -> bool:
    rule = request.url_rule
    return rule is not None and SECRET_URL_ARGUMENT in rule.arguments


def force_password_change() -> Response | None:
    if request.endpoint in SESSIONLESS:
        return None
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
