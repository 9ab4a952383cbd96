"""The referent's workspace (/referent/...): caseload, trainee file, notes, assessment, bilans.

The trainee's own follow-up pages live in the trainee room (``portfolio.trainee.follow_up``),
internships in theirs (``portfolio.internships``), the site cohort in the admin room.

Views are thin: form -> service -> flash -> redirect. Anything the viewer may not see
answers 404 (another site's trainee, a trainee one no longer covers, a deleted trace).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response as WResponse

from portfolio.conversations import services as conversations
from portfolio.database import records_reading, writes_on_read
from portfolio.extensions import db
from portfolio.flows import commit_or_explain
from portfolio.followup import page as followup_page
from portfolio.followup.services.contacts import followup_rows, leavers_to_contact
from portfolio.internships import services as internships
from portfolio.main.services import news as news_service
from portfolio.main.views import add_nav
from portfolio.models import (
    AssessmentSource,
    ExplicitationNote,
    NoteCompetency,
    ObjectiveOrigin,
    ObjectiveStatus,
    ReadKind,
    Role,
    Trace,
    TraceCompetency,
    User,
    utcnow,
)
from portfolio.models.base import MAX_ID
from portfolio.referent import caseload_page
from portfolio.referent import services as svc
from portfolio.referent.forms import (
    AgreeForm,
    AssessmentForm,
    CloseObjectiveForm,
    NoteForm,
    ObjectiveForm,
    ReplyForm,
    ReviewForm,
)
from portfolio.referent.labels import SOURCE_LABELS, page_context
from portfolio.referent.services import cohort as cohorts
from portfolio.referent.services import reactions
from portfolio.security import roles_required
from portfolio.services import access, gaps, ledger
from portfolio.services.frameworks import chosen_framework, framework, framework_of
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.services.rules import ReferentError
from portfolio.showcase import services as showcase_service
from portfolio.showcase.notices import count_known
from referentiel import Framework

bp = Blueprint("referent", __name__, template_folder="templates")

TRACES_PER_PAGE = 20

add_nav(Role.REFERENT, "referent.caseload", _l("Mes stagiaires"))
add_nav(Role.REFERENT, "referent.cohort", _l("Cohorte"))


def _trainee(trainee_id: int) -> User:
    return access.visible_trainee(current_user, trainee_id)


def _then_commit(page: str) -> str:
    """Commit the read kept by ``ledger.record_read`` once the page is drawn.

    Nothing is expired: the page is drawn, so reloading the user afterwards would be a wasted
    query; the audit then costs one INSERT.
    """
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
    return page


def _fail(err: ValueError) -> None:
    db.session.rollback()
    flash(str(err), "error")


# -- caseload and trainee file ----------------------------------------------------------


LEAVERS_SHOWN = 5
"""The caseload shows the most urgent young people who left with a contact to make now; the
page "Suivi après la sortie" lists them all."""


@bp.route("/referent/stagiaires")
@roles_required(Role.REFERENT)
def caseload() -> str:
    sort = request.args.get("tri", "attention")
    show = request.args.get("voir", "tous")
    query = request.args.get("q", "")[:100]
    sort = sort if sort in svc.CASELOAD_SORTS else "attention"
    show = show if show in svc.CASELOAD_FILTERS else "tous"
    everyone = svc.caseload(current_user)
    # The young people who left are followed for a year, apart from current trainees: those
    # with a contact to make now, the most urgent first (one more query, when someone left).
    today = utcnow().date()
    rows = [r for r in everyone if not r.has_left(today)]
    left = [r.trainee for r in everyone if r.has_left(today)]
    to_do = leavers_to_contact(left, today)
    shown = svc.sort_and_filter(rows, sort=sort, show=show, query=query)
    news = news_service.news_for(current_user)
    fresh = [item for item in news if item.new]
    news_counts = Counter(item.trainee_id for item in fresh)
    # The menu's counts of messages and showcases to approve come with the list's rows.
    letters = {r.trainee.id: r.unread_messages for r in everyone if r.unread_messages}
    count_known(conversations.unread_count_query(current_user), sum(letters.values()))
    count_known(
        showcase_service.pending_approval_count_query(current_user),
        sum(r.showcases_waiting for r in everyone),
    )
    return render_template(
        "referent/caseload.html",
        lines=caseload_page.table_lines(shown, news_counts, letters),
        words=caseload_page.TableWords.made(),
        table_rows=caseload_page.table_rows,
        total=len(rows),
        sort=sort,
        show=show,
        query=query,
        pending_total=sum(r.pending_game for r in rows),
        news=fresh[: news_service.HOME_LIMIT],
        news_total=len(fresh),
        after_exit=followup_page.leaver_items(to_do[:LEAVERS_SHOWN], history=False),
        more_to_contact=max(0, len(to_do) - LEAVERS_SHOWN),
        leavers_total=len(left),
    )


@bp.route("/referent/stagiaires/<int:trainee_id>")
@records_reading
@roles_required(Role.REFERENT)
def trainee(trainee_id: int) -> str:
    person = _trainee(trainee_id)
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    previous_visit = svc.mark_visited(current_user, person)
    ledger.record_read(current_user, person.id, ReadKind.FILE, None)
    db.session.commit()
    total = db.session.scalar(select(func.count(Trace.id)).where(Trace.trainee_id == person.id))
    traces = list(
        db.session.scalars(
            select(Trace)
            .where(Trace.trainee_id == person.id)
            .options(selectinload(Trace.competencies))
            .order_by(Trace.created_at.desc(), Trace.id.desc())
            .limit(TRACES_PER_PAGE)
            .offset((page - 1) * TRACES_PER_PAGE)
        )
    )
    notes = svc.notes_of(person)
    return render_template(
        "referent/trainee.html",
        new_levels=svc.new_self_assessments(person, since=previous_visit),
        person=person,
        previous_visit=previous_visit,
        traces=traces,
        page=page,
        pages=max(1, -(-(total or 0) // TRACES_PER_PAGE)),
        total_traces=total or 0,
        notes=notes,
        objectives=svc.objectives_of(person),
        reviews=svc.reviews_of(person),
        internships=internships.internships_of(person),
        after_exit=followup_page.leaver_items(
            followup_rows([person], utcnow().date()), heading=None
        ),
        close_form=CloseObjectiveForm(),
        **page_context(),
    )


@bp.route("/referent/stagiaires/<int:trainee_id>/traces/<int:trace_id>")
@records_reading
@roles_required(Role.REFERENT)
def trace(trainee_id: int, trace_id: int) -> str:
    person = _trainee(trainee_id)
    item = access.trainee_trace(person, trace_id)
    ledger.record_read(current_user, person.id, ReadKind.TRACE, item.id)
    notes = list(
        db.session.scalars(
            select(ExplicitationNote)
            .where(ExplicitationNote.trace_id == item.id)
            .options(selectinload(ExplicitationNote.competencies))
            .order_by(ExplicitationNote.observed_on.desc(), ExplicitationNote.id.desc())
        )
    )
    return _then_commit(
        render_template(
            "referent/trace.html", person=person, trace=item, notes=notes, **page_context()
        )
    )


# -- explicitation notes ----------------------------------------------------------------


def _note_input(form: NoteForm) -> svc.NoteInput:
    rows: list[svc.NoteCompetencyInput] = []
    for entry in form.competencies.entries:
        competency_id = (entry.form.competency_id.data or "").strip()
        if not competency_id:
            continue
        rows.append(
            svc.NoteCompetencyInput(
                competency_id=competency_id,
                level=entry.form.level.data or None,
                indicator_ids=tuple(entry.form.indicator_ids.data or ()),
            )
        )
    return svc.NoteInput(
        observed_on=form.observed_on.data,
        situation_kind=form.situation_kind.data or "",
        situation=form.situation.data or "",
        observed=form.observed.data or "",
        trainee_words=form.trainee_words.data or "",
        next_step=form.next_step.data or "",
        visibility=form.visibility.data or "",
        competencies=tuple(rows),
    )


def _note_form_data(note: ExplicitationNote) -> dict[str, Any]:
    return {
        "observed_on": note.observed_on,
        "situation_kind": note.situation_kind.value,
        "situation": note.situation,
        "observed": note.observed,
        "trainee_words": note.trainee_words,
        "next_step": note.next_step,
        "visibility": note.visibility.value,
        "version": str(note.version),
        "competencies": [
            {
                "competency_id": c.competency_id,
                "level": str(c.level) if c.level else "",
                "indicator_ids": list(c.indicator_ids),
            }
            for c in note.competencies
        ],
    }


@bp.route("/referent/stagiaires/<int:trainee_id>/notes/nouvelle", methods=["GET", "POST"])
@roles_required(Role.REFERENT)
def new_note(trainee_id: int) -> WResponse | str:
    person = _trainee(trainee_id)
    on_trace: Trace | None = None
    trace_arg = request.args.get("trace", "")
    if trace_arg:
        if not trace_arg.isdigit() or int(trace_arg) > MAX_ID:
            abort(404)
        on_trace = access.trainee_trace(person, int(trace_arg))
    form = NoteForm()
    if request.method == "GET":
        form.observed_on.data = form.observed_on.data or utcnow().date()
        if on_trace is not None:
            _prefill_from_trace(form, on_trace)
    if form.validate_on_submit():
        saved = commit_or_explain(
            lambda: svc.create_note(current_user, person, _note_input(form), trace=on_trace),
            refused=ReferentError,
            done=_("Note enregistrée."),
            then=lambda note: url_for(".note", trainee_id=person.id, note_id=note.id),
        )
        if saved is not None:
            return saved
    return render_template(
        "referent/note_form.html",
        person=person,
        form=form,
        on_trace=on_trace,
        note=None,
        conflict=None,
        **page_context(),
    )


def _prefill_from_trace(form: NoteForm, trace: Trace) -> None:
    form.observed_on.data = trace.happened_on
    for entry, tagged in zip(form.competencies.entries, trace.competencies, strict=False):
        entry.form.competency_id.data = tagged.competency_id
        entry.form.indicator_ids.data = list(tagged.indicator_ids)


@bp.route("/referent/stagiaires/<int:trainee_id>/notes/<int:note_id>", methods=["GET", "POST"])
@writes_on_read
@roles_required(Role.REFERENT)
def note(trainee_id: int, note_id: int) -> WResponse | str:
    person = _trainee(trainee_id)
    item = access.trainee_note(current_user, person, note_id)
    form = ReplyForm()
    if request.method == "GET":
        ledger.record_read(current_user, person.id, ReadKind.NOTE, item.id)
    if form.validate_on_submit():
        saved = commit_or_explain(
            lambda: svc.reply_to_note(current_user, item, form.body.data),
            refused=ReferentError,
            done=_("Réponse envoyée."),
            then=url_for(".note", trainee_id=person.id, note_id=item.id) + "#reponses",
        )
        if saved is not None:
            return saved
    return _then_commit(
        render_template(
            "referent/note.html",
            person=person,
            note=item,
            revisions=svc.revision_contents(item),
            form=form,
            trainee_view=False,
            **page_context(),
        )
    )


@bp.route(
    "/referent/stagiaires/<int:trainee_id>/notes/<int:note_id>/modifier", methods=["GET", "POST"]
)
@roles_required(Role.REFERENT)
def edit_note(trainee_id: int, note_id: int) -> WResponse | str:
    person = _trainee(trainee_id)
    item = access.trainee_note(current_user, person, note_id)
    form = NoteForm(data=_note_form_data(item)) if request.method == "GET" else NoteForm()
    conflict: ExplicitationNote | None = None
    if form.validate_on_submit():
        try:
            svc.update_note(current_user, item, _note_input(form), form.version.data)
        except svc.NoteConflict:
            db.session.rollback()
            conflict = access.trainee_note(current_user, person, note_id)
            flash(
                _(
                    "Quelqu'un a modifié cette note pendant que vous l'écriviez. Votre texte "
                    "n'est pas enregistré. Lisez sa version, puis refaites vos changements."
                ),
                "error",
            )
            # The form keeps what this referent typed, but now starts from the new version.
            form.version.data = str(conflict.version)
        except ReferentError as err:
            _fail(err)
        else:
            db.session.commit()
            flash(_("Note modifiée. L'ancienne version reste dans l'historique."), "success")
            return redirect(url_for(".note", trainee_id=person.id, note_id=item.id))
    return render_template(
        "referent/note_form.html",
        person=person,
        form=form,
        on_trace=item.trace,
        note=item,
        conflict=conflict,
        **page_context(),
    )


# -- the referent's assessment ----------------------------------------------------------


# The streams the assess page shows beside the referent's own, each in its own list.
OTHER_STREAMS = (AssessmentSource.TUTOR, AssessmentSource.GAME, AssessmentSource.PROFESSIONAL)


@bp.route("/referent/stagiaires/<int:trainee_id>/evaluer", methods=["GET", "POST"])
@roles_required(Role.REFERENT)
def assess(trainee_id: int) -> WResponse | str:
    person = _trainee(trainee_id)
    competency_id = request.args.get("competence", "")
    if not competency_id:
        fw = chosen_framework(request.args.get("referentiel"))
        report = gaps.gap_report(
            person, hide_unrated_self=svc.blind_rating(person), framework_id=fw.id
        )
        return render_template(
            "referent/assess_pick.html", person=person, report=report, **page_context(fw)
        )
    found = framework_of(competency_id)
    competency = found.get(competency_id) if found is not None else None
    if found is None or competency is None or competency.retired:
        abort(404)
    fw = found
    form = AssessmentForm()
    if request.method == "GET":
        form.competency_id.data = competency.id
    if form.validate_on_submit():
        saved = commit_or_explain(
            lambda: svc.record_referent_assessment(
                current_user,
                person,
                competency_id=form.competency_id.data,
                level=form.level.data,
                justification=form.justification.data,
                trace_ids=form.trace_ids.data or [],
                note_ids=form.note_ids.data or [],
                framework_id=fw.id,
            ),
            refused=ReferentError,
            done=_("Niveau enregistré."),
            then=url_for(".assess", trainee_id=person.id, competence=competency.id),
        )
        if saved is not None:
            return saved
    self_visible = svc.self_level_visible_to_referent(person, competency.id, fw.id)
    streams = {
        source: svc.assessment_stream(person, source, competency.id)
        for source in (AssessmentSource.REFERENT, *OTHER_STREAMS)
    }
    self_stream = (
        svc.assessment_stream(person, AssessmentSource.SELF, competency.id) if self_visible else []
    )
    tagged = select(TraceCompetency.trace_id).where(TraceCompetency.competency_id == competency.id)
    traces = list(
        db.session.scalars(
            select(Trace)
            .where(Trace.trainee_id == person.id, Trace.id.in_(tagged))
            .order_by(Trace.happened_on.desc(), Trace.id.desc())
            .limit(30)
        )
    )
    noted = select(NoteCompetency.note_id).where(NoteCompetency.competency_id == competency.id)
    notes = list(
        db.session.scalars(
            select(ExplicitationNote)
            .where(ExplicitationNote.trainee_id == person.id, ExplicitationNote.id.in_(noted))
            .order_by(ExplicitationNote.observed_on.desc())
            .limit(30)
        )
    )
    linked_notes = svc.notes_of_assessments([a.id for a in streams[AssessmentSource.REFERENT]])
    return render_template(
        "referent/assess.html",
        person=person,
        competency=competency,
        domain=fw.domain_of(competency.id),
        form=form,
        self_visible=self_visible,
        blind=svc.blind_rating(person),
        self_stream=self_stream,
        referent_stream=streams[AssessmentSource.REFERENT],
        other_streams=[(SOURCE_LABELS[source], streams[source]) for source in OTHER_STREAMS],
        traces=traces,
        notes=notes,
        linked_notes=linked_notes,
        **page_context(fw),
    )


# -- the gap -----------------------------------------------------------------------------


def _read_gaps(trainee_id: int, *, whole: bool) -> tuple[User, Framework, gaps.GapReport]:
    """The followed trainee, the framework asked for and their gap report; the read is kept."""
    person = _trainee(trainee_id)
    ledger.record_read(current_user, person.id, ReadKind.GAPS, None)
    fw = chosen_framework(request.args.get("referentiel"))
    report = gaps.gap_report(
        person, hide_unrated_self=svc.blind_rating(person), framework_id=fw.id, whole=whole
    )
    return person, fw, report


@bp.route("/referent/stagiaires/<int:trainee_id>/ecart")
@records_reading
@roles_required(Role.REFERENT)
def gap(trainee_id: int) -> str:
    person, fw, report = _read_gaps(trainee_id, whole=False)
    return _then_commit(
        render_template(
            "referent/gaps.html",
            person=person,
            report=report,
            disagreements=reactions.disagreements_in_order(person, report),
            trainee_view=False,
            **page_context(fw),
        )
    )


@bp.route("/referent/stagiaires/<int:trainee_id>/ecart/progression")
@records_reading
@roles_required(Role.REFERENT)
def gap_progression(trainee_id: int) -> str:
    """Every level given to the trainee, oldest first (the gap page shows the first and the
    last of each stream)."""
    person, fw, report = _read_gaps(trainee_id, whole=True)
    return _then_commit(
        render_template(
            "referent/progression.html",
            person=person,
            report=report,
            trainee_view=False,
            **page_context(fw),
        )
    )


# -- bilans and objectives ---------------------------------------------------------------


def _target_choices(fw: Framework) -> list[tuple[str, str]]:
    return [("", "—"), ("projet", _("Le projet professionnel"))] + [
        (c.id, f"{c.code} · {c.label}") for c in fw.active_competencies
    ]


def _objective_input(title: str | None, target: str | None, due: Any, priority: Any) -> Any:
    target = (target or "").strip()
    return svc.ObjectiveInput(
        title=title or "",
        due_on=due,
        competency_id="" if target in ("", "projet") else target,
        for_project=target == "projet",
        priority=bool(priority),
    )


def _path_of(person: User) -> dict[str, Any]:
    """For the bilan: the trainee's path (what the service proposes) and their own objectives."""
    from portfolio.path.services.ranking import path_for

    own = [
        o
        for o in svc.objectives_of(person)
        if o.origin is ObjectiveOrigin.TRAINEE and o.status is ObjectiveStatus.OPEN
    ]
    return {"path": path_for(person, limit=5), "own_objectives": own}


