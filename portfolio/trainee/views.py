"""The trainee's pages: "Mon portfolio", a trace (new, edit, delete), photos, competencies and
self-assessment. Views are thin: parse the form, call a service, flash, redirect."""

from __future__ import annotations

import io
import uuid
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response as WResponse

from portfolio.extensions import db
from portfolio.main.views import add_nav
from portfolio.models import PendingPhoto, Role, Trace, TraceContext, TraceStatus, User
from portfolio.security import roles_required
from portfolio.services import access, assessments, summary_cache
from portfolio.services.audio import CONTENT_TYPE as AUDIO_CONTENT_TYPE
from portfolio.services.errors import NotFound
from portfolio.services.frameworks import (
    SWITCHABLE,
    chosen_framework,
    competency_label,
    framework,
    framework_of,
    frameworks,
)
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.trainee import services as traces
from portfolio.trainee import voice
from portfolio.trainee.cards import short_date
from portfolio.trainee.filter_options import framework_options
from portfolio.trainee.forms import (
    AUDIO_TYPES,
    CONTEXT_LABELS,
    PHOTO_TYPES,
    STATUS_LABELS,
    ConfirmForm,
    SelfAssessmentForm,
    TraceForm,
)
from portfolio.trainee.services import (
    LinkInput,
    TraceData,
    TraceError,
    TraceFilters,
)
from referentiel import Competency, Framework

bp = Blueprint("trainee", __name__, template_folder="templates")

add_nav(Role.TRAINEE, "trainee.traces", _l("Mon portfolio"))
add_nav(Role.TRAINEE, "trainee.new_trace", _l("Nouvelle trace"))
add_nav(Role.TRAINEE, "trainee.competencies", _l("Mes compétences"))


@bp.app_template_global("competency_label")
def _competency_label(framework_id: str, version: str, competency_id: str) -> str:
    return competency_label(framework_id, version, competency_id)


@bp.app_template_filter("link_domain")
def _link_domain(url: str) -> str:
    return traces.link_domain(url)


@bp.app_template_filter("file_size")
def _file_size(size: int) -> str:
    return traces.format_bytes(size)


bp.add_app_template_filter(short_date, "short_date")


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {"context_labels": CONTEXT_LABELS, "status_labels": STATUS_LABELS}


def _me() -> User:
    user: User = current_user
    return user


# --------------------------------------------------------------------------- list


