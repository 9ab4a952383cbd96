"""The trainee's side of the partner space: professional project, showcase, consent,
approval, private links, who viewed it, and in-platform notifications.

The one privacy rule lives here: a company reads a showcase (and only what the trainee put in
it) when :func:`visible_to_company` says so, checked on every request. Unpublishing, an
expiry date or withdrawing a trace therefore takes effect on the very next request.

Errors are :class:`ShowcaseError` (a ValueError) whose ``str()`` is a short sentence (French;
in a request, the reader's language).
The caller commits on success and rolls back on error.

One module per subject: ``common`` (limits, errors, notifications), ``labels`` (consent and
choice labels), ``project``, ``content`` (building the showcase), ``publishing`` (consent and
approval), ``visibility`` (the privacy rule), ``public`` (what a company sees, views log) and
``links`` (private links).
"""

from portfolio.services.access import is_partner, is_visible, visible_to_company
from portfolio.showcase.services.common import (
    LINK_MAX_DAYS,
    MAX_AREA,
    MAX_EXPIRY_DAYS,
    MAX_LINK_LABEL,
    MAX_PRESENTATION,
    MAX_SHOWCASE_TRACES,
    MAX_TRADES,
    VIEW_DEDUP,
    ShowcaseError,
    display_name,
    notify,
)
from portfolio.showcase.services.content import (
    ShowcaseContent,
    choosable_competencies,
    choosable_traces,
    ensure_showcase,
    save_showcase,
    showcase_of,
    withdraw_trace,
)
from portfolio.showcase.services.labels import (
    CONSENT_VERSION,
    CONTEXT_LABELS,
    KIND_LABELS,
    MOBILITY_LABELS,
    N_,
    consent_paragraphs,
    minor_reminder,
)
from portfolio.showcase.services.links import (
    LinkState,
    create_private_link,
    private_links,
    resolve_private_link,
    revoke_private_link,
    use_private_link,
)
from portfolio.showcase.services.project import ProjectData, project_of, save_project
from portfolio.showcase.services.public import (
    PublicCompetency,
    PublicPhoto,
    PublicShowcase,
    PublicTrace,
    public_showcase,
    record_view,
    views_of,
)
from portfolio.showcase.services.publishing import (
    approve_or_refuse,
    pending_approval_count,
    pending_approval_count_query,
    pending_approvals,
    publish,
    unpublish,
)
from portfolio.showcase.services.visibility import (
    company_scope,
    showcase_photo,
    visible_condition,
)

__all__ = [
    "CONSENT_VERSION",
    "CONTEXT_LABELS",
    "KIND_LABELS",
    "LINK_MAX_DAYS",
    "MAX_AREA",
    "MAX_EXPIRY_DAYS",
    "MAX_LINK_LABEL",
    "MAX_PRESENTATION",
    "MAX_SHOWCASE_TRACES",
    "MAX_TRADES",
    "MOBILITY_LABELS",
    "N_",
    "VIEW_DEDUP",
    "LinkState",
    "ProjectData",
    "PublicCompetency",
    "PublicPhoto",
    "PublicShowcase",
    "PublicTrace",
    "ShowcaseContent",
    "ShowcaseError",
    "approve_or_refuse",
    "choosable_competencies",
    "choosable_traces",
    "company_scope",
    "consent_paragraphs",
    "create_private_link",
    "display_name",
    "ensure_showcase",
    "is_partner",
    "is_visible",
    "minor_reminder",
    "notify",
    "pending_approval_count",
    "pending_approval_count_query",
    "pending_approvals",
    "private_links",
    "project_of",
    "public_showcase",
    "publish",
    "record_view",
    "resolve_private_link",
    "revoke_private_link",
    "save_project",
    "save_showcase",
    "showcase_of",
    "showcase_photo",
    "unpublish",
    "use_private_link",
    "views_of",
    "visible_condition",
    "visible_to_company",
    "withdraw_trace",
]
