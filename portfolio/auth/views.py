"""Log in, log out, change password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from portfolio.auth.forms import ChangePasswordForm, LoginForm
from portfolio.extensions import db, limiter
from portfolio.pwa.services.push import forget_browser
from portfolio.security import safe_next
from portfolio.services.accounts import (
    AccountError,
    WeakPassword,
    authenticate,
    change_password,
    end_other_sessions,
)
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext

bp = Blueprint("auth", __name__, template_folder="templates")


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _login_key() -> str:
    # Limit per address and, separately, per account typed, so one account cannot be
    # brute-forced from many addresses either.
    return "login:" + (request.form.get("login", "").strip().lower()[:80] or "-")


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, key_func=_login_key, methods=["POST"])
def login() -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.login.data or "", form.password.data or "")
        if user is None:
            flash(_("Identifiant ou mot de passe incorrect."), "error")
        else:
            db.session.commit()
            login_user(user)
            if user.must_change_password:
                flash(_("Bienvenue ! Choisissez maintenant votre propre mot de passe."), "info")
                return redirect(url_for("auth.change_password"))
            return redirect(safe_next(request.args.get("next"), url_for("main.home")))
    return render_template("auth/login.html", form=form)


@bp.route("/deconnexion", methods=["POST"])
@login_required
def logout() -> Response:
    end_other_sessions(current_user)
    # This browser's Web Push subscription (static/js/pwa.js adds it to the form): the next
    # person on a shared phone must not see this one's notifications.
    forget_browser(current_user, request.form.get("push_endpoint"))
    db.session.commit()
    logout_user()
    flash(_("Vous êtes déconnecté(e)."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/mot-de-passe", methods=["GET", "POST"], endpoint="change_password")
@login_required
def change_password_view() -> Response | str:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            revoked = change_password(
                user, form.current.data or "", form.new.data or "", form.confirm.data or ""
            )
        except (AccountError, WeakPassword) as err:
            db.session.rollback()
            flash(str(err), "error")
        else:
            db.session.commit()
            # The token changed: log this browser in again with the new one.
            login_user(user)
            flash(
                _("Votre mot de passe est changé. Vos autres connexions sont fermées."), "success"
            )
            if not revoked:
                return redirect(url_for("main.home"))
            # The settings page lists them as deleted, beside the rule in plain words.
            flash(
                ngettext(
                    "Votre jeton d'accès ne marche plus : une application qui l'utilisait "
                    "a besoin d'un nouveau jeton.",
                    "Vos %(num)d jetons d'accès ne marchent plus : une application qui les "
                    "utilisait a besoin d'un nouveau jeton.",
                    revoked,
                ),
                "info",
            )
            return redirect(url_for("settings.index") + "#jetons")
    return render_template("auth/change_password.html", form=form)
