"""Session pages: schedule (staff, phone first), the site's sessions, one session, attendance in
one screen; and the trainee's "Mes ateliers" (only their own sessions, only their own row).

The group is picked without JavaScript: links reload the form with the caseload, the whole
cohort or a saved group ticked; ticks can then be changed by hand.
"""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WResponse

from portfolio.activities.forms import ConfirmForm, SessionForm
from portfolio.activities.services import grid
from portfolio.activities.services import sessions as svc
from portfolio.activities.views import STAFF, activity_title, bp
from portfolio.extensions import db
from portfolio.flows import commit_or_explain
from portfolio.main.views import add_nav
from portfolio.models import Attendance, Role, utcnow
from portfolio.referent.services import reactions
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l

add_nav(Role.REFERENT, "activities.sessions", _l("Séances"))
add_nav(Role.ADMIN, "activities.sessions", _l("Séances"))
add_nav(Role.TRAINEE, "activities.my_sessions", _l("Mes ateliers"))

ATTENDANCE_CHOICES = (
    (Attendance.PRESENT, _l("Présent")),
    (Attendance.ABSENT, _l("Absent")),
    (Attendance.EXCUSED, _l("Excusé")),
)


def _site_id() -> int:
    if current_user.site_id is None:
        abort(404)  # a network admin has no site of their own to schedule for
    return int(current_user.site_id)


@bp.route("/seances")
@roles_required(*STAFF)
def sessions() -> str:
    site_id = _site_id()
    return render_template(
        "activities/sessions.html",
        upcoming=svc.site_sessions(site_id, upcoming=True),
        past=svc.site_sessions(site_id, upcoming=False),
    )


def _preselected(pick: str, caseload: list[int], cohort: list[int]) -> list[int] | None:
    """The trainees ticked by a "pick" link: caseload, cohort, or a saved group's id."""
    if pick == "suivis":
        return caseload
    if pick == "site":
        return cohort
    if pick.isdigit():
        group = access.own_group(current_user, int(pick))
        return [m.trainee_id for m in group.members if m.trainee_id in cohort]
    return None


@bp.route("/activites/<int:activity_id>/seance", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_session(activity_id: int) -> WResponse | str:
    site_id = _site_id()
    activity = access.team_activity(current_user, activity_id)
    if activity.site_id != site_id:
        abort(404)  # library activities are copied first (their page says so)
    form = SessionForm()
    trainees = svc.site_trainees(site_id)
    cohort = [t.id for t in trainees]
    caseload = [t.id for t in db.session.scalars(access.followed_trainees_query(current_user))]
    if request.method == "GET":
        form.animator_ids.data = [str(current_user.id)]
        form.trainee_ids.data = [
            str(i) for i in _preselected(request.args.get("groupe", ""), caseload, cohort) or []
        ]
    elif form.validate_on_submit():
        data = svc.SessionInput(
            day=form.day.data,
            start_time=form.start_time.data,
            end_time=form.end_time.data,
            place=form.place.data or "",
            animator_ids=list(form.animator_ids.data or []),
            trainee_ids=list(form.trainee_ids.data or []),
            group_name=form.group_name.data or "",
        )
        done = commit_or_explain(
            lambda: svc.schedule_session(current_user, activity, data),
            refused=svc.SessionError,
            done=_("Séance programmée."),
            then=lambda s: url_for(".session", session_id=s.id),
        )
        if done is not None:
            return done
    return render_template(
        "activities/session_form.html",
        form=form,
        activity=activity,
        trainees=trainees,
        caseload=set(caseload),
        staff=svc.site_staff(site_id),
        groups=svc.groups_of(current_user),
        chosen={str(v) for v in form.trainee_ids.data or []},
        animators={str(v) for v in form.animator_ids.data or []},
    )


@bp.route("/seances/<int:session_id>")
@roles_required(*STAFF)
def session(session_id: int) -> str:
    item = access.team_session(current_user, session_id)
    return render_template(
        "activities/session.html",
        session=item,
        rows=sorted(item.participants, key=lambda p: (p.trainee.last_name, p.trainee.first_name)),
    )


@bp.route("/seances/<int:session_id>/appel", methods=["GET", "POST"])
@roles_required(*STAFF)
def attendance(session_id: int) -> WResponse | str:
    item = access.team_session(current_user, session_id)
    form = ConfirmForm()
    rows = sorted(item.participants, key=lambda p: (p.trainee.last_name, p.trainee.first_name))
    if form.validate_on_submit():
        marks: dict[int, object] = {}
        for row in rows:
            value = request.form.get(f"presence-{row.trainee_id}")
            if value is not None:
                marks[row.trainee_id] = value
        done = commit_or_explain(
            lambda: svc.take_attendance(current_user, item, marks),
            refused=svc.SessionError,
            done=_("Appel enregistré."),
            then=url_for(".session", session_id=item.id),
        )
        if done is not None:
            return done
    return render_template(
        "activities/attendance.html",
        session=item,
        rows=rows,
        form=form,
        choices=ATTENDANCE_CHOICES,
    )


# -- the trainee's side ----------------------------------------------------------------------


@bp.route("/mes-ateliers")
@roles_required(Role.TRAINEE)
def my_sessions() -> str:
    rows = svc.trainee_sessions(current_user)
    today = utcnow().date()
    return render_template(
        "activities/my_sessions.html",
        upcoming=[r for r in rows if r.session.day >= today],
        past=[r for r in rows if r.session.day < today][::-1],
    )


@bp.route("/mes-ateliers/<int:session_id>")
@roles_required(Role.TRAINEE)
def my_session(session_id: int) -> str:
    row = access.attended_session(current_user, session_id)
    item = row.session
    trace_url = url_for(
        "trainee.new_trace",
        competence=[t.competency_id for t in item.activity.targets],
        titre=activity_title(item.activity),
    )
    observed = grid.observed_for(current_user, item)
    return render_template(
        "activities/my_session.html",
        row=row,
        session=item,
        observed=observed,
        reactions=reactions.reactions_to(current_user, observed),
        trace_url=trace_url,
    )
