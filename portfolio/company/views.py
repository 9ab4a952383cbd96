"""The partner companies' space: joining, search, showcases, contacts, offers; and the site
admin's pages to approve companies (partnership agreement recorded).

A company user whose company is not (or no longer) a partner sees only a page saying so.
Anything a company may not see answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response as WResponse

from portfolio.company import services as service
from portfolio.company.forms import (
    AgreementForm,
    ConfirmForm,
    ContactForm,
    JoinForm,
    MessageForm,
    OfferForm,
    RefuseForm,
    SaveSearchForm,
    SearchForm,
)
from portfolio.company.services import search as search_service
from portfolio.database import records_reading, writes_on_read
from portfolio.extensions import db, limiter
from portfolio.flows import commit_or_explain
from portfolio.main.views import add_nav
from portfolio.models import (
    CompanyJoinRequest,
    ContactStatus,
    JoinRequestStatus,
    ReadKind,
    Role,
    Site,
    User,
    utcnow,
)
from portfolio.security import roles_required, safe_next
from portfolio.services import access, ledger
from portfolio.services.frameworks import framework
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.services.passwords import WeakPassword
from portfolio.services.rome import rome
from portfolio.showcase import services as showcase_service
from portfolio.showcase.forms import KIND_CHOICES
from portfolio.showcase.notices import NOTICES_LABEL, CountedLabel, mark_all_read, notices_of
from portfolio.trades.forms import still_picking
from portfolio.trainee.services import read_photo

bp = Blueprint("company", __name__, template_folder="templates")

F = TypeVar("F", bound=Callable[..., Any])


def _pending_requests(user: User) -> int:
    query = select(func.count(CompanyJoinRequest.id)).where(
        CompanyJoinRequest.status == JoinRequestStatus.PENDING
    )
    if user.site_id is not None:
        query = query.where(CompanyJoinRequest.site_id == user.site_id)
    return int(db.session.scalar(query) or 0)


add_nav(Role.COMPANY, "company.home", _l("Espace entreprise"))
add_nav(Role.COMPANY, "company.search", _l("Chercher des profils"))
add_nav(Role.COMPANY, "company.contacts", _l("Contacts"))
add_nav(Role.COMPANY, "company.offers", _l("Offres"))
add_nav(Role.COMPANY, "company.notifications", NOTICES_LABEL)
add_nav(
    Role.ADMIN,
    "company.admin",
    CountedLabel(
        lambda: _("Entreprises"),
        lambda n: _("Entreprises (%(n)d demandes)", n=n) if n > 1 else _("Entreprises (1 demande)"),
        _pending_requests,
    ),
)


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def partner_required(view: F) -> F:
    """Company pages need an approved partner; otherwise a plain page says so (404)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not showcase_service.is_partner(current_user.company):
            return render_template("company/not_partner.html", company=current_user.company), 404
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _contact_limit() -> str:
    return str(current_app.config.get("CONTACT_RATE_LIMIT", "10 per hour; 30 per day"))


def _join_limit() -> str:
    return str(current_app.config.get("JOIN_RATE_LIMIT", "5 per hour"))


def _company_key() -> str:
    # One budget per company, whichever of its people writes.
    company_id = getattr(current_user, "company_id", None)
    return f"company-contact:{company_id}" if company_id else get_remote_address()


# --- joining (no account yet) --------------------------------------------------------------


def _sites() -> list[Site]:
    return list(db.session.scalars(select(Site).where(Site.active.is_(True)).order_by(Site.name)))


@bp.route("/entreprise/rejoindre", methods=["GET", "POST"])
@limiter.limit(_join_limit, methods=["POST"])
def join() -> WResponse | str:
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = JoinForm()
    form.site_id.choices = [(s.id, f"{s.name} ({s.city})" if s.city else s.name) for s in _sites()]
    if form.validate_on_submit():
        try:
            service.submit_join_request(
                service.JoinRequestData(
                    site_id=form.site_id.data or 0,
                    company_name=form.company_name.data or "",
                    siret=form.siret.data or "",
                    first_name=form.first_name.data or "",
                    last_name=form.last_name.data or "",
                    email=form.email.data or "",
                    phone=form.phone.data or "",
                    login=form.login.data or "",
                    password=form.password.data or "",
                    password_confirm=form.password_confirm.data or "",
                    message=form.message.data or "",
                    accepts_charter=bool(form.accepts_charter.data),
                )
            )
        except (service.CompanyError, WeakPassword) as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            return render_template("company/join_sent.html")
    return render_template("company/join.html", form=form)


