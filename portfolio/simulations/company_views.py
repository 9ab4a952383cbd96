"""The company's simulation pages, on the company blueprint (its matrix covers them).

A company sees the trainee who booked one of its slots on that slot's pages only (first name
and initial, as everywhere a company reads a trainee), and nothing else of them.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portfolio.company.views import bp, partner_required
from portfolio.flows import commit_or_explain
from portfolio.main.views import add_nav
from portfolio.models import Role, User, utcnow
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.services.rome import TradeChoice
from portfolio.simulations.forms import ConfirmForm, FeedbackForm, ForumForm, SlotForm
from portfolio.simulations.services import feedback, slots
from portfolio.simulations.services.common import LOCAL_ZONE, SimulationError
from portfolio.simulations.views import words
from portfolio.trades.forms import still_picking
from portfolio.trades.services import pick_value

add_nav(Role.COMPANY, "company.simulation_slots", _l("Simulations d'entretien"))


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def _number(value: str | None) -> object:
    text = (value or "").strip()
    return int(text) if text.isdigit() else text


def _slot_data(form: SlotForm, forum_title: object = "") -> slots.SlotData:
    return slots.SlotData(
        day=form.day.data, start=form.start.data, duration=_number(form.duration.data),
        mode=form.mode.data, place=form.place.data or "", trade=form.trade.data,
        forum_title=forum_title,
    )  # fmt: skip


# -- the company ----------------------------------------------------------------------------


@bp.route("/entreprise/simulations")
@roles_required(Role.COMPANY)
@partner_required
def simulation_slots() -> str:
    me = _me()
    assert me.company is not None
    return render_template(
        "simulations/company_slots.html",
        slots=slots.slots_of_company(me.company),
        confirm=ConfirmForm(),
        **words(),
    )


@bp.route("/entreprise/simulations/nouveau", methods=["GET", "POST"])
@roles_required(Role.COMPANY)
@partner_required
def new_simulation_slot() -> str | Response:
    form = SlotForm()
    if not still_picking(form) and form.validate_on_submit():
        done = commit_or_explain(
            lambda: slots.create_slot(_me(), _slot_data(form)),
            refused=SimulationError,
            done=_("Le créneau est proposé aux stagiaires de l'école."),
            then=url_for(".simulation_slots"),
        )
        if done is not None:
            return done
    return render_template("simulations/slot_form.html", form=form, forum=False, slot=None)


@bp.route("/entreprise/simulations/forum", methods=["GET", "POST"])
@roles_required(Role.COMPANY)
@partner_required
def new_simulation_forum() -> str | Response:
    form = ForumForm()
    if not still_picking(form) and form.validate_on_submit():
        done = commit_or_explain(
            lambda: slots.create_forum(
                _me(), _slot_data(form, form.forum_title.data or ""), _number(form.count.data)
            ),
            refused=SimulationError,
            done=_("Les créneaux du forum sont proposés aux stagiaires de l'école."),
            then=url_for(".simulation_slots"),
        )
        if done is not None:
            return done
    return render_template("simulations/slot_form.html", form=form, forum=True, slot=None)


@bp.route("/entreprise/simulations/<int:slot_id>")
@roles_required(Role.COMPANY)
@partner_required
def simulation_slot(slot_id: int) -> str:
    slot = access.company_slot(_me(), slot_id)
    return render_template(
        "simulations/company_slot.html", slot=slot, confirm=ConfirmForm(), **words()
    )


@bp.route("/entreprise/simulations/<int:slot_id>/modifier", methods=["GET", "POST"])
@roles_required(Role.COMPANY)
@partner_required
def edit_simulation_slot(slot_id: int) -> str | Response:
    slot = access.company_slot(_me(), slot_id)
    if slot.booking is not None or slot.cancelled_at is not None or slot.starts_at <= utcnow():
        flash(_("Ce créneau ne peut plus changer : il est réservé, passé ou annulé."), "error")
        return redirect(url_for(".simulation_slot", slot_id=slot.id))
    if request.method == "GET":
        local = slot.starts_at.astimezone(LOCAL_ZONE)
        trade = TradeChoice(slot.rome_code, slot.job_title) if slot.rome_code else None
        form = SlotForm(
            data={
                "day": local.date(), "start": local.time(), "mode": slot.mode.value,
                "duration": str(slot.duration_minutes), "place": slot.place,
                "trade": pick_value(trade) if trade else None,
            }
        )  # fmt: skip
    else:
        form = SlotForm()
    if not still_picking(form) and form.validate_on_submit():
        done = commit_or_explain(
            lambda: slots.update_slot(_me(), slot, _slot_data(form, slot.forum_title)),
            refused=SimulationError,
            done=_("Le créneau est changé."),
            then=url_for(".simulation_slot", slot_id=slot.id),
        )
        if done is not None:
            return done
    return render_template("simulations/slot_form.html", form=form, forum=False, slot=slot)


@bp.route("/entreprise/simulations/<int:slot_id>/annuler", methods=["POST"])
@roles_required(Role.COMPANY)
@partner_required
def cancel_simulation_slot(slot_id: int) -> Response:
    slot = access.company_slot(_me(), slot_id)
    if ConfirmForm().validate_on_submit():
        done = commit_or_explain(
            lambda: slots.cancel_slot(_me(), slot),
            refused=SimulationError,
            done=_("Le créneau est annulé."),
            then=url_for(".simulation_slots"),
        )
        if done is not None:
            return done
    return redirect(url_for(".simulation_slot", slot_id=slot_id))


@bp.route("/entreprise/simulations/<int:slot_id>/retour", methods=["GET", "POST"])
@roles_required(Role.COMPANY)
@partner_required
def simulation_feedback(slot_id: int) -> str | Response:
    slot = access.company_slot(_me(), slot_id)
    if request.method == "GET" and not feedback.expected(slot):
        return redirect(url_for(".simulation_slot", slot_id=slot.id))
    form = FeedbackForm()
    competencies = feedback.rateable_competencies()
    if form.validate_on_submit():
        grid = feedback.Grid(
            clear=request.form.get("clear"), example=request.form.get("example"),
            trade_named=request.form.get("trade_named"), posture=request.form.get("posture"),
        )  # fmt: skip
        levels = {c.id: request.form.get(f"level-{c.id}") for c in competencies}
        done = commit_or_explain(
            lambda: feedback.give_feedback(_me(), slot, grid, form.words.data or "", levels),
            refused=SimulationError,
            done=_("Merci ! Le stagiaire et son référent voient votre retour."),
            then=url_for(".simulation_slot", slot_id=slot.id),
        )
        if done is not None:
            return done
    return render_template(
        "simulations/feedback_form.html",
        slot=slot,
        form=form,
        competencies=competencies,
        **words(),
    )