@bp.route("/referent/stagiaires/<int:trainee_id>/bilans/nouveau", methods=["GET", "POST"])
@roles_required(Role.REFERENT)
def new_review(trainee_id: int) -> WResponse | str:
    person = _trainee(trainee_id)
    report = gaps.gap_report(person, hide_unrated_self=svc.blind_rating(person))
    form = ReviewForm()
    if request.method == "GET":
        form.held_on.data = utcnow().date()
        form.participants.data = f"{person.full_name}\n{current_user.full_name}"
        form.competency_ids.data = [r.competency.id for r in report.talking_points]
    if form.validate_on_submit():
        objectives = tuple(
            _objective_input(
                e.form.title.data, e.form.target.data, e.form.due_on.data, e.form.priority.data
            )
            for e in form.objectives.entries
            if (e.form.title.data or "").strip() or e.form.target.data or e.form.due_on.data
        )
        try:
            review = svc.create_review(
                current_user,
                person,
                svc.ReviewInput(
                    held_on=form.held_on.data,
                    participants=form.participants.data or "",
                    trainee_words=form.trainee_words.data or "",
                    summary=form.summary.data or "",
                    trace_ids=tuple(form.trace_ids.data or ()),
                    competency_ids=tuple(form.competency_ids.data or ()),
                    objectives=objectives,
                    referent_agrees=bool(form.referent_agrees.data),
                ),
            )
        except ReferentError as err:
            _fail(err)
        else:
            db.session.commit()
            flash(_("Bilan enregistré. Le stagiaire peut maintenant le lire."), "success")
            return redirect(url_for(".review", trainee_id=person.id, review_id=review.id))
    traces = list(
        db.session.scalars(
            select(Trace)
            .where(Trace.trainee_id == person.id)
            .order_by(Trace.created_at.desc(), Trace.id.desc())
            .limit(20)
        )
    )
    return render_template(
        "referent/review_form.html",
        person=person,
        form=form,
        report=report,
        traces=traces,
        targets=_target_choices(framework()),
        **_path_of(person),
        **page_context(),
    )


