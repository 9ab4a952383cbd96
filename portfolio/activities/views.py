"""Catalogue pages (staff): the site's activities, the network library, copy, import, export.

Sessions, attendance and the trainee's "Mes ateliers" are in ``session_views.py``, on the same
blueprint. Anything the viewer may not see answers 404 (guards in services/access/).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response as WResponse

from portfolio.activities.forms import ActivityForm, ConfirmForm, ImportForm
from portfolio.activities.services import catalogue as svc
from portfolio.activities.services import files
from portfolio.activities.services.rules import (
    KIND_LABELS,
    TARGET_FRAMEWORKS,
    ActivityError,
    check_activity,
    kind_label,
)
from portfolio.extensions import db
from portfolio.flows import commit_or_explain
from portfolio.main.views import add_nav
from portfolio.models import Activity, ActivityKind, Role, Site
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.frameworks import frameworks
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.services.i18n import ngettext
from portfolio.template_globals import _reader

bp = Blueprint("activities", __name__, template_folder="templates")

STAFF = (Role.REFERENT, Role.ADMIN)
add_nav(Role.REFERENT, "activities.catalogue", _l("Activités"))
add_nav(Role.ADMIN, "activities.catalogue", _l("Activités"))


@bp.app_context_processor
def _activity_words() -> dict[str, Any]:
    return {"kind_label": kind_label, "activity_title": activity_title}


def activity_title(activity: Activity) -> str:
    """The title in the reader's language when the activity has one."""
    return activity.title_en if _reader() == "en" and activity.title_en else activity.title


def _site() -> Site | None:
    return db.session.get(Site, current_user.site_id) if current_user.site_id else None


def _competency_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """(framework title, [(id, label)]) for the frameworks an activity may target."""
    loaded = frameworks()
    out = []
    for framework_id in TARGET_FRAMEWORKS:
        fw = loaded.get(framework_id)
        if fw is not None:
            items = [(c.id, f"{c.id} · {c.everyday(_reader())}") for c in fw.active_competencies]
            out.append((fw.title, items))
    return out


def _parse_kind(value: str) -> ActivityKind | None:
    try:
        return ActivityKind(value) if value else None
    except ValueError:
        return None


@bp.route("/activites")
@roles_required(*STAFF)
def catalogue() -> str:
    site = _site()
    kind = _parse_kind(request.args.get("type", ""))
    competency = request.args.get("competence", "").strip()[:40]
    items = list(
        db.session.scalars(svc.catalogue_query(site.id if site else None, kind, competency))
    )
    return render_template(
        "activities/catalogue.html",
        site=site,
        items=items,
        kinds=list(KIND_LABELS),
        kind=kind,
        competency=competency,
        competencies=_competency_choices(),
        can_edit=access.may_edit_catalogue(current_user, site),
        settings_form=ConfirmForm() if _site_admin(site) else None,
    )


def _site_admin(site: Site | None) -> bool:
    return site is not None and current_user.role is Role.ADMIN


@bp.route("/activites/reglage", methods=["POST"])
@roles_required(Role.ADMIN)
def catalogue_setting() -> WResponse:
    site = _site()
    if site is None or not ConfirmForm().validate_on_submit():
        abort(404 if site is None else 400)
    done = commit_or_explain(
        lambda: svc.set_catalogue_editors(current_user, site, request.form.get("editeurs")),
        refused=ActivityError,
        done=_("Réglage enregistré."),
        then=url_for(".catalogue"),
    )
    return done or redirect(url_for(".catalogue"))


@bp.route("/activites/bibliotheque")
@roles_required(*STAFF)
def library() -> str:
    site = _site()
    return render_template(
        "activities/library.html",
        library=list(db.session.scalars(svc.catalogue_query(None))),
        others=svc.other_sites_activities(site.id if site else None),
        can_copy=access.may_edit_catalogue(current_user, site),
        form=ConfirmForm(),
    )


def _form_values(form: ActivityForm) -> dict[str, object]:
    return {
        "code": form.code.data,
        "title": form.title.data,
        "kind": form.kind.data,
        "duration": form.duration.data,
        "group_size": form.group_size.data,
        "description": form.description.data,
        "title_en": form.title_en.data,
        "description_en": form.description_en.data,
        "targets": list(form.targets.data or []),
        "indicators": form.indicators.data or "",
    }


def _fill(form: ActivityForm, activity: Activity) -> None:
    form.code.data = activity.code
    form.title.data = activity.title
    form.kind.data = activity.kind.value
    form.duration.data = str(activity.duration_minutes)
    form.group_size.data = str(activity.group_size)
    form.description.data = activity.description
    form.title_en.data = activity.title_en
    form.description_en.data = activity.description_en
    form.targets.data = [t.competency_id for t in activity.targets]
    form.indicators.data = " ".join(i for t in activity.targets for i in t.indicator_ids)


