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
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from portfolio.database import writes_on_read
from portfolio.extensions import db
from portfolio.main.services import news as news_service
from portfolio.models import (
    ContactMessage,
    ContactRequest,
    ConversationMessage,
    ExplicitationNote,
    NoteReply,
    Offer,
    Review,
    Role,
    User,
)
from portfolio.security import safe_next
from portfolio.services.i18n import lazy_gettext as _l

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
# On phones a bottom bar shows four pages of the role's menu (plus "Plus"): endpoint ->
# (short word, icon of portfolio/layout.py). The links stay those of NAV.
PHONE_BAR: dict[Role, dict[str, tuple[Any, str]]] = {
    Role.TRAINEE: {
        "main.home": (_l("Accueil"), "home"),
        "trainee.new_trace": (_l("Trace"), "plus"),
        "trainee.traces": (_l("Portfolio"), "folder"),
        "trainee.my_follow_up": (_l("Suivi"), "steps"),
    },
    Role.REFERENT: {
        "referent.caseload": (_l("Stagiaires"), "people"),
        "referent.cohort": (_l("Cohorte"), "steps"),
        "showcase.approvals": (_l("Vitrines"), "folder"),
        "showcase.notifications": (_l("Avis"), "bell"),
    },
    Role.COMPANY: {
        "company.home": (_l("Accueil"), "home"),
        "company.search": (_l("Chercher"), "search"),
        "company.contacts": (_l("Contacts"), "people"),
        "company.offers": (_l("Offres"), "folder"),
    },
    Role.ADMIN: {
        "main.home": (_l("Accueil"), "home"),
        "admin.users": (_l("Comptes"), "people"),
        "admin.sites": (_l("Sites"), "folder"),
        "admin.handovers": (_l("Relais"), "steps"),
    },
}
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
    """The role's menu with its addresses. Labels stay as they are (lazy strings, or a label
    with a live count); ``template_globals._nav_frames`` keeps the result per role, language
    and mount point, so this runs once for each."""
    return [(endpoint, label, url_for(endpoint)) for endpoint, label in NAV[role]]


HOME_NEWS = 3


@bp.route("/")
@login_required
def home() -> str | Response:
    user: User = current_user
    if user.role is Role.TRAINEE:
        from portfolio.path.forms import TapForm
        from portfolio.path.services.ranking import path_for, read_facts
        from portfolio.path.views import language
        from portfolio.template_globals import read_with_menu
        from portfolio.trainee.services import standing

        # The home stays under two phone screens (tests/browser/test_phone_nav.py): the three
        # newest news, the one best proposal and four figures; the rest is on "Ma page"
        # (trainee/home.py), one tap away.
        # The trainee's levels, traces and project trades read once: for the proposal, for
        # "started" and for the offers in the project's trades among the news.
        facts = read_facts(user)
        news, news_total = news_service.new_items(user, limit=HOME_NEWS, trades=facts.trades)
        return render_template(
            "main/home_trainee.html",
            news=news,
            news_total=news_total,
            path=path_for(user, limit=1, language=language(), facts=facts),
            path_tap=TapForm(),
            standing=standing(user, started=facts.started, reader=read_with_menu),
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


@bp.route("/nouveau")
@writes_on_read
@login_required
def news() -> str:
    """Every news of the last weeks; opening the list marks them all seen."""
    items = news_service.news_for(current_user)
    news_service.mark_all_seen(current_user)
    db.session.commit()
    return render_template("main/news.html", items=items)


@bp.route("/nouveau/<kind>/<int:record_id>")
@writes_on_read
@login_required
def open_news(kind: str, record_id: int) -> Response:
    """Open one news item: it stops being new, then its own page opens."""
    record = news_service.mark_seen(current_user, kind, record_id)
    db.session.commit()
    return redirect(news_target(current_user, record))


def news_target(user: User, record: object) -> str:
    """The page a news item leads to, for the person reading it."""
    if isinstance(record, ExplicitationNote):
        return url_for("trainee.my_note", note_id=record.id)
    if isinstance(record, NoteReply):
        if user.role is Role.TRAINEE:
            return url_for("trainee.my_note", note_id=record.note_id)
        return url_for("referent.note", trainee_id=record.note.trainee_id, note_id=record.note_id)
    if isinstance(record, Review):
        if user.role is Role.TRAINEE:
            return url_for("trainee.my_review", review_id=record.id)
        return url_for("referent.review", trainee_id=record.trainee_id, review_id=record.id)
    if isinstance(record, ContactMessage):
        return url_for("showcase.contact", contact_id=record.contact_id)
    if isinstance(record, ContactRequest):
        if user.role is Role.TRAINEE:
            return url_for("showcase.contact", contact_id=record.id)
        return url_for("showcase.followed", trainee_id=record.trainee_id)
    if isinstance(record, Offer):
        return url_for("showcase.offer", offer_id=record.id)
    if isinstance(record, ConversationMessage):
        url = url_for("conversations.thread", conversation_id=record.conversation_id)
        return f"{url}#dernier"
    return url_for("main.news")


@bp.route("/plus")
@login_required
def more() -> str:
    """On phones, "Plus" of the bottom bar: every page of the menu, and logging out."""
    return render_template("main/more.html")


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
