"""The tutor's co-evaluation: one page, no account, reached by a single-use expiring link.

A used, expired, replaced or unknown link shows a clear page and stores nothing.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portfolio.extensions import db, limiter
from portfolio.referent.forms import TutorForm
from portfolio.services import referent as svc
from portfolio.services.frameworks import framework

bp = Blueprint("tutor", __name__, template_folder="templates")


def _closed(err: svc.TutorLinkError) -> tuple[str, int]:
    status = 404 if err.kind == "unknown" else 410
    return render_template("tutor/closed.html", message=str(err), kind=err.kind), status


@bp.route("/tuteur/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def assess(token: str) -> Response | str | tuple[str, int]:
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
        except svc.ReferentError as err:
            db.session.rollback()
            error = str(err)
        else:
            db.session.commit()
            return render_template(
                "tutor/thanks.html", internship=internship, home=url_for("main.home")
            )
    domains = []
    chosen = {c.id for c in svc.tutor_competencies(internship)}
    for domain in fw.domains:
        items = [c for c in domain.competencies if c.id in chosen]
        if items:
            domains.append((domain, items))
    return render_template(
        "tutor/assess.html",
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


@bp.after_request
def _no_store(response: Response) -> Response:
    # The page's address is a secret: no cache may keep it, nor the tutor's answers.
    response.headers["Cache-Control"] = "no-store"
    return response
