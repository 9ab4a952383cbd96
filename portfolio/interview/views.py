"""Interview practice pages: the trainee's sessions (one question per screen), the referent's reading.

Every page works without JavaScript: each step is a form that posts and redirects to the next
one (:func:`sessions.next_step`), so a session left halfway resumes where it stopped.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from portfolio.extensions import db
from portfolio.flows import commit_or_explain
from portfolio.interview.forms import AnswerForm, CommentForm, ConfirmForm, StartForm
from portfolio.interview.services import comments
from portfolio.interview.services import sessions as svc
from portfolio.main.views import add_nav
from portfolio.models import InterviewSession, ProfessionalProject, Role, User
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.frameworks import framework
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.services.rome import TradeChoice
from portfolio.services.rules import ReferentError
from portfolio.trades.forms import still_picking

bp = Blueprint("interview", __name__, template_folder="templates")
add_nav(Role.TRAINEE, "interview.home", _l("Entretien"))

POSTURE_LABELS = {1: _l("À travailler"), 2: _l("Correcte"), 3: _l("Très bien")}
GRID = (
    ("clear", _l("Clair ?"), _l("Une personne qui ne vous connaît pas comprend votre réponse.")),
    ("example", _l("Un exemple ?"), _l("Vous racontez un moment vrai, que vous avez vécu.")),
    ("trade_named", _l("Le métier nommé ?"), _l("Vous parlez du métier que vous visez.")),
)


def _me() -> User:
    user: User = current_user
    return user


def _project_trade(trainee: User) -> TradeChoice | None:
    project = db.session.scalar(
        select(ProfessionalProject).where(ProfessionalProject.trainee_id == trainee.id)
    )
    if project is None or not project.trades:
        return None
    first = project.trades[0]
    return TradeChoice(first.rome_code, first.job_title)


def _step_url(session: InterviewSession) -> str:
    step = svc.next_step(session)
    if step.kind == "question":
        return url_for(".question", session_id=session.id, number=step.position + 1)
    if step.kind == "grille":
        return url_for(".rating", session_id=session.id, number=step.position + 1)
    if step.kind == "bilan":
        return url_for(".summary", session_id=session.id)
    return url_for(".session", session_id=session.id)


def page_words() -> dict[str, Any]:
    return {
        "question_of": svc.question_of,
        "posture_labels": POSTURE_LABELS,
        "grid": GRID,
        "trade_label": svc.trade_label,
        "step_url": _step_url,
    }


@bp.route("/entretien", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def home() -> str | Response:
    me = _me()
    form = StartForm(data={"trade": _project_trade(me)} if request.method == "GET" else None)
    current = svc.open_session(me)
    if form.validate_on_submit() and not still_picking(form):
        done = commit_or_explain(
            lambda: svc.start_session(me, form.trade.data),
            refused=svc.InterviewError,
            done=_("C'est parti ! Voici la première question."),
            then=_step_url,
        )
        if done is not None:
            return done
    return render_template(
        "interview/home.html",
        form=form,
        current=current,
        past=[s for s in svc.sessions_of(me) if s.status.value == "finished"],
        progress=svc.progress(me),
        stop_form=ConfirmForm(),
        **page_words(),
    )


def _nth_answer(session: InterviewSession, number: int) -> Any:
    try:
        return svc.answer_at(session, number - 1)
    except svc.InterviewError:
        abort(404)


def _open_or_done(session: InterviewSession) -> Response | None:
    """A finished session's steps answer with the session's page."""
    if session.status.value == "finished":
        return redirect(url_for(".session", session_id=session.id))
    return None


def _voice() -> bytes | None:
    """The answer said aloud (recorder.js, or a file chosen without JavaScript), if any."""
    upload = request.files.get("voice")
    if upload is None or not (upload.filename or upload.content_length):
        return None
    return upload.stream.read(int(current_app.config["AUDIO_MAX_BYTES"]) + 1) or None


@bp.route("/entretien/<int:session_id>/question/<int:number>", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def question(session_id: int, number: int) -> str | Response:
    session = access.own_interview(_me(), session_id)
    answer = _nth_answer(session, number)
    if (finished := _open_or_done(session)) is not None:
        return finished
    form = AnswerForm()
    if request.method == "GET":
        form.question_id.data = answer.question_id
        form.text.data = answer.text
    elif form.validate_on_submit():
        done = commit_or_explain(
            lambda: svc.save_answer(
                _me(), session, number - 1, form.question_id.data, form.text.data, _voice()
            ),
            refused=svc.InterviewError,
            done=_("Réponse gardée."),
            then=url_for(".rating", session_id=session.id, number=number),
        )
        if done is not None:
            return done
    return render_template(
        "interview/question.html", session=session, answer=answer, number=number, form=form,
        **page_words(),
    )  # fmt: skip


@bp.route("/entretien/<int:session_id>/grille/<int:number>", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def rating(session_id: int, number: int) -> str | Response:
    session = access.own_interview(_me(), session_id)
    answer = _nth_answer(session, number)
    if (finished := _open_or_done(session)) is not None:
        return finished
    if answer.answered_at is None:
        return redirect(url_for(".question", session_id=session.id, number=number))
    form = ConfirmForm()
    if form.validate_on_submit():
        posted = svc.Ratings(
            clear=request.form.get("clear"),
            example=request.form.get("example"),
            trade_named=request.form.get("trade_named"),
            posture=request.form.get("posture"),
        )
        done = commit_or_explain(
            lambda: svc.rate_answer(_me(), session, number - 1, posted),
            refused=svc.InterviewError,
            done=_("Grille remplie."),
            then=lambda _answer: _step_url(session),
        )
        if done is not None:
            return done
    return render_template(
        "interview/rating.html", session=session, answer=answer, number=number, form=form,
        **page_words(),
    )  # fmt: skip


@bp.route("/entretien/<int:session_id>/bilan", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def summary(session_id: int) -> str | Response:
    session = access.own_interview(_me(), session_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        keep = request.form.get("keep")
        done = commit_or_explain(
            lambda: svc.finish_session(_me(), session, keep),
            refused=svc.InterviewError,
            done=_("Entraînement terminé. Bravo !"),
            then=url_for(".session", session_id=session.id),
        )
        if done is not None:
            return done
    elif (finished := _open_or_done(session)) is not None:
        return finished
    elif svc.next_step(session).kind != "bilan":
        return redirect(_step_url(session))
    return render_template("interview/summary.html", session=session, form=form, **page_words())


@bp.route("/entretien/<int:session_id>")
@roles_required(Role.TRAINEE)
def session(session_id: int) -> str | Response:
    found = access.own_interview(_me(), session_id)
    if found.status.value != "finished":
        return redirect(_step_url(found))
    return render_template(
        "interview/session.html", session=found, progress=svc.progress(_me()), **page_words()
    )


@bp.route("/entretien/<int:session_id>/arreter", methods=["POST"])
@roles_required(Role.TRAINEE)
def stop(session_id: int) -> Response:
    found = access.own_interview(_me(), session_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        done = commit_or_explain(
            lambda: svc.abandon_session(_me(), found),
            refused=svc.InterviewError,
            done=_("Entraînement arrêté. Vous pouvez en commencer un autre."),
            then=url_for(".home"),
        )
        if done is not None:
            return done
    return redirect(url_for(".home"))


# -- the referent ---------------------------------------------------------------------------


@bp.route("/referent/stagiaires/<int:trainee_id>/entretiens")
@roles_required(Role.REFERENT)
def trainee_sessions(trainee_id: int) -> str:
    person = access.visible_trainee(_me(), trainee_id)
    return render_template(
        "interview/trainee_sessions.html",
        person=person,
        sessions=svc.sessions_of(person),
        **page_words(),
    )


@bp.route(
    "/referent/stagiaires/<int:trainee_id>/entretiens/<int:session_id>", methods=["GET", "POST"]
)
@roles_required(Role.REFERENT)
def trainee_session(trainee_id: int, session_id: int) -> str | Response:
    person = access.visible_trainee(_me(), trainee_id)
    found = access.visible_interview(_me(), session_id)
    if found.trainee_id != person.id:
        abort(404)
    form = CommentForm()
    if form.validate_on_submit():
        answer_id = form.answer_id.data
        done = commit_or_explain(
            lambda: comments.add_comment(
                _me(), found, int(answer_id) if (answer_id or "").isdigit() else answer_id,
                form.body.data, form.at.data or "",
            ),
            refused=ReferentError,
            done=_("Commentaire ajouté. Le stagiaire le verra sous sa réponse."),
            then=url_for(".trainee_session", trainee_id=person.id, session_id=found.id),
        )  # fmt: skip
        if done is not None:
            return done
    return render_template(
        "interview/trainee_session.html",
        person=person,
        session=found,
        form=form,
        competencies=svc.competency_ids(found),
        fw=framework(),
        **page_words(),
    )
