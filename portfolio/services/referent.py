"""Use cases of the referent's workspace. Every write of the referent pages goes through here.

Explicitation notes (with an optimistic lock and their history), the referent's assessment
stream, bilans and objectives, internships and the tutor's single-use link, the caseload and
the trainee's own view of their follow-up (with the export of everything about them).
Errors are :class:`ReferentError`: ``str(err)`` is a French sentence for the user.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import abort
from sqlalchemy import Integer, and_, bindparam, case, delete, func, insert, select, update
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    ExplicitationNote,
    GameStatement,
    GameStatementStatus,
    Internship,
    NoteCompetency,
    NoteReply,
    NoteRevision,
    NoteSituation,
    NoteVisibility,
    Objective,
    ObjectiveStatus,
    ReferentAssignment,
    ReferentVisit,
    Review,
    ReviewCompetency,
    Role,
    Trace,
    TutorLink,
    User,
    assessment_note,
    internship_assessment,
    utcnow,
)
from portfolio.services.access import followed_trainees_query
from portfolio.services.frameworks import DEFAULT_FRAMEWORK, framework, frameworks
from portfolio.services.gaps import SimpleGap, largest_gaps, latest_levels
from portfolio.services.i18n import gettext as _
from referentiel import Competency, Framework

MAX_TEXT = 5000
MAX_REPLY = 2000
MAX_NOTE_COMPETENCIES = 8
MAX_OBJECTIVES = 6
TUTOR_LINK_DAYS = 14
REVIEW_OVERDUE_DAYS = 30
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROME_RE = re.compile(r"^[A-N][0-9]{4}$")


class ReferentError(ValueError):
    """A rule was broken; ``str(err)`` is a sentence for the user, in their language."""


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


class TutorLinkError(ReferentError):
    """The tutor's link cannot be used: unknown, already used, expired or replaced."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


# -- small validators -------------------------------------------------------------------


def _text(value: object, label: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ReferentError(_("« %(field)s » doit être un texte.", field=label))
    value = value.strip()
    if required and not value:
        raise ReferentError(_("« %(field)s » est obligatoire.", field=label))
    if len(value) > limit:
        raise ReferentError(
            _("« %(field)s » est trop long : %(n)d caractères au plus.", field=label, n=limit)
        )
    return value


def _day(value: object, label: str, *, not_future: bool = False) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ReferentError(_("« %(field)s » doit être une date.", field=label))
    if not_future and value > utcnow().date() + timedelta(days=1):
        raise ReferentError(_("« %(field)s » ne peut pas être dans le futur.", field=label))
    return value


def scale_text(fw: Framework) -> str:
    parts = [f"{level.code} ({level.label})" for level in fw.levels if level.code > 0]
    return ", ".join(parts[:-1]) + _(" ou ") + parts[-1] if len(parts) > 1 else "".join(parts)


def parse_level(fw: Framework, value: object) -> int:
    """A level one can give: a code of the framework's scale above 0 ("non évaluée")."""
    level: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        level = value
    elif isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,3}\s*", value):
        level = int(value)
    codes = {lv.code for lv in fw.levels if lv.code > 0}
    if level is None or level not in codes:
        raise ReferentError(
            _("Choisissez un niveau de l'échelle : %(scale)s.", scale=scale_text(fw))
        )
    return level


def parse_competency(fw: Framework, value: object) -> Competency:
    competency = fw.get(value.strip()) if isinstance(value, str) else None
    if competency is None:
        raise ReferentError(_("Cette compétence n'existe pas dans le référentiel."))
    if competency.retired:
        raise ReferentError(
            _(
                "La compétence « %(competency)s » n'est plus utilisée : choisissez-en une autre.",
                competency=competency.label,
            )
        )
    return competency


def _ids(values: Iterable[object], label: str) -> list[int]:
    ids: list[int] = []
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool):
            ids.append(value)
        elif isinstance(value, str) and value.strip().isdigit():
            ids.append(int(value))
        else:
            raise ReferentError(_("%(field)s : choix non valable.", field=label))
    return sorted(set(ids))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- access helpers (404 for what the viewer may not see) -------------------------------


def get_trace_or_404(trainee: User, trace_id: int) -> Trace:
    """A trace of this trainee; a deleted trace, or another trainee's, answers 404."""
    trace = db.session.get(Trace, trace_id)
    if trace is None or trace.trainee_id != trainee.id:
        abort(404)
    return trace


def get_note_or_404(viewer: User, trainee: User, note_id: int) -> ExplicitationNote:
    """A note about this trainee. The trainee sees shared notes only (team notes: in the export)."""
    note = db.session.get(ExplicitationNote, note_id)
    if note is None or note.trainee_id != trainee.id:
        abort(404)
    if viewer.role is Role.TRAINEE and (
        viewer.id != trainee.id or note.visibility is not NoteVisibility.SHARED
    ):
        abort(404)
    return note


def get_review_or_404(trainee: User, review_id: int) -> Review:
    review = db.session.get(Review, review_id)
    if review is None or review.trainee_id != trainee.id:
        abort(404)
    return review


def get_objective_or_404(trainee: User, objective_id: int) -> Objective:
    objective = db.session.get(Objective, objective_id)
    if objective is None or objective.trainee_id != trainee.id:
        abort(404)
    return objective


def get_internship_or_404(trainee: User, internship_id: int) -> Internship:
    internship = db.session.get(Internship, internship_id)
    if internship is None or internship.trainee_id != trainee.id:
        abort(404)
    return internship


# -- explicitation notes ----------------------------------------------------------------


@dataclass(frozen=True)
class NoteCompetencyInput:
    competency_id: str
    level: object = None  # None or "": no level observed
    indicator_ids: tuple[str, ...] = ()


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
    competencies: tuple[tuple[str, int | None, str], ...]  # (id, level, indicator ids)

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
                for c, lv, i in self.competencies
            ],
        }


