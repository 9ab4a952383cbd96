"""The team's coverage map: which competencies the site's pedagogy works on, observes, or leaves
out. Referents and site admins see their site; network admins pick a site. A cohort is the
trainees one referent of the site follows. Another site, or a referent of another site: 404.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from portfolio.activities.coverage_svg import heatmap
from portfolio.activities.services.coverage import Coverage, Status, coverage
from portfolio.activities.views import STAFF, bp
from portfolio.extensions import db
from portfolio.models import Role, Site, User
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.i18n import gettext as _
from portfolio.template_globals import _reader


def _scope() -> tuple[Site | None, User | None, list[Site], list[User]]:
    """The site and cohort asked for (404 if out of reach), and the choices the page offers."""
    viewer: User = current_user
    sites: list[Site] = []
    raw_site = request.args.get("site", "")
    if viewer.site_id is None:  # a network admin picks a site
        active = select(Site).where(Site.active.is_(True)).order_by(Site.name)
        sites = list(db.session.scalars(active))
        site = access.team_site(viewer, _id(raw_site)) if raw_site else None
    else:
        site = access.team_site(viewer, _id(raw_site) if raw_site else viewer.site_id)
    if site is None:
        return None, None, sites, []
    raw_referent = request.args.get("cohorte", "")
    referent = access.team_referent(viewer, site, _id(raw_referent)) if raw_referent else None
    referents = list(
        db.session.scalars(
            select(User)
            .where(User.site_id == site.id, User.role == Role.REFERENT, User.active.is_(True))
            .order_by(User.last_name, User.first_name, User.id)
        )
    )
    return site, referent, sites, referents


def _id(raw: str) -> int:
    """A query-string id; anything else names nothing (the guards answer 404 for 0)."""
    return int(raw) if raw.isdigit() and len(raw) < 11 else 0


def _args(result: Coverage) -> dict[str, Any]:
    args: dict[str, Any] = {}
    if current_user.site_id is None:
        args["site"] = result.site.id
    if result.referent is not None:
        args["cohorte"] = result.referent.id
    return args


def status_words(status: Status) -> str:
    return {
        Status.RECENT: _("Observée ces 3 derniers mois"),
        Status.OLD: _("Pas observée depuis 3 mois"),
        Status.NEVER: _("Jamais observée"),
    }[status]


@bp.route("/activites/couverture")
@roles_required(*STAFF)
def coverage_page() -> str:
    site, referent, sites, referents = _scope()
    result = coverage(site, referent) if site is not None else None
    language = _reader()
    maps = (
        [heatmap(fc, language, f"cov-{n}") for n, fc in enumerate(result.frameworks)]
        if result
        else []
    )
    return render_template(
        "activities/coverage.html",
        result=result,
        maps=maps,
        sites=sites,
        referents=referents,
        status_words=status_words,
        csv_args=_args(result) if result else {},
        language=language,
    )


@bp.route("/activites/couverture.csv")
@roles_required(*STAFF)
def coverage_csv() -> Response:
    site, referent, _sites, _referents = _scope()
    if site is None:  # a network admin who has not chosen a site
        abort(404)
    result = coverage(site, referent)
    language = _reader()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Référentiel"),
            _("Domaine"),
            _("Code"),
            _("Compétence"),
            _("Activités du catalogue"),
            _("Observations sur 3 mois"),
            _("Observations en tout"),
            _("État"),
        ]
    )
    for fc in result.frameworks:
        for dc in fc.domains:
            for cell in dc.cells:
                c = cell.competency
                writer.writerow(
                    [
                        fc.framework.id,
                        dc.domain.code,
                        c.code,
                        c.official(language),
                        cell.activities,
                        cell.recent,
                        cell.ever,
                        status_words(cell.status),
                    ]
                )
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="couverture.csv"'},
    )
