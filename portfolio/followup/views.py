"""The referent's follow-up pages: every young person who left with their year of contacts
(/referent/sortis), one planned contact (/referent/suivi/<id>), recording it, and the
"comment ça va ?" message to the young person. The caseload lists the contacts to make now
(``referent.views.caseload``, section "Suivi après la sortie")."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WResponse

from portfolio.exits.services.exits import outcome_label
from portfolio.flows import commit_or_explain
from portfolio.followup.forms import ContactForm, MessageForm
from portfolio.followup.labels import state_badge
from portfolio.followup.page import leaver_items
from portfolio.followup.services import contacts as svc
from portfolio.models import FollowUpContact, Role, User, utcnow
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.i18n import gettext as _
from portfolio.services.rules import ReferentError

bp = Blueprint("followup", __name__, template_folder="templates")


def _back() -> str:
    return url_for("referent.caseload") + "#suivi"


@bp.route("/referent/sortis")
@roles_required(Role.REFERENT)
def people() -> str:
    """Everyone the referent follows who left: those whose year is running, each contact done
    or to come; below, folded, those whose follow-up is over (kept until erasure)."""
    today = utcnow().date()
    everyone = svc.followed_leavers(current_user, today)
    over = [person for person in everyone if person.is_over(today)]
    running = [person for person in everyone if not person.is_over(today)]
    return render_template(
        "followup/people.html",
        running=leaver_items(running, heading=2),
        running_count=len(running),
        over=leaver_items(over, heading=2),
        over_count=len(over),
    )


@bp.route("/referent/suivi/<int:followup_id>", methods=["GET", "POST"])
@roles_required(Role.REFERENT)
def contact(followup_id: int) -> WResponse | str:
    item = access.followed_contact(current_user, followup_id)
    form = ContactForm(obj=item) if request.method == "GET" and item.done_on else ContactForm()
    if request.method == "GET" and item.done_on is None:
        form.done_on.data = utcnow().date()
    if form.validate_on_submit():
        done = commit_or_explain(
            lambda: svc.record_contact(
                current_user,
                item,
                svc.ContactInput(
                    done_on=form.done_on.data,
                    method=form.method.data,
                    situation=form.situation.data,
                    comment=form.comment.data or "",
                ),
            ),
            refused=ReferentError,
            done=_("Contact enregistré."),
            then=_back(),
        )
        if done:
            return done
    return _page(item, form, MessageForm(body=svc.default_message(item.trainee)))


@bp.route("/referent/suivi/<int:followup_id>/message", methods=["POST"])
@roles_required(Role.REFERENT)
def message(followup_id: int) -> WResponse | str:
    item = access.followed_contact(current_user, followup_id)
    form = MessageForm()
    if form.validate_on_submit():
        done = commit_or_explain(
            lambda: svc.send_message(current_user, item, form.body.data or ""),
            refused=ReferentError,
            done=_("Message envoyé à %(name)s.", name=item.trainee.first_name),
            then=_back(),
        )
        if done:
            return done
    return _page(item, ContactForm(formdata=None, done_on=utcnow().date()), form)


def _page(item: FollowUpContact, form: ContactForm, message_form: MessageForm) -> str:
    person: User = item.trainee
    return render_template(
        "followup/contact.html",
        item=item,
        person=person,
        form=form,
        message_form=message_form,
        state=svc.state_of(item, utcnow().date()),
        state_badge=state_badge,
        outcome_label=outcome_label,
        method_label=svc.method_label,
    )
