"""The referent's comments on a trainee's practice answers (the only writer of those rows).

The referent reaches the session through ``access.visible_interview``; writing also needs
following the trainee today (``rules.check_follows``), as for every referent write. A level
given after reading a session goes through the referent's assessment page, so through the one
write path of assessments (``services.assessments.record_assessment``).
"""

from __future__ import annotations

import re

from portfolio.extensions import db
from portfolio.models import InterviewAnswer, InterviewComment, InterviewSession, User
from portfolio.services import access
from portfolio.services.i18n import gettext as _
from portfolio.services.rules import ReferentError, check_follows, clean_text

MAX_COMMENT = 2000


def add_comment(
    referent: User,
    session: InterviewSession,
    answer_id: object,
    body: object,
    at: object = "",
) -> InterviewComment:
    """Add the referent's comment under one answer of ``session``, maybe at a moment of its
    recording (``at``: "0:42", "42" or empty). Raises ReferentError."""
    check_follows(referent, session.trainee)
    answer = next(
        (a for a in session.answers if access.valid_id(answer_id) and a.id == answer_id), None
    )
    if answer is None:
        raise ReferentError(_("Cette réponse ne fait pas partie de l'entraînement."))
    text = clean_text(body, _("Commentaire"), required=True, limit=MAX_COMMENT)
    second = parse_moment(at, answer)
    comment = InterviewComment(answer=answer, author_id=referent.id, body=text, at_second=second)
    db.session.add(comment)
    db.session.flush()
    return comment


def parse_moment(value: object, answer: InterviewAnswer) -> int | None:
    """A moment of the answer's recording, written "m:ss" or in seconds; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = value.strip() if isinstance(value, str) else ""
    found = re.fullmatch(r"(?:(\d{1,2})\s*[:h'’]\s*)?(\d{1,4})", text)
    if found is None or answer.recording is None:
        raise ReferentError(
            _(
                "Le moment s'écrit en minutes et secondes, par exemple 0:42, sur une réponse dite à voix haute."
            )
        )
    minutes, seconds = int(found.group(1) or 0), int(found.group(2))
    total = minutes * 60 + seconds
    if (found.group(1) and seconds > 59) or total * 1000 > answer.recording.duration_ms + 999:
        raise ReferentError(_("Ce moment n'est pas dans l'enregistrement."))
    return total
