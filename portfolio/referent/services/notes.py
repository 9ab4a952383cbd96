"""Explicitation notes: what the referent observed, the trainee's words, their replies.

A note is saved with an optimistic lock (its ``version``) and every saved version is kept as a
revision, so two referents editing at once never overwrite each other silently.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    ExplicitationNote,
    NoteCompetency,
    NoteReply,
    NoteRevision,
    NoteSituation,
    NoteVisibility,
    Role,
    Trace,
    User,
    utcnow,
)
from portfolio.notifications.services.outbox import notify_note_shared
from portfolio.services.frameworks import DEFAULT_FRAMEWORK
from portfolio.services.i18n import gettext as _
from portfolio.services.rules import (
    MAX_REPLY,
    ReferentError,
    check_follows,
    check_follows_all,
    clean_text,
    framework_or_error,
    parse_competency,
    parse_day,
    parse_ids,
    parse_level,
)
from referentiel import Framework

MAX_NOTE_COMPETENCIES = 8


class NoteConflict(ReferentError):
    """Someone saved the note since this editor opened it; ``note`` is their version."""

    def __init__(self, note: ExplicitationNote) -> None:
        super().__init__(
            _(
                "Quelqu'un a modifié cette note pendant que vous l'écriviez. Votre texte n'est pas "
                "enregistré. Lisez la nouvelle version ci-dessous, puis refaites vos changements."
            )
        )
        self.note = note


# -- writing and reading notes ----------------------------------------------------------


@dataclass(frozen=True)
class NoteCompetencyInput:
    competency_id: str
    level: object = None  # None or "": no level observed
    indicator_ids: tuple[str, ...] = ()
    framework_id: str = ""  # empty: the note's framework (a grid mixes E2C and CPS)


@dataclass(frozen=True)
class NoteInput:
    observed_on: date | None
    situation_kind: str
    situation: str = ""
    observed: str = ""
    trainee_words: str = ""
    next_step: str = ""
    visibility: str = NoteVisibility.SHARED.value
    competencies: tuple[NoteCompetencyInput, ...] = ()
    framework_id: str = DEFAULT_FRAMEWORK


@dataclass(frozen=True)
class _CleanNote:
    observed_on: date
    situation_kind: NoteSituation
    situation: str
    observed: str
    trainee_words: str
    next_step: str
    visibility: NoteVisibility
    framework: Framework
    # (framework id, competency id, level, indicator ids)
    competencies: tuple[tuple[str, str, int | None, str], ...]

    def content(self) -> dict[str, Any]:
        return {
            "observed_on": self.observed_on.isoformat(),
            "situation_kind": self.situation_kind.value,
            "situation": self.situation,
            "observed": self.observed,
            "trainee_words": self.trainee_words,
            "next_step": self.next_step,
            "visibility": self.visibility.value,
            "competencies": [
                {"competency_id": c, "level": lv, "indicator_ids": i.split()}
                | ({} if f == self.framework.id else {"framework_id": f})
                for f, c, lv, i in self.competencies
            ],
        }


def _clean_note(data: NoteInput, *, on_trace: bool) -> _CleanNote:
    fw = framework_or_error(data.framework_id)
    observed_on = parse_day(data.observed_on, _("Date"), not_future=True)
    if on_trace:
        kind = NoteSituation.TRACE
    else:
        try:
            kind = NoteSituation(data.situation_kind)
        except ValueError:
            raise ReferentError(_("Choisissez le type de situation.")) from None
        if kind is NoteSituation.TRACE:
            raise ReferentError(_("Une note « sur une trace » s'écrit depuis la page de la trace."))
    try:
        visibility = NoteVisibility(data.visibility)
    except ValueError:
        raise ReferentError(_("Choisissez qui peut lire la note.")) from None
    observed = clean_text(data.observed, _("Ce que j'ai observé"))
    words = clean_text(data.trainee_words, _("Les mots du stagiaire"))
    if not observed and not words:
        raise ReferentError(_("Écrivez ce que vous avez observé, ou les mots du stagiaire."))
    if len(data.competencies) > MAX_NOTE_COMPETENCIES:
        raise ReferentError(_("%(n)d compétences au plus par note.", n=MAX_NOTE_COMPETENCIES))
    seen: set[tuple[str, str]] = set()
    competencies: list[tuple[str, str, int | None, str]] = []
    for item in data.competencies:
        item_fw = framework_or_error(item.framework_id) if item.framework_id else fw
        competency = parse_competency(item_fw, item.competency_id)
        if (item_fw.id, competency.id) in seen:
            raise ReferentError(
                _(
                    "La compétence « %(competency)s » est choisie deux fois.",
                    competency=competency.label,
                )
            )
        seen.add((item_fw.id, competency.id))
        level = None if item.level in (None, "") else parse_level(item_fw, item.level)
        own = {i.id for i in competency.indicators}
        indicators = list(dict.fromkeys(str(i) for i in item.indicator_ids))
        for indicator in indicators:
            if indicator not in own:
                raise ReferentError(
                    _(
                        "L'indicateur « %(indicator)s » ne fait pas partie de la compétence "
                        "« %(competency)s ».",
                        indicator=indicator,
                        competency=competency.label,
                    )
                )
        competencies.append((item_fw.id, competency.id, level, " ".join(indicators)))
    return _CleanNote(
        observed_on=observed_on,
        situation_kind=kind,
        situation=clean_text(data.situation, _("La situation")),
        observed=observed,
        trainee_words=words,
        next_step=clean_text(data.next_step, _("Prochaine étape")),
        visibility=visibility,
        framework=fw,
        competencies=tuple(competencies),
    )


def _add_note_competencies(note_id: int, clean: _CleanNote) -> None:
    for framework_id, competency_id, level, indicators in clean.competencies:
        db.session.add(
            NoteCompetency(
                note_id=note_id,
                framework_id=framework_id,
                framework_version=framework_or_error(framework_id).version,
                competency_id=competency_id,
                indicator_ids=indicators.split(),
                level=level,
            )
        )


def create_note(
    author: User, trainee: User, data: NoteInput, trace: Trace | None = None
) -> ExplicitationNote:
    """Write a note on a trace of the trainee, or about an activity (``trace`` None)."""
    check_follows(author, trainee)
    if trace is not None and trace.trainee_id != trainee.id:
        raise ReferentError(_("Cette trace n'est pas celle de ce stagiaire."))
    clean = _clean_note(data, on_trace=trace is not None)
    now = utcnow()
    note = ExplicitationNote(
        trainee_id=trainee.id,
        author_id=author.id,
        trace_id=trace.id if trace else None,
        trace_title=trace.title if trace else "",
        situation_kind=clean.situation_kind,
        observed_on=clean.observed_on,
        situation=clean.situation,
        observed=clean.observed,
        trainee_words=clean.trainee_words,
        next_step=clean.next_step,
        visibility=clean.visibility,
        version=1,
        created_at=now,
        updated_at=now,
        updated_by_id=author.id,
    )
    db.session.add(note)
    db.session.flush()
    _add_note_competencies(note.id, clean)
    db.session.add(
        NoteRevision(
            note_id=note.id,
            version=1,
            edited_by_id=author.id,
            edited_at=now,
            content=json.dumps(clean.content(), ensure_ascii=False),
        )
    )
    db.session.flush()
    if note.visibility is NoteVisibility.SHARED:
        notify_note_shared(trainee, author, note.id)
    return note


def create_notes(author: User, items: Sequence[tuple[User, NoteInput]]) -> dict[int, int]:
    """Write notes about activities for several trainees at once (a collective observation
    grid), one note per trainee; returns trainee id -> note id.

    The same rules as :func:`create_note` (the author follows every trainee; each note's text,
    date, situation and competencies) in a constant number of queries whatever the count: one
    to check whom the author follows, then one bulk statement per table. The trainees are not
    mailed one by one (a grid would send fifteen mails): shared notes show in their portfolio.
    """
    trainees = [trainee for trainee, _data in items]
    if len({t.id for t in trainees}) != len(trainees):
        raise ReferentError(_("Un stagiaire apparaît deux fois."))
    check_follows_all(author, trainees)
    cleaned = [(trainee, _clean_note(data, on_trace=False)) for trainee, data in items]
    if not cleaned:
        return {}
    now = utcnow()
    rows = [
        {
            "trainee_id": trainee.id,
            "author_id": author.id,
            "trace_id": None,
            "trace_title": "",
            "situation_kind": clean.situation_kind,
            "observed_on": clean.observed_on,
            "situation": clean.situation,
            "observed": clean.observed,
            "trainee_words": clean.trainee_words,
            "next_step": clean.next_step,
            "visibility": clean.visibility,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "updated_by_id": author.id,
        }
        for trainee, clean in cleaned
    ]
    # One INSERT ... RETURNING, matched back by trainee (one note each in a batch).
    returned = db.session.execute(
        insert(ExplicitationNote).returning(ExplicitationNote.id, ExplicitationNote.trainee_id),
        rows,
    )
    ids = {trainee_id: note_id for note_id, trainee_id in returned}
    competencies = [
        {
            "note_id": ids[trainee.id],
            "framework_id": framework_id,
            "framework_version": framework_or_error(framework_id).version,
            "competency_id": competency_id,
            "indicator_ids": indicators.split(),
            "level": level,
        }
        for trainee, clean in cleaned
        for framework_id, competency_id, level, indicators in clean.competencies
    ]
    if competencies:
        db.session.execute(insert(NoteCompetency), competencies)
    db.session.execute(
        insert(NoteRevision),
        [
            {
                "note_id": ids[trainee.id],
                "version": 1,
                "edited_by_id": author.id,
                "edited_at": now,
                "content": json.dumps(clean.content(), ensure_ascii=False),
            }
            for trainee, clean in cleaned
        ],
    )
    return {trainee.id: ids[trainee.id] for trainee in trainees}


def update_note(
    editor: User, note: ExplicitationNote, data: NoteInput, expected_version: object
) -> ExplicitationNote:
    """Save a new version of a note, only if nobody saved since ``expected_version``.

    The check is the UPDATE itself (``WHERE version = expected``), so two saves racing from
    the same version cannot both win: the second raises :class:`NoteConflict`.
    """
    check_follows(editor, note.trainee)
    version = parse_ids([expected_version], _("Version de la note"))[0]
    clean = _clean_note(data, on_trace=note.situation_kind is NoteSituation.TRACE)
    if version != note.version:
        raise NoteConflict(note)
    was_shared = note.visibility is NoteVisibility.SHARED
    now = utcnow()
    result = db.session.execute(
        update(ExplicitationNote)
        .where(ExplicitationNote.id == note.id, ExplicitationNote.version == version)
        .values(
            observed_on=clean.observed_on,
            situation_kind=clean.situation_kind,
            situation=clean.situation,
            observed=clean.observed,
            trainee_words=clean.trainee_words,
            next_step=clean.next_step,
            visibility=clean.visibility,
            version=version + 1,
            updated_at=now,
            updated_by_id=editor.id,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        db.session.expire(note)
        raise NoteConflict(note)
    db.session.execute(delete(NoteCompetency).where(NoteCompetency.note_id == note.id))
    _add_note_competencies(note.id, clean)
    db.session.add(
        NoteRevision(
            note_id=note.id,
            version=version + 1,
            edited_by_id=editor.id,
            edited_at=now,
            content=json.dumps(clean.content(), ensure_ascii=False),
        )
    )
    db.session.flush()
    db.session.expire(note)
    if not was_shared and clean.visibility is NoteVisibility.SHARED:
        notify_note_shared(note.trainee, editor, note.id)
    return note


def note_input_from(note: ExplicitationNote) -> NoteInput:
    """The note's current content, as the edit form starts from it."""
    return NoteInput(
        observed_on=note.observed_on,
        situation_kind=note.situation_kind.value,
        situation=note.situation,
        observed=note.observed,
        trainee_words=note.trainee_words,
        next_step=note.next_step,
        visibility=note.visibility.value,
        competencies=tuple(
            NoteCompetencyInput(c.competency_id, c.level, tuple(c.indicator_ids))
            for c in note.competencies
        ),
    )


