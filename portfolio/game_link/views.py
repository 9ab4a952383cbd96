"""Paramètres > Jeu for trainees (one-time code, linked devices) and the referent's review.

The settings page gets a "Jeu" section through ``add_settings_context`` and the template
``settings/_game.html`` (in this feature's templates folder).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portfolio.database import writes_on_read
from portfolio.extensions import db
from portfolio.game_link.forms import ConfirmForm, DiscardForm
from portfolio.game_link.services import game_evidence, game_link
from portfolio.models import Role, User
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.i18n import gettext as _
from portfolio.settings.views import add_settings_context

bp = Blueprint("game_link", __name__, template_folder="templates")


def _settings_section(user: User) -> dict[str, Any]:
    if user.role is not Role.TRAINEE:
        return {}
    return {"game_tokens": game_link.game_tokens(user), "game_unlink_form": ConfirmForm()}


add_settings_context(_settings_section)


# -- trainee: Paramètres > Jeu ----------------------------------------------------------


@bp.route("/parametres/jeu")
@writes_on_read
@roles_required(Role.TRAINEE)
def settings() -> str:
    user: User = current_user
    issued = game_link.new_link_code(user)
    db.session.commit()
    return render_template(
        "game_link/settings.html",
        issued=issued,
        spelled=" ".join(issued.code.replace("-", "")),
        game_tokens=game_link.game_tokens(user),
        game_unlink_form=ConfirmForm(),
        evidence=game_evidence.recent_for_trainee(user),
    )


@bp.route("/parametres/jeu/appareils/<int:token_id>/delier", methods=["POST"])
@roles_required(Role.TRAINEE)
def unlink(token_id: int) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not game_link.unlink(current_user, token_id):
        abort(404)
    db.session.commit()
    flash(_("Le jeu est délié de cet appareil. Il ne peut plus rien envoyer."), "success")
    return redirect(url_for("game_link.settings") + "#appareils")


# -- referent: game evidence awaiting a decision ------------------------------------------


def _render_review(failed: dict[int, DiscardForm] | None = None) -> str:
    referent: User = current_user
    pending = game_evidence.pending_for_referent(referent)
    failed = failed or {}
    forms = {
        s.id: failed.get(s.id) or DiscardForm(formdata=None, prefix=f"s{s.id}") for s in pending
    }
    return render_template(
        "game_link/review.html",
        pending=pending,
        discard_forms=forms,
        confirm_form=ConfirmForm(),
    )


@bp.route("/referent/preuves-du-jeu")
@roles_required(Role.REFERENT)
def review() -> str:
    return _render_review()


@bp.route("/referent/preuves-du-jeu/<int:statement_id>/confirmer", methods=["POST"])
@roles_required(Role.REFERENT)
def confirm(statement_id: int) -> Response:
    statement = access.visible_statement(current_user, statement_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        assessments = game_evidence.confirm(current_user, statement)
    except game_evidence.GameEvidenceError as err:
        db.session.rollback()
        flash(str(err), "error")
    else:
        db.session.commit()
        flash(
            _(
                "Preuve confirmée : %(task)s, pour %(name)s (%(n)s évaluation(s) enregistrée(s)).",
                task=statement.task_name,
                name=statement.user.full_name,
                n=len(assessments),
            ),
            "success",
        )
    return redirect(url_for("game_link.review"))


@bp.route("/referent/preuves-du-jeu/<int:statement_id>/ecarter", methods=["POST"])
@roles_required(Role.REFERENT)
def discard(statement_id: int) -> Response | str:
    statement = access.visible_statement(current_user, statement_id)
    form = DiscardForm(prefix=f"s{statement.id}")
    if not form.validate_on_submit():
        return _render_review({statement.id: form})
    try:
        game_evidence.discard(current_user, statement, form.reason.data or "")
    except game_evidence.GameEvidenceError as err:
        db.session.rollback()
        flash(str(err), "error")
    else:
        db.session.commit()
        flash(
            _(
                "Preuve écartée : %(task)s, pour %(name)s.",
                task=statement.task_name,
                name=statement.user.full_name,
            ),
            "success",
        )
    return redirect(url_for("game_link.review"))
