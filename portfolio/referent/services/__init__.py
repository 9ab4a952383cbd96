"""The referent's workspace, one module per subject; this package names their use cases.

- :mod:`.notes`: explicitation notes, their replies and revisions;
- :mod:`.reactions`: the trainee's one-tap reaction to a shared note (and the disagreements);
- :mod:`.ratings`: the referent's assessment stream, blind rating, new self-assessments;
- :mod:`.reviews`: bilans and objectives;
- :mod:`.visits`: visits, what is new since the last one, and the caseload;
- :mod:`.trainee_view`: the trainee's own view of their follow-up;
- :mod:`.export`: the trainee's data export;
- :mod:`.cohort`: a referent's trainees, or a whole site, seen together.

The internships the referent manages live in their own room (:mod:`portfolio.internships`).
"""

from __future__ import annotations

from portfolio.referent.services.export import trainee_export
from portfolio.referent.services.notes import (
    NoteCompetencyInput,
    NoteConflict,
    NoteInput,
    create_note,
    note_input_from,
    notes_of,
    reply_to_note,
    revision_contents,
    update_note,
)
from portfolio.referent.services.ratings import (
    NewLevel,
    assessment_stream,
    blind_rating,
    new_self_assessments,
    notes_of_assessments,
    record_referent_assessment,
    referent_has_rated,
    self_level_visible_to_referent,
)
from portfolio.referent.services.reviews import (
    ObjectiveInput,
    ReviewInput,
    add_objective,
    agree_to_review,
    close_objective,
    create_review,
    objectives_of,
    reviews_of,
)
from portfolio.referent.services.trainee_view import (
    FollowUp,
    HomeFollowUp,
    follow_up,
    home_follow_up,
)
from portfolio.referent.services.visits import (
    CASELOAD_FILTERS,
    CASELOAD_SORTS,
    CaseloadRow,
    Seen,
    caseload,
    last_visit,
    mark_visited,
    sort_and_filter,
)
from portfolio.services.rules import ReferentError, parse_competency, parse_level, scale_text

__all__ = [
    "CASELOAD_FILTERS",
    "CASELOAD_SORTS",
    "CaseloadRow",
    "FollowUp",
    "HomeFollowUp",
    "NewLevel",
    "NoteCompetencyInput",
    "NoteConflict",
    "NoteInput",
    "ObjectiveInput",
    "ReferentError",
    "ReviewInput",
    "Seen",
    "add_objective",
    "agree_to_review",
    "assessment_stream",
    "blind_rating",
    "caseload",
    "close_objective",
    "create_note",
    "create_review",
    "follow_up",
    "home_follow_up",
    "last_visit",
    "mark_visited",
    "new_self_assessments",
    "note_input_from",
    "notes_of",
    "notes_of_assessments",
    "objectives_of",
    "parse_competency",
    "parse_level",
    "record_referent_assessment",
    "referent_has_rated",
    "reply_to_note",
    "reviews_of",
    "revision_contents",
    "scale_text",
    "self_level_visible_to_referent",
    "sort_and_filter",
    "trainee_export",
    "update_note",
]
