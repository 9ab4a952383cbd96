"""Exit pages: the referent's (/referent/stagiaires/<id>/sortie, /referent/sorties), the
trainee's review of their attestation (/mon-suivi/attestations/<id>) and the public
verification page (/attestation/<address>), reached from the attestation's QR code."""

from __future__ import annotations

from flask import Blueprint, Response, make_response, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WResponse

from portfolio.database import writes_on_read
from portfolio.exits.forms import BulkExitForm, ConfirmForm, ExitForm, ReviewForm, RevokeForm
from portfolio.exits.services import attestations as aca
from portfolio.exits.services import pdf_cache
from portfolio.exits.services.badges import badges_of
from portfolio.exits.services.exits import (
    ExitInput,
    exit_of,
    exited_among,
    outcome_label,
    record_exit,
    record_exits,
)
from portfolio.exits.services.keys import public_url
from portfolio.extensions import db
from portfolio.flows import commit_or_explain
from portfolio.models import Attestation, AttestationStatus, Role, User
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.errors import NotFound
from portfolio.services.i18n import gettext as _
from portfolio.services.rome import TradeChoice
from portfolio.services.rules import ReferentError
from portfolio.trades.forms import still_picking

bp = Blueprint("exits", __name__, template_folder="templates")


def _exit_input(form: ExitForm) -> ExitInput:
    return ExitInput(
        left_on=form.left_on.data,
        outcome=form.outcome.data,
        trade=form.trade.data,
        comment=form.comment.data or "",
    )


# -- the referent's side ------------------------------------------------------------------


@bp.route("/referent/stagiaires/<int:trainee_id>/sortie", methods=["GET", "POST"])
@roles_required(Role.REFERENT)
def trainee_exit(trainee_id: int) -> WResponse | str:
    person = access.visible_trainee(current_user, trainee_id)
    current = exit_of(person)
    form = ExitForm(obj=current) if request.method == "GET" and current else ExitForm()
    if request.method == "GET" and current and current.rome_code:
        form.trade.data = TradeChoice(current.rome_code, current.job_title)
    if not still_picking(form) and form.validate_on_submit():
        done = commit_or_explain(
            lambda: record_exit(current_user, person, _exit_input(form)),
            refused=ReferentError,
            done=_("Sortie enregistrée."),
            then=url_for(".trainee_exit", trainee_id=person.id),
        )
        if done:
            return done
    return render_template(
        "exits/exit.html",
        person=person,
        form=form,
        current=current,
        outcome_label=outcome_label,
        attestations=aca.attestations_of(person),
        confirm=ConfirmForm(),
    )


@bp.route("/referent/sorties", methods=["GET", "POST"])
@roles_required(Role.REFERENT)
def bulk_exits() -> WResponse | str:
    form = BulkExitForm()
    people = list(db.session.scalars(access.followed_trainees_query(current_user)))
    if not still_picking(form) and form.validate_on_submit():
        done = commit_or_explain(
            lambda: record_exits(current_user, form.trainee_ids.data or [], _exit_input(form)),
            refused=ReferentError,
            done=_("Sorties enregistrées."),
            then=url_for("referent.caseload"),
        )
        if done:
            return done
    left = exited_among([p.id for p in people])
    return render_template("exits/bulk.html", form=form, people=people, left=left)


@bp.route("/referent/stagiaires/<int:trainee_id>/attestations", methods=["POST"])
@roles_required(Role.REFERENT)
def prepare(trainee_id: int) -> WResponse | str:
    person = access.visible_trainee(current_user, trainee_id)
    if ConfirmForm().validate_on_submit():
        done = commit_or_explain(
            lambda: aca.prepare(current_user, person),
            refused=ReferentError,
            done=_("Attestation préparée : le stagiaire peut la relire."),
            then=lambda a: url_for(".attestation", trainee_id=person.id, attestation_id=a.id),
        )
        if done:
            return done
    return trainee_exit(trainee_id)


@bp.route("/referent/stagiaires/<int:trainee_id>/attestations/<int:attestation_id>")
@roles_required(Role.REFERENT)
def attestation(trainee_id: int, attestation_id: int) -> str:
    person = access.visible_trainee(current_user, trainee_id)
    item = access.trainee_attestation(person, attestation_id)
    return render_template(
        "exits/attestation.html",
        person=person,
        item=item,
        confirm=ConfirmForm(),
        revoke_form=RevokeForm(),
        verify_url=_verify_url(item),
    )