def _clean_note(data: NoteInput, *, on_trace: bool) -> _CleanNote:
    fw = frameworks().get(data.framework_id)
    if fw is None:
        raise ReferentError(_("Ce référentiel n'existe pas."))
    observed_on = _day(data.observed_on, _("Date"), not_future=True)
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
    observed = _text(data.observed, _("Ce que j'ai observé"))
    words = _text(data.trainee_words, _("Les mots du stagiaire"))
    if not observed and not words:
        raise ReferentError(_("Écrivez ce que vous avez observé, ou les mots du stagiaire."))
    if len(data.competencies) > MAX_NOTE_COMPETENCIES:
        raise ReferentError(_("%(n)d compétences au plus par note.", n=MAX_NOTE_COMPETENCIES))
    seen: set[str] = set()
    competencies: list[tuple[str, int | None, str]] = []
    for item in data.competencies:
        competency = parse_competency(fw, item.competency_id)
        if competency.id in seen:
            raise ReferentError(
                _(
                    "La compétence « %(competency)s » est choisie deux fois.",
                    competency=competency.label,
                )
            )
        seen.add(competency.id)
        level = None if item.level in (None, "") else parse_level(fw, item.level)
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
        competencies.append((competency.id, level, " ".join(indicators)))
    return _CleanNote(
        observed_on=observed_on,
        situation_kind=kind,
        situation=_text(data.situation, _("La situation")),
        observed=observed,
        trainee_words=words,
        next_step=_text(data.next_step, _("Prochaine étape")),
        visibility=visibility,
        framework=fw,
        competencies=tuple(competencies),
    )


def _check_follows(referent: User, trainee: User) -> None:
    if referent.role is not Role.REFERENT:
        raise ReferentError(_("Seul un référent peut faire cela."))
    query = followed_trainees_query(referent).where(User.id == trainee.id)
    if db.session.scalar(query) is None:
        raise ReferentError(_("Vous ne suivez pas ce stagiaire."))


def _add_note_competencies(note_id: int, clean: _CleanNote) -> None:
    for competency_id, level, indicators in clean.competencies:
        db.session.add(
            NoteCompetency(
                note_id=note_id,
                framework_id=clean.framework.id,
                framework_version=clean.framework.version,
                competency_id=competency_id,
                indicator_ids=indicators.split(),
                level=level,
            )
        )


def create_note(
    author: User, trainee: User, data: NoteInput, trace: Trace | None = None
) -> ExplicitationNote:
    """Write a note on a trace of the trainee, or about an activity (``trace`` None)."""
    _check_follows(author, trainee)
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
    return note


def update_note(
    editor: User, note: ExplicitationNote, data: NoteInput, expected_version: object
) -> ExplicitationNote:
    """Save a new version of a note, only if nobody saved since ``expected_version``.

    The check is the UPDATE itself (``WHERE version = expected``), so two saves racing from
    the same version cannot both win: the second raises :class:`NoteConflict`.
    """
    _check_follows(editor, note.trainee)
    version = _ids([expected_version], _("Version de la note"))[0]
    clean = _clean_note(data, on_trace=note.situation_kind is NoteSituation.TRACE)
    if version != note.version:
        raise NoteConflict(note)
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
    text = _text(body, _("Votre réponse"), required=True, limit=MAX_REPLY)
    if author.role is Role.TRAINEE:
        if author.id != note.trainee_id or note.visibility is not NoteVisibility.SHARED:
            raise ReferentError(_("Vous ne pouvez pas répondre à cette note."))
    else:
        _check_follows(author, note.trainee)
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


# -- the referent's assessment stream ---------------------------------------------------


def blind_rating(trainee: User) -> bool:
    return bool(trainee.site and trainee.site.blind_rating)


def referent_has_rated(trainee: User, competency_id: str, framework_id: str) -> bool:
    return (
        db.session.scalar(
            select(Assessment.id)
            .where(
                Assessment.trainee_id == trainee.id,
                Assessment.source == AssessmentSource.REFERENT,
                Assessment.framework_id == framework_id,
                Assessment.competency_id == competency_id,
            )
            .limit(1)
        )
        is not None
    )


def self_level_visible_to_referent(trainee: User, competency_id: str, framework_id: str) -> bool:
    """Blind rating: the self level shows only once a referent has rated the competency."""
    return not blind_rating(trainee) or referent_has_rated(trainee, competency_id, framework_id)


def record_referent_assessment(
    referent: User,
    trainee: User,
    *,
    competency_id: object,
    level: object,
    justification: object,
    trace_ids: Sequence[object] = (),
    note_ids: Sequence[object] = (),
    framework_id: str = DEFAULT_FRAMEWORK,
) -> Assessment:
    """Append a level to the referent stream; earlier levels stay as they were."""
    _check_follows(referent, trainee)
    fw = frameworks().get(framework_id)
    if fw is None:
        raise ReferentError(_("Ce référentiel n'existe pas."))
    competency = parse_competency(fw, competency_id)
    value = parse_level(fw, level)
    text = _text(justification, _("Justification"), required=True)
    traces: list[Trace] = []
    wanted = _ids(trace_ids, _("Traces"))
    if wanted:
        traces = list(
            db.session.scalars(
                select(Trace).where(Trace.id.in_(wanted), Trace.trainee_id == trainee.id)
            )
        )
        if len(traces) != len(wanted):
            raise ReferentError(_("Une des traces choisies n'existe plus. Rechargez la page."))
    notes_wanted = _ids(note_ids, _("Notes"))
    if notes_wanted:
        found = set(
            db.session.scalars(
                select(ExplicitationNote.id).where(
                    ExplicitationNote.id.in_(notes_wanted),
                    ExplicitationNote.trainee_id == trainee.id,
                )
            )
        )
        if found != set(notes_wanted):
            raise ReferentError(_("Une des notes choisies n'existe plus. Rechargez la page."))
    assessment = Assessment(
        trainee_id=trainee.id,
        source=AssessmentSource.REFERENT,
        author_id=referent.id,
        author_label=referent.full_name,
        framework_id=fw.id,
        framework_version=fw.version,
        competency_id=competency.id,
        level=value,
        comment=text,
        traces=traces,
    )
    db.session.add(assessment)
    db.session.flush()
    if notes_wanted:
        db.session.execute(
            insert(assessment_note),
            [{"assessment_id": assessment.id, "note_id": n} for n in notes_wanted],
        )
    return assessment