# --- company home --------------------------------------------------------------------------


@bp.route("/entreprise/")
@roles_required(Role.COMPANY)
@partner_required
def home() -> str:
    me = _me()
    assert me.company is not None
    return render_template(
        "company/home.html",
        company=me.company,
        counts=service.recent_for_company(me.company),
        saved=service.saved_searches(me.company),
        contacts=service.contacts_of_company(me.company)[:5],
    )


# --- search --------------------------------------------------------------------------------


def _search_form() -> SearchForm:
    form = SearchForm(request.args)
    fw = framework()
    competence: dict[str, list[tuple[str, str]]] = {"": [("", _("Toutes"))]}
    for domain in fw.domains:
        competence[domain.label] = [(domain.id, _("Tout le domaine : %(d)s", d=domain.label))] + [
            (c.id, c.label) for c in domain.competencies if not c.retired
        ]
    form.competence.choices = competence
    form.niveau.choices = [("", _("Peu importe"))] + [
        (str(level.code), f"{level.code} – {level.label}") for level in fw.levels if level.code > 0
    ]
    form.domaine.choices = [("", _("Tous")), *rome().grands_domaines.items()]
    form.type.choices = [("", _("Tout"))] + [(value, str(label)) for value, label in KIND_CHOICES]
    form.site.choices = [("", _("Toutes"))] + [(str(s.id), s.name) for s in _sites()]
    return form


@bp.route("/entreprise/recherche")
@roles_required(Role.COMPANY)
@partner_required
def search() -> str:
    me = _me()
    assert me.company is not None
    form = _search_form()
    criteria, errors = search_service.parse_criteria(request.args)
    for name, message in errors.items():
        getattr(form, name).errors = [message]
    result = search_service.search_showcases(me.company, criteria)
    return render_template(
        "company/search.html",
        form=form,
        result=result,
        errors=errors,
        save_form=SaveSearchForm(formdata=None, query=criteria.as_query()),
        page_url=lambda n: url_for("company.search") + "?" + criteria.as_query(page=n),
        # "Retour à la recherche" on a showcase comes back to these results, filters filled.
        back_to=_search_url(criteria.as_query(page=result.page)),
        kind_names={label: _(label) for label in showcase_service.KIND_LABELS.values()},
        texts=_result_texts(),
    )


def _search_url(query: str) -> str:
    return url_for("company.search") + ("?" + query if query else "")


def _back_to_search(target: object) -> str:
    """Where "Retour à la recherche" leads: the search page with the query it came from.

    Only the search page itself is accepted (through ``safe_next``, then the path): anything
    else, or nothing, is the empty search. No open redirect, no link to another page.
    """
    default = url_for("company.search")
    back = safe_next(target, default)
    if back.split("?", 1)[0] != default:
        return default
    return back


def _result_texts() -> dict[str, str]:
    """Texts of one search result, translated once per page (formatted by the template)."""
    return {
        "aims": _("Vise :"),
        "now": _("disponible dès maintenant"),
        "available_from": _("disponible le %(d)s"),
        "confirmed": _("confirmé : %(l)s"),
        "one_trace": _("1 expérience"),
        "traces": _("%(num)d expériences"),
    }


@bp.route("/entreprise/recherches")
@roles_required(Role.COMPANY)
@partner_required
def saved() -> str:
    me = _me()
    assert me.company is not None
    return render_template(
        "company/saved.html", saved=service.saved_searches(me.company), confirm=ConfirmForm()
    )