def reply_to_note(author: User, note: ExplicitationNote, body: object) -> NoteReply:
    """The trainee answers a shared note (their referent may answer back)."""
    text = clean_text(body, _("Votre réponse"), required=True, limit=MAX_REPLY)
    if author.role is Role.TRAINEE:
        if author.id != note.trainee_id or note.visibility is not NoteVisibility.SHARED:
            raise ReferentError(_("Vous ne pouvez pas répondre à cette note."))
    else:
        check_follows(author, note.trainee)
    reply = NoteReply(note_id=note.id, author_id=author.id, body=text)
    db.session.add(reply)
    db.session.flush()
    return reply


def notes_of(trainee: User, *, shared_only: bool = False) -> list[ExplicitationNote]:
    query = (
        select(ExplicitationNote)
        .where(ExplicitationNote.trainee_id == trainee.id)
        .options(
            selectinload(ExplicitationNote.competencies),
            selectinload(ExplicitationNote.replies),
            selectinload(ExplicitationNote.author),
        )
        .order_by(ExplicitationNote.observed_on.desc(), ExplicitationNote.id.desc())
    )
    if shared_only:
        query = query.where(ExplicitationNote.visibility == NoteVisibility.SHARED)
    return list(db.session.scalars(query))


def revision_contents(note: ExplicitationNote) -> list[tuple[NoteRevision, dict[str, Any]]]:
    """Every saved version, newest first, with its content."""
    return [(r, json.loads(r.content)) for r in reversed(note.revisions)]
