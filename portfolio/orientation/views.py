"""Orientation pages: the trainee's trades and picture questionnaire; the referent's reading."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portfolio.extensions import db
from portfolio.models import Role, User
from portfolio.orientation.forms import FIELD_PREFIX, QuestionnaireForm
from portfolio.orientation.services import interests, ranking
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.i18n import gettext as _

bp = Blueprint("orientation", __name__, template_folder="templates")


def _me() -> User:
    user: User = current_user
    return user


def page_words() -> dict[str, Any]:
    """What every orientation template needs besides its data."""
    return {
        "cards": interests.CARDS,
        "answer_labels": interests.ANSWER_LABELS,
        "field_prefix": FIELD_PREFIX,
    }


@bp.route("/mes-metiers")
@roles_required(Role.TRAINEE)
def my_trades() -> str:
    return render_template(
        "orientation/my_trades.html", ranking=ranking.ranking_for(_me()), **page_words()
    )


@bp.route("/mes-metiers/questionnaire", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def questionnaire() -> str | Response:
    me = _me()
    form = QuestionnaireForm()
    chosen: dict[str, str] = {k: v.value for k, v in interests.answers_of(me).items()}
    if form.validate_on_submit():
        chosen = form.answers(request.form)
        try:
            interests.save_answers(me, chosen)
        except interests.InterestError as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            flash(_("Vos réponses sont enregistrées. Voici des métiers pour vous."), "success")
            return redirect(url_for("orientation.my_trades"))
    return render_template(
        "orientation/questionnaire.html", form=form, chosen=chosen, **page_words()
    )


@bp.route("/referent/stagiaires/<int:trainee_id>/metiers")
@roles_required(Role.REFERENT)
def trainee_trades(trainee_id: int) -> str:
    person = access.visible_trainee(_me(), trainee_id)
    return render_template(
        "orientation/trainee_trades.html",
        person=person,
        ranking=ranking.ranking_for(person),
        **page_words(),
    )
