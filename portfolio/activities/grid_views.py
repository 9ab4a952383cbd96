"""The collective observation grid of a session (staff of its site), on one phone screen.

Without JavaScript each cell is a <select>; static/js/grid.js turns it into a button that
cycles "—" → "observé" → levels with one tap, and keeps a draft in localStorage so a network
drop loses nothing. The page makes the grid's key when it opens (a UUID in a hidden field).
"""

from __future__ import annotations

import uuid

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WResponse

from portfolio.activities.forms import ConfirmForm
from portfolio.activities.services import grid as svc
from portfolio.activities.views import STAFF, bp
from portfolio.flows import commit_or_explain
from portfolio.models import NoteVisibility
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.i18n import gettext as _


@bp.route("/seances/<int:session_id>/grille", methods=["GET", "POST"])
@roles_required(*STAFF)
def grid(session_id: int) -> WResponse | tuple[str, int] | str:
    item = access.team_session(current_user, session_id)
    form = ConfirmForm()
    key = str(uuid.uuid4())
    sent: dict[str, str] = {}
    status = 200
    if form.validate_on_submit():
        sent = {k: v for k, v in request.form.items()}
        key = sent.get("cle", key)
        data = svc.parse_form(request.form)
        done = commit_or_explain(
            lambda: svc.save_grid(current_user, item, data),
            refused=svc.GridError,
            done=_("Grille enregistrée."),
            then=url_for(".session", session_id=item.id),
        )
        if done is not None:
            return done
        if svc.already_saved(key):  # sent twice: the message said so, the grid is done
            return redirect(url_for(".session", session_id=item.id))
        status = 422
    elif request.method == "POST":
        status = 422
    page = render_template(
        "activities/grid.html",
        session=item,
        form=form,
        key=key,
        sent=sent,
        columns=svc.columns(item),
        rows=svc.rows(current_user, item),
        observed=svc.OBSERVED,
        shared=NoteVisibility.SHARED.value,
        team=NoteVisibility.TEAM.value,
        saved_keys=svc.saved_keys(item),
    )
    return (page, status) if status != 200 else page