@bp.route("/entreprise/recherches", methods=["POST"])
@roles_required(Role.COMPANY)
@partner_required
def save_search() -> WResponse:
    form = SaveSearchForm()
    query = form.query.data or ""
    if form.validate_on_submit():
        criteria, errors = search_service.parse_criteria(_query_args(query))
        try:
            if errors:
                raise service.CompanyError(_("Cette recherche contient une erreur : corrigez-la."))
            service.save_search(_me(), form.name.data or "", criteria.as_query())
        except service.CompanyError as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            flash(_("La recherche est enregistrée."), "success")
            return redirect(url_for("company.saved"))
    else:
        flash(_("Donnez un nom à cette recherche."), "error")
    return redirect(url_for("company.search") + ("?" + query if query else ""))


def _query_args(query: str) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(query[:1000]))


@bp.route("/entreprise/recherches/<int:search_id>/supprimer", methods=["POST"])
@roles_required(Role.COMPANY)
@partner_required
def delete_search(search_id: int) -> WResponse:
    if ConfirmForm().validate_on_submit():
        service.delete_saved_search(_me(), search_id)
        db.session.commit()
        flash(_("La recherche est supprimée."), "success")
    return redirect(url_for("company.saved"))


# --- a showcase, as the company sees it ----------------------------------------------------


def _photo_url(showcase_id: int) -> Callable[..., str]:
    return lambda pid, thumb=False: url_for(
        "company.photo", showcase_id=showcase_id, photo_id=pid, vignette=1 if thumb else None
    )


@bp.route("/entreprise/vitrines/<int:showcase_id>")
@records_reading
@roles_required(Role.COMPANY)
@partner_required
def showcase(showcase_id: int) -> str:
    me = _me()
    item = access.company_showcase(me, showcase_id)
    showcase_service.record_view(item, company=me.company, viewer=me)
    ledger.record_read(me, item.trainee_id, ReadKind.SHOWCASE, item.id)
    db.session.commit()
    return render_template(
        "company/showcase.html",
        public=showcase_service.public_showcase(item),
        back_to=_back_to_search(request.args.get("retour")),
        photo_url=_photo_url(item.id),
        trace_url=lambda tid: url_for("company.trace", showcase_id=item.id, trace_id=tid),
    )


@bp.route("/entreprise/vitrines/<int:showcase_id>/traces/<int:trace_id>")
@roles_required(Role.COMPANY)
@partner_required
def trace(showcase_id: int, trace_id: int) -> str:
    item = access.company_showcase(_me(), showcase_id)
    public = showcase_service.public_showcase(item)
    shown = public.trace(trace_id)
    if shown is None:
        abort(404)
    return render_template(
        "company/trace.html",
        public=public,
        trace=shown,
        photo_url=_photo_url(item.id),
        back_url=url_for("company.showcase", showcase_id=item.id),
    )


@bp.route("/entreprise/vitrines/<int:showcase_id>/photos/<int:photo_id>")
@roles_required(Role.COMPANY)
@partner_required
def photo(showcase_id: int, photo_id: int) -> Response:
    item = access.company_showcase(_me(), showcase_id)
    found = showcase_service.showcase_photo(item, photo_id)
    data = read_photo(found, thumbnail=request.args.get("vignette") == "1") if found else None
    if data is None:
        abort(404)
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "no-store"
    return response


# --- contacts ------------------------------------------------------------------------------


def _offer_choices(user: User) -> list[tuple[int, str]]:
    assert user.company is not None
    return [(0, _("Aucune"))] + [
        (o.id, o.title) for o in service.offers_of_company(user.company) if o.closed_at is None
    ]


@bp.route("/entreprise/vitrines/<int:showcase_id>/contact", methods=["GET", "POST"])
@limiter.limit(_contact_limit, key_func=_company_key, methods=["POST"])
@roles_required(Role.COMPANY)
@partner_required
def contact_new(showcase_id: int) -> WResponse | str:
    me = _me()
    item = access.company_showcase(me, showcase_id)
    form = ContactForm()
    form.offer_id.choices = _offer_choices(me)
    if form.validate_on_submit():
        offer = access.company_offer(me, form.offer_id.data) if form.offer_id.data else None
        saved = commit_or_explain(
            lambda: service.send_contact(me, item, form.message.data or "", offer=offer),
            refused=service.CompanyError,
            done=_("Votre message est envoyé. La personne et son référent sont prévenus."),
            then=lambda created: url_for("company.contact", contact_id=created.id),
        )
        if saved is not None:
            return saved
    return render_template(
        "company/contact_new.html", form=form, public=showcase_service.public_showcase(item)
    )


