"""Internship pages: the referent's (/referent/stagiaires/<id>/stages/...) and the tutor's.

The tutor's page (/tuteur/<token>) needs no account: it is reached by a single-use, expiring
link. A used, expired, replaced or unknown link shows a clear page and stores nothing.
Anything the viewer may not see answers 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portfolio.extensions import db, limiter
from portfolio.internships import services as svc
from portfolio.internships.forms import ConfirmForm, InternshipForm, TutorForm
from portfolio.internships.sharing import share_tutor_link
from portfolio.models import Role, utcnow
from portfolio.referent.services.ratings import blind_rating
from portfolio.security import roles_required
from portfolio.services import access, gaps
from portfolio.services.frameworks import framework
from portfolio.services.i18n import gettext as _
from portfolio.services.rules import ReferentError
from portfolio.trades.forms import still_picking

bp = Blueprint("internships", __name__, template_folder="templates")

NEW_LINK_KEY = "referent_new_tutor_link"


# -- the referent's side ------------------------------------------------------------------


@bp.route("/referent/stagiaires/<int:trainee_id>/stages/nouveau", methods=["GET", "POST"])
@roles_required(Role.REFERENT)
def new_internship(trainee_id: int) -> Response | str:
    person = access.visible_trainee(current_user, trainee_id)
    form = InternshipForm()
    if not still_picking(form) and form.validate_on_submit():
        try:
            internship = svc.create_internship(
                current_user,
                person,
                svc.InternshipInput(
                    company_name=form.company_name.data or "",
                    tutor_name=form.tutor_name.data or "",
                    tutor_email=form.tutor_email.data or "",
                    starts_on=form.starts_on.data,
                    ends_on=form.ends_on.data,
                    rome_code=form.rome_code.data or "",
                    competency_ids=tuple(form.competency_ids.data or ()),
                ),
            )
        except ReferentError as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            flash(_("Stage enregistré."), "success")
            return redirect(
                url_for(".internship", trainee_id=person.id, internship_id=internship.id)
            )
    return render_template(
        "internships/internship_form.html", person=person, form=form, fw=framework()
    )


@bp.route("/referent/stagiaires/<int:trainee_id>/stages/<int:internship_id>")
@roles_required(Role.REFERENT)
def internship(trainee_id: int, internship_id: int) -> str:
    person = access.visible_trainee(current_user, trainee_id)
    item = access.trainee_internship(person, internship_id)
    report = gaps.gap_report(person, hide_unrated_self=blind_rating(person))
    competencies = svc.tutor_competencies(item)
    # A link just created is shown once: it is kept in the session only until this page.
    fresh = session.pop(NEW_LINK_KEY, None)
    new_link = None
    if isinstance(fresh, list) and fresh[:1] == [item.id] and item.links:
        newest = max(item.links, key=lambda link: link.id)
        new_link = share_tutor_link(item, current_user, str(fresh[1]), newest.expires_at)
    return render_template(
        "internships/internship.html",
        person=person,
        internship=item,
        rows=[report.row(c.id) for c in competencies],
        new_link=new_link,
        link_form=ConfirmForm(),
        now=utcnow(),
        fw=framework(),
    )


@bp.route("/referent/stagiaires/<int:trainee_id>/stages/<int:internship_id>/lien", methods=["POST"])
@roles_required(Role.REFERENT)
def tutor_link(trainee_id: int, internship_id: int) -> Response:
    person = access.visible_trainee(current_user, trainee_id)
    item = access.trainee_internship(person, internship_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    _link, token = svc.create_tutor_link(current_user, item)
    db.session.commit()
    # Only the hash is stored; the referent sees the address once, on the next page.
    session[NEW_LINK_KEY] = [item.id, url_for(".tutor_assess", token=token, _external=True)]
    return redirect(url_for(".internship", trainee_id=person.id, internship_id=item.id))


# -- the tutor's side ----------------------------------------------------------------------


def _closed(err: svc.TutorLinkError) -> tuple[str, int]:
    status = 404 if err.kind == "unknown" else 410
    return render_template("internships/tutor_closed.html", message=str(err), kind=err.kind), status


@bp.route("/tuteur/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def tutor_assess(token: str) -> Response | str | tuple[str, int]:
    try:
        link = svc.find_tutor_link(token)
    except svc.TutorLinkError as err:
        return _closed(err)
    internship = link.internship
    fw = framework(internship.framework_id)
    form = TutorForm()
    error: str | None = None
    if form.validate_on_submit():
        competencies = svc.tutor_competencies(internship)
        levels = {c.id: request.form.get(f"level-{c.id}", "") for c in competencies}
        comments = {c.id: request.form.get(f"comment-{c.id}", "") for c in competencies}
        try:
            svc.submit_tutor_assessment(token, levels, comments)
        except svc.TutorLinkError as err:
            db.session.rollback()
            return _closed(err)
        except ReferentError as err:
            db.session.rollback()
            error = str(err)
        else:
            db.session.commit()
            return render_template(
                "internships/tutor_thanks.html", internship=internship, home=url_for("main.home")
            )
    domains = []
    chosen = {c.id for c in svc.tutor_competencies(internship)}
    for domain in fw.domains:
        items = [c for c in domain.competencies if c.id in chosen]
        if items:
            domains.append((domain, items))
    return render_template(
        "internships/tutor_assess.html",
        internship=internship,
        trainee=internship.trainee,
        domains=domains,
        levels=[lv for lv in fw.levels if lv.code > 0],
        form=form,
        error=error,
        values=request.form if request.method == "POST" else {},
        expires_at=link.expires_at,
        title=_("Évaluation de stage"),
    )
