"""Administration of a site: accounts, referents, hand-overs, imports. Network admins add sites."""

from __future__ import annotations

import base64

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WResponse

from portfolio.admin.forms import (
    AssignReferentForm,
    ConfirmForm,
    HandoverForm,
    ImportForm,
    MoveTraineesForm,
    SiteForm,
    SiteSettingsForm,
    UserForm,
)
from portfolio.admin.services import trainee_import
from portfolio.extensions import db
from portfolio.flows import commit_or_explain
from portfolio.followup.services import schedule as followup_schedule
from portfolio.models import Company, Handover, ReferentAssignment, Role, Site, User
from portfolio.security import roles_required
from portfolio.services import access, accounts
from portfolio.services.access import users_manageable_by
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext

bp = Blueprint("admin", __name__, template_folder="templates")


def _sites() -> list[Site]:
    query = select(Site).where(Site.active.is_(True)).order_by(Site.name)
    if current_user.site_id is not None:
        query = query.where(Site.id == current_user.site_id)
    return list(db.session.scalars(query))


def _referent_choices(site_id: int | None) -> list[tuple[int, str]]:
    query = (
        select(User)
        .where(User.role == Role.REFERENT, User.active.is_(True))
        .order_by(User.last_name)
    )
    if site_id is not None:
        query = query.where(User.site_id == site_id)
    return [
        (r.id, f"{r.full_name} ({r.site.name if r.site else ''})")
        for r in db.session.scalars(query)
    ]


@bp.route("/comptes")
@roles_required(Role.ADMIN)
def users() -> str:
    role = request.args.get("role", "")
    query = users_manageable_by(current_user)
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    people = list(db.session.scalars(query.limit(500)))
    return render_template("admin/users.html", people=people, role=role, roles=list(Role))