def assessment_stream(
    trainee: User, source: AssessmentSource, competency_id: str | None = None
) -> list[Assessment]:
    query = (
        select(Assessment)
        .where(Assessment.trainee_id == trainee.id, Assessment.source == source)
        .options(selectinload(Assessment.traces))
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
    )
    if competency_id is not None:
        query = query.where(Assessment.competency_id == competency_id)
    return list(db.session.scalars(query))


def notes_of_assessments(assessment_ids: Sequence[int]) -> dict[int, list[int]]:
    if not assessment_ids:
        return {}
    rows = db.session.execute(
        select(assessment_note.c.assessment_id, assessment_note.c.note_id).where(
            assessment_note.c.assessment_id.in_(list(assessment_ids))
        )
    ).all()
    found: dict[int, list[int]] = {}
    for assessment_id, note_id in rows:
        found.setdefault(assessment_id, []).append(note_id)
    return found


@dataclass(frozen=True)
class NewLevel:
    """A self-assessment the referent has not seen yet; ``level`` None in blind rating."""

    competency_id: str
    level: int | None
    comment: str
    at: datetime


def new_self_assessments(trainee: User, *, since: Seen | None, limit: int = 20) -> list[NewLevel]:
    """The trainee's self-assessments after the visit ``since`` (all when None), newest first.

    In blind rating, the level of a competency no referent has rated yet stays hidden.
    """
    query = (
        select(Assessment)
        .where(Assessment.trainee_id == trainee.id, Assessment.source == AssessmentSource.SELF)
        .order_by(Assessment.id.desc())
        .limit(limit)
    )
    if since is not None:
        query = query.where(Assessment.id > since.assessment_id)
    rows = list(db.session.scalars(query))
    rated: set[str] = set()
    if rows and blind_rating(trainee):
        rated = set(
            db.session.scalars(
                select(Assessment.competency_id).where(
                    Assessment.trainee_id == trainee.id,
                    Assessment.source == AssessmentSource.REFERENT,
                )
            )
        )
    hide = blind_rating(trainee)
    return [
        NewLevel(
            competency_id=a.competency_id,
            level=None if hide and a.competency_id not in rated else a.level,
            comment="" if hide and a.competency_id not in rated else a.comment,
            at=a.created_at,
        )
        for a in rows
    ]


# -- bilans and objectives ---------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveInput:
    title: str
    due_on: date | None
    competency_id: str = ""  # "" when the objective is about the project
    for_project: bool = False
    priority: bool = False
    framework_id: str = DEFAULT_FRAMEWORK


@dataclass(frozen=True)
class ReviewInput:
    held_on: date | None
    participants: str
    trainee_words: str = ""
    summary: str = ""
    trace_ids: tuple[object, ...] = ()
    competency_ids: tuple[object, ...] = ()
    objectives: tuple[ObjectiveInput, ...] = ()
    referent_agrees: bool = False
    framework_id: str = DEFAULT_FRAMEWORK


def _objective(
    author: User, trainee: User, item: ObjectiveInput, *, not_before: date, number: int = 0
) -> Objective:
    where = _("Objectif %(number)d : ", number=number) if number else ""
    try:
        title = _text(item.title, _("Objectif"), required=True, limit=300)
        due = _day(item.due_on, _("Pour le"))
    except ReferentError as err:
        raise ReferentError(where + str(err)) from None
    if due < not_before:
        raise ReferentError(_("%(where)sla date prévue doit venir après le bilan.", where=where))
    competency: Competency | None = None
    fw = frameworks().get(item.framework_id)
    if fw is None:
        raise ReferentError(_("Ce référentiel n'existe pas."))
    if item.competency_id:
        competency = parse_competency(fw, item.competency_id)
    if (competency is None) == (not item.for_project):
        raise ReferentError(
            _(
                "%(where)sreliez l'objectif à une compétence, ou bien au projet professionnel "
                "(l'un des deux).",
                where=where,
            )
        )
    return Objective(
        trainee_id=trainee.id,
        author_id=author.id,
        title=title,
        framework_id=fw.id if competency else None,
        framework_version=fw.version if competency else None,
        competency_id=competency.id if competency else None,
        for_project=competency is None,
        priority=bool(item.priority),
        due_on=due,
    )


def create_review(referent: User, trainee: User, data: ReviewInput) -> Review:
    """Record a bilan, the gaps discussed (levels as they are today) and its objectives."""
    _check_follows(referent, trainee)
    fw = frameworks().get(data.framework_id)
    if fw is None:
        raise ReferentError(_("Ce référentiel n'existe pas."))
    held_on = _day(data.held_on, _("Date du bilan"), not_future=True)
    participants = _text(data.participants, _("Participants"), required=True, limit=1000)
    if len(data.objectives) > MAX_OBJECTIVES:
        raise ReferentError(_("%(n)d objectifs au plus par bilan.", n=MAX_OBJECTIVES))
    trace_ids = _ids(data.trace_ids, _("Traces"))
    traces: list[Trace] = []
    if trace_ids:
        traces = list(
            db.session.scalars(
                select(Trace).where(Trace.id.in_(trace_ids), Trace.trainee_id == trainee.id)
            )
        )
        if len(traces) != len(trace_ids):
            raise ReferentError(_("Une des traces choisies n'existe plus. Rechargez la page."))
    competencies = list(
        dict.fromkeys(parse_competency(fw, c).id for c in data.competency_ids if c != "")
    )
    objectives = [
        _objective(referent, trainee, item, not_before=held_on, number=n)
        for n, item in enumerate(data.objectives, start=1)
    ]
    levels = latest_levels([trainee.id], framework_id=fw.id)
    now = utcnow()
    review = Review(
        trainee_id=trainee.id,
        author_id=referent.id,
        held_on=held_on,
        participants=[line.strip() for line in participants.splitlines() if line.strip()],
        trainee_words=_text(data.trainee_words, _("Ce que le stagiaire a dit")),
        summary=_text(data.summary, _("Ce que l'on retient")),
        referent_agreed_at=now if data.referent_agrees else None,
        traces=traces,
    )
    db.session.add(review)
    db.session.flush()
    for competency_id in competencies:
        db.session.add(
            ReviewCompetency(
                review_id=review.id,
                framework_id=fw.id,
                framework_version=fw.version,
                competency_id=competency_id,
                self_level=levels.get(trainee.id, AssessmentSource.SELF, competency_id),
                referent_level=levels.get(trainee.id, AssessmentSource.REFERENT, competency_id),
            )
        )
    for objective in objectives:
        objective.review_id = review.id
        db.session.add(objective)
    db.session.flush()
    return review


