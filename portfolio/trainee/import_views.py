"""/mon-suivi/import: the trainee brings back the portfolio ZIP exported from an E2C.

Three steps, each a plain form (no script needed): send the file (it is checked, then kept
in the file store under ``imports/`` and named in the session, never by an address), read
the preview (``GET`` shows it while a file waits), confirm or cancel. The rules are in
`trainee.services.zip_import`; a file left waiting is removed by ``photos cleanup`` after an
hour, or at once when the import is confirmed or cancelled.
"""

from __future__ import annotations

import io
from typing import Any

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WResponse

from portfolio.extensions import db
from portfolio.models import Role, User
from portfolio.security import roles_required
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l
from portfolio.services.i18n import ngettext
from portfolio.storage import StorageUnavailable, new_key
from portfolio.trainee.forms import ImportConfirmForm, ImportUploadForm
from portfolio.trainee.services import zip_import
from portfolio.trainee.services.inputs import IMPORT_PREFIX
from portfolio.trainee.services.photos import _delete_quietly, format_bytes, photo_storage
from portfolio.trainee.views import bp

PENDING = "portfolio_import"
SKIPPED_SHOWN = 5
LEFT_OUT_LABELS = {
    "referent": _l("Niveaux donnés par un référent"),
    "tutor": _l("Niveaux donnés par un tuteur de stage"),
    "game": _l("Niveaux venus du jeu"),
    "other": _l("Autres niveaux"),
    "game_traces": _l("Traces faites par le jeu"),
    "notes": _l("Notes de l'équipe"),
    "reviews": _l("Bilans"),
    "objectives": _l("Objectifs"),
    "internships": _l("Stages"),
}


def _pending() -> dict[str, Any] | None:
    value = session.get(PENDING)
    mine = isinstance(value, dict) and value.get("user") == current_user.id
    return value if mine else None


def _drop_pending() -> None:
    value = session.pop(PENDING, None)
    if isinstance(value, dict) and isinstance(value.get("key"), str):
        _delete_quietly([(photo_storage(), value["key"])])


def _read_upload(form: ImportUploadForm) -> bytes | None:
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        flash(_("Choisissez le fichier ZIP de votre portfolio."), "error")
        return None
    limit = int(current_app.config["IMPORT_MAX_BYTES"])
    raw: bytes = upload.read(limit + 1)
    if len(raw) > limit:
        flash(
            _(
                "Ce fichier est trop lourd (%(max)s au plus). Rien n'a été importé.",
                max=format_bytes(limit),
            ),
            "error",
        )
        return None
    return raw


def _keep(raw: bytes, digest: str) -> bool:
    key = new_key(prefix=IMPORT_PREFIX, suffix=".zip")
    try:
        photo_storage().put(key, raw)
    except StorageUnavailable:
        flash(
            _("Le fichier ne peut pas être gardé pour le moment. Réessayez dans quelques minutes."),
            "error",
        )
        return False
    _drop_pending()
    session[PENDING] = {"key": key, "digest": digest, "user": current_user.id}
    return True


def _waiting_file(pending: dict[str, Any]) -> bytes | None:
    try:
        return photo_storage().get(pending["key"])
    except (FileNotFoundError, StorageUnavailable, KeyError, TypeError):
        session.pop(PENDING, None)
        flash(_("Le fichier envoyé n'est plus là. Envoyez-le à nouveau."), "error")
        return None


@bp.route("/mon-suivi/import", methods=["GET", "POST"])
@roles_required(Role.TRAINEE)
def import_portfolio() -> WResponse | str:
    """Send the ZIP (POST), then read what it would bring (GET while a file waits)."""
    me: User = current_user
    form = ImportUploadForm()
    if form.validate_on_submit():
        raw = _read_upload(form)
        if raw is not None:
            try:
                seen = zip_import.preview(me, io.BytesIO(raw))
            except zip_import.ImportRefused as err:
                flash(str(err), "error")
            else:
                if _keep(raw, seen.content.digest):
                    return redirect(url_for(".import_portfolio"))
        return redirect(url_for(".import_portfolio"))
    preview = None
    pending = _pending()
    if pending is not None and (raw := _waiting_file(pending)) is not None:
        try:
            preview = zip_import.preview(me, io.BytesIO(raw))
        except zip_import.ImportRefused as err:
            _drop_pending()
            flash(str(err), "error")
    confirm = ImportConfirmForm(digest=preview.content.digest if preview else "")
    return render_template(
        "trainee/import.html",
        form=form,
        preview=preview,
        confirm=confirm,
        format_bytes=format_bytes,
        left_out_labels=LEFT_OUT_LABELS,
    )


@bp.route("/mon-suivi/import/confirmer", methods=["POST"])
@roles_required(Role.TRAINEE)
def confirm_import() -> WResponse:
    me: User = current_user
    form = ImportConfirmForm()
    pending = _pending()
    back = redirect(url_for(".import_portfolio"))
    if not form.validate_on_submit() or pending is None:
        flash(_("Envoyez d'abord le fichier de votre portfolio."), "error")
        return back
    if not form.mine.data:
        flash(_("Cochez la case pour dire que c'est bien votre portfolio."), "error")
        return back
    raw = _waiting_file(pending)
    if raw is None:
        return back
    try:
        result = zip_import.import_portfolio(me, io.BytesIO(raw), str(form.digest.data or ""))
    except zip_import.ImportRefused as err:
        db.session.rollback()
        _drop_pending()
        flash(str(err), "error")
        return back
    db.session.commit()
    _drop_pending()
    record = result.record
    flash(
        ngettext(
            "Votre portfolio est importé : %(num)d trace ajoutée, marquée « Importé ».",
            "Votre portfolio est importé : %(num)d traces ajoutées, marquées « Importé ».",
            record.traces,
        ),
        "success",
    )
    if result.skipped:
        shown = " · ".join(result.skipped[:SKIPPED_SHOWN])
        more = len(result.skipped) - SKIPPED_SHOWN
        if more > 0:
            shown += " " + _("(et %(n)d autres)", n=more)
        flash(_("Laissé de côté : %(list)s", list=shown), "info")
    return redirect(url_for(".traces"))


@bp.route("/mon-suivi/import/annuler", methods=["POST"])
@roles_required(Role.TRAINEE)
def cancel_import() -> WResponse:
    form = ImportConfirmForm()
    if form.validate_on_submit():
        _drop_pending()
        flash(_("Import annulé : rien n'a été ajouté."), "success")
    return redirect(url_for(".import_portfolio"))
