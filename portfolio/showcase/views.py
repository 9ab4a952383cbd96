"""The trainee's showcase ("Ma vitrine"): project, building, preview, publishing, who viewed it,
contacts, private links and offers; the referent's approval; the public private-link page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import segno
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WResponse

from portfolio.company import services as company_service
from portfolio.database import writes_on_read
from portfolio.extensions import db
from portfolio.flows import commit_or_explain
from portfolio.main.views import add_nav
from portfolio.models import ApprovalState, ContactStatus, Role, Showcase, TracePhoto, User, utcnow
from portfolio.security import roles_required
from portfolio.services import access, ledger
from portfolio.services.frameworks import framework
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.services.rome import TradeChoice
from portfolio.showcase import services as service
from portfolio.showcase.forms import (
    AcceptContactForm,
    ApprovalForm,
    ConfirmForm,
    DeclineContactForm,
    MessageForm,
    OfferAnswerForm,
    PrivateLinkForm,
    ProjectForm,
    PublishForm,
    ShowcaseForm,
)
from portfolio.showcase.notices import NOTICES_LABEL, CountedLabel, mark_all_read, notices_of
from portfolio.trades.forms import still_picking
from portfolio.trainee.services import read_photo

bp = Blueprint("showcase", __name__, template_folder="templates")

add_nav(Role.TRAINEE, "showcase.index", _l("Ma vitrine"))
add_nav(Role.TRAINEE, "showcase.offers", _l("Offres"))
add_nav(Role.TRAINEE, "showcase.notifications", NOTICES_LABEL)
add_nav(
    Role.REFERENT,
    "showcase.approvals",
    CountedLabel(
        lambda: _("Vitrines"),
        lambda n: _("Vitrines (%(n)d à valider)", n=n),
        service.pending_approval_count,
        service.pending_approval_count_query,
    ),
)
add_nav(Role.REFERENT, "showcase.notifications", NOTICES_LABEL)


@bp.app_context_processor
def _home_helpers() -> dict[str, Any]:
    def showcase_home() -> dict[str, Any] | None:
        """Project and showcase state of the trainee, for showcase/_home_project.html."""
        if not current_user.is_authenticated or current_user.role is not Role.TRAINEE:
            return None
        showcase = service.showcase_of(current_user)
        return {
            "project": service.project_of(current_user),
            "online": showcase is not None and service.is_visible(showcase),
            "kind_labels": service.KIND_LABELS,
            "mobility_labels": service.MOBILITY_LABELS,
        }

    return {"showcase_home": showcase_home}


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def _state(showcase: Showcase | None) -> str:
    """One word for the template: empty, draft, pending, refused, expired, online."""
    if showcase is None:
        return "empty"
    if showcase.approval is ApprovalState.REFUSED and not showcase.is_published:
        return "refused"
    if not showcase.is_published:
        return "draft"
    if showcase.approval is ApprovalState.PENDING:
        return "pending"
    if showcase.expires_at is not None and showcase.expires_at <= utcnow():
        return "expired"
    return "online"


def _photo_response(photo: TracePhoto | None, *, thumbnail: bool) -> Response:
    data = read_photo(photo, thumbnail=thumbnail) if photo is not None else None
    if data is None:
        abort(404)
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "no-store"
    return response


# --- home of the showcase ------------------------------------------------------------------


@bp.route("/vitrine/")
@writes_on_read
@roles_required(Role.TRAINEE)
def index() -> str:
    me = _me()
    showcase = service.showcase_of(me)
    consents = ledger.consent_history(me)
    if (expiry := ledger.note_expiry(showcase, consents)) is not None:
        consents.insert(0, expiry)
    contacts = company_service.contacts_of_trainee(me)
    page = render_template(
        "showcase/index.html",
        showcase=showcase,
        state=_state(showcase),
        project=service.project_of(me),
        public=service.public_showcase(showcase) if showcase else None,
        views=service.views_of(me, limit=5),
        pending_contacts=[c for c in contacts if c.status is ContactStatus.PENDING],
        kind_labels=service.KIND_LABELS,
        mobility_labels=service.MOBILITY_LABELS,
        confirm=ConfirmForm(),
        consents=consents,
        consent_labels=ledger.read_labels()["actions"],
    )
    if expiry is not None:
        db.session.commit()
    return page


# --- professional project ------------------------------------------------------------------


@bp.route("/vitrine/projet", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def project() -> WResponse | str:
    me = _me()
    current = service.project_of(me)
    form = ProjectForm()
    if request.method == "GET" and current is not None:
        form.trades.data = [TradeChoice(t.rome_code, t.job_title) for t in current.trades]
        form.kinds.data = [k.kind.value for k in current.kinds]
        form.area.data = current.area
        form.mobility.data = current.mobility.value
        form.available_from.data = current.available_from
    if not still_picking(form) and form.validate_on_submit():
        try:
            service.save_project(
                me,
                service.ProjectData(
                    trade_codes=form.trades.data or [],
                    kinds=form.kinds.data or [],
                    area=form.area.data or "",
                    mobility=form.mobility.data or "",
                    available_from=form.available_from.data,
                ),
            )
        except service.ShowcaseError as err:
            db.session.rollback()
            form.trades.errors = [str(err)]
            flash(str(err), "error")
        else:
            db.session.commit()
            flash(_("Votre projet est enregistré."), "success")
            return redirect(url_for("showcase.index"))
    return render_template("showcase/project.html", form=form)


# --- building and previewing ---------------------------------------------------------------


@bp.route("/vitrine/modifier", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def edit() -> WResponse | str:
    me = _me()
    showcase = service.showcase_of(me)
    form = ShowcaseForm()
    if request.method == "GET" and showcase is not None:
        form.presentation.data = showcase.presentation
        form.traces.data = [t.trace_id for t in showcase.traces]
        form.photos.data = [p.photo_id for p in showcase.photos]
        form.competencies.data = [c.competency_id for c in showcase.competencies]
        form.levels.data = [c.competency_id for c in showcase.competencies if c.show_level]
        form.network_wide.data = showcase.network_wide
        form.expires_on.data = (
            showcase.expires_at.date() - timedelta(days=1) if showcase.expires_at else None
        )
    if form.validate_on_submit():
        content = service.ShowcaseContent(
            presentation=form.presentation.data or "",
            trace_ids=form.traces.data or [],
            photo_ids=form.photos.data or [],
            competency_ids=form.competencies.data or [],
            level_ids=form.levels.data or [],
            network_wide=bool(form.network_wide.data),
            expires_on=form.expires_on.data,
        )
        saved = commit_or_explain(
            lambda: service.save_showcase(me, content),
            refused=service.ShowcaseError,
            done=_("Votre vitrine est enregistrée. Regardez l'aperçu."),
            then=url_for("showcase.preview"),
        )
        if saved is not None:
            return saved
    fw = framework()
    allowed = set(service.choosable_competencies(me))
    return render_template(
        "showcase/edit.html",
        form=form,
        traces=service.choosable_traces(me),
        domains=[(d, [c for c in d.competencies if c.id in allowed]) for d in fw.domains],
        chosen_traces=set(form.traces.data or []),
        chosen_photos=set(form.photos.data or []),
        chosen_competencies=set(form.competencies.data or []),
        chosen_levels=set(form.levels.data or []),
        context_labels=service.CONTEXT_LABELS,
        has_showcase=showcase is not None,
    )


@bp.route("/vitrine/apercu")
@roles_required(Role.TRAINEE)
def preview() -> str:
    me = _me()
    showcase = service.showcase_of(me)
    if showcase is None:
        flash(_("Préparez d'abord votre vitrine."), "info")
        return render_template("showcase/preview.html", public=None, state="empty")
    return render_template(
        "showcase/preview.html",
        public=service.public_showcase(showcase),
        state=_state(showcase),
        photo_url=lambda pid, thumb=False: url_for(
            "showcase.preview_photo", photo_id=pid, vignette=1 if thumb else None
        ),
        trace_url=lambda tid: url_for("showcase.preview_trace", trace_id=tid),
    )


@bp.route("/vitrine/apercu/traces/<int:trace_id>")
@roles_required(Role.TRAINEE)
def preview_trace(trace_id: int) -> str:
    showcase = service.showcase_of(_me())
    public = service.public_showcase(showcase) if showcase else None
    trace = public.trace(trace_id) if public else None
    if trace is None:
        abort(404)
    return render_template(
        "showcase/preview_trace.html",
        public=public,
        trace=trace,
        photo_url=lambda pid, thumb=False: url_for(
            "showcase.preview_photo", photo_id=pid, vignette=1 if thumb else None
        ),
        back_url=url_for("showcase.preview"),
    )


@bp.route("/vitrine/apercu/photos/<int:photo_id>")
@roles_required(Role.TRAINEE)
def preview_photo(photo_id: int) -> Response:
    showcase = service.showcase_of(_me())
    photo = service.showcase_photo(showcase, photo_id) if showcase else None
    return _photo_response(photo, thumbnail=request.args.get("vignette") == "1")


# --- publishing ----------------------------------------------------------------------------


@bp.route("/vitrine/publier", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def publish() -> WResponse | str:
    me = _me()
    form = PublishForm()
    if request.method == "GET":
        form.consent_version.data = service.CONSENT_VERSION
    if form.validate_on_submit():
        try:
            showcase = service.publish(
                me,
                consent=bool(form.consent.data),
                consent_version=form.consent_version.data or "",
            )
        except service.ShowcaseError as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            if showcase.approval is ApprovalState.PENDING:
                flash(
                    _(
                        "C'est envoyé à votre référent. Votre vitrine sera en ligne après son accord."
                    ),
                    "success",
                )
            else:
                flash(_("Votre vitrine est en ligne."), "success")
            return redirect(url_for("showcase.index"))
    current = service.showcase_of(me)
    return render_template(
        "showcase/publish.html",
        form=form,
        consent=service.consent_paragraphs(),
        minor=service.minor_reminder() if me.is_minor else (),
        needs_approval=bool(
            me.site
            and me.site.showcase_needs_approval
            and (current is None or current.approval is not ApprovalState.APPROVED)
        ),
        version=service.CONSENT_VERSION,
    )


@bp.route("/vitrine/retirer", methods=["POST"])
@roles_required(Role.TRAINEE)
def unpublish() -> WResponse:
    back = url_for("showcase.index")
    if ConfirmForm().validate_on_submit():
        commit_or_explain(
            lambda: service.unpublish(_me()),
            refused=service.ShowcaseError,
            done=_("Votre vitrine n'est plus visible. Plus aucune entreprise ne la voit."),
            then=back,
        )
    return redirect(back)


@bp.route("/vitrine/traces/<int:trace_id>/retirer", methods=["POST"])
@roles_required(Role.TRAINEE)
def withdraw(trace_id: int) -> WResponse:
    back = url_for("showcase.index")
    if ConfirmForm().validate_on_submit():
        commit_or_explain(
            lambda: service.withdraw_trace(_me(), trace_id),
            refused=service.ShowcaseError,
            done=_("La trace est retirée de votre vitrine."),
            then=back,
        )
    return redirect(back)


# --- transparency and contacts -------------------------------------------------------------


@bp.route("/vitrine/visites")
@roles_required(Role.TRAINEE)
def visits() -> str:
    me = _me()
    return render_template(
        "showcase/visits.html",
        views=service.views_of(me),
        contacts=company_service.contacts_of_trainee(me),
    )


def _contact_page(contact_id: int, **forms: Any) -> str:
    me = _me()
    contact = access.own_contact(me, contact_id)
    company_service.mark_contact_read(me, contact)
    db.session.commit()
    return render_template(
        "showcase/contact.html",
        contact=contact,
        accept_form=forms.get("accept_form") or AcceptContactForm(formdata=None, email=me.email),
        decline_form=forms.get("decline_form") or DeclineContactForm(formdata=None),
        message_form=forms.get("message_form") or MessageForm(formdata=None),
    )


@bp.route("/vitrine/contacts/<int:contact_id>")
@writes_on_read
@roles_required(Role.TRAINEE)
def contact(contact_id: int) -> str:
    return _contact_page(contact_id)


@bp.route("/vitrine/contacts/<int:contact_id>/accepter", methods=["POST"])
@roles_required(Role.TRAINEE)
def accept(contact_id: int) -> WResponse | str:
    me = _me()
    contact = access.own_contact(me, contact_id)
    form = AcceptContactForm()
    if form.validate_on_submit():
        saved = commit_or_explain(
            lambda: company_service.accept_contact(
                me,
                contact,
                email=form.email.data or "",
                phone=form.phone.data or "",
                message=form.message.data or "",
            ),
            refused=company_service.CompanyError,
            done=_("C'est accepté. L'entreprise voit maintenant ce que vous avez donné."),
            then=url_for("showcase.contact", contact_id=contact_id),
        )
        if saved is not None:
            return saved
    return _contact_page(contact_id, accept_form=form)


@bp.route("/vitrine/contacts/<int:contact_id>/refuser", methods=["POST"])
@roles_required(Role.TRAINEE)
def decline(contact_id: int) -> WResponse | str:
    me = _me()
    contact = access.own_contact(me, contact_id)
    form = DeclineContactForm()
    if form.validate_on_submit():
        saved = commit_or_explain(
            lambda: company_service.decline_contact(me, contact, message=form.message.data or ""),
            refused=company_service.CompanyError,
            done=_("C'est refusé. L'entreprise ne reçoit pas vos coordonnées."),
            then=url_for("showcase.contact", contact_id=contact_id),
        )
        if saved is not None:
            return saved
    return _contact_page(contact_id, decline_form=form)


@bp.route("/vitrine/contacts/<int:contact_id>/message", methods=["POST"])
@roles_required(Role.TRAINEE)
def message(contact_id: int) -> WResponse | str:
    me = _me()
    contact = access.own_contact(me, contact_id)
    form = MessageForm()
    if form.validate_on_submit():
        saved = commit_or_explain(
            lambda: company_service.post_message(me, contact, form.body.data or ""),
            refused=company_service.CompanyError,
            done=_("Message envoyé."),
            then=url_for("showcase.contact", contact_id=contact_id),
        )
        if saved is not None:
            return saved
    return _contact_page(contact_id, message_form=form)


# --- private links -------------------------------------------------------------------------


def _links_page(form: PrivateLinkForm | None = None, created: dict[str, str] | None = None) -> str:
    me = _me()
    now = utcnow()
    return render_template(
        "showcase/links.html",
        form=form or PrivateLinkForm(formdata=None),
        links=service.private_links(me),
        now=now,
        created=created,
        showcase=service.showcase_of(me),
        confirm=ConfirmForm(),
    )


@bp.route("/vitrine/liens")
@roles_required(Role.TRAINEE)
def links() -> str:
    return _links_page()


@bp.route("/vitrine/liens", methods=["POST"])
@roles_required(Role.TRAINEE)
def create_link() -> str:
    form = PrivateLinkForm()
    if not form.validate_on_submit():
        return _links_page(form)
    try:
        link, token = service.create_private_link(_me(), form.label.data or "", form.days.data or 0)
    except service.ShowcaseError as err:
        db.session.rollback()
        flash(str(err), "error")
        return _links_page(form)
    db.session.commit()
    url = url_for("showcase.private_link", token=token, _external=True)
    qr = segno.make(url, error="m")
    # The token is never stored: this answer is the only time the link is shown.
    return _links_page(
        created={
            "url": url,
            "label": link.label,
            "qr": qr.svg_data_uri(scale=6, border=2, dark="#000000", light="#ffffff"),
        }
    )


@bp.route("/vitrine/liens/<int:link_id>/retirer", methods=["POST"])
@roles_required(Role.TRAINEE)
def revoke_link(link_id: int) -> WResponse:
    if ConfirmForm().validate_on_submit():
        try:
            service.revoke_private_link(_me(), link_id)
        except service.ShowcaseError:
            db.session.rollback()
            abort(404)
        db.session.commit()
        flash(_("Le lien est retiré : il ne marche plus."), "success")
    return redirect(url_for("showcase.links"))


# --- offers --------------------------------------------------------------------------------


@bp.route("/vitrine/offres")
@roles_required(Role.TRAINEE)
def offers() -> str:
    me = _me()
    return render_template(
        "showcase/offers.html",
        matches=company_service.offers_for_trainee(me),
        has_project=service.project_of(me) is not None,
        kind_labels=service.KIND_LABELS,
    )


def _offer_page(offer_id: int, form: OfferAnswerForm | None = None) -> str:
    me = _me()
    offer = access.site_offer(me, offer_id)
    showcase = service.showcase_of(me)
    return render_template(
        "showcase/offer.html",
        offer=offer,
        kind_labels=service.KIND_LABELS,
        answer=company_service.answer_of(me, offer),
        online=showcase is not None and service.is_visible(showcase),
        form=form or OfferAnswerForm(formdata=None),
    )


@bp.route("/vitrine/offres/<int:offer_id>")
@roles_required(Role.TRAINEE)
def offer(offer_id: int) -> str:
    return _offer_page(offer_id)


@bp.route("/vitrine/offres/<int:offer_id>/repondre", methods=["POST"])
@roles_required(Role.TRAINEE)
def answer_offer(offer_id: int) -> WResponse | str:
    me = _me()
    offer = access.site_offer(me, offer_id)
    form = OfferAnswerForm()
    if form.validate_on_submit():
        saved = commit_or_explain(
            lambda: company_service.answer_offer(me, offer, form.message.data or ""),
            refused=company_service.CompanyError,
            done=_("Votre réponse est envoyée avec votre vitrine."),
            then=url_for("showcase.offer", offer_id=offer_id),
        )
        if saved is not None:
            return saved
    return _offer_page(offer_id, form)


# --- notices -------------------------------------------------------------------------------


@bp.route("/vitrine/avis")
@writes_on_read
@roles_required(Role.TRAINEE, Role.REFERENT)
def notifications() -> str:
    me = _me()
    notices = notices_of(me)
    mark_all_read(me)
    db.session.commit()
    return render_template("showcase/notices.html", notices=notices)


# --- the referent: approvals and follow-up -------------------------------------------------


@bp.route("/vitrine/validations")
@roles_required(Role.REFERENT, Role.ADMIN)
def approvals() -> str:
    return render_template("showcase/approvals.html", pending=service.pending_approvals(_me()))


def _staff_photo_url(showcase_id: int) -> Any:
    return lambda pid, thumb=False: url_for(
        "showcase.staff_photo", showcase_id=showcase_id, photo_id=pid, vignette=1 if thumb else None
    )


@bp.route("/vitrine/validations/<int:showcase_id>", methods=["GET", "POST"])
@roles_required(Role.REFERENT, Role.ADMIN)
def approval(showcase_id: int) -> WResponse | str:
    me = _me()
    showcase = access.staff_showcase(me, showcase_id)
    form = ApprovalForm()
    if form.validate_on_submit():
        decision = request.form.get("decision")
        if decision not in ("approve", "refuse"):
            flash(_("Choisissez : valider ou demander des changements."), "error")
        else:
            try:
                service.approve_or_refuse(
                    me, showcase, approve=decision == "approve", note=form.note.data or ""
                )
            except service.ShowcaseError as err:
                db.session.rollback()
                flash(str(err), "error")
            else:
                db.session.commit()
                flash(
                    _("La vitrine est validée : elle est en ligne.")
                    if decision == "approve"
                    else _("Votre demande de changements est envoyée."),
                    "success",
                )
                return redirect(url_for("showcase.approvals"))
    return render_template(
        "showcase/approval.html",
        showcase=showcase,
        public=service.public_showcase(showcase),
        form=form,
        photo_url=_staff_photo_url(showcase.id),
        trace_url=None,
    )


@bp.route("/vitrine/validations/<int:showcase_id>/photos/<int:photo_id>")
@roles_required(Role.REFERENT, Role.ADMIN)
def staff_photo(showcase_id: int, photo_id: int) -> Response:
    showcase = access.staff_showcase(_me(), showcase_id)
    return _photo_response(
        service.showcase_photo(showcase, photo_id), thumbnail=request.args.get("vignette") == "1"
    )


@bp.route("/vitrine/suivi/<int:trainee_id>")
@roles_required(Role.REFERENT, Role.ADMIN)
def followed(trainee_id: int) -> str:
    trainee = access.visible_trainee(_me(), trainee_id)
    showcase = service.showcase_of(trainee)
    return render_template(
        "showcase/followed.html",
        trainee=trainee,
        showcase=showcase,
        state=_state(showcase),
        contacts=company_service.contacts_of_trainee(trainee),
        views=service.views_of(trainee, limit=20),
    )


# --- the private link, for someone outside the platform ------------------------------------


def _link_or_page(token: str) -> tuple[service.LinkState, str | None]:
    state = service.resolve_private_link(token)
    if state.showcase is None:
        return state, render_template("showcase/link_closed.html", status=state.status)
    return state, None


@bp.route("/lien/<token>", endpoint="private_link")
@writes_on_read
def private_link(token: str) -> tuple[str, int] | str:
    state, closed = _link_or_page(token)
    if closed is not None or state.showcase is None or state.link is None:
        return closed or "", 404
    service.use_private_link(state.link)
    db.session.commit()
    return render_template(
        "showcase/link.html",
        public=service.public_showcase(state.showcase),
        photo_url=lambda pid, thumb=False: url_for(
            "showcase.link_photo", token=token, photo_id=pid, vignette=1 if thumb else None
        ),
        trace_url=lambda tid: url_for("showcase.link_trace", token=token, trace_id=tid),
    )


@bp.route("/lien/<token>/traces/<int:trace_id>", endpoint="link_trace")
def link_trace(token: str, trace_id: int) -> tuple[str, int] | str:
    state, closed = _link_or_page(token)
    if closed is not None or state.showcase is None:
        return closed or "", 404
    public = service.public_showcase(state.showcase)
    trace = public.trace(trace_id)
    if trace is None:
        abort(404)
    return render_template(
        "showcase/link_trace.html",
        public=public,
        trace=trace,
        photo_url=lambda pid, thumb=False: url_for(
            "showcase.link_photo", token=token, photo_id=pid, vignette=1 if thumb else None
        ),
        back_url=url_for("showcase.private_link", token=token),
    )


@bp.route("/lien/<token>/photos/<int:photo_id>", endpoint="link_photo")
def link_photo(token: str, photo_id: int) -> Response:
    state = service.resolve_private_link(token)
    if state.showcase is None:
        abort(404)
    return _photo_response(
        service.showcase_photo(state.showcase, photo_id),
        thumbnail=request.args.get("vignette") == "1",
    )