def _activity_form(form: ActivityForm, activity: Activity | None) -> str:
    return render_template(
        "activities/activity_form.html",
        form=form,
        activity=activity,
        kinds=list(KIND_LABELS),
        competencies=_competency_choices(),
    )


@bp.route("/activites/nouvelle", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_activity() -> WResponse | str:
    site = _site()
    if not access.may_edit_catalogue(current_user, site):
        abort(404)
    form = ActivityForm()
    if form.validate_on_submit():
        done = commit_or_explain(
            lambda: svc.create_activity(
                current_user, site, check_activity(_form_values(form), frameworks())
            ),
            refused=ActivityError,
            done=_("Activité ajoutée au catalogue."),
            then=lambda a: url_for(".activity", activity_id=a.id),
        )
        if done is not None:
            return done
    return _activity_form(form, None)


@bp.route("/activites/<int:activity_id>")
@roles_required(*STAFF)
def activity(activity_id: int) -> str:
    item = access.team_activity(current_user, activity_id)
    return render_template(
        "activities/activity.html",
        activity=item,
        can_edit=item.site_id is not None and access.may_edit_catalogue(current_user, item.site),
        can_copy=item.site_id != current_user.site_id
        and access.may_edit_catalogue(current_user, _site()),
        form=ConfirmForm(),
        fws=frameworks(),
    )


@bp.route("/activites/<int:activity_id>/modifier", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit_activity(activity_id: int) -> WResponse | str:
    item = access.editable_activity(current_user, activity_id)
    form = ActivityForm()
    if request.method == "GET":
        _fill(form, item)
    elif form.validate_on_submit():
        done = commit_or_explain(
            lambda: svc.update_activity(
                current_user, item, check_activity(_form_values(form), frameworks())
            ),
            refused=ActivityError,
            done=_("Activité enregistrée."),
            then=url_for(".activity", activity_id=item.id),
        )
        if done is not None:
            return done
    return _activity_form(form, item)


@bp.route("/activites/<int:activity_id>/copier", methods=["POST"])
@roles_required(*STAFF)
def copy_activity(activity_id: int) -> WResponse:
    source = access.library_activity(current_user, activity_id)
    site = _site()
    if site is None or not access.may_edit_catalogue(current_user, site):
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    done = commit_or_explain(
        lambda: svc.copy_activity(current_user, source, site),
        refused=ActivityError,
        done=_("Activité copiée dans le catalogue du site : adaptez-la si besoin."),
        then=lambda a: url_for(".edit_activity", activity_id=a.id),
    )
    return done or redirect(url_for(".library"))


def _site_items() -> list[Activity]:
    site = _site()
    if site is None:
        abort(404)
    return list(db.session.scalars(svc.catalogue_query(site.id)))


@bp.route("/activites/export.yaml")
@roles_required(*STAFF)
def export_yaml() -> Response:
    body = files.export_yaml(_site_items())
    return Response(
        body,
        mimetype="application/yaml",
        headers={"Content-Disposition": 'attachment; filename="activites.yaml"'},
    )


@bp.route("/activites/export.csv")
@roles_required(*STAFF)
def export_csv() -> Response:
    body = "\ufeff" + files.export_csv(_site_items())  # the BOM tells spreadsheets it is UTF-8
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="activites.csv"'},
    )


@bp.route("/activites/importer", methods=["GET", "POST"])
@roles_required(*STAFF)
def import_catalogue() -> WResponse | str:
    site = _site()
    if site is None or not access.may_edit_catalogue(current_user, site):
        abort(404)
    form = ImportForm()
    problems: tuple[object, ...] = ()
    plan = None
    if form.validate_on_submit():
        upload = form.file.data
        confirm = request.form.get("confirmer") == "1" and bool(form.content.data)
        if confirm:
            name, raw = form.filename.data or "catalogue", (form.content.data or "").encode()
        elif isinstance(upload, FileStorage) and upload.filename:
            name, raw = upload.filename, upload.read(files.MAX_FILE_BYTES + 1)
        else:
            name, raw = "", b""
        if not name:
            problems = (_("Choisissez un fichier."),)
        else:
            try:
                loaded = files.load_catalogue(raw, name, frameworks())
            except files.CatalogueFileError as error:
                problems = error.problems
            else:
                if confirm:
                    done = svc.import_catalogue(current_user, site, loaded)
                    db.session.commit()
                    count = len(done.new) + len(done.updated)
                    flash(
                        ngettext(
                            "%(num)d activité importée.", "%(num)d activités importées.", count
                        ),
                        "success",
                    )
                    return redirect(url_for(".catalogue"))
                plan = svc.plan_import(site, loaded)
                form.content.data = raw.decode("utf-8-sig")
                form.filename.data = name
    return render_template("activities/import.html", form=form, problems=problems, plan=plan)