@bp.route("/entreprise/contacts")
@roles_required(Role.COMPANY)
@partner_required
def contacts() -> str:
    me = _me()
    assert me.company is not None
    return render_template(
        "company/contacts.html",
        contacts=service.contacts_of_company(me.company),
        display_name=showcase_service.display_name,
    )


def _contact_page(contact_id: int, form: MessageForm | None = None) -> str:
    me = _me()
    item = access.company_contact(me, contact_id)
    return render_template(
        "company/contact.html",
        contact=item,
        name=showcase_service.display_name(item.trainee),
        accepted=item.status is ContactStatus.ACCEPTED,
        events=service.contact_events(item),
        showcase_online=showcase_service.visible_to_company(item.showcase, me.company),
        form=form or MessageForm(formdata=None),
    )


@bp.route("/entreprise/contacts/<int:contact_id>")
@roles_required(Role.COMPANY)
@partner_required
def contact(contact_id: int) -> str:
    return _contact_page(contact_id)


@bp.route("/entreprise/contacts/<int:contact_id>/message", methods=["POST"])
@limiter.limit(_contact_limit, key_func=_company_key, methods=["POST"])
@roles_required(Role.COMPANY)
@partner_required
def contact_message(contact_id: int) -> WResponse | str:
    me = _me()
    item = access.company_contact(me, contact_id)
    form = MessageForm()
    if form.validate_on_submit():
        saved = commit_or_explain(
            lambda: service.post_message(me, item, form.body.data or ""),
            refused=service.CompanyError,
            done=_("Message envoyé."),
            then=url_for("company.contact", contact_id=item.id),
        )
        if saved is not None:
            return saved
    return _contact_page(contact_id, form)


# --- offers --------------------------------------------------------------------------------


def _offer_form() -> OfferForm:
    return OfferForm()


@bp.route("/entreprise/offres")
@roles_required(Role.COMPANY)
@partner_required
def offers() -> str:
    me = _me()
    assert me.company is not None
    return render_template(
        "company/offers.html",
        offers=service.offers_of_company(me.company),
        kind_labels=showcase_service.KIND_LABELS,
    )


@bp.route("/entreprise/offres/nouvelle", methods=["GET", "POST"])
@roles_required(Role.COMPANY)
@partner_required
def new_offer() -> WResponse | str:
    form = _offer_form()
    if not still_picking(form) and form.validate_on_submit():
        data = service.OfferData(
            title=form.title.data or "",
            description=form.description.data or "",
            rome_code=form.rome_code.data or "",
            kind=form.kind.data or "",
            place=form.place.data or "",
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
        )
        saved = commit_or_explain(
            lambda: service.create_offer(_me(), data),
            refused=service.CompanyError,
            done=_("L'offre est publiée pour les stagiaires de l'école."),
            then=lambda created: url_for("company.offer", offer_id=created.id),
        )
        if saved is not None:
            return saved
    elif request.method == "GET":
        form.starts_on.data = utcnow().date() + timedelta(days=14)
    return render_template("company/offer_form.html", form=form)


@bp.route("/entreprise/offres/<int:offer_id>")
@roles_required(Role.COMPANY)
@partner_required
def offer(offer_id: int) -> str:
    item = access.company_offer(_me(), offer_id)
    return render_template(
        "company/offer.html",
        offer=item,
        kind_labels=showcase_service.KIND_LABELS,
        answers=service.visible_answers(item),
        display_name=showcase_service.display_name,
        confirm=ConfirmForm(),
    )


@bp.route("/entreprise/offres/<int:offer_id>/fermer", methods=["POST"])
@roles_required(Role.COMPANY)
@partner_required
def close_offer(offer_id: int) -> WResponse:
    item = access.company_offer(_me(), offer_id)
    back = url_for("company.offer", offer_id=item.id)
    if ConfirmForm().validate_on_submit():
        commit_or_explain(
            lambda: service.close_offer(_me(), item),
            refused=service.CompanyError,
            done=_("L'offre est fermée : les stagiaires ne la voient plus."),
            then=back,
        )
    return redirect(back)