@bp.route("/referent/stagiaires/<int:trainee_id>/bilans/<int:review_id>", methods=["GET", "POST"])
@roles_required(Role.REFERENT)
def review(trainee_id: int, review_id: int) -> WResponse | str:
    person = _trainee(trainee_id)
    item = access.trainee_review(person, review_id)
    form = AgreeForm()
    if form.validate_on_submit():
        saved = commit_or_explain(
            lambda: svc.agree_to_review(current_user, item),
            refused=ReferentError,
            done=_("Votre accord est enregistré."),
            then=url_for(".review", trainee_id=person.id, review_id=item.id),
        )
        if saved is not None:
            return saved
    hidden = gaps.gap_report(person, hide_unrated_self=svc.blind_rating(person)).blind_hidden
    return render_template(
        "referent/review.html",
        person=person,
        review=item,
        form=form,
        hidden=hidden,
        trainee_view=False,
        **page_context(),
    )


@bp.route("/referent/stagiaires/<int:trainee_id>/objectifs/nouveau", methods=["GET", "POST"])
@roles_required(Role.REFERENT)
def new_objective(trainee_id: int) -> WResponse | str:
    person = _trainee(trainee_id)
    form = ObjectiveForm()
    if form.validate_on_submit():
        wanted = _objective_input(
            form.title.data, form.target.data, form.due_on.data, form.priority.data
        )
        saved = commit_or_explain(
            lambda: svc.add_objective(current_user, person, wanted),
            refused=ReferentError,
            done=_("Objectif ajouté."),
            then=url_for(".trainee", trainee_id=person.id) + "#objectifs",
        )
        if saved is not None:
            return saved
    return render_template(
        "referent/objective_form.html",
        person=person,
        form=form,
        targets=_target_choices(framework()),
        **page_context(),
    )


