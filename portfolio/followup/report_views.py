"""The funders' report (/admin/rapports and /admin/rapports.csv): site admins for their site,
network admins for the network or one site. Numbers only (``followup.services.reports``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask import Response, abort, render_template, request
from flask_login import current_user

from portfolio.exits.services.exits import OUTCOME_LABELS, outcome_label
from portfolio.followup.forms import ReportForm
from portfolio.followup.services import reports
from portfolio.followup.views import bp
from portfolio.main.views import add_nav
from portfolio.models import Role, Site, User
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import lazy_gettext as _l

add_nav(Role.ADMIN, "followup.report", _l("Rapports"))


def situation_label(value: str) -> str:
    if value == reports.UNKNOWN:
        return _("Non renseigné")
    if value == reports.NOT_YET:
        return _("Pas encore le moment")
    return outcome_label(value)


def _situations() -> list[str]:
    return [o.value for o in OUTCOME_LABELS] + [reports.UNKNOWN, reports.NOT_YET]


def _chosen(form: ReportForm) -> tuple[Site | None, reports.Period | None, str]:
    """The site (None: the network) and the period asked for, or the reason it is refused."""
    admin: User = current_user
    raw_site = form.site.data or ""
    site: Site | None = None
    if raw_site:
        if not raw_site.isdigit():
            abort(404)
        site = access.managed_site(admin, int(raw_site))
    elif admin.site_id is not None:
        site = access.managed_site(admin, admin.site_id)
    year = (form.annee.data or "").strip()
    if year:
        if not (year.isdigit() and len(year) == 4 and 2000 <= int(year) <= 2100):
            return site, None, _("L'année s'écrit avec 4 chiffres, par exemple 2026.")
        return site, reports.year_period(int(year)), ""
    if form.du.data or form.au.data:
        default = reports.default_period()
        start, end = form.du.data or default.start, form.au.data or default.end
        if start > end:
            return site, None, _("La date de fin vient avant la date de début.")
        return site, reports.Period(start, end), ""
    return site, reports.default_period(), ""


def _sites(admin: User) -> list[Site]:
    from sqlalchemy import select

    from portfolio.extensions import db

    if admin.site_id is not None:
        return []
    return list(db.session.scalars(select(Site).where(Site.active.is_(True)).order_by(Site.name)))


@bp.route("/admin/rapports")
@roles_required(Role.ADMIN)
def report() -> str:
    form = ReportForm(request.args)
    sites = _sites(current_user)
    form.site.choices = [("", _("Tout le réseau"))] + [(str(s.id), s.name) for s in sites]
    form.validate()
    site, period, refused = _chosen(form)
    result = reports.build_report(site, period) if period and not form.errors else None
    return render_template(
        "followup/report.html",
        form=form,
        site=site,
        sites=sites,
        refused=refused,
        report=result,
        shown=reports.shown,
        small=reports.SMALL,
        outcomes=[o.value for o in OUTCOME_LABELS],
        situations=_situations(),
        outcome_label=outcome_label,
        situation_label=situation_label,
        csv_query=request.query_string.decode("ascii", "replace"),
    )


@bp.route("/admin/rapports.csv")
@roles_required(Role.ADMIN)
def report_csv() -> Response:
    form = ReportForm(request.args)
    form.site.choices = []
    form.validate()
    site, period, _refused = _chosen(form)
    if period is None or form.du.errors or form.au.errors:
        abort(404)
    result = reports.build_report(site, period)
    response = Response("\ufeff" + "".join(_csv_lines(result, site)), mimetype="text/csv")
    name = f"rapport-sorties-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _csv_lines(result: reports.Report, site: Site | None) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    shown = reports.shown
    writer.writerow([_("Rubrique"), _("Ligne"), _("Nombre")])
    writer.writerow([_("Périmètre"), site.name if site else _("Tout le réseau"), ""])
    period = f"{result.period.start.isoformat()} / {result.period.end.isoformat()}"
    writer.writerow([_("Période"), period, ""])
    writer.writerow([_("Sorties"), _("Total"), shown(result.exits)])
    for outcome in OUTCOME_LABELS:
        label = outcome_label(outcome)
        writer.writerow([_("Sorties par situation"), label, shown(result.by_outcome[outcome])])
    for month, counts in result.at_month.items():
        section = _("Situation à %(n)d mois", n=month)
        for value in _situations():
            writer.writerow([section, situation_label(value), shown(counts[value])])
    if result.enough:
        median = "" if result.median_days is None else f"{result.median_days:g}"
        writer.writerow([_("Parcours"), _("Durée médiane (jours)"), median])
        writer.writerow([_("Parcours"), _("Compétences acquises"), shown(result.competencies or 0)])
    for name, count in result.by_site:
        writer.writerow([_("Sorties par site"), name, shown(count)])
    yield buffer.getvalue()