@bp.route("/comptes/nouveau", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_user() -> WResponse | str:
    form = UserForm()
    form.site_id.choices = [(s.id, s.name) for s in _sites()]
    companies = select(Company).order_by(Company.name)
    if current_user.site_id is not None:
        companies = companies.where(Company.site_id == current_user.site_id)
    form.company_id.choices = [(0, "—")] + [(c.id, c.name) for c in db.session.scalars(companies)]
    form.referent_id.choices = [(0, "—"), *_referent_choices(current_user.site_id)]
    password: str | None = None
    if form.validate_on_submit():
        site = access.managed_site(current_user, form.site_id.data or 0)
        company = db.session.get(Company, form.company_id.data) if form.company_id.data else None
        if company is not None and company.site_id != site.id:
            abort(404)
        referent = db.session.get(User, form.referent_id.data) if form.referent_id.data else None
        password = accounts.generate_password()
        try:
            user = accounts.create_user(
                login=form.login.data or "",
                password=password,
                first_name=form.first_name.data or "",
                last_name=form.last_name.data or "",
                role=Role(form.role.data),
                site=site,
                company=company,
                email=form.email.data,
                birth_date=form.birth_date.data,
                must_change_password=True,
                actor=current_user,
            )
            if referent is not None and user.role is Role.TRAINEE:
                accounts.assign_referent(user, referent, actor=current_user)
        except (accounts.AccountError, accounts.WeakPassword) as err:
            db.session.rollback()
            flash(str(err), "error")
            password = None
        else:
            db.session.commit()
            flash(
                _(
                    "Compte créé. Donnez ce mot de passe provisoire à la personne : %(p)s",
                    p=password,
                ),
                "success",
            )
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/user_form.html", form=form)


@bp.route("/comptes/<int:user_id>")
@roles_required(Role.ADMIN)
def user(user_id: int) -> str:
    person = access.managed_user(current_user, user_id)
    assign_form = AssignReferentForm()
    assign_form.referent_id.choices = _referent_choices(person.site_id)
    return render_template(
        "admin/user.html",
        person=person,
        assign_form=assign_form,
        confirm=ConfirmForm(),
        history=accounts.referent_history(person) if person.role is Role.TRAINEE else [],
    )


@bp.route("/comptes/<int:user_id>/referent", methods=["POST"])
@roles_required(Role.ADMIN)
def assign(user_id: int) -> WResponse:
    person = access.managed_user(current_user, user_id)
    form = AssignReferentForm()
    form.referent_id.choices = _referent_choices(person.site_id)
    if form.validate_on_submit():
        referent = db.session.get(User, form.referent_id.data)
        try:
            if referent is None:
                abort(404)
            accounts.assign_referent(person, referent, actor=current_user)
        except accounts.AccountError as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            flash(_("Le référent est changé."), "success")
    else:
        flash(_("Choisissez un référent dans la liste."), "error")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.route("/comptes/<int:user_id>/activer", methods=["POST"])
@roles_required(Role.ADMIN)
def toggle_active(user_id: int) -> WResponse:
    person = access.managed_user(current_user, user_id)
    if ConfirmForm().validate_on_submit():
        try:
            accounts.set_active(person, not person.active, actor=current_user)
        except accounts.AccountError as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            flash(_("Compte activé.") if person.active else _("Compte désactivé."), "success")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.route("/comptes/<int:user_id>/mot-de-passe", methods=["POST"])
@roles_required(Role.ADMIN)
def reset_password(user_id: int) -> WResponse:
    person = access.managed_user(current_user, user_id)
    if ConfirmForm().validate_on_submit():
        password = accounts.reset_password(person, actor=current_user)
        db.session.commit()
        flash(_("Nouveau mot de passe provisoire : %(p)s", p=password), "success")
        if person.role is Role.TRAINEE:
            flash(
                _(
                    "Ses jetons d'accès ne marchent plus. Ses jeux liés restent liés : "
                    "la personne peut les délier dans ses paramètres."
                ),
                "info",
            )
    return redirect(url_for("admin.user", user_id=person.id))


@bp.route("/remplacements", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def handovers() -> WResponse | str:
    form = HandoverForm()
    choices = _referent_choices(current_user.site_id)
    form.from_referent_id.choices = choices
    form.to_referent_id.choices = choices
    if form.validate_on_submit():
        a = db.session.get(User, form.from_referent_id.data)
        b = db.session.get(User, form.to_referent_id.data)
        if a is None or b is None:
            abort(404)
        try:
            accounts.start_handover(
                a, b, form.starts_on.data, form.ends_on.data, actor=current_user
            )
        except accounts.AccountError as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            flash(_("Le remplacement est enregistré."), "success")
            return redirect(url_for("admin.handovers"))
    query = select(Handover).order_by(Handover.starts_on.desc()).limit(100)
    if current_user.site_id is not None:
        query = query.join(User, User.id == Handover.from_referent_id).where(
            User.site_id == current_user.site_id
        )
    return render_template("admin/handovers.html", form=form, rows=list(db.session.scalars(query)))


@bp.route("/remplacements/changer-de-referent", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def move_trainees() -> WResponse | str:
    """Several trainees of one referent get another referent, in one step."""
    choices = _referent_choices(current_user.site_id)
    source = _chosen_referent(request.args.get("de", ""))
    trainees = _trainees_of(source) if source else []
    form = MoveTraineesForm()
    form.to_referent_id.choices = [(0, "—")] + [c for c in choices if source and c[0] != source.id]
    if source is not None and form.validate_on_submit():
        chosen = [access.managed_user(current_user, i) for i in form.trainee_ids.data or []]
        target = access.managed_user(current_user, form.to_referent_id.data or 0)
        try:
            moved = accounts.move_trainees(chosen, target, actor=current_user)
        except accounts.AccountError as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            flash(
                ngettext(
                    "%(num)d stagiaire a un nouveau référent : %(name)s.",
                    "%(num)d stagiaires ont un nouveau référent : %(name)s.",
                    moved,
                    name=target.full_name,
                ),
                "success",
            )
            return redirect(url_for("admin.move_trainees", de=source.id))
    elif request.method == "POST":
        wrong = form.trainee_ids.errors or [_("Choisissez le nouveau référent dans la liste.")]
        flash(str(wrong[0]), "error")
    return render_template(
        "admin/move_trainees.html",
        choices=choices,
        source=source,
        trainees=trainees,
        form=form,
    )


def _chosen_referent(raw: str) -> User | None:
    if not raw.isdigit():
        return None
    person = access.managed_user(current_user, int(raw))
    if person.role is not Role.REFERENT:
        abort(404)
    return person


def _trainees_of(referent: User) -> list[User]:
    query = (
        select(User)
        .join(ReferentAssignment, ReferentAssignment.trainee_id == User.id)
        .where(ReferentAssignment.referent_id == referent.id, ReferentAssignment.ended_at.is_(None))
        .order_by(User.last_name, User.first_name)
    )
    return list(db.session.scalars(query))


@bp.route("/sites", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def sites() -> WResponse | str:
    form = SiteForm()
    if request.method == "POST":
        if current_user.site_id is not None:
            abort(404)  # only network admins create sites
        if form.validate_on_submit():
            try:
                accounts.create_site(
                    form.slug.data or "",
                    form.name.data or "",
                    city=form.city.data or "",
                    region=form.region.data or "",
                )
            except accounts.AccountError as err:
                db.session.rollback()
                flash(str(err), "error")
            else:
                db.session.commit()
                flash(_("Site créé."), "success")
                return redirect(url_for("admin.sites"))
    return render_template(
        "admin/sites.html", form=form, sites=_sites(), can_create=current_user.site_id is None
    )


@bp.route("/sites/<int:site_id>/parametres", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def site_settings(site_id: int) -> WResponse | str:
    site = access.managed_site(current_user, site_id)
    form = SiteSettingsForm(obj=site)
    if request.method == "GET":
        form.followup_months.data = followup_schedule.schedule_text(site)

    def save() -> Site:
        accounts.update_site_settings(
            site,
            director_name=form.director_name.data or "",
            blind_rating=bool(form.blind_rating.data),
            showcase_needs_approval=bool(form.showcase_needs_approval.data),
            keep_months=form.keep_months.data,
        )
        return followup_schedule.set_schedule(site, form.followup_months.data or "")

    if form.validate_on_submit():
        done = commit_or_explain(
            save,
            refused=accounts.AccountError,
            done=_("Paramètres du site enregistrés."),
            then=url_for("admin.site_settings", site_id=site.id),
        )
        if done:
            return done
    return render_template("admin/site_settings.html", form=form, site=site)


@bp.route("/import", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def import_trainees() -> Response | str:
    form = ImportForm()
    form.site_id.choices = [(s.id, s.name) for s in _sites()]
    errors: list[str] = []
    if form.validate_on_submit():
        site = access.managed_site(current_user, form.site_id.data or 0)
        data = form.file.data.read(1_000_001)
        result = trainee_import.import_trainees(data, site, actor=current_user)
        if not result.ok:
            db.session.rollback()
            errors = [str(e) for e in result.errors]
            flash(_import_refused(result), "error")
        else:
            db.session.commit()
            # The passwords are shown once: the file travels inside this page (a data: link),
            # so the page can say what was done and nothing is kept on the server.
            credentials = trainee_import.credentials_csv(result.accounts)
            return render_template(
                "admin/import.html",
                form=ImportForm(formdata=None),
                errors=[],
                added=len(result.accounts),
                credentials=base64.b64encode(credentials.encode()).decode("ascii"),
            )
    return render_template("admin/import.html", form=form, errors=errors)


def _import_refused(result: trainee_import.ImportResult) -> str:
    lines = len({error.line for error in result.errors if error.line})
    if not lines:  # the file as a whole (encoding, columns, size)
        return _("Rien n'a été importé. Corrigez le fichier puis recommencez.")
    return ngettext(
        "Rien n'a été importé : %(num)d ligne à corriger. Corrigez le fichier puis recommencez.",
        "Rien n'a été importé : %(num)d lignes à corriger. Corrigez le fichier puis recommencez.",
        lines,
    )
