"""Open Badges pages. The public ones (blueprint ``proofs``, no account needed): what wallets
and employers fetch (the issuer's profile, its public keys, its revocation list, the
competencies as achievements), a page per badge and the verification page. The trainee's
download stays on the exits blueprint."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, make_response, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from portfolio.exits.services import badges
from portfolio.exits.services.keys import jwks
from portfolio.exits.views import bp
from portfolio.models import Role
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.frameworks import frameworks
from portfolio.services.i18n import lazy_gettext as _l

proofs = Blueprint("proofs", __name__, template_folder="templates")


class VerifyForm(FlaskForm):
    token = TextAreaField(_l("Le badge (un long texte qui commence par « eyJ »)"))


def _json(data: dict[str, Any], mimetype: str = "application/json") -> Response:
    response = jsonify(data)
    response.mimetype = mimetype
    response.headers["Access-Control-Allow-Origin"] = "*"  # wallets fetch these from anywhere
    return response


@proofs.route("/badges/emetteurs/<slug>")
def issuer(slug: str) -> Response:
    site = access.public_site(slug)
    return _json({"@context": badges.CONTEXT, **badges.issuer_profile(site)}, "application/ld+json")


@proofs.route("/badges/emetteurs/<slug>/cles.json")
def issuer_keys(slug: str) -> Response:
    return _json(jwks(access.public_site(slug)), "application/jwk-set+json")


@proofs.route("/badges/statut/<slug>")
def status_list(slug: str) -> Response:
    site = access.public_site(slug)
    response = make_response(badges.status_list_credential(site))
    response.mimetype = "application/vc+jwt"
    response.headers["Cache-Control"] = "max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@proofs.route("/badges/competences/<framework_id>/<competency_id>")
def competency(framework_id: str, competency_id: str) -> Response:
    fw, found = access.public_competency(framework_id, competency_id)
    return _json(
        {"@context": badges.CONTEXT, **badges.achievement(fw, found)}, "application/ld+json"
    )


@proofs.route("/badges/<public_id>")
def badge(public_id: str) -> Response:
    item = access.public_badge(public_id)
    fw = frameworks()["e2c-apc"]
    response = make_response(
        render_template(
            "exits/badge.html",
            item=item,
            competency=fw.get(item.competency_id),
            level=fw.level(item.level),
        )
    )
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@proofs.route("/badges/verifier", methods=["GET", "POST"])
def verify_badge() -> Response | tuple[Response, int]:
    if request.is_json:
        body = request.get_json(silent=True)
        answer = badges.verify(body.get("jwt") if isinstance(body, dict) else None)
        return _json({"valid": answer.valid, "message": answer.message}), 200
    form = VerifyForm()
    result: badges.Verification | None = None
    if form.validate_on_submit():
        upload = request.files.get("fichier")
        token: object = form.token.data
        if upload is not None and upload.filename:
            token = upload.read(badges.MAX_TOKEN + 1).decode("utf-8", "replace")
        result = badges.verify(token)
    return make_response(render_template("exits/verify_badge.html", form=form, result=result))


@bp.route("/mon-suivi/badges/<int:badge_id>/telecharger")
@roles_required(Role.TRAINEE)
def download_badge(badge_id: int) -> Response:
    item = access.trainee_badge(current_user, badge_id)
    response = make_response(item.credential_jwt)
    response.mimetype = "application/vc+jwt"
    name = f"badge-{item.competency_id.lower()}-niveau-{item.level}.jwt"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