def _parse_date(raw: str, label: str, problems: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(
            _("La date « %(value)s » n'est pas valide.", value=raw[:20]) + f" ({label})"
        )
        return None


def _filters_from_request(problems: list[str]) -> tuple[TraceFilters, dict[str, str]]:
    fw = framework()
    args = {key: request.args.get(key, "").strip()[:60] for key in _FILTER_KEYS}
    domain_id = args["domaine"] or None
    if domain_id and domain_id not in {d.id for d in fw.domains}:
        problems.append(_("Ce domaine n'existe pas : le filtre est ignoré."))
        domain_id = args["domaine"] = None  # type: ignore[assignment]
    competency_id = args["competence"] or None
    if competency_id and fw.get(competency_id) is None:
        problems.append(_("Cette compétence n'existe pas : le filtre est ignoré."))
        competency_id = args["competence"] = None  # type: ignore[assignment]
    context = None
    if args["contexte"]:
        try:
            context = TraceContext(args["contexte"])
        except ValueError:
            problems.append(_("Ce contexte n'existe pas : le filtre est ignoré."))
            args["contexte"] = ""
    status = None
    if args["etat"]:
        try:
            status = TraceStatus(args["etat"])
        except ValueError:
            args["etat"] = ""
    date_from = _parse_date(args["du"], _("du"), problems)
    date_to = _parse_date(args["au"], _("au"), problems)
    if date_from is None:
        args["du"] = ""
    if date_to is None:
        args["au"] = ""
    filters = TraceFilters(
        domain_id=domain_id,
        competency_id=competency_id,
        context=context,
        status=status,
        date_from=date_from,
        date_to=date_to,
    )
    return filters, {k: v for k, v in args.items() if v}


_FILTER_KEYS = ("domaine", "competence", "contexte", "etat", "du", "au")


@bp.route("/portfolio/", endpoint="traces")
@roles_required(Role.TRAINEE)
def traces_page() -> str:
    problems: list[str] = []
    filters, active = _filters_from_request(problems)
    raw_page = request.args.get("page", "1")
    page_number = int(raw_page) if raw_page.isdigit() and len(raw_page) < 7 else 1
    return render_template(
        "trainee/traces.html",
        list_html=_trace_list(_me(), filters, active, page_number),
        active=active,
        problems=problems,
        filter_options=framework_options(
            framework(), str(get_locale() or "fr"), active.get("domaine"), active.get("competence")
        ),
    )


def _trace_list(
    user: User, filters: TraceFilters, active: dict[str, str], page_number: int
) -> Markup:
    """The list part of the portfolio page: the count, one page of cards, the storage used.

    Without filters (most visits), each page is rendered once per portfolio version and
    language, then kept in memory with the home summary (services/summary_cache.py). A page
    number past the end shows the last page and is not kept.
    """

    def build() -> tuple[int, Markup]:
        result = traces.list_cards(user, filters, page=page_number)
        html = render_template(
            "trainee/_trace_list.html",
            page=result,
            active=active,
            usage=traces.storage_usage(user),
        )
        return result.page, Markup(html)  # noqa: S704 (the template's own, escaped output)

    if filters != TraceFilters():
        return build()[1]
    key = (
        "portfolio-html",
        page_number,
        framework().version,
        current_app.config["STORAGE_QUOTA_BYTES"],
        str(get_locale() or "fr"),
    )
    shown = summary_cache.cached(user, key, build, keep=lambda built: built[0] == page_number)
    return shown[1]


# --------------------------------------------------------------------------- trace form


def _uploads() -> list[FileStorage]:
    """The files really chosen (browsers send an empty part when none is)."""
    return [f for f in request.files.getlist("photos") if f.filename or f.content_length]


def _trace_data(
    form: TraceForm, status: TraceStatus, trace: Trace | None
) -> tuple[TraceData, dict[str, str]]:
    errors: dict[str, str] = {}
    raw_context = (form.context.data or "").strip()
    context: TraceContext | None = None
    if raw_context:
        try:
            context = TraceContext(raw_context)
        except ValueError:
            errors["context"] = _("Choisissez un contexte dans la liste.")
    links = [
        LinkInput(line.strip()) for line in (form.links.data or "").splitlines() if line.strip()
    ]
    data = TraceData(
        title=form.title.data or "",
        status=status,
        body=form.body.data or "",
        happened_on=form.happened_on.data,
        context=context,
        company_name=form.company_name.data or "",
        competency_ids=[c for c in (form.competencies.data or []) if isinstance(c, str)],
        links=links,
        client_key=form.client_key.data or None,
        spoken=voice.speaks(trace),
    )
    return data, errors


def _add_errors(form: TraceForm, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        field = None if name == "client_key" else getattr(form, name, None)
        if field is None:
            field = form.title
        field.errors = [*field.errors, message]


def _save_photos(user: User, trace: Trace, files: list[FileStorage], caption: str) -> None:
    limit = int(_config("PHOTO_MAX_BYTES"))
    for upload in files:
        data = upload.stream.read(limit + 1)
        try:
            traces.add_photo(user, trace, data, caption)
        except traces.PhotoRefused as refused:
            name = (upload.filename or "").strip()[:60]
            message = f"{name} : {refused}" if name else str(refused)
            raise traces.PhotoRefused(message, refused.code) from refused


def _config(key: str) -> Any:
    from flask import current_app

    return current_app.config[key]


def _picker_frameworks() -> list[Framework]:
    """The frameworks a trace may be tagged with: E2C, then the psychosocial competencies."""
    loaded = frameworks()
    return [loaded[f] for f in SWITCHABLE.values() if f in loaded]


def _picker(form: TraceForm, trace: Trace | None) -> dict[str, Any]:
    """What the competency picker needs: domains, chosen ids, search matches."""
    shown = _picker_frameworks()
    chosen = set(form.competencies.data or [])
    query = (form.search.data or "").strip()[:100]
    found = {c.id: c for fw in shown for c in fw.search(query)} if query else {}
    matches = list(found)
    old: list[tuple[str, str]] = []
    if trace is not None:
        for tc in trace.competencies:
            holder = framework_of(tc.competency_id)
            current = holder.get(tc.competency_id) if holder is not None else None
            if current is None or current.retired:
                label = competency_label(tc.framework_id, tc.framework_version, tc.competency_id)
                old.append((tc.competency_id, label))
    return {
        "fw": framework(),
        "picker_frameworks": shown,
        "found": found,
        "chosen": chosen,
        "query": query,
        "matches": matches,
        "searched": bool(query),
        "old_competencies": old,
    }


def _form_context(form: TraceForm) -> TraceContext | None:
    try:
        return TraceContext((form.context.data or "").strip())
    except ValueError:
        return None


def _suggested(form: TraceForm) -> list[Competency]:
    """Competencies suggested from the words typed and the context, not chosen yet."""
    words = f"{form.title.data or ''} {form.body.data or ''}"
    chosen = set(form.competencies.data or [])
    found = traces.suggest_competencies(_me(), _form_context(form), words)
    return [c for c in found if c.id not in chosen]


def _render_form(
    form: TraceForm,
    trace: Trace | None,
    status: int = 200,
    pending: list[tuple[str, PendingPhoto]] | None = None,
) -> tuple[str, int]:
    html = render_template(
        "trainee/trace_form.html",
        form=form,
        trace=trace,
        photo_types=PHOTO_TYPES,
        audio_types=AUDIO_TYPES,
        today=date.today().isoformat(),
        confirm_form=ConfirmForm(),
        pending=pending or [],
        suggested=_suggested(form),
        **_picker(form, trace),
    )
    return html, status


def _pending(form: TraceForm) -> list[tuple[str, PendingPhoto]]:
    """The photos kept on the server during a search (tokens in hidden fields), still valid."""
    kept: list[tuple[str, PendingPhoto]] = []
    lost = False
    for token in dict.fromkeys(request.form.getlist("pending_photo")[:20]):
        try:
            kept.append((token, access.own_pending_photo(_me(), token)))
        except NotFound:
            lost = True
    if lost:
        form.photos.errors = [
            *form.photos.errors,
            _("Une photo gardée n'est plus disponible : choisissez-la de nouveau."),
        ]
    return kept


def _keep_uploads(
    form: TraceForm, files: list[FileStorage], pending: list[tuple[str, PendingPhoto]]
) -> None:
    """Keep the chosen files on the server (no JavaScript: the page is about to reload)."""
    limit = int(_config("PHOTO_MAX_BYTES"))
    for upload in files:
        upload.stream.seek(0)
        data = upload.stream.read(limit + 1)
        try:
            token = traces.keep_pending_photo(_me(), data)
            db.session.commit()
        except traces.PhotoRefused as refused:
            db.session.rollback()
            name = (upload.filename or "").strip()[:60]
            message = f"{name} : {refused}" if name else str(refused)
            form.photos.errors = [*form.photos.errors, message]
            continue
        pending.append((token, access.own_pending_photo(_me(), token)))


def _attach_pending(
    user: User, trace: Trace, pending: list[tuple[str, PendingPhoto]], caption: str
) -> None:
    for _token, photo in pending:
        traces.attach_pending_photo(user, trace, photo, caption)


MAX_PRESETS = 8  # competencies a link may prefill
MAX_PRESET_TITLE = 120


def _action() -> str:
    action = request.form.get("action", "complete")
    return action if action in {"draft", "complete", "search"} else "complete"


@bp.route("/portfolio/traces/nouvelle", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def new_trace() -> WResponse | tuple[str, int]:
    """The quick path: photo, "what did you do", when (today), where (as last time), save."""
    form = TraceForm()
    if request.method == "GET":
        # ?competence=A&competence=B&titre=...: a session page's "Ajouter ma trace" prefills them.
        presets = [c for c in request.args.getlist("competence") if framework_of(c)]
        if presets:
            form.competencies.data = list(dict.fromkeys(presets))[:MAX_PRESETS]
        form.title.data = request.args.get("titre", "").strip()[:MAX_PRESET_TITLE] or None
        form.happened_on.data = date.today()
        form.client_key.data = str(uuid.uuid4())
        context, company = traces.last_context(_me())
        form.context.data = context.value if context else ""
        form.company_name.data = company
        return _render_form(form, None)
    action = _action()
    files = _uploads()
    pending = _pending(form)
    valid = form.validate()
    if action == "search" or not valid:
        if "csrf_token" not in form.errors:
            _keep_uploads(form, files, pending)
        return _render_form(form, None, 200 if action == "search" else 422, pending)
    status = TraceStatus.DRAFT if action == "draft" else TraceStatus.COMPLETE
    data, errors = _trace_data(form, status, None)
    user = _me()
    try:
        if errors:
            raise TraceError(next(iter(errors.values())), errors)
        trace = traces.create_trace(user, data)
        _attach_pending(user, trace, pending, form.caption.data or "")
        _save_photos(user, trace, files, form.caption.data or "")
        voice.save_recording(user, trace)
    except traces.TraceAlreadySent as sent:
        db.session.rollback()
        flash(_("Cette trace était déjà enregistrée : la voici."), "info")
        return redirect(url_for("trainee.trace", trace_id=sent.trace.id))
    except TraceError as error:
        db.session.rollback()
        errors = error.errors or {"title": str(error)}
        _add_errors(form, errors)
        pending = _pending(form)
        if "photos" not in errors:
            _keep_uploads(form, files, pending)
        elif files:
            form.photos.errors = [*form.photos.errors, _("Choisissez les photos de nouveau.")]
        return _render_form(form, None, 422, pending)
    db.session.commit()
    if status is TraceStatus.DRAFT:
        flash(_("Brouillon enregistré. Vous pourrez le compléter plus tard."), "success")
    else:
        flash(_("Trace enregistrée."), "success")
    return redirect(url_for("trainee.trace", trace_id=trace.id))


def _fill(form: TraceForm, trace: Trace) -> None:
    form.title.data = trace.title
    form.body.data = trace.body
    form.happened_on.data = trace.happened_on
    form.context.data = trace.context.value
    if trace.status is TraceStatus.DRAFT and trace.context is TraceContext.OTHER:
        form.context.data = ""  # a draft's context was not chosen yet
    form.company_name.data = trace.company_name or ""
    form.competencies.data = [tc.competency_id for tc in trace.competencies]
    form.links.data = "\n".join(link.url for link in trace.links)


@bp.route("/portfolio/traces/<int:trace_id>/modifier", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def edit_trace(trace_id: int) -> WResponse | tuple[str, int]:
    trace = access.own_trace(_me(), trace_id)
    if request.method == "GET":
        form = TraceForm(formdata=None)
        _fill(form, trace)
        return _render_form(form, trace)
    form = TraceForm()
    action = _action()
    files = _uploads()
    pending = _pending(form)
    valid = form.validate()
    if action == "search" or not valid:
        if "csrf_token" not in form.errors:
            _keep_uploads(form, files, pending)
        return _render_form(form, trace, 200 if action == "search" else 422, pending)
    status = TraceStatus.DRAFT if action == "draft" else TraceStatus.COMPLETE
    data, errors = _trace_data(form, status, trace)
    user = _me()
    try:
        if errors:
            raise TraceError(next(iter(errors.values())), errors)
        traces.update_trace(user, trace, data)
        remove = set(request.form.getlist("remove_photo"))
        for photo in list(trace.photos):
            if str(photo.id) in remove:
                traces.delete_photo(user, photo)
            else:
                caption = request.form.get(f"caption_{photo.id}")
                if caption is not None and caption != photo.caption:
                    traces.update_photo_caption(user, photo, caption)
        _attach_pending(user, trace, pending, form.caption.data or "")
        _save_photos(user, trace, files, form.caption.data or "")
        voice.save_recording(user, trace)
    except TraceError as error:
        db.session.rollback()
        trace = access.own_trace(_me(), trace_id)
        errors = error.errors or {"title": str(error)}
        _add_errors(form, errors)
        pending = _pending(form)
        if "photos" not in errors:
            _keep_uploads(form, files, pending)
        elif files:
            form.photos.errors = [*form.photos.errors, _("Choisissez les photos de nouveau.")]
        return _render_form(form, trace, 422, pending)
    db.session.commit()
    flash(_("Trace enregistrée."), "success")
    return redirect(url_for("trainee.trace", trace_id=trace.id))


@bp.route("/portfolio/traces/<int:trace_id>")
@login_required
def trace(trace_id: int) -> str:
    """Seen by the trainee, their referent and their site's admins (others: 404)."""
    found = access.visible_trace(_me(), trace_id)
    return render_template(
        "trainee/trace.html",
        trace=found,
        fw=framework(),
        mine=found.trainee_id == _me().id,
    )


@bp.route("/portfolio/traces/<int:trace_id>/supprimer", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def delete_trace(trace_id: int) -> WResponse | str:
    found = access.own_trace(_me(), trace_id)
    form = ConfirmForm()
    if request.method == "POST" and form.validate():
        title = found.title
        traces.delete_trace(_me(), found)
        db.session.commit()
        flash(_("La trace « %(title)s » est supprimée.", title=title), "success")
        return redirect(url_for("trainee.traces"))
    return render_template("trainee/delete.html", trace=found, form=form)


# --------------------------------------------------------------------------- photos


def _photo_response(photo_id: int, thumbnail: bool) -> Response:
    photo = access.visible_photo(_me(), photo_id)
    data = traces.read_photo(photo, thumbnail=thumbnail)
    if data is None:
        abort(404)
    response = Response(data, mimetype="image/jpeg")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["Content-Disposition"] = "inline"
    return response


@bp.route("/photos/<int:photo_id>")
@login_required
def photo(photo_id: int) -> Response:
    """A trace's photo (display size), for those who may see the trainee; others 404."""
    return _photo_response(photo_id, thumbnail=False)


@bp.route("/photos/<int:photo_id>/miniature")
@login_required
def photo_thumb(photo_id: int) -> Response:
    return _photo_response(photo_id, thumbnail=True)


@bp.route("/enregistrements/<int:recording_id>")
@login_required
def recording(recording_id: int) -> Response:
    """A voice recording, for those who may see its owner (like a photo); others 404.

    Always ``audio/ogg`` (re-encoded) with ``nosniff``; byte ranges answered, which a
    player uses to find the duration and to seek."""
    found = access.visible_recording(_me(), recording_id)
    data = traces.read_recording(found)
    if data is None:
        abort(404)
    response = send_file(
        io.BytesIO(data), mimetype=AUDIO_CONTENT_TYPE, conditional=True, etag=False, max_age=0
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["Content-Disposition"] = "inline"
    return response


@bp.route("/portfolio/photos-en-attente/<token>/miniature")
def pending_thumb(token: str) -> Response:
    """The thumbnail of a photo kept during a search: its owner only; others, signed out
    included, 404 (the address carries a secret: not cached, not referred)."""
    if not current_user.is_authenticated:
        abort(404)
    data = traces.read_pending_thumbnail(access.own_pending_photo(_me(), token))
    if data is None:
        abort(404)
    response = Response(data, mimetype="image/jpeg")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response


# --------------------------------------------------------------------------- competencies


@bp.route("/portfolio/competences/recherche")
@roles_required(Role.TRAINEE)
def competency_search() -> Response:
    """For the trace form's script: competencies matching ``q`` (ids, in the picker's order)
    and those suggested from ``mots`` (words typed) and ``contexte``, without a reload."""
    query = request.args.get("q", "").strip()[:100]
    words = request.args.get("mots", "")[:2000]
    try:
        context: TraceContext | None = TraceContext(request.args.get("contexte", ""))
    except ValueError:
        context = None
    language = str(get_locale() or "fr")
    suggested = traces.suggest_competencies(_me(), context, words)
    return jsonify(
        {
            "matches": [c.id for f in _picker_frameworks() for c in f.search(query)]
            if query
            else [],
            "suggestions": [{"id": c.id, "label": c.everyday(language)} for c in suggested],
        }
    )


@bp.route("/portfolio/competences")
@roles_required(Role.TRAINEE)
def competencies() -> str:
    fw = chosen_framework(request.args.get("referentiel"))
    query = request.args.get("q", "").strip()[:100]
    matches = {c.id for c in fw.search(query)} if query else None
    summary = traces.overview(_me(), fw)
    return render_template(
        "trainee/competencies.html",
        fw=fw,
        summary=summary,
        query=query,
        matches=matches,
    )


def _active_competency(competency_id: str) -> tuple[Framework, Competency]:
    """A competency of a switchable framework (E2C or CPS) still in use, and its framework."""
    fw = framework_of(competency_id)
    competency = fw.get(competency_id) if fw is not None else None
    if fw is None or competency is None or competency.retired:
        abort(404)
    return fw, competency


@bp.route("/portfolio/competences/<competency_id>", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def self_assess(competency_id: str) -> WResponse | tuple[str, int]:
    user = _me()
    fw, competency = _active_competency(competency_id)
    levels = assessments.self_levels(fw)
    form = SelfAssessmentForm()
    form.level.choices = [(str(lv.code), lv.label) for lv in levels]
    choices = traces.traces_for_choice(user, competency.id)
    status = 200
    if request.method == "POST" and form.validate():
        raw_level = form.level.data or ""
        raw_traces = [t for t in (form.traces.data or []) if isinstance(t, str)]
        try:
            level = int(raw_level) if raw_level.strip().lstrip("-").isdigit() else -1
            trace_ids = [int(t) if t.isdigit() and len(t) < 12 else -1 for t in raw_traces]
            assessments.record_self_assessment(
                user,
                competency.id,
                level,
                form.comment.data or "",
                trace_ids,
                framework_id=fw.id,
            )
        except assessments.AssessmentError as error:
            db.session.rollback()
            field = {"level": form.level, "comment": form.comment, "traces": form.traces}.get(
                error.field, form.level
            )
            field.errors = [*field.errors, str(error)]
            status = 422
        else:
            db.session.commit()
            flash(_("Votre niveau est enregistré."), "success")
            return redirect(url_for("trainee.self_assess", competency_id=competency.id))
    elif request.method == "POST":
        status = 422
    past = assessments.history(user, competency.id)
    if request.method == "GET" and past:
        form.level.data = str(past[0].level)
    return (
        render_template(
            "trainee/self_assess.html",
            form=form,
            competency=competency,
            domain=fw.domain_of(competency.id),
            levels=levels,
            choices=choices,
            history=past,
            fw=fw,
        ),
        status,
    )
