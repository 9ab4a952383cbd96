"""Password reset by e-mail, one-click unsubscribe, and the e-mail choice of the settings page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from portfolio.extensions import csrf, db, limiter
from portfolio.models import User
from portfolio.notifications import mailer
from portfolio.notifications.forms import ForgotForm, FrequencyForm, ResetForm, UnsubscribeForm
from portfolio.notifications.services import preferences
from portfolio.notifications.services.outbox import in_language_of
from portfolio.notifications.services.reset import (
    LIFETIME,
    IssuedReset,
    complete_reset,
    find_reset,
    request_reset,
)
from portfolio.services.accounts import AccountError, WeakPassword
from portfolio.services.i18n import gettext as _
from portfolio.settings.views import add_settings_context

bp = Blueprint("notifications", __name__, template_folder="templates")


def _reset_limit() -> str:
    return str(current_app.config["PASSWORD_RESET_RATE_LIMIT"])


def _reset_key() -> str:
    return "reset:" + (request.form.get("identifier", "").strip().lower()[:254] or "-")


def _reset_letter(issued: IssuedReset) -> mailer.Letter:
    user = issued.user
    with in_language_of(user):
        context: dict[str, Any] = {
            "user": user,
            "link": url_for("notifications.reset_password", token=issued.secret, _external=True),
            "minutes": int(LIFETIME.total_seconds() // 60),
        }
        return mailer.Letter(
            to=str(user.email),
            subject=_("Choisir un nouveau mot de passe"),
            text=render_template("notifications/reset_mail.txt", **context),
            html=render_template("notifications/reset_mail.html", **context),
        )


def _send_later(app: Flask, letter: mailer.Letter) -> Callable[[], None]:
    def send() -> None:
        with app.app_context():
            mailer.send(letter)  # a failure is logged; the answer was the same anyway

    return send


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_reset_limit, key_func=_reset_key, methods=["POST"])
def forgot_password() -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for("auth.change_password"))
    form = ForgotForm()
    if form.validate_on_submit():
        issued = request_reset(form.identifier.data or "")
        db.session.commit()
        response = make_response(render_template("notifications/forgot_sent.html"))
        if issued is not None:
            # Sent once the answer has left: the SMTP wait does not tell that the account exists.
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            response.call_on_close(_send_later(app, _reset_letter(issued)))
        return response
    return render_template("notifications/forgot.html", form=form)


@bp.route("/mot-de-passe-oublie/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Response | tuple[str, int] | str:
    reset = find_reset(token)
    if reset is None:
        return render_template("notifications/reset_expired.html"), 404
    form = ResetForm()
    if form.validate_on_submit():
        try:
            user = complete_reset(reset, form.new.data or "", form.confirm.data or "")
        except (AccountError, WeakPassword) as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            logout_user()
            login_user(user)
            flash(_("Votre mot de passe est changé. Vous êtes connecté(e)."), "success")
            return redirect(url_for("main.home"))
    return render_template("notifications/reset.html", form=form)


@bp.route("/desabonnement/<token>", methods=["GET", "POST"])
@csrf.exempt  # mail clients post "List-Unsubscribe=One-Click" (RFC 8058): the token is the proof
def unsubscribe(token: str) -> tuple[str, int] | str:
    user = preferences.user_for_unsubscribe(token)
    if user is None:
        return render_template("notifications/unsubscribe.html", user=None), 404
    if request.method == "POST":
        preferences.unsubscribe(user)
        db.session.commit()
        return render_template("notifications/unsubscribe.html", user=user, done=True)
    return render_template(
        "notifications/unsubscribe.html", user=user, done=False, form=UnsubscribeForm()
    )


@bp.route("/parametres/e-mails", methods=["POST"])
@login_required
def preferences_view() -> Response:
    form = FrequencyForm()
    if not form.validate_on_submit():
        flash(_("Choisissez quand recevoir les e-mails."), "error")
        return redirect(url_for("settings.index") + "#e-mails")
    try:
        preferences.set_frequency(current_user, form.frequency.data)
    except preferences.MailError as err:
        db.session.rollback()
        flash(str(err), "error")
    else:
        db.session.commit()
        flash(_("C'est noté."), "success")
    return redirect(url_for("settings.index") + "#e-mails")


def _settings_context(user: User) -> dict[str, Any]:
    frequency = preferences.frequency_of(user)
    return {
        "show_mail_settings": user.role in preferences.READERS,
        "mail_form": FrequencyForm(formdata=None, frequency=frequency.value),
        "mail_reachable": preferences.can_receive(user),
    }


add_settings_context(_settings_context)
