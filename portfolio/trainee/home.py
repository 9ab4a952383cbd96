"""The trainee's "Ma page" (/ma-page): everything the home keeps one tap away.

The home (``main.home``) stays short and cheap: what is new, the one best proposal and four
figures of "Où j'en suis" (``services.standing``). The longer summary lives here: the recent
traces, each competency's progress, what is left to explore, the objectives and the last
bilan, the school and the referent, the professional project and the proposed trades. The
home used to render all of it inside a closed ``<details>`` on every visit; most visits never
opened it, and it was more than half of the home's cost (issue 17).
"""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from portfolio.layout import id_address
from portfolio.models import Role, User
from portfolio.security import roles_required
from portfolio.services import summary_cache
from portfolio.services.accounts import current_referent
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext
from portfolio.trainee import services as traces
from portfolio.trainee.cards import format_day
from portfolio.trainee.views import _me, bp


@bp.route("/ma-page")
@roles_required(Role.TRAINEE)
def my_page() -> str:
    user = _me()
    return render_template(
        "trainee/my_page.html", referent=current_referent(user), **summary_context(user)
    )


def summary_context(user: User) -> dict[str, Any]:
    """Template variables of the summary (main/_home_summary.html) and the storage meter.

    The summary part (recent traces, each competency's progress, what is left to explore) is
    rendered once per portfolio version and language, then kept in memory with the summary
    itself (services/summary_cache.py): most visits change nothing.
    """
    summary = traces.overview(user)
    locale = str(get_locale() or "fr")
    html = summary_cache.cached(
        user,
        ("home-html", summary.framework_version, summary.usage.quota_bytes, locale),
        # Markup: the template's own output, escaped by Jinja as it rendered.
        lambda: Markup(  # noqa: S704
            render_template("main/_home_summary.html", **_summary_words(summary, locale))
        ),
    )
    return {"summary": summary, "summary_html": html}


def _summary_words(summary: traces.Overview, locale: str) -> dict[str, Any]:
    """Words and links repeated on every row of the summary, prepared once."""
    rows = [row for domain in summary.domains for row in domain.competencies]
    assess_url = id_address("trainee.self_assess", "competency_id")
    new_trace_url = id_address("trainee.new_trace", "competence")
    trace_words = {
        n: ngettext("%(num)d trace", "%(num)d traces", n) for n in {r.trace_count for r in rows}
    }
    last_on = _("dernière le %(date)s", date="__date__")
    facts: dict[str, str] = {}
    for row in rows:
        words = trace_words[row.trace_count]
        if row.last_evidence_on is not None:
            words += " · " + last_on.replace("__date__", format_day(row.last_evidence_on, locale))
        facts[row.competency.id] = words
    return {
        "summary": summary,
        "facts": facts,
        "assess_urls": {r.competency.id: assess_url(r.competency.id) for r in rows},
        "new_trace_urls": {c.id: new_trace_url(c.id) for c in summary.to_explore},
    }
