"""One error-page layout for HTML; JSON for the API."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "La demande n'est pas valide.",
    403: "Vous ne pouvez pas faire cela.",
    404: "Cette page n'existe pas, ou vous ne pouvez pas la voir.",
    405: "Cette action n'est pas possible ici.",
    413: "Le fichier est trop lourd.",
    429: "Trop d'essais. Attendez une minute, puis réessayez.",
    500: "Une erreur est arrivée de notre côté. Réessayez plus tard.",
}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(CSRFError, handle_csrf_error)


def handle_http_error(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    if request.path.startswith("/api/"):
        from portfolio.api_errors import json_error

        return json_error(code, _default_code(code), _(MESSAGES.get(code, error.name)))  # type: ignore[return-value]
    message = _(MESSAGES.get(code, error.name))
    return render_template("errors/error.html", code=code, message=message), code


def handle_csrf_error(error: CSRFError) -> tuple[str, int]:
    message = _("La page a expiré. Revenez en arrière, rechargez la page et recommencez.")
    return render_template("errors/error.html", code=400, message=message), 400


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
    }.get(status, "server_error")
