"""One error-page layout for HTML; JSON for the API; both in the reader's language.

The messages are French texts marked with ``N_`` (so ``pybabel extract`` finds them) and
translated when an error is shown. Headers the exception carries (``Allow`` of a 405,
``Retry-After`` of a 429, ``WWW-Authenticate`` of a 401) are kept on the answer: HTTP
requires ``Allow`` on every 405, and the API's clients read ``Retry-After``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, g, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, ServiceUnavailable
from werkzeug.exceptions import NotFound as HTTPNotFound

from portfolio.services.errors import NotFound
from portfolio.services.i18n import N_
from portfolio.services.i18n import gettext as _
from portfolio.storage import StorageUnavailable

MESSAGES = {
    400: N_("La demande n'est pas valide."),
    403: N_("Vous ne pouvez pas faire cela."),
    404: N_("Cette page n'existe pas, ou vous ne pouvez pas la voir."),
    405: N_("Cette action n'est pas possible ici."),
    413: N_("Le fichier est trop lourd."),
    429: N_("Trop d'essais. Attendez une minute, puis réessayez."),
    500: N_("Une erreur est arrivée de notre côté. Réessayez plus tard."),
    503: N_(
        "Les photos et les fichiers ne sont pas disponibles pour le moment. Réessayez dans quelques minutes."
    ),
}


# The database dropped the connection (restart, failover, network) or does not answer. The
# transaction is rolled back whole: a form sent then is not half saved, and the next request
# gets a fresh connection (pool_pre_ping). tests/portfolio/ops/test_faults.py.
DATABASE_DOWN = N_("Le service ne répond pas pour le moment. Réessayez dans quelques minutes.")
DATABASE_DOWN_SENT = N_(
    "Le service ne répond pas pour le moment. Ce que vous avez envoyé n'est pas enregistré : "
    "réessayez dans quelques minutes."
)
_DATABASE_DOWN_PAGE = (
    '<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>503</title></head><body><main><h1>{message}</h1>"
    '<p><a href="/">{home}</a></p></main></body></html>'
)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(NotFound, handle_not_found)
    app.register_error_handler(StorageUnavailable, handle_storage_down)
    app.register_error_handler(OperationalError, handle_database_down)
    app.register_error_handler(InterfaceError, handle_database_down)


def handle_http_error(error: HTTPException) -> Response:
    code = error.code or 500
    message = _message(code, error)
    if request.path.startswith("/api/"):
        from portfolio.api_errors import json_error

        response, _status = json_error(code, _default_code(code), message)
    else:
        response = make_response(
            render_template("errors/error.html", code=code, message=message), code
        )
    return _with_headers(response, error)


def handle_not_found(error: NotFound) -> Response:
    """A guard of services/access/ refused: the same 404 as an unknown URL."""
    return handle_http_error(HTTPNotFound())


def handle_storage_down(error: StorageUnavailable) -> Response:
    """The file store does not answer (reading a photo): say so, ask to come back later."""
    from flask import current_app

    current_app.logger.warning("file store unavailable: %s", error)
    return handle_http_error(ServiceUnavailable(retry_after=60))


def handle_database_down(error: SQLAlchemyError) -> Response:
    """The database went away during the request: nothing of it is saved; say so plainly."""
    from portfolio.extensions import db

    current_app.logger.warning("database unavailable: %s", type(error).__name__, exc_info=True)
    _quietly_roll_back(db.session)
    # Reading the account needs the database: for the rest of this request (menu, language,
    # headers) the person is a visitor, so nothing else asks the database.
    g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]
    msgid = DATABASE_DOWN if request.method in ("GET", "HEAD", "OPTIONS") else DATABASE_DOWN_SENT
    try:  # in the reader's language, in the site's layout: both may need the database
        response = _database_down_answer(_(msgid))
    except SQLAlchemyError:  # then a bare page in French, the site's language
        _quietly_roll_back(db.session)
        response = _database_down_answer(str(msgid), bare=True)
    response.status_code = 503
    response.headers["Retry-After"] = "30"
    response.headers["Cache-Control"] = "no-store"
    return response


def _database_down_answer(message: str, *, bare: bool = False) -> Response:
    from markupsafe import escape

    if request.path.startswith("/api/"):
        from portfolio.api_errors import json_error

        response, _status = json_error(503, "unavailable", message)
        return response
    if bare:
        home = "Revenir à l'accueil"
        page = _DATABASE_DOWN_PAGE.format(lang="fr", message=escape(message), home=home)
        return make_response(page, 503)
    return make_response(render_template("errors/error.html", code=503, message=message), 503)


def _quietly_roll_back(session: Any) -> None:
    try:
        session.rollback()
    except SQLAlchemyError:
        current_app.logger.warning("rollback failed after a database error", exc_info=True)


def handle_csrf_error(error: CSRFError) -> tuple[str, int]:
    message = _("La page a expiré. Revenez en arrière, rechargez la page et recommencez.")
    return render_template("errors/error.html", code=400, message=message), 400


def _message(code: int, error: HTTPException) -> str:
    """The reader's sentence for ``code``; a status we have no sentence for keeps its name."""
    msgid = MESSAGES.get(code)
    return _(msgid) if msgid is not None else error.name


def _with_headers(response: Response, error: HTTPException) -> Response:
    """Add the exception's own headers (``Allow``, ``Retry-After`` ...) but not its body's type."""
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    response.status_code = error.code or 500
    return response


def _default_code(status: int) -> str:
    return {
        400: "bad_request",
        401: "invalid_token",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "payload_too_large",
        429: "rate_limited",
        503: "unavailable",
    }.get(status, "server_error")
