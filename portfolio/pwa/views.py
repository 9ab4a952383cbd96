"""The installed app: its manifest, its service worker, the offline page, Web Push.

The worker (static/js/sw.js) is served from the root (``/sw.js``) so that its scope is the
whole site. Pages it may copy for offline reading are marked here, after each request
(``services/shell.py`` says which and why).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from flask_login import current_user, login_required

from portfolio.extensions import db
from portfolio.i18n import select_locale
from portfolio.models import Role, User
from portfolio.pwa.services import push, shell
from portfolio.services import access
from portfolio.services.errors import NotFound
from portfolio.services.i18n import gettext as _
from portfolio.settings.views import add_settings_context

bp = Blueprint("pwa", __name__, template_folder="templates")


def _push_settings(user: User) -> dict[str, Any]:
    """The settings page's "Notifications sur ce téléphone" (hidden when push is off)."""
    return {"push_public_key": push.public_key() if push.enabled() else ""}


add_settings_context(_push_settings)

THEME = "#0b5394"  # --brand of app.css


@bp.route("/manifest.webmanifest")
def manifest() -> Response:
    """What a phone needs to install the site as an app (name, icons, colours, start)."""

    def icon(name: str, size: str, purpose: str = "any", kind: str = "image/png") -> Any:
        src = url_for("static", filename=f"icons/{name}")
        return {"src": src, "sizes": size, "type": kind, "purpose": purpose}

    body = {
        "id": "/",
        "name": _("Mon portfolio E2C"),
        "short_name": _("Portfolio"),
        "description": _("Mes traces, mes compétences et mon suivi à l'E2C."),
        "lang": select_locale(),
        "dir": "ltr",
        "start_url": url_for("main.home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME,
        "background_color": "#ffffff",
        "icons": [
            icon("favicon.svg", "any", kind="image/svg+xml"),
            icon("app-192.png", "192x192"),
            icon("app-512.png", "512x512"),
            icon("app-maskable-512.png", "512x512", purpose="maskable"),
        ],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.route("/sw.js")
def worker() -> Response:
    """The service worker, from the root: its scope is the whole site."""
    script = shell.worker_script(url_for("pwa.offline"), url_for("pwa.manifest"))
    response = current_app.response_class(script, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    # Browsers check for a new worker at each visit: never an old copy from a cache.
    response.cache_control.no_cache = True
    return response


@bp.route("/hors-ligne")
def offline() -> Response:
    """The page the worker shows for a page it has not kept, without network.

    The same for everyone (no name, no form, no token): the worker stores it at install.
    """
    response = current_app.response_class(render_template("pwa/offline.html"))
    response.cache_control.no_cache = True
    return response


@bp.after_app_request
def mark_offline_copy(response: Response) -> Response:
    """Tell the worker which pages it may copy, and when to forget them all."""
    if request.method != "GET" or response.mimetype not in {"text/html", "image/jpeg"}:
        return response
    if not current_user.is_authenticated:
        if response.mimetype == "text/html":
            response.headers[shell.OFFLINE_HEADER] = "clear"
    elif (
        current_user.role is Role.TRAINEE
        and response.status_code == 200
        and request.endpoint in shell.OFFLINE_PAGES
    ):
        response.headers[shell.OFFLINE_HEADER] = "keep"
    return response


# --------------------------------------------------------------------------- Web Push


@bp.route("/notifications/abonnement", methods=["POST"])
@login_required
def subscribe() -> tuple[Response, int]:
    """This browser's push subscription (JSON from static/js/push.js), for the user."""
    if not push.enabled():
        return jsonify({"message": _("Les notifications ne sont pas disponibles ici.")}), 404
    try:
        push.subscribe(current_user, request.get_json(silent=True))
    except push.PushError as error:
        db.session.rollback()
        return jsonify({"message": str(error)}), 400
    db.session.commit()
    return jsonify({"message": _("Ce téléphone recevra vos notifications.")}), 201


@bp.route("/notifications/desabonnement", methods=["POST"])
@login_required
def unsubscribe() -> tuple[Response, int]:
    """Forget this browser's subscription (its endpoint in the JSON body)."""
    body = request.get_json(silent=True)
    endpoint = body.get("endpoint") if isinstance(body, dict) else None
    try:
        subscription = access.own_push_subscription(current_user, endpoint)
    except NotFound:
        return jsonify({"message": _("Cet abonnement n'existe pas.")}), 404
    push.unsubscribe(current_user, subscription)
    db.session.commit()
    return jsonify({"message": _("Ce téléphone ne recevra plus vos notifications.")}), 200
