"""The site cohort for admins (/referent/site/cohorte): every trainee of a site, seen together.

Its own small blueprint, because the admin blueprint's pages live under /admin and this
page's address predates the move. It shows the referent's cohort template, for a site.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.main.views import add_nav
from portfolio.models import Role, Site, User, utcnow
from portfolio.referent.labels import page_context
from portfolio.referent.services import cohort as cohorts
from portfolio.security import roles_required
from portfolio.services.frameworks import chosen_framework
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l

bp = Blueprint("admin_cohort", __name__)

add_nav(Role.ADMIN, "admin_cohort.site_cohort", _l("Cohorte du site"))


@bp.route("/referent/site/cohorte")
@roles_required(Role.ADMIN)
def site_cohort() -> str:
    admin: User = current_user
    query = select(Site).where(Site.active.is_(True)).order_by(Site.name)
    if admin.site_id is not None:
        query = query.where(Site.id == admin.site_id)
    sites = list(db.session.scalars(query))
    wanted = request.args.get("site", type=int)
    site = next((s for s in sites if s.id == wanted), None) if wanted else None
    if wanted and site is None:
        abort(404)
    if site is None and admin.site_id is not None:
        site = sites[0] if sites else None
    fw = chosen_framework(request.args.get("referentiel"))
    result = cohorts.cohort(cohorts.trainees_of_site(site), framework_id=fw.id) if site else None
    return render_template(
        "referent/cohort.html",
        cohort=result,
        switch_args={"site": site.id} if site and admin.site_id is None else {},
        title=_("Cohorte du site"),
        site=site,
        sites=sites if admin.site_id is None else [],
        link_trainees=False,
        now=utcnow(),
        **page_context(fw),
    )