def agree_to_review(user: User, review: Review, comment: object = "") -> Review:
    """The trainee (or the referent) records their agreement with the bilan."""
    text = _text(comment, _("Votre commentaire"), limit=MAX_REPLY)
    if user.role is Role.TRAINEE:
        if user.id != review.trainee_id:
            raise ReferentError(_("Ce bilan n'est pas le vôtre."))
        if review.trainee_agreed_at is not None:
            raise ReferentError(_("Vous avez déjà donné votre accord pour ce bilan."))
        review.trainee_agreed_at = utcnow()
        review.trainee_comment = text
    else:
        _check_follows(user, review.trainee)
        if review.referent_agreed_at is not None:
            raise ReferentError(_("L'accord du référent est déjà enregistré."))
        review.referent_agreed_at = utcnow()
    db.session.flush()
    return review


def add_objective(
    author: User, trainee: User, item: ObjectiveInput, review: Review | None = None
) -> Objective:
    _check_follows(author, trainee)
    objective = _objective(author, trainee, item, not_before=utcnow().date())
    objective.review_id = review.id if review else None
    db.session.add(objective)
    db.session.flush()
    return objective


def close_objective(user: User, objective: Objective, status: object) -> Objective:
    """Record that an objective was reached or dropped, with the date."""
    trainee = db.session.get(User, objective.trainee_id)
    assert trainee is not None
    _check_follows(user, trainee)
    try:
        new = ObjectiveStatus(status if isinstance(status, str) else "")
    except ValueError:
        raise ReferentError(_("Choisissez « atteint » ou « abandonné ».")) from None
    if new is ObjectiveStatus.OPEN:
        raise ReferentError(_("Choisissez « atteint » ou « abandonné »."))
    if objective.status is not ObjectiveStatus.OPEN:
        raise ReferentError(_("Cet objectif est déjà clos."))
    objective.status = new
    now = utcnow()
    if new is ObjectiveStatus.REACHED:
        objective.reached_at = now
    else:
        objective.dropped_at = now
    objective.closed_by_id = user.id
    db.session.flush()
    return objective


def objectives_of(trainee: User) -> list[Objective]:
    return list(
        db.session.scalars(
            select(Objective)
            .where(Objective.trainee_id == trainee.id)
            .order_by(
                case((Objective.status == ObjectiveStatus.OPEN, 0), else_=1),
                Objective.priority.desc(),
                Objective.due_on,
                Objective.id,
            )
        )
    )


def reviews_of(trainee: User) -> list[Review]:
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.trainee_id == trainee.id)
            .options(selectinload(Review.objectives), selectinload(Review.competencies))
            .order_by(Review.held_on.desc(), Review.id.desc())
        )
    )


# -- internships and the tutor's link ---------------------------------------------------


@dataclass(frozen=True)
class InternshipInput:
    company_name: str
    tutor_name: str
    tutor_email: str
    starts_on: date | None
    ends_on: date | None
    rome_code: str
    trade_label: str = ""
    competency_ids: tuple[object, ...] = ()
    framework_id: str = DEFAULT_FRAMEWORK


def create_internship(referent: User, trainee: User, data: InternshipInput) -> Internship:
    _check_follows(referent, trainee)
    fw = frameworks().get(data.framework_id)
    if fw is None:
        raise ReferentError(_("Ce référentiel n'existe pas."))
    email = _text(data.tutor_email, _("Email du tuteur"), required=True, limit=254)
    if not EMAIL_RE.match(email):
        raise ReferentError(_("L'email du tuteur n'est pas valable (exemple : nom@entreprise.fr)."))
    starts = _day(data.starts_on, _("Début du stage"))
    ends = _day(data.ends_on, _("Fin du stage"))
    if ends < starts:
        raise ReferentError(_("La fin du stage doit venir après son début."))
    rome = _text(data.rome_code, _("Code ROME du métier visé"), required=True, limit=10).upper()
    if not ROME_RE.match(rome):
        raise ReferentError(_("Le code ROME a une lettre et quatre chiffres (exemple : D1106)."))
    competencies = list(
        dict.fromkeys(parse_competency(fw, c).id for c in data.competency_ids if c != "")
    )
    internship = Internship(
        trainee_id=trainee.id,
        created_by_id=referent.id,
        company_name=_text(data.company_name, _("Entreprise"), required=True, limit=200),
        tutor_name=_text(data.tutor_name, _("Nom du tuteur"), required=True, limit=200),
        tutor_email=email,
        starts_on=starts,
        ends_on=ends,
        rome_code=rome,
        trade_label=_text(data.trade_label, _("Métier visé"), limit=200),
        framework_id=fw.id,
        competency_ids=competencies,
    )
    db.session.add(internship)
    db.session.flush()
    return internship


def internships_of(trainee: User) -> list[Internship]:
    return list(
        db.session.scalars(
            select(Internship)
            .where(Internship.trainee_id == trainee.id)
            .options(selectinload(Internship.links), selectinload(Internship.assessments))
            .order_by(Internship.starts_on.desc(), Internship.id.desc())
        )
    )


def tutor_competencies(internship: Internship) -> list[Competency]:
    """What the tutor is asked about: the chosen competencies, else every active one."""
    fw = framework(internship.framework_id)
    chosen = [fw.get(c) for c in internship.competency_ids]
    found = [c for c in chosen if c is not None]
    return found or list(fw.active_competencies)


