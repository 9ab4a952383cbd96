"""The referent's comments on a trainee's practice answers (the only writer of those rows).

The referent reaches the session through ``access.visible_interview``; writing also needs
following the trainee today (``rules.check_follows``), as for every referent write. A level
given after reading a session goes through the referent's assessment page, so through the one
write path of assessments (``services.assessments.record_assessment``).
"""

from __future__ import annotations

from portfolio.extensions import db
from portfolio.models import InterviewComment, InterviewSession, User
from portfolio.services import access
from portfolio.services.i18n import gettext as _
from portfolio.services.rules import ReferentError, check_follows, clean_text

MAX_COMMENT = 2000


def add_comment(
    referent: User, session: InterviewSession, answer_id: object, body: object
) -> InterviewComment:
    """Add the referent's comment under one answer of ``session``. Raises ReferentError."""
    check_follows(referent, session.trainee)
    answer = next(
        (a for a in session.answers if access.valid_id(answer_id) and a.id == answer_id), None
    )
    if answer is None:
        raise ReferentError(_("Cette réponse ne fait pas partie de l'entraînement."))
    text = clean_text(body, _("Commentaire"), required=True, limit=MAX_COMMENT)
    comment = InterviewComment(answer=answer, author_id=referent.id, body=text)
    db.session.add(comment)
    db.session.flush()
    return comment
