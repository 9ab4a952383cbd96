"""The trainee's reaction to an observation shared with them: "D'accord", "Pas d'accord" or
"Je veux en dire plus", with an optional short word.

One current reaction per trainee and note (unique in the database); reacting again replaces it,
no history is kept. The referent reads it on the note and, for "pas d'accord", in the gap view
beside each competency the note is about (:func:`disagreements`, one query).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from portfolio.database import read
from portfolio.extensions import db
from portfolio.models import (
    ExplicitationNote,
    NoteCompetency,
    NoteReaction,
    NoteVisibility,
    ReactionChoice,
    Role,
    User,
    utcnow,
)
from portfolio.services.frameworks import DEFAULT_FRAMEWORK
from portfolio.services.i18n import gettext as _
from portfolio.services.rules import ReferentError, clean_text

if TYPE_CHECKING:
    from portfolio.services.gaps import GapReport
    from referentiel import Competency

MAX_COMMENT = 300


class ReactionError(ReferentError):
    """The reaction cannot be recorded; ``str()`` says why. Nothing was written."""


def _choice(value: object) -> ReactionChoice:
    try:
        return ReactionChoice(value) if isinstance(value, str) else ReactionChoice("")
    except ValueError:
        raise ReactionError(
            _("Choisissez « D'accord », « Pas d'accord » ou « Je veux en dire plus ».")
        ) from None


def react_to_note(
    trainee: User, note: ExplicitationNote, choice: object, comment: object = ""
) -> NoteReaction:
    """Record (or replace) the trainee's reaction to a note shared with them."""
    if (
        trainee.role is not Role.TRAINEE
        or trainee.id != note.trainee_id
        or note.visibility is not NoteVisibility.SHARED
    ):
        raise ReactionError(_("Vous ne pouvez pas réagir à cette observation."))
    value = _choice(choice)
    try:
        text = clean_text(comment, _("Votre mot"), limit=MAX_COMMENT)
    except ReferentError as err:
        raise ReactionError(str(err)) from None
    found = reaction_of(trainee, note)
    if found is None:
        found = NoteReaction(note_id=note.id, trainee_id=trainee.id, choice=value, comment=text)
        try:
            with db.session.begin_nested():  # the same tap sent twice at once: one row
                db.session.add(found)
        except IntegrityError:
            found = reaction_of(trainee, note)
            if found is None:  # pragma: no cover - the row that won was deleted meanwhile
                raise ReactionError(_("Vous ne pouvez pas réagir à cette observation.")) from None
    found.choice = value
    found.comment = text
    found.updated_at = utcnow()
    db.session.flush()
    return found


def reaction_of(trainee: User, note: ExplicitationNote) -> NoteReaction | None:
    return db.session.scalar(
        select(NoteReaction).where(
            NoteReaction.note_id == note.id, NoteReaction.trainee_id == trainee.id
        )
    )


def reactions_to(trainee: User, notes: Iterable[ExplicitationNote]) -> dict[int, NoteReaction]:
    """The trainee's reactions to these notes, by note id (one query)."""
    ids = [n.id for n in notes]
    if not ids:
        return {}
    found = db.session.scalars(
        select(NoteReaction).where(
            NoteReaction.trainee_id == trainee.id, NoteReaction.note_id.in_(ids)
        )
    )
    return {r.note_id: r for r in found}


@dataclass(frozen=True)
class Disagreement:
    """The trainee said "pas d'accord" to the observation of this day (and maybe why)."""

    note_id: int
    observed_on: date
    comment: str


_DISAGREEMENTS: Final = (
    select(
        NoteCompetency.competency_id,
        ExplicitationNote.id,
        ExplicitationNote.observed_on,
        NoteReaction.comment,
    )
    .join(ExplicitationNote, ExplicitationNote.id == NoteCompetency.note_id)
    .join(NoteReaction, NoteReaction.note_id == ExplicitationNote.id)
    .where(
        ExplicitationNote.trainee_id == bindparam("trainee_id"),
        ExplicitationNote.visibility == NoteVisibility.SHARED,
        NoteReaction.trainee_id == bindparam("trainee_id"),
        NoteReaction.choice == ReactionChoice.DISAGREE,
        NoteCompetency.framework_id == bindparam("framework_id"),
    )
    .order_by(ExplicitationNote.observed_on.desc(), ExplicitationNote.id.desc())
)


def disagreements(
    trainee: User, framework_id: str = DEFAULT_FRAMEWORK
) -> dict[str, list[Disagreement]]:
    """Per competency of the framework, the shared observations the trainee disagreed with,
    newest first (one query, whatever the number of notes; built once: the gap page asks on
    every visit)."""
    params = {"trainee_id": trainee.id, "framework_id": framework_id}
    found: dict[str, list[Disagreement]] = defaultdict(list)
    for competency_id, note_id, observed_on, comment in read(_DISAGREEMENTS, params):
        found[competency_id].append(Disagreement(note_id, observed_on, comment))
    return dict(found)


def disagreements_in_order(
    trainee: User, report: GapReport
) -> list[tuple[Competency, Disagreement]]:
    """The gap page's list of disagreements: each competency's, newest first, the
    competencies in the page's order (its domains, then rows). Put in order here: the
    template's loop over every competency of the framework cost a few hundred look-ups a
    page for a handful of lines."""
    found = disagreements(trainee, report.framework.id)
    if not found:
        return []
    return [
        (row.competency, item)
        for domain in report.domains
        for row in domain.rows
        for item in found.get(row.competency.id, ())
    ]
