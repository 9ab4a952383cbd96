"""Home page per role, language switch, shared template helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    Flask,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from portfolio.extensions import db
from portfolio.models import Role, User
from portfolio.services.accounts import current_referent

bp = Blueprint("main", __name__, template_folder="templates")


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


# Feature blueprints add their menu entries here: role -> [(endpoint, label)].
# Labels are lazy strings so they are extracted for translation and rendered per request.
NAV: dict[Role, list[tuple[str, Any]]] = {role: [("main.home", _l("Accueil"))] for role in Role}
NAV[Role.ADMIN] += [
    ("admin.users", _l("Comptes")),
    ("admin.sites", _l("Sites")),
    ("admin.import_trainees", _l("Importer")),
]
ROLE_LABELS = {
    Role.TRAINEE: _l("Stagiaire"),
    Role.REFERENT: _l("Référent(e)"),
    Role.COMPANY: _l("Entreprise partenaire"),
    Role.ADMIN: _l("Administration"),
}


def add_nav(role: Role, endpoint: str, label: Any) -> None:
    if (endpoint, label) not in NAV[role]:
        NAV[role].append((endpoint, label))


def _menu(role: Role) -> list[tuple[str, Any, str]]:
    """The role's menu with its addresses, worked out once per app (every page shows it).

    Labels stay as they are (lazy strings, or a label with a live count): they are turned into
    text for each page, in its language.
    """
    cache: dict[tuple[Role, str], list[tuple[str, Any, str]]] = current_app.extensions.setdefault(
        "e2c_menu", {}
    )
    key = (role, request.script_root)
    menu = cache.get(key)
    if menu is None:
        menu = cache[key] = [(endpoint, label, url_for(endpoint)) for endpoint, label in NAV[role]]
    return menu


@bp.app_context_processor
def template_helpers() -> dict[str, object]:
    def nav_items() -> list[NavItem]:
        if not current_user.is_authenticated:
            return []
        return [
            NavItem(str(label), url, request.endpoint == endpoint)
            for endpoint, label, url in _menu(current_user.role)
        ]

    return {
        "nav_items": nav_items,
        "role_label": lambda role: str(ROLE_LABELS[Role(role)]),
        "current_locale": lambda: str(get_locale() or "fr"),
    }


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


@bp.route("/langue", methods=["POST"])
def set_language() -> Response:
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("main.home")
    return redirect(target)


@bp.route("/sante")
def health() -> dict[str, str]:
    """A trivial page: used by load balancers and as the benchmarks' baseline."""
    return {"status": "ok"}


def init_app(app: Flask) -> None:  # pragma: no cover - kept for symmetry with other features
    pass
