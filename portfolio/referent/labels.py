"""What every follow-up page shows the same way: the scale, the situations, the streams' names.

Shared by the referent's pages and the trainee's follow-up pages (``portfolio.trainee.follow_up``),
which render the same note, bilan and gap templates.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from portfolio.models import AssessmentSource
from portfolio.referent.forms import SITUATIONS
from portfolio.services.frameworks import framework

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


def page_context() -> dict[str, Any]:
    """The framework, its levels above 0 and the labels, for a follow-up template."""
    fw = framework()
    return {
        "fw": fw,
        "levels": [lv for lv in fw.levels if lv.code > 0],
        "situation_labels": SITUATION_LABELS,
        "source_labels": SOURCE_LABELS,
    }
