"""The path pages: the trainee's "Mon parcours" and one-tap requests; the team's answers.

Thin views: a form, a service of ``path/services``, a message, a redirect. A record someone
may not reach (another site's session, someone else's request) is a 404 from the guards.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from portfolio.flows import commit_or_explain
from portfolio.main.views import add_nav
from portfolio.models import Objective, ObjectiveOrigin, ObjectiveStatus, Role, User, utcnow
from portfolio.path.forms import DeclineForm, OwnObjectiveForm, TapForm
from portfolio.path.services import ranking
from portfolio.path.services import requests as svc
from portfolio.referent.services import reviews
from portfolio.security import roles_required, safe_next
from portfolio.services.frameworks import framework
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.services.rules import ReferentError

bp = Blueprint("path", __name__, template_folder="templates")

STAFF = (Role.REFERENT, Role.ADMIN)
PAGE_LIMIT = 12
add_nav(Role.TRAINEE, "path.my_path", _l("Mon parcours"), after="activities.my_sessions")
add_nav(Role.REFERENT, "path.requests", _l("Demandes"), after="activities.sessions")
add_nav(Role.ADMIN, "path.requests", _l("Demandes"), after="activities.sessions")


def language() -> str:
    return str(get_locale() or "fr")


def _back(default: str) -> str:
    return safe_next(request.form.get("next"), default)


def _target_choices() -> list[tuple[str, str]]:
    lang = language()
    return [("projet", _("Mon projet professionnel"))] + [
        (c.id, c.everyday(lang)) for c in framework().active_competencies
    ]


def _own_objectives(trainee: User) -> list[Objective]:
    return [
        o
        for o in reviews.objectives_of(trainee)
        if o.origin is ObjectiveOrigin.TRAINEE and o.status is ObjectiveStatus.OPEN
    ]


@bp.route("/mon-parcours", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def my_path() -> str | Response:
    user: User = current_user
    form = OwnObjectiveForm()
    form.target.choices = _target_choices()
    if request.method == "GET":
        form.due_on.data = utcnow().date() + timedelta(days=30)
    if request.method == "POST":
        if not form.validate_on_submit() and form.csrf_token.errors:
            return redirect(url_for(".my_path"))
        target = (form.target.data or "").strip()
        done = commit_or_explain(
            lambda: reviews.propose_objective(
                user,
                reviews.ObjectiveInput(
                    title=form.title.data or "",
                    due_on=form.due_on.data,
                    competency_id="" if target in ("", "projet") else target,
                    for_project=target in ("", "projet"),
                ),
            ),
            refused=ReferentError,
            done=_(
                "Votre objectif est noté. Votre référent le verra et vous en parlerez au bilan."
            ),
            then=url_for(".my_path") + "#mes-objectifs",
        )
        if done is not None:
            return done
    return render_template(
        "path/my_path.html",
        proposals=ranking.path_for(user, limit=PAGE_LIMIT, language=language()),
        requests=svc.trainee_requests(user),
        own_objectives=_own_objectives(user),
        form=form,
        tap=TapForm(),
    )


def _tap(action: Any, done: str) -> Response:
    form = TapForm()
    then = _back(url_for(".my_path"))
    if not form.validate_on_submit():
        return redirect(then)
    commit_or_explain(action, refused=svc.PathError, done=done, then=then)
    return redirect(then)


@bp.route("/mon-parcours/seances/<int:session_id>/demande", methods=["POST"])
@roles_required(Role.TRAINEE)
def ask_to_join(session_id: int) -> Response:
    return _tap(
        lambda: svc.ask_to_join(current_user, session_id),
        _("Votre demande est envoyée. Votre équipe va répondre."),
    )


@bp.route("/mon-parcours/activites/<int:activity_id>/interet", methods=["POST"])
@roles_required(Role.TRAINEE)
def mark_interest(activity_id: int) -> Response:
    return _tap(
        lambda: svc.mark_interest(current_user, activity_id),
        _("C'est noté : votre équipe sait que cette activité vous intéresse."),
    )


@bp.route("/mon-parcours/demandes/<int:request_id>/retirer", methods=["POST"])
@roles_required(Role.TRAINEE)
def withdraw(request_id: int) -> Response:
    return _tap(lambda: svc.withdraw(current_user, request_id), _("Votre demande est retirée."))


@bp.route("/parcours/demandes")
@roles_required(*STAFF)
def requests() -> str:
    return render_template(
        "path/requests.html",
        pending=svc.site_requests(current_user),
        tap=TapForm(),
        decline_form=DeclineForm(),
    )


@bp.route("/parcours/demandes/<int:request_id>/confirmer", methods=["POST"])
@roles_required(*STAFF)
def confirm(request_id: int) -> Response:
    form = TapForm()
    then = _back(url_for(".requests"))
    if form.validate_on_submit():
        commit_or_explain(
            lambda: svc.confirm(current_user, request_id),
            refused=svc.PathError,
            done=_("C'est confirmé : le ou la stagiaire le verra dans « Mon parcours »."),
            then=then,
        )
    return redirect(then)


@bp.route("/parcours/demandes/<int:request_id>/refuser", methods=["POST"])
@roles_required(*STAFF)
def decline(request_id: int) -> Response:
    form = DeclineForm()
    then = url_for(".requests")
    if form.validate_on_submit():
        commit_or_explain(
            lambda: svc.decline(current_user, request_id, form.answer.data),
            refused=svc.PathError,
            done=_("Votre réponse est envoyée."),
            then=then,
        )
    return redirect(then)
