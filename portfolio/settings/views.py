"""The "Paramètres" page: language and password for everyone; API tokens for trainees.

A new token's secret is shown once, in the answer to the form that created it, and never
again: it is not stored (only its SHA-256 is), not put in the session cookie, not flashed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portfolio.extensions import db
from portfolio.main.views import add_nav
from portfolio.models import ApiToken, Role, User, utcnow
from portfolio.security import roles_required
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.services.tokens import (
    IssuedToken,
    TokenError,
    issue_token,
    revoke_token,
    user_tokens,
)
from portfolio.settings.forms import SCOPE_LABELS, ConfirmForm, TokenForm

bp = Blueprint("settings", __name__, template_folder="templates")

for _role in Role:
    add_nav(_role, "settings.index", _l("Paramètres"))

# Other features add a section to this page: a function (user) -> template variables,
# plus a template "settings/_<feature>.html" included by settings/index.html.
# The game-link feature ("Jeu") plugs in here: see the marked block in index.html.
CONTEXT_PROVIDERS: list[Callable[[User], dict[str, Any]]] = []


def add_settings_context(provider: Callable[[User], dict[str, Any]]) -> None:
    if provider not in CONTEXT_PROVIDERS:
        CONTEXT_PROVIDERS.append(provider)


def _token_state(token: ApiToken) -> str:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at <= utcnow():
        return "expired"
    return "active"


def _render(form: TokenForm | None = None, issued: IssuedToken | None = None) -> str:
    user: User = current_user
    context: dict[str, Any] = {}
    for provider in CONTEXT_PROVIDERS:
        context.update(provider(user))
    tokens = user_tokens(user) if user.role is Role.TRAINEE else []
    return render_template(
        "settings/index.html",
        token_form=form or TokenForm(formdata=None),
        confirm_form=ConfirmForm(),
        tokens=[(t, _token_state(t)) for t in tokens],
        scope_labels=SCOPE_LABELS,
        issued=issued,
        **context,
    )


@bp.route("/parametres")
@login_required
def index() -> str:
    return _render()


@bp.route("/parametres/jetons", methods=["POST"])
@roles_required(Role.TRAINEE)
def create_token() -> str:
    form = TokenForm()
    if not form.validate_on_submit():
        return _render(form)
    try:
        issued = issue_token(
            current_user,
            form.name.data or "",
            set(form.scopes.data or []),
            timedelta(days=int(form.days.data or "30")),
        )
    except TokenError as err:
        db.session.rollback()
        flash(str(err), "error")
        return _render(form)
    db.session.commit()
    # Rendered directly (no redirect): the secret must not travel through the session.
    return _render(issued=issued)


@bp.route("/parametres/jetons/<int:token_id>/supprimer", methods=["POST"])
@roles_required(Role.TRAINEE)
def revoke(token_id: int) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not revoke_token(current_user, token_id):
        abort(404)
    db.session.commit()
    flash(_("Le jeton est supprimé. Il ne marche plus."), "success")
    return redirect(url_for("settings.index") + "#jetons")
