"""Interview simulation pages of the trainee (booking) and the referent (reading).

The company's pages are in ``company_views`` (on the company blueprint). Every page works
without JavaScript: each action is a form that posts and redirects.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portfolio.flows import commit_or_explain
from portfolio.interview.views import POSTURE_LABELS
from portfolio.models import Role, SimulationBooking, User, utcnow
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.showcase.services.common import display_name
from portfolio.simulations.forms import MODE_LABELS, ConfirmForm
from portfolio.simulations.services import bookings, feedback
from portfolio.simulations.services.common import SimulationError, trade_words

bp = Blueprint("simulations", __name__, template_folder="templates")

GRID = (
    ("clear", _l("Clair ?"), _l("Une personne qui ne le connaît pas comprend ses réponses.")),
    ("example", _l("Un exemple ?"), _l("Il raconte des moments vrais, qu'il a vécus.")),
    ("trade_named", _l("Le métier nommé ?"), _l("Il parle du métier qu'il vise.")),
)


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def words() -> dict[str, Any]:
    return {
        "mode_labels": MODE_LABELS,
        "trade_words": trade_words,
        "posture_labels": POSTURE_LABELS,
        "grid": GRID,
        "display_name": display_name,
        "now": utcnow(),
        "levels_of": feedback.levels_of,
    }


def gap_feedback(trainee: User) -> dict[str, Any]:
    """The professionals' latest feedbacks for the trainee's gap view (two queries at most)."""
    found = feedback.feedbacks_of(trainee)
    levels = feedback.levels_for(found) if found else {}
    return {
        "pro_feedbacks": found,
        "pro_grid": GRID,
        "pro_posture": POSTURE_LABELS,
        "pro_levels": lambda fb: levels.get(fb.id, []),
    }


def _levels_reader(mine: list[SimulationBooking]) -> Any:
    """``levels_of`` for a list page: every feedback's levels read in one query."""
    levels = feedback.levels_for([b.feedback for b in mine if b.feedback is not None])
    return lambda fb: levels.get(fb.id, [])


# -- the trainee ----------------------------------------------------------------------------


@bp.route("/entretien/simulations")
@roles_required(Role.TRAINEE)
def trainee_home() -> str:
    me = _me()
    mine = bookings.bookings_of(me)
    return render_template(
        "simulations/trainee_home.html",
        open_slots=bookings.open_slots(me),
        mine=mine,
        confirm=ConfirmForm(),
        cancel_before=bookings.CANCEL_BEFORE,
        **{**words(), "levels_of": _levels_reader(mine)},
    )


@bp.route("/entretien/simulations/<int:slot_id>/reserver", methods=["POST"])
@roles_required(Role.TRAINEE)
def book(slot_id: int) -> Response:
    slot = access.site_slot(_me(), slot_id)
    if ConfirmForm().validate_on_submit():
        commit_or_explain(
            lambda: bookings.book_slot(_me(), slot),
            refused=SimulationError,
            done=_("C'est réservé ! Soyez à l'heure, et préparez-vous avec un entraînement."),
            then=url_for(".trainee_home"),
        )
    return redirect(url_for(".trainee_home"))


@bp.route("/entretien/simulations/<int:slot_id>/annuler", methods=["POST"])
@roles_required(Role.TRAINEE)
def unbook(slot_id: int) -> Response:
    slot = access.site_slot(_me(), slot_id)
    if ConfirmForm().validate_on_submit():
        commit_or_explain(
            lambda: bookings.cancel_booking(_me(), slot),
            refused=SimulationError,
            done=_("Réservation annulée. Le créneau est libre pour un autre stagiaire."),
            then=url_for(".trainee_home"),
        )
    return redirect(url_for(".trainee_home"))


# -- the referent ---------------------------------------------------------------------------


@bp.route("/referent/stagiaires/<int:trainee_id>/simulations")
@roles_required(Role.REFERENT)
def trainee_bookings(trainee_id: int) -> str:
    person = access.visible_trainee(_me(), trainee_id)
    mine = bookings.bookings_of(person)
    return render_template(
        "simulations/trainee_bookings.html",
        person=person,
        mine=mine,
        **{**words(), "levels_of": _levels_reader(mine)},
    )
