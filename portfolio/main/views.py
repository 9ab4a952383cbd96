"""Home page per role, language switch, and the menu each feature adds its pages to."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Flask,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from portfolio.extensions import db
from portfolio.models import Role, User
from portfolio.security import safe_next
from portfolio.services.accounts import current_referent

bp = Blueprint("main", __name__, template_folder="templates")


# Feature blueprints add their menu entries here: role -> [(endpoint, label)].
# Labels are lazy strings so they are extracted for translation and rendered per request.
NAV: dict[Role, list[tuple[str, Any]]] = {role: [("main.home", _l("Accueil"))] for role in Role}
NAV[Role.ADMIN] += [
    ("admin.users", _l("Comptes")),
    ("admin.sites", _l("Sites")),
    ("admin.import_trainees", _l("Importer")),
    ("admin.handovers", _l("Remplacements")),
]
ROLE_LABELS = {
    Role.TRAINEE: _l("Stagiaire"),
    Role.REFERENT: _l("Référent(e)"),
    Role.COMPANY: _l("Entreprise partenaire"),
    Role.ADMIN: _l("Administration"),
}


def add_nav(role: Role, endpoint: str, label: Any, *, after: str | None = None) -> None:
    """Add a page to the role's menu: at the end, or right after the entry ``after``.

    ``after`` keeps an entry in its place when the module that adds it moves.
    """
    if (endpoint, label) in NAV[role]:
        return
    entries = NAV[role]
    places = [n for n, (known, _label) in enumerate(entries) if known == after]
    entries.insert(places[0] + 1 if places else len(entries), (endpoint, label))


def menu(role: Role) -> list[tuple[str, Any, str]]:
    """The role's menu with its addresses, worked out once per app (every page shows it).

    Labels stay as they are (lazy strings, or a label with a live count): they are turned into
    text for each page, in its language.
    """
    cache: dict[tuple[Role, str], list[tuple[str, Any, str]]] = current_app.extensions.setdefault(
        "e2c_menu", {}
    )
    key = (role, request.script_root)
    entries = cache.get(key)
    if entries is None:
        entries = cache[key] = [
            (endpoint, label, url_for(endpoint)) for endpoint, label in NAV[role]
        ]
    return entries


@bp.route("/")
@login_required
def home() -> str | Response:
    user: User = current_user
    if user.role is Role.TRAINEE:
        from portfolio.trainee.views import home_context

        return render_template(
            "main/home_trainee.html", referent=current_referent(user), **home_context(user)
        )
    if user.role is Role.REFERENT:
        return redirect(url_for("referent.caseload"))
    if user.role is Role.COMPANY:
        if user.company is not None and user.company.approved_at is not None:
            return redirect(url_for("company.home"))
        return render_template("main/home_company.html", company=user.company)
    counts: dict[str, int] = dict(
        db.session.execute(  # type: ignore[arg-type]
            select(User.role, func.count(User.id))
            .where(User.active.is_(True), *([User.site_id == user.site_id] if user.site_id else []))
            .group_by(User.role)
        ).all()
    )
    return render_template("main/home_admin.html", counts=counts)


# The day the accessibility statement was last checked against the tests (RGAA asks for it).
STATEMENT_DATE = date(2026, 12, 5)


@bp.route("/accessibilite")
def accessibility() -> str:
    """The accessibility statement the RGAA asks for: public, linked from every footer."""
    return render_template(
        "main/accessibility.html",
        statement_date=STATEMENT_DATE,
        contact=current_app.config.get("ACCESSIBILITY_CONTACT", ""),
    )


@bp.route("/langue", methods=["POST"])
def set_language() -> Response:
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("main.home")))


@bp.route("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page says: answer the committed ICO."""
    return send_from_directory(
        current_app.static_folder or "",
        "icons/favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=86400,
    )


@bp.route("/sante")
def health() -> dict[str, str]:
    """A trivial page: used by load balancers and as the benchmarks' baseline."""
    return {"status": "ok"}


def init_app(app: Flask) -> None:  # pragma: no cover - kept for symmetry with other features
    pass
