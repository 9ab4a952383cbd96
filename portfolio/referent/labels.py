"""What every follow-up page shows the same way: the scale, the situations, the streams' names.

Shared by the referent's pages and the trainee's follow-up pages (``portfolio.trainee.follow_up``),
which render the same note, bilan and gap templates.
"""

from __future__ import annotations

from typing import Any

from portfolio.models import AssessmentSource
from portfolio.referent.forms import SITUATIONS
from portfolio.services.frameworks import framework
from portfolio.services.i18n import lazy_gettext as _l
from referentiel import Framework

SITUATION_LABELS = {
    "trace": _l("Sur une trace"),
    **{key: label for key, label in SITUATIONS},
}
SOURCE_LABELS = {
    AssessmentSource.SELF: _l("Stagiaire"),
    AssessmentSource.REFERENT: _l("Référent"),
    AssessmentSource.GAME: _l("Jeu"),
    AssessmentSource.TUTOR: _l("Tuteur de stage"),
    AssessmentSource.PROFESSIONAL: _l("Professionnel (simulation d'entretien)"),
}


def page_context(fw: Framework | None = None) -> dict[str, Any]:
    """The framework (default: E2C), its levels above 0 and the labels, for a follow-up
    template."""
    fw = fw or framework()
    return {
        "fw": fw,
        "levels": [lv for lv in fw.levels if lv.code > 0],
        "situation_labels": SITUATION_LABELS,
        "source_labels": SOURCE_LABELS,
    }