@bp.route(
    "/referent/stagiaires/<int:trainee_id>/objectifs/<int:objective_id>/clore", methods=["POST"]
)
@roles_required(Role.REFERENT)
def close_objective(trainee_id: int, objective_id: int) -> WResponse:
    person = _trainee(trainee_id)
    objective = access.trainee_objective(person, objective_id)
    form = CloseObjectiveForm()
    if not form.validate_on_submit():
        abort(400)
    back = url_for(".trainee", trainee_id=person.id) + "#objectifs"
    commit_or_explain(
        lambda: svc.close_objective(current_user, objective, form.status.data),
        refused=ReferentError,
        done=_("C'est noté."),
        then=back,
    )
    return redirect(back)


# -- cohorts ----------------------------------------------------------------------------


@bp.route("/referent/cohorte")
@roles_required(Role.REFERENT)
def cohort() -> str:
    trainees = cohorts.trainees_of_referent(current_user)
    fw = chosen_framework(request.args.get("referentiel"))
    return render_template(
        "referent/cohort.html",
        cohort=cohorts.cohort(trainees, framework_id=fw.id),
        switch_args={},
        title=_("Ma cohorte"),
        site=None,
        sites=[],
        link_trainees=True,
        now=utcnow(),
        **page_context(fw),
    )