@bp.route(
    "/referent/stagiaires/<int:trainee_id>/attestations/<int:attestation_id>/finaliser",
    methods=["POST"],
)
@roles_required(Role.REFERENT)
def finalize(trainee_id: int, attestation_id: int) -> WResponse | str:
    person = access.visible_trainee(current_user, trainee_id)
    item = access.trainee_attestation(person, attestation_id)
    back = url_for(".attestation", trainee_id=person.id, attestation_id=item.id)
    if ConfirmForm().validate_on_submit():
        done = commit_or_explain(
            lambda: aca.finalize(current_user, item),
            refused=ReferentError,
            done=_("L'attestation est finale."),
            then=back,
        )
        if done:
            return done
    return attestation(trainee_id, attestation_id)


@bp.route(
    "/referent/stagiaires/<int:trainee_id>/attestations/<int:attestation_id>/retirer",
    methods=["POST"],
)
@roles_required(Role.REFERENT, Role.ADMIN)
def revoke(trainee_id: int, attestation_id: int) -> WResponse | str:
    person = access.visible_trainee(current_user, trainee_id)
    item = access.trainee_attestation(person, attestation_id)
    form = RevokeForm()
    if form.validate_on_submit():
        done = commit_or_explain(
            lambda: aca.revoke(current_user, item, form.reason.data or ""),
            refused=ReferentError,
            done=_("L'attestation est retirée."),
            then=url_for(".attestation", trainee_id=person.id, attestation_id=item.id)
            if current_user.role is Role.REFERENT
            else url_for(".verify", public_id=item.public_id),
        )
        if done:
            return done
    return attestation(trainee_id, attestation_id)


@bp.route("/referent/stagiaires/<int:trainee_id>/attestations/<int:attestation_id>/pdf")
@writes_on_read  # the first download of a final attestation keeps its PDF
@roles_required(Role.REFERENT)
def attestation_pdf(trainee_id: int, attestation_id: int) -> Response:
    person = access.visible_trainee(current_user, trainee_id)
    return _pdf(access.trainee_attestation(person, attestation_id))


# -- the trainee's side -------------------------------------------------------------------


@bp.route("/mon-suivi/attestations/<int:attestation_id>", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def my_attestation(attestation_id: int) -> WResponse | str:
    item = access.trainee_attestation(current_user, attestation_id)
    form = ReviewForm()
    if form.validate_on_submit():
        agreed = request.form.get("avis") == "juste"
        done = commit_or_explain(
            lambda: aca.review(current_user, item, agreed=agreed, comment=form.comment.data or ""),
            refused=ReferentError,
            done=_("Merci : votre référent a votre réponse.")
            if agreed
            else _("Merci : votre référent va corriger l'attestation."),
            then=url_for(".my_attestation", attestation_id=item.id),
        )
        if done:
            return done
    return render_template(
        "exits/my_attestation.html",
        item=item,
        form=form,
        verify_url=_verify_url(item),
        my_badges=[b for b in badges_of(current_user) if b.attestation_id == item.id],
    )


@bp.route("/mon-suivi/attestations/<int:attestation_id>/pdf")
@writes_on_read  # the first download of a final attestation keeps its PDF
@roles_required(Role.TRAINEE)
def my_attestation_pdf(attestation_id: int) -> Response:
    return _pdf(access.trainee_attestation(current_user, attestation_id))


# -- anyone holding the address -----------------------------------------------------------


@bp.route("/attestation/<public_id>")
def verify(public_id: str) -> Response:
    try:
        item = access.public_attestation(public_id)
    except NotFound:  # the holder's data was erased: the page says it was withdrawn
        gone = access.erased_attestation(public_id)
        page = render_template("exits/verify_erased.html", gone=gone)
    else:
        newer = item.replaced_by if item.status is AttestationStatus.REPLACED else None
        page = render_template("exits/verify.html", item=item, newer=newer)
    response = make_response(page)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


def _verify_url(item: Attestation) -> str:
    return public_url(url_for("exits.verify", public_id=item.public_id))


def _pdf(item: Attestation) -> Response:
    trainee: User = item.trainee
    name = f"attestation-{trainee.first_name}-{trainee.last_name}".lower().replace(" ", "-")
    safe = "".join(ch for ch in name if ch.isascii() and (ch.isalnum() or ch == "-"))
    kept = item.pdf_key
    pdf = pdf_cache.attestation_pdf(item, _verify_url(item))
    if item.pdf_key != kept:
        db.session.commit()
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{safe or "attestation"}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
