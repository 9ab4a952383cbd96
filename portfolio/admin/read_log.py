"""The site admin's log of reads (/admin/lectures): who opened which trainee's records, when.

Filters by person, trainee and date range. A person or trainee of another site answers 404
(``access.managed_user``). The rows are written by ``services.ledger.record_read``.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from portfolio.admin.forms import ReadLogForm
from portfolio.admin.views import bp
from portfolio.extensions import db
from portfolio.models import Role, User
from portfolio.security import roles_required
from portfolio.services import access, ledger
from portfolio.services.access import users_manageable_by
from portfolio.services.i18n import gettext as _


def _chosen_user(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or not access.valid_id(int(raw)):
        abort(404)
    return access.managed_user(current_user, int(raw)).id


def _choices(roles: tuple[Role, ...]) -> list[tuple[str, str]]:
    people = db.session.scalars(
        users_manageable_by(current_user).where(User.role.in_(roles)).limit(1000)
    )
    return [("", _("Tout le monde"))] + [(str(u.id), u.full_name) for u in people]


@bp.route("/lectures")
@roles_required(Role.ADMIN)
def read_log() -> str:
    form = ReadLogForm(request.args)
    form.lecteur.choices = _choices((Role.REFERENT, Role.ADMIN, Role.COMPANY))
    form.stagiaire.choices = _choices((Role.TRAINEE,))
    rows = []
    if form.validate():
        chosen = ledger.LogFilter(
            reader_id=_chosen_user(form.lecteur.data),
            trainee_id=_chosen_user(form.stagiaire.data),
            start=form.du.data,
            end=form.au.data,
        )
        if chosen.start and chosen.end and chosen.start > chosen.end:
            form.au.errors = [_("La date de fin vient avant la date de début.")]
        else:
            rows = ledger.read_log(current_user, chosen)
    return render_template(
        "admin/read_log.html",
        form=form,
        rows=rows,
        reader_label=ledger.reader_label,
        labels=ledger.read_labels(),
        limit=ledger.ADMIN_LIMIT,
    )
