"""Erasure and rectification pages: the trainee's requests (/mon-compte/effacement,
/mon-compte/correction), the site admin's list of both (/admin/effacements), their answer to a
correction (/admin/corrections/<id>) and their erasure of a trainee (/admin/comptes/<id>/effacer).
The retention rules and the daily run: services/rules.py, services/retention.py, cli.py."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WResponse

from portfolio.flows import commit_or_explain
from portfolio.main.views import add_nav
from portfolio.models import Role
from portfolio.privacy.forms import AnswerForm, AskErasureForm, ConfirmForm, RectificationForm
from portfolio.privacy.services import erasure, rectification, requests
from portfolio.privacy.services.erasure import NotErasable
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.accounts import AccountError
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l

bp = Blueprint("privacy", __name__, template_folder="templates")

# What the admin sees counted before erasing (the other tables are in the total).
SHOWN = {
    "trace": _l("traces"),
    "trace_photo": _l("photos"),
    "audio_recording": _l("enregistrements"),
    "conversation_message": _l("messages"),
    "explicitation_note": _l("notes"),
    "assessment": _l("niveaux"),
    "attestation": _l("attestations"),
    "badge": _l("badges"),
}

add_nav(Role.ADMIN, "privacy.erasure_requests", _l("Demandes sur les données"))


@bp.route("/mon-compte/effacement", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def my_erasure() -> WResponse | str:
    form = AskErasureForm()
    if form.validate_on_submit():
        done = commit_or_explain(
            lambda: requests.ask_erasure(current_user, form.password.data),
            refused=AccountError,
            done=_(
                "Votre demande est envoyée. Votre compte sera effacé dans 30 jours au plus tard."
            ),
            then=url_for(".my_erasure"),
        )
        if done:
            return done
    return render_template(
        "privacy/my_erasure.html",
        form=form,
        plan=requests.plan_of(current_user),
        cancel=ConfirmForm(),
    )


@bp.route("/mon-compte/effacement/annuler", methods=["POST"])
@roles_required(Role.TRAINEE)
def cancel_erasure() -> WResponse | str:
    if ConfirmForm().validate_on_submit():
        done = commit_or_explain(
            lambda: requests.cancel_request(current_user),
            refused=AccountError,
            done=_("Votre demande est annulée. Votre compte reste ouvert."),
            then=url_for(".my_erasure"),
        )
        if done:
            return done
    return redirect(url_for(".my_erasure"))


@bp.route("/mon-compte/correction", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def my_rectification() -> WResponse | str:
    form = RectificationForm()
    if form.validate_on_submit():
        done = commit_or_explain(
            lambda: rectification.ask_rectification(current_user, form.what.data),
            refused=AccountError,
            done=_("Votre demande est envoyée. L'école va corriger et vous répondre ici."),
            then=url_for(".my_rectification"),
        )
        if done:
            return done
    return render_template(
        "privacy/my_rectification.html",
        form=form,
        asked=rectification.requests_of(current_user),
    )


@bp.route("/admin/effacements")
@roles_required(Role.ADMIN)
def erasure_requests() -> str:
    return render_template(
        "privacy/requests.html",
        pending=requests.requests_for(current_user),
        corrections=rectification.open_for(current_user),
        answer_form=AnswerForm(),
    )


@bp.route("/admin/corrections/<int:request_id>", methods=["POST"])
@roles_required(Role.ADMIN)
def answer_rectification(request_id: int) -> WResponse:
    asked = access.managed_rectification(current_user, request_id)
    form = AnswerForm()
    if form.validate_on_submit():
        commit_or_explain(
            lambda: rectification.answer_rectification(current_user, asked, form.answer.data),
            refused=AccountError,
            done=_("C'est noté : le stagiaire voit votre réponse."),
            then=url_for(".erasure_requests"),
        )
    return redirect(url_for(".erasure_requests"))


@bp.route("/admin/comptes/<int:user_id>/effacer", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def admin_erase(user_id: int) -> WResponse | str:
    person = access.managed_user(current_user, user_id)
    if person.role is not Role.TRAINEE:
        flash(
            _("Seuls les comptes de stagiaires sont effacés. Les autres sont désactivés."), "error"
        )
        return redirect(url_for("admin.user", user_id=person.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        name = person.full_name
        try:
            requests.erase_by_admin(current_user, person)
        except (AccountError, NotErasable) as err:
            flash(str(err), "error")
        else:
            flash(_("Le compte de %(name)s et ses données sont effacés.", name=name), "success")
            return redirect(url_for(".erasure_requests"))
    counts = erasure.plan(person).counts()
    return render_template(
        "privacy/admin_erase.html",
        person=person,
        shown=[(label, counts[name]) for name, label in SHOWN.items() if counts.get(name)],
        total=sum(counts.values()),
        files=len(erasure.plan(person).files),
        plan=requests.plan_of(person),
        form=form,
    )
