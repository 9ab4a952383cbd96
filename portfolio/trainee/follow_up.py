"""The trainee's follow-up pages (/mon-suivi/...): objectives, bilans, shared notes, the gap.

Views on the trainee blueprint; the rules and writes are the referent room's services (a note
or a bilan is the same record, seen from the trainee's side). The note, bilan and gap templates
are the referent's, shown with ``trainee_view=True``. Anything the trainee may not see (a team
note, another trainee's bilan) answers 404.
"""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WResponse

from portfolio.exits.services.attestations import latest_attestation
from portfolio.extensions import db
from portfolio.internships.services import internships_of
from portfolio.main.views import add_nav
from portfolio.models import Role, User
from portfolio.referent.forms import AgreeForm, ReactionForm, ReplyForm
from portfolio.referent.labels import page_context
from portfolio.referent.services import reactions
from portfolio.referent.services.export import trainee_export
from portfolio.referent.services.notes import reply_to_note
from portfolio.referent.services.reviews import agree_to_review
from portfolio.referent.services.trainee_view import follow_up
from portfolio.security import roles_required
from portfolio.services import access, gaps, ledger
from portfolio.services.frameworks import chosen_framework
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.services.rules import ReferentError
from portfolio.simulations.views import gap_feedback
from portfolio.trainee.services import export_zip
from portfolio.trainee.views import bp

# Right after the settings, where it has always been in the trainee's menu.
add_nav(Role.TRAINEE, "trainee.my_follow_up", _l("Mon suivi"), after="settings.index")


def _fail(err: ValueError) -> None:
    db.session.rollback()
    flash(str(err), "error")


@bp.route("/mon-suivi")
@roles_required(Role.TRAINEE)
def my_follow_up() -> str:
    return render_template(
        "trainee/follow_up.html",
        follow=follow_up(current_user, notes=50),
        internships=internships_of(current_user),
        attestation=latest_attestation(current_user),
        reads=ledger.reads_of(current_user),
        reader_label=ledger.reader_label,
        read_labels=ledger.read_labels(),
        **page_context(),
    )


@bp.route("/mon-suivi/notes/<int:note_id>", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def my_note(note_id: int) -> WResponse | str:
    me: User = current_user
    item = access.trainee_note(me, me, note_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            reply_to_note(me, item, form.body.data)
        except ReferentError as err:
            _fail(err)
        else:
            db.session.commit()
            flash(_("Votre réponse est envoyée à votre référent."), "success")
            return redirect(url_for(".my_note", note_id=item.id) + "#reponses")
    return render_template(
        "referent/note.html",
        person=me,
        note=item,
        revisions=[],
        form=form,
        reaction=reactions.reaction_of(me, item),
        trainee_view=True,
        **page_context(),
    )


def _back_to(note_id: int) -> str:
    """Where the reaction was given: the session page it names (its own guard answers 404 to a
    session the trainee was not in), else the note."""
    session_id = request.form.get("depuis", "")
    if session_id.isdigit() and access.valid_id(int(session_id)):
        return url_for("activities.my_session", session_id=int(session_id)) + f"#note-{note_id}"
    return url_for(".my_note", note_id=note_id) + "#reaction"


@bp.route("/mon-suivi/notes/<int:note_id>/reaction", methods=["POST"])
@roles_required(Role.TRAINEE)
def react(note_id: int) -> WResponse:
    """One tap: "D'accord", "Pas d'accord" or "Je veux en dire plus" (+ an optional word)."""
    me: User = current_user
    item = access.trainee_note(me, me, note_id)
    form = ReactionForm()
    if not form.validate_on_submit():
        flash(_("La page a expiré : recharge-la et réessaie."), "error")
        return redirect(_back_to(item.id), 303)
    try:
        reactions.react_to_note(me, item, request.form.get("choix"), request.form.get("mot", ""))
    except reactions.ReactionError as err:
        _fail(err)
    else:
        db.session.commit()
        flash(_("Merci : votre référent verra votre réponse."), "success")
    return redirect(_back_to(item.id), 303)


@bp.route("/mon-suivi/ecart")
@roles_required(Role.TRAINEE)
def my_gap() -> str:
    fw = chosen_framework(request.args.get("referentiel"))
    report = gaps.gap_report(current_user, framework_id=fw.id)
    return render_template(
        "referent/gaps.html",
        person=current_user,
        report=report,
        disagreements=reactions.disagreements_in_order(current_user, report),
        trainee_view=True,
        **gap_feedback(current_user),
        **page_context(fw),
    )


@bp.route("/mon-suivi/ecart/progression")
@roles_required(Role.TRAINEE)
def my_gap_progression() -> str:
    """Every level the trainee was given, oldest first (the gap page shows the first and the
    last of each stream)."""
    fw = chosen_framework(request.args.get("referentiel"))
    return render_template(
        "referent/progression.html",
        person=current_user,
        report=gaps.gap_report(current_user, framework_id=fw.id, whole=True),
        trainee_view=True,
        **page_context(fw),
    )


@bp.route("/mon-suivi/bilans/<int:review_id>", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def my_review(review_id: int) -> WResponse | str:
    me: User = current_user
    item = access.trainee_review(me, review_id)
    form = AgreeForm()
    if form.validate_on_submit():
        try:
            agree_to_review(me, item, form.comment.data)
        except ReferentError as err:
            _fail(err)
        else:
            db.session.commit()
            flash(_("Merci : votre accord est enregistré."), "success")
            return redirect(url_for(".my_review", review_id=item.id))
    return render_template(
        "referent/review.html",
        person=me,
        review=item,
        form=form,
        hidden=frozenset(),
        trainee_view=True,
        **page_context(),
    )


@bp.route("/mon-suivi/export.json")
@roles_required(Role.TRAINEE)
def my_export() -> Response:
    data = trainee_export(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="mes-donnees-e2c.json"'
    return response


@bp.route("/mon-suivi/export.zip")
@roles_required(Role.TRAINEE)
def my_export_zip() -> Response:
    """The portfolio the trainee keeps: an offline site, the data and a printable PDF."""
    return send_file(
        export_zip.export_file(current_user),
        mimetype="application/zip",
        as_attachment=True,
        download_name="mon-portfolio-e2c.zip",
        max_age=0,
    )