@bp.route("/entreprise/avis")
@roles_required(Role.COMPANY)
@partner_required
@writes_on_read  # the notices are marked read as they are shown
def notifications() -> str:
    me = _me()
    notices = notices_of(me)
    mark_all_read(me)
    db.session.commit()
    return render_template("showcase/notices.html", notices=notices)


# --- site administration: partner companies ------------------------------------------------


@bp.route("/entreprise/gestion")
@roles_required(Role.ADMIN)
def admin() -> str:
    me = _me()
    requests = service.join_requests_for(me)
    return render_template(
        "company/admin.html",
        pending=[r for r in requests if r.status is JoinRequestStatus.PENDING],
        done=[r for r in requests if r.status is not JoinRequestStatus.PENDING][:50],
        companies=service.companies_for(me),
    )


@bp.route("/entreprise/gestion/demandes/<int:request_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def admin_request(request_id: int) -> WResponse | str:
    me = _me()
    item = access.managed_join_request(me, request_id)
    form = AgreementForm()
    if form.validate_on_submit():
        try:
            company, user = service.approve_join_request(
                me, item, signed_on=form.signed_on.data, reference=form.reference.data or ""
            )
        except service.CompanyError as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s est partenaire. %(person)s peut se connecter avec l'identifiant %(login)s.",
                    name=company.name,
                    person=user.full_name,
                    login=user.login,
                ),
                "success",
            )
            if user.login != item.login:
                flash(
                    _(
                        "L'identifiant demandé « %(wanted)s » était déjà pris : donnez à "
                        "%(person)s l'identifiant %(login)s.",
                        wanted=item.login,
                        person=user.full_name,
                        login=user.login,
                    ),
                    "info",
                )
            return redirect(url_for("company.admin"))
    elif request.method == "GET":
        form.signed_on.data = utcnow().date()
    pending = item.status is JoinRequestStatus.PENDING
    return render_template(
        "company/admin_request.html",
        item=item,
        form=form,
        refuse_form=RefuseForm(formdata=None),
        given_login=service.given_login(item) if pending else None,
    )


@bp.route("/entreprise/gestion/demandes/<int:request_id>/refuser", methods=["POST"])
@roles_required(Role.ADMIN)
def admin_refuse(request_id: int) -> WResponse:
    me = _me()
    item = access.managed_join_request(me, request_id)
    form = RefuseForm()
    back = url_for("company.admin")
    if form.validate_on_submit():
        commit_or_explain(
            lambda: service.refuse_join_request(me, item, form.note.data or ""),
            refused=service.CompanyError,
            done=_("La demande est refusée."),
            then=back,
        )
    return redirect(back)


@bp.route("/entreprise/gestion/entreprises/<int:company_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def admin_company(company_id: int) -> WResponse | str:
    me = _me()
    company = access.managed_company(me, company_id)
    form = AgreementForm()
    if form.validate_on_submit():
        try:
            service.approve_company(
                me, company, signed_on=form.signed_on.data, reference=form.reference.data or ""
            )
        except service.CompanyError as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            flash(_("%(name)s est partenaire.", name=company.name), "success")
            return redirect(url_for("company.admin_company", company_id=company.id))
    elif request.method == "GET":
        form.signed_on.data = utcnow().date()
    return render_template(
        "company/admin_company.html",
        company=company,
        form=form,
        agreements=service.agreements_of(company),
        users=service.company_users(company),
        confirm=ConfirmForm(),
    )


@bp.route("/entreprise/gestion/entreprises/<int:company_id>/fin", methods=["POST"])
@roles_required(Role.ADMIN)
def admin_end(company_id: int) -> WResponse:
    me = _me()
    company = access.managed_company(me, company_id)
    if ConfirmForm().validate_on_submit():
        try:
            service.end_partnership(me, company)
        except service.CompanyError as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            flash(_("Le partenariat est terminé : l'entreprise ne voit plus rien."), "success")
    return redirect(url_for("company.admin_company", company_id=company.id))