def create_tutor_link(
    referent: User, internship: Internship, *, days: int = TUTOR_LINK_DAYS
) -> tuple[TutorLink, str]:
    """A new single-use link for the tutor; earlier unused links stop working.

    Returns the link and its secret token, which is shown once and never stored.
    """
    _check_follows(referent, internship.trainee)
    now = utcnow()
    db.session.execute(
        update(TutorLink)
        .where(
            TutorLink.internship_id == internship.id,
            TutorLink.used_at.is_(None),
            TutorLink.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    link = TutorLink(
        internship_id=internship.id,
        token_hash=_hash(token),
        created_by_id=referent.id,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(link)
    db.session.flush()
    db.session.expire(internship, ["links"])
    return link, token


def _link_problem(link: TutorLink | None) -> TutorLinkError | None:
    """Why a tutor link cannot be used, or None if it can."""
    if link is None:
        return TutorLinkError(
            "unknown",
            _(
                "Ce lien n'est pas valable. Vérifiez qu'il est complet, ou demandez un nouveau "
                "lien à l'école."
            ),
        )
    if link.used_at is not None:
        return TutorLinkError(
            "used",
            _(
                "Ce lien a déjà servi : votre évaluation est bien arrivée à l'école. Merci ! "
                "Pour la corriger, contactez le référent du stagiaire."
            ),
        )
    if link.revoked_at is not None:
        return TutorLinkError(
            "revoked",
            _("Ce lien a été remplacé par un lien plus récent. Utilisez le dernier lien reçu."),
        )
    if link.expires_at <= utcnow():
        return TutorLinkError(
            "expired",
            _(
                "Ce lien n'est plus valable depuis le %(date)s. Demandez un "
                "nouveau lien au référent du stagiaire.",
                date=link.expires_at.strftime("%d/%m/%Y"),
            ),
        )
    return None


def _link_problem_used() -> TutorLinkError:
    problem = _link_problem(TutorLink(used_at=utcnow()))
    assert problem is not None
    return problem


def find_tutor_link(token: object) -> TutorLink:
    """The link for this token, if it can still be used; else :class:`TutorLinkError`."""
    link = None
    if isinstance(token, str) and 20 <= len(token) <= 100:
        link = db.session.scalar(select(TutorLink).where(TutorLink.token_hash == _hash(token)))
    problem = _link_problem(link)
    if problem is not None:
        raise problem
    assert link is not None
    return link


def submit_tutor_assessment(
    token: object,
    levels: Mapping[str, object],
    comments: Mapping[str, object] | None = None,
) -> list[Assessment]:
    """The tutor's levels join the tutor stream; the link is used up in the same transaction.

    Competencies left empty were not observed. The link is consumed by a conditional UPDATE,
    so two submissions racing with the same link cannot both be stored.
    """
    link = find_tutor_link(token)
    internship = link.internship
    fw = framework(internship.framework_id)
    comments = comments or {}
    chosen: list[tuple[Competency, int, str]] = []
    for competency in tutor_competencies(internship):
        raw = levels.get(competency.id)
        if raw in (None, ""):
            continue
        try:
            level = parse_level(fw, raw)
        except ReferentError as err:
            raise ReferentError(
                _("« %(competency)s » : %(error)s", competency=competency.label, error=err)
            ) from None
        comment = _text(
            comments.get(competency.id),
            _("Commentaire sur « %(competency)s »", competency=competency.label),
        )
        chosen.append((competency, level, comment))
    if not chosen:
        raise ReferentError(_("Donnez un niveau à au moins une compétence que vous avez observée."))
    now = utcnow()
    used = db.session.execute(
        update(TutorLink)
        .where(
            TutorLink.id == link.id,
            TutorLink.used_at.is_(None),
            TutorLink.revoked_at.is_(None),
            TutorLink.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(used, "rowcount", 0) != 1:
        db.session.refresh(link)
        raise _link_problem(link) or _link_problem_used()
    created: list[Assessment] = []
    for competency, level, comment in chosen:
        assessment = Assessment(
            trainee_id=internship.trainee_id,
            source=AssessmentSource.TUTOR,
            author_id=None,
            author_label=internship.tutor_name,
            framework_id=fw.id,
            framework_version=fw.version,
            competency_id=competency.id,
            level=level,
            comment=comment,
            created_at=now,
        )
        db.session.add(assessment)
        created.append(assessment)
    db.session.flush()
    db.session.execute(
        insert(internship_assessment),
        [{"internship_id": internship.id, "assessment_id": a.id} for a in created],
    )
    db.session.expire(link)
    return created


# -- "new since the last visit" and the caseload ----------------------------------------


@dataclass(frozen=True)
class Seen:
    """What a referent had seen of a trainee at their last visit."""

    visited_at: datetime
    trace_id: int  # highest trace id then
    assessment_id: int  # highest self-assessment id then


def last_visit(referent: User, trainee: User) -> Seen | None:
    row = db.session.scalar(
        select(ReferentVisit).where(
            ReferentVisit.referent_id == referent.id, ReferentVisit.trainee_id == trainee.id
        )
    )
    if row is None:
        return None
    return Seen(row.visited_at, row.seen_trace_id, row.seen_assessment_id)


def mark_visited(referent: User, trainee: User) -> Seen | None:
    """Record that the referent opened the trainee's file now; returns the previous visit."""
    previous = last_visit(referent, trainee)
    now = utcnow()
    seen = {
        "visited_at": now,
        "seen_trace_id": db.session.scalar(
            select(func.coalesce(func.max(Trace.id), 0)).where(Trace.trainee_id == trainee.id)
        ),
        "seen_assessment_id": db.session.scalar(
            select(func.coalesce(func.max(Assessment.id), 0)).where(
                Assessment.trainee_id == trainee.id, Assessment.source == AssessmentSource.SELF
            )
        ),
    }
    values = {"referent_id": referent.id, "trainee_id": trainee.id, **seen}
    keys = ["referent_id", "trainee_id"]
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        lite = sqlite.insert(ReferentVisit).values(**values)
        db.session.execute(lite.on_conflict_do_update(index_elements=keys, set_=seen))
    elif dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        pg = postgresql.insert(ReferentVisit).values(**values)
        db.session.execute(pg.on_conflict_do_update(index_elements=keys, set_=seen))
    elif previous is None:  # pragma: no cover - other databases
        db.session.add(ReferentVisit(**values))
    else:  # pragma: no cover
        db.session.execute(
            update(ReferentVisit)
            .where(ReferentVisit.referent_id == referent.id, ReferentVisit.trainee_id == trainee.id)
            .values(**seen)
        )
    return previous


@dataclass(frozen=True)
class CaseloadRow:
    trainee: User
    covered_for: str  # the absent colleague's name, during a hand-over; "" for one's own
    last_visit: datetime | None
    new_traces: int
    new_self_assessments: int
    pending_game: int
    largest_gap: SimpleGap | None
    last_review_on: date | None
    days_since_review: int | None

    @property
    def review_overdue(self) -> bool:
        return self.days_since_review is None or self.days_since_review > REVIEW_OVERDUE_DAYS

    @property
    def has_news(self) -> bool:
        return bool(self.new_traces or self.new_self_assessments or self.pending_game)

    @property
    def needs_attention(self) -> bool:
        gap = abs(self.largest_gap.gap) if self.largest_gap else 0
        return self.has_news or self.review_overdue or gap >= 2

    @property
    def attention_score(self) -> int:
        gap = abs(self.largest_gap.gap) if self.largest_gap else 0
        return (
            self.new_traces
            + self.new_self_assessments
            + self.pending_game
            + 2 * gap
            + (3 if self.review_overdue else 0)
        )


CASELOAD_SORTS = ("attention", "nom", "nouveau", "ecart", "bilan")
CASELOAD_FILTERS = ("tous", "attention", "nouveau", "bilan", "ecart")


def caseload(referent: User, *, today: date | None = None) -> list[CaseloadRow]:
    """The referent's trainees (own and covered today) with what needs attention.

    A fixed number of queries, whatever the number of traces or trainees: the trainees, their
    figures (one row each), the largest gaps, and the names of absent colleagues if any.
    """
    now = utcnow()
    day = today or now.date()
    rows = db.session.execute(
        followed_trainees_query(referent, day).add_columns(ReferentAssignment.referent_id)
    ).all()
    trainees = [row[0] for row in rows]
    if not trainees:
        return []
    ids = [t.id for t in trainees]
    owner = {row[0].id: row[1] for row in rows}
    colleague_ids = {rid for rid in owner.values() if rid != referent.id}
    colleagues: dict[int, str] = {}
    if colleague_ids:
        colleagues = {
            u.id: u.full_name
            for u in db.session.scalars(select(User).where(User.id.in_(colleague_ids)))
        }
    # One row per trainee, each figure a correlated count that the indexes answer. Ids grow
    # with time, so a row is new if its id is above the highest one seen at the last visit.
    seen_trace = func.coalesce(ReferentVisit.seen_trace_id, 0)
    seen_self = func.coalesce(ReferentVisit.seen_assessment_id, 0)
    figures = db.session.execute(
        select(
            User.id,
            ReferentVisit.visited_at,
            select(func.count(Trace.id))
            .where(Trace.trainee_id == User.id, Trace.id > seen_trace)
            .scalar_subquery(),
            select(func.count(Assessment.id))
            .where(
                Assessment.trainee_id == User.id,
                Assessment.source == AssessmentSource.SELF,
                Assessment.id > seen_self,
            )
            .scalar_subquery(),
            select(func.count(GameStatement.id))
            .where(
                GameStatement.user_id == User.id,
                GameStatement.status == GameStatementStatus.PENDING,
            )
            .scalar_subquery(),
            select(func.max(Review.held_on)).where(Review.trainee_id == User.id).scalar_subquery(),
        )
        .outerjoin(
            ReferentVisit,
            and_(ReferentVisit.trainee_id == User.id, ReferentVisit.referent_id == referent.id),
        )
        .where(User.id.in_(ids))
    ).all()
    by_id = {row[0]: row[1:] for row in figures}
    fw = framework()
    gaps_found = largest_gaps(ids, fw.id)
    result: list[CaseloadRow] = []
    for trainee in trainees:
        visited_at, new_traces, new_self, pending, reviewed = by_id[trainee.id]
        owner_id = owner[trainee.id]
        result.append(
            CaseloadRow(
                trainee=trainee,
                covered_for=colleagues.get(owner_id, "") if owner_id != referent.id else "",
                last_visit=visited_at,
                new_traces=int(new_traces or 0),
                new_self_assessments=int(new_self or 0),
                pending_game=int(pending or 0),
                largest_gap=gaps_found.get(trainee.id),
                last_review_on=reviewed,
                days_since_review=(day - reviewed).days if reviewed else None,
            )
        )
    return result


def sort_and_filter(
    rows: Sequence[CaseloadRow], *, sort: str = "attention", show: str = "tous", query: str = ""
) -> list[CaseloadRow]:
    """Sort and filter the caseload (unknown values fall back to the defaults)."""
    words = query.strip().lower().split()
    if words:
        rows = [r for r in rows if all(w in r.trainee.full_name.lower() for w in words)]
    if show == "attention":
        rows = [r for r in rows if r.needs_attention]
    elif show == "nouveau":
        rows = [r for r in rows if r.has_news]
    elif show == "bilan":
        rows = [r for r in rows if r.review_overdue]
    elif show == "ecart":
        rows = [r for r in rows if r.largest_gap is not None]

    def by_name(r: CaseloadRow) -> tuple[str, str, int]:
        return (r.trainee.last_name.lower(), r.trainee.first_name.lower(), r.trainee.id)

    ordered = sorted(rows, key=by_name)
    if sort == "nom":
        return ordered
    if sort == "nouveau":
        return sorted(
            ordered, key=lambda r: -(r.new_traces + r.new_self_assessments + r.pending_game)
        )
    if sort == "ecart":
        return sorted(ordered, key=lambda r: -(abs(r.largest_gap.gap) if r.largest_gap else -1))
    if sort == "bilan":
        return sorted(
            ordered,
            key=lambda r: -(r.days_since_review if r.days_since_review is not None else 10**6),
        )
    return sorted(ordered, key=lambda r: -r.attention_score)


# -- the trainee's side ------------------------------------------------------------------


def _labelled(competency_ids: Iterable[str]) -> list[tuple[str, str]]:
    """(id, label) of each competency, the id standing in for one the framework lost."""
    fw = framework()
    return [(cid, found.label if (found := fw.get(cid)) else cid) for cid in competency_ids]


@dataclass(frozen=True)
class FollowUp:
    """The trainee's follow-up page: objectives, bilans, shared notes."""

    open_objectives: list[Objective]
    closed_objectives: list[Objective]
    priorities: list[Objective]
    discussed: list[tuple[str, str]]  # (competency id, label) discussed at the last bilan
    shared_notes: list[ExplicitationNote]
    reviews: list[Review]
    reviews_waiting: list[Review]  # bilans the trainee has not agreed to yet


def follow_up(trainee: User, *, notes: int = 5) -> FollowUp:
    objectives = objectives_of(trainee)
    open_ones = [o for o in objectives if o.status is ObjectiveStatus.OPEN]
    closed = sorted(
        (o for o in objectives if o.status is not ObjectiveStatus.OPEN),
        key=lambda o: o.reached_at or o.dropped_at or o.created_at,
        reverse=True,
    )[:5]
    reviews = reviews_of(trainee)
    discussed = _labelled(
        [item.competency_id for item in reviews[0].competencies] if reviews else []
    )
    shared = notes_of(trainee, shared_only=True)[:notes]
    return FollowUp(
        open_objectives=open_ones,
        closed_objectives=closed,
        priorities=[o for o in open_ones if o.priority],
        discussed=discussed,
        shared_notes=shared,
        reviews=reviews,
        reviews_waiting=[r for r in reviews if r.trainee_agreed_at is None],
    )


@dataclass(frozen=True)
class HomeFollowUp:
    """The part of the follow-up that the trainee's home shows, in three small queries."""

    open_objectives: list[Objective]  # the first ones: priorities, then by due date
    discussed: list[tuple[str, str]]  # (competency id, label) discussed at the last bilan
    review_waiting_id: int | None  # the latest bilan the trainee has not agreed to yet
    last_note_id: int | None  # the latest note shared with the trainee
    last_note_on: date | None


HOME_OBJECTIVES = 5
_HOME_TRAINEE = bindparam("trainee_id", type_=Integer)
_HOME_OBJECTIVES_STMT = (
    select(Objective)
    .where(Objective.trainee_id == _HOME_TRAINEE, Objective.status == ObjectiveStatus.OPEN)
    .order_by(Objective.priority.desc(), Objective.due_on, Objective.id)
    .limit(HOME_OBJECTIVES)
)
_LATEST_REVIEW = (
    select(Review.id)
    .where(Review.trainee_id == _HOME_TRAINEE)
    .order_by(Review.held_on.desc(), Review.id.desc())
    .limit(1)
)
_LATEST_SHARED_NOTE = (
    select(ExplicitationNote.id, ExplicitationNote.observed_on)
    .where(
        ExplicitationNote.trainee_id == _HOME_TRAINEE,
        ExplicitationNote.visibility == NoteVisibility.SHARED,
    )
    .order_by(ExplicitationNote.observed_on.desc(), ExplicitationNote.id.desc())
    .limit(1)
    .subquery()
)
_HOME_FACTS_STMT = select(
    _LATEST_REVIEW.scalar_subquery(),
    select(Review.id)
    .where(Review.trainee_id == _HOME_TRAINEE, Review.trainee_agreed_at.is_(None))
    .order_by(Review.held_on.desc(), Review.id.desc())
    .limit(1)
    .scalar_subquery(),
    select(_LATEST_SHARED_NOTE.c.id).scalar_subquery(),
    select(_LATEST_SHARED_NOTE.c.observed_on).scalar_subquery(),
)
_DISCUSSED_STMT = (
    select(ReviewCompetency.competency_id)
    .where(ReviewCompetency.review_id == bindparam("review_id", type_=Integer))
    .order_by(ReviewCompetency.id)
)


def home_follow_up(trainee: User) -> HomeFollowUp:
    """Objectives, the last bilan and the last shared note, for the trainee's home page."""
    params = {"trainee_id": trainee.id}
    objectives = list(db.session.scalars(_HOME_OBJECTIVES_STMT, params))
    review_id, waiting_id, note_id, note_on = db.session.execute(_HOME_FACTS_STMT, params).one()
    discussed = _labelled(
        db.session.scalars(_DISCUSSED_STMT, {"review_id": review_id}) if review_id else []
    )
    return HomeFollowUp(objectives, discussed, waiting_id, note_id, note_on)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def trainee_export(trainee: User) -> dict[str, Any]:
    """Everything the portfolio holds about one trainee, team notes included."""
    traces = list(
        db.session.scalars(
            select(Trace)
            .where(Trace.trainee_id == trainee.id)
            .options(
                selectinload(Trace.competencies),
                selectinload(Trace.links),
                selectinload(Trace.photos),
            )
            .order_by(Trace.happened_on, Trace.id)
        )
    )
    assessments = list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.trainee_id == trainee.id)
            .options(selectinload(Assessment.traces))
            .order_by(Assessment.created_at, Assessment.id)
        )
    )
    linked_notes = notes_of_assessments([a.id for a in assessments])
    notes = list(
        db.session.scalars(
            select(ExplicitationNote)
            .where(ExplicitationNote.trainee_id == trainee.id)
            .options(
                selectinload(ExplicitationNote.competencies),
                selectinload(ExplicitationNote.revisions),
                selectinload(ExplicitationNote.replies),
            )
            .order_by(ExplicitationNote.created_at, ExplicitationNote.id)
        )
    )
    names = {
        u.id: u.full_name
        for u in db.session.scalars(
            select(User).where(
                User.id.in_(
                    select(ReferentAssignment.referent_id).where(
                        ReferentAssignment.trainee_id == trainee.id
                    )
                )
                | User.id.in_(
                    select(ExplicitationNote.author_id).where(
                        ExplicitationNote.trainee_id == trainee.id
                    )
                )
                | User.id.in_(
                    select(Assessment.author_id).where(Assessment.trainee_id == trainee.id)
                )
                | User.id.in_(select(Review.author_id).where(Review.trainee_id == trainee.id))
                | User.id.in_(
                    select(NoteReply.author_id)
                    .join(ExplicitationNote, ExplicitationNote.id == NoteReply.note_id)
                    .where(ExplicitationNote.trainee_id == trainee.id)
                )
                | User.id.in_(
                    select(ReferentVisit.referent_id).where(ReferentVisit.trainee_id == trainee.id)
                )
            )
        )
    }
    names[trainee.id] = trainee.full_name
    assignments = db.session.scalars(
        select(ReferentAssignment)
        .where(ReferentAssignment.trainee_id == trainee.id)
        .order_by(ReferentAssignment.started_at)
    )
    statements = db.session.scalars(
        select(GameStatement)
        .where(GameStatement.user_id == trainee.id)
        .order_by(GameStatement.stored_at, GameStatement.id)
    )
    visits = db.session.scalars(select(ReferentVisit).where(ReferentVisit.trainee_id == trainee.id))
    return {
        "format": "e2c-portfolio-export/1",
        "exported_at": _iso(utcnow()),
        "person": {
            "login": trainee.login,
            "first_name": trainee.first_name,
            "last_name": trainee.last_name,
            "email": trainee.email,
            "birth_date": _iso(trainee.birth_date),
            "site": trainee.site.name if trainee.site else None,
            "account_created_at": _iso(trainee.created_at),
        },
        "referents": [
            {
                "referent": names.get(a.referent_id, ""),
                "from": _iso(a.started_at),
                "until": _iso(a.ended_at),
            }
            for a in assignments
        ],
        "traces": [
            {
                "id": t.id,
                "title": t.title,
                "body": t.body,
                "happened_on": _iso(t.happened_on),
                "context": t.context.value,
                "company_name": t.company_name,
                "status": t.status.value,
                "origin": t.origin.value,
                "created_at": _iso(t.created_at),
                "updated_at": _iso(t.updated_at),
                "competencies": [
                    {
                        "framework": c.framework_id,
                        "version": c.framework_version,
                        "competency_id": c.competency_id,
                        "indicator_ids": list(c.indicator_ids),
                    }
                    for c in t.competencies
                ],
                "links": [{"url": link.url, "title": link.title} for link in t.links],
                "photos": [
                    {"caption": p.caption, "width": p.width, "height": p.height} for p in t.photos
                ],
            }
            for t in traces
        ],
        "assessments": [
            {
                "id": a.id,
                "source": a.source.value,
                "author": a.author_label or names.get(a.author_id or 0, ""),
                "framework": a.framework_id,
                "version": a.framework_version,
                "competency_id": a.competency_id,
                "level": a.level,
                "comment": a.comment,
                "created_at": _iso(a.created_at),
                "trace_ids": [t.id for t in a.traces],
                "note_ids": linked_notes.get(a.id, []),
            }
            for a in assessments
        ],
        "notes": [
            {
                "id": n.id,
                "visibility": n.visibility.value,
                "author": names.get(n.author_id, ""),
                "trace_id": n.trace_id,
                "trace_title": n.trace_title,
                "situation_kind": n.situation_kind.value,
                "observed_on": _iso(n.observed_on),
                "situation": n.situation,
                "observed": n.observed,
                "trainee_words": n.trainee_words,
                "next_step": n.next_step,
                "version": n.version,
                "created_at": _iso(n.created_at),
                "updated_at": _iso(n.updated_at),
                "competencies": [
                    {
                        "competency_id": c.competency_id,
                        "indicator_ids": list(c.indicator_ids),
                        "level": c.level,
                    }
                    for c in n.competencies
                ],
                "history": [
                    {
                        "version": r.version,
                        "edited_by": names.get(r.edited_by_id or 0, ""),
                        "edited_at": _iso(r.edited_at),
                        "content": json.loads(r.content),
                    }
                    for r in n.revisions
                ],
                "replies": [
                    {
                        "author": names.get(r.author_id, ""),
                        "body": r.body,
                        "created_at": _iso(r.created_at),
                    }
                    for r in n.replies
                ],
            }
            for n in notes
        ],
        "reviews": [
            {
                "id": r.id,
                "held_on": _iso(r.held_on),
                "author": names.get(r.author_id, ""),
                "participants": r.participant_list,
                "trainee_words": r.trainee_words,
                "summary": r.summary,
                "trace_ids": [t.id for t in r.traces],
                "gaps_discussed": [
                    {
                        "competency_id": c.competency_id,
                        "self_level": c.self_level,
                        "referent_level": c.referent_level,
                    }
                    for c in r.competencies
                ],
                "referent_agreed_at": _iso(r.referent_agreed_at),
                "trainee_agreed_at": _iso(r.trainee_agreed_at),
                "trainee_comment": r.trainee_comment,
            }
            for r in reviews_of(trainee)
        ],
        "objectives": [
            {
                "id": o.id,
                "review_id": o.review_id,
                "title": o.title,
                "competency_id": o.competency_id,
                "for_project": o.for_project,
                "priority": o.priority,
                "due_on": _iso(o.due_on),
                "status": o.status.value,
                "created_at": _iso(o.created_at),
                "reached_at": _iso(o.reached_at),
                "dropped_at": _iso(o.dropped_at),
            }
            for o in objectives_of(trainee)
        ],
        "internships": [
            {
                "id": i.id,
                "company_name": i.company_name,
                "tutor_name": i.tutor_name,
                "tutor_email": i.tutor_email,
                "starts_on": _iso(i.starts_on),
                "ends_on": _iso(i.ends_on),
                "rome_code": i.rome_code,
                "trade_label": i.trade_label,
                "tutor_links": [
                    {
                        "created_at": _iso(link.created_at),
                        "expires_at": _iso(link.expires_at),
                        "used_at": _iso(link.used_at),
                        "revoked_at": _iso(link.revoked_at),
                    }
                    for link in i.links
                ],
                "tutor_assessment_ids": [a.id for a in i.assessments],
            }
            for i in internships_of(trainee)
        ],
        "game_statements": [
            {
                "statement_id": s.statement_id,
                "task": s.task_name,
                "verb": s.verb,
                "score": s.score,
                "happened_at": _iso(s.happened_at),
                "status": s.status.value,
                "reason": s.reason,
                "trace_id": s.trace_id,
            }
            for s in statements
        ],
        "referent_visits": [
            {"referent": names.get(v.referent_id, ""), "visited_at": _iso(v.visited_at)}
            for v in visits
        ],
    }
