"""The collective observation grid of a session: trainees in rows, targeted competencies in
columns, one tap per cell ("observé" or a level of the competency's own framework), a remark
per trainee.

Saving writes, for each trainee with something observed or a remark, one explicitation note
(situation = the session, through :func:`portfolio.referent.services.notes.create_notes`) and
one referent assessment per rated cell (through
:func:`portfolio.services.assessments.record_assessments`, the batch form of the single write
path), in a constant number of queries whatever the size of the grid.

Who may write what: notes and referent levels are the referent's, about trainees they follow
(own or covered), exactly as on the trainee's page. Staff of the site who lead a session may
see the whole group; the rows of trainees they do not follow are shown read-only, and a value
sent for such a row is refused with a message naming the trainee (nothing is saved). Rejected:
recording the levels of non-followed trainees anyway, which would let any colleague of the site
write into a trainee's referent stream, against the rule of the trainee's own page.

A grid is sent with a key its page made when it opened: the same grid sent twice records once
(``grid_submission.client_key`` is unique) and the second send says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    ActivityKind,
    ActivitySession,
    AssessmentSource,
    Attendance,
    ExplicitationNote,
    GridNote,
    GridSubmission,
    NoteSituation,
    NoteVisibility,
    Role,
    SessionParticipant,
    User,
    utcnow,
)
from portfolio.referent.services.notes import NoteCompetencyInput, NoteInput, create_notes
from portfolio.services.access import followed_trainees_query
from portfolio.services.assessments import AssessmentError, AssessmentInput, record_assessments
from portfolio.services.frameworks import frameworks
from portfolio.services.i18n import gettext as _
from portfolio.services.rules import ReferentError
from portfolio.services.text import TextRefused, clean_text
from referentiel import Competency, Level

OBSERVED = "observe"  # the cell value for "observé" without a level
MAX_REMARK = 500
_KEY = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# Collective activities (projects, visits, forums) are "collective"; the rest are workshops.
_COLLECTIVE = {
    ActivityKind.CITIZEN_PROJECT,
    ActivityKind.CULTURAL_PROJECT,
    ActivityKind.SPORTS_PROJECT,
    ActivityKind.COMPANY_VISIT,
    ActivityKind.JOB_FORUM,
}


class GridError(ValueError):
    """The grid cannot be saved; ``str()`` says why in plain words. Nothing was written."""


class GridAlreadySaved(GridError):
    """This grid (its key) was saved before: nothing new is written."""

    def __init__(self) -> None:
        super().__init__(_("Cette grille était déjà enregistrée : rien n'a été ajouté."))


@dataclass(frozen=True)
class Column:
    """A targeted competency: its framework, its id, its words and its scale (without 0)."""

    framework_id: str
    competency_id: str
    label: str
    levels: tuple[Level, ...]
    competency: Competency | None = None  # its everyday words head the grid's column

    @property
    def key(self) -> str:
        return f"{self.framework_id}:{self.competency_id}"


@dataclass(frozen=True)
class Row:
    participant: SessionParticipant
    followed: bool

    @property
    def trainee(self) -> User:
        return self.participant.trainee


def situation_kind(session: ActivitySession) -> NoteSituation:
    if session.activity.kind in _COLLECTIVE:
        return NoteSituation.COLLECTIVE
    return NoteSituation.WORKSHOP


def columns(session: ActivitySession) -> list[Column]:
    """The activity's targeted competencies still in their loaded framework, in order."""
    found: list[Column] = []
    loaded = frameworks()
    for target in session.activity.targets:
        fw = loaded.get(target.framework_id)
        competency = fw.get(target.competency_id) if fw else None
        if fw is None or competency is None or competency.retired:
            continue
        levels = tuple(level for level in fw.levels if level.code > 0)
        found.append(Column(fw.id, competency.id, competency.label, levels, competency))
    return found


def rows(viewer: User, session: ActivitySession) -> list[Row]:
    """The trainees present or expected, by name; ``followed``: the viewer may write for them."""
    participants = db.session.scalars(
        select(SessionParticipant)
        .where(
            SessionParticipant.session_id == session.id,
            SessionParticipant.attendance.in_([Attendance.PRESENT, Attendance.EXPECTED]),
        )
        .options(selectinload(SessionParticipant.trainee))
    ).all()
    followed: set[int] = set()
    if viewer.role is Role.REFERENT and participants:
        ids = [p.trainee_id for p in participants]
        query = followed_trainees_query(viewer).where(User.id.in_(ids))
        followed = {t.id for t in db.session.scalars(query)}
    ordered = sorted(participants, key=lambda p: (p.trainee.last_name, p.trainee.first_name))
    return [Row(p, p.trainee_id in followed) for p in ordered]


@dataclass(frozen=True)
class GridInput:
    """What the grid sent: cell values by (trainee id, column key), remarks by trainee id."""

    client_key: object
    visibility: object
    cells: Mapping[tuple[str, str], str]
    remarks: Mapping[str, str]


@dataclass(frozen=True)
class _Line:
    """What one trainee gets: the cells observed (column, level or None) and the remark."""

    row: Row
    cells: list[tuple[Column, int | None]]
    remark: str


def _level(column: Column, value: str) -> int | None:
    if value == OBSERVED:
        return None
    codes = {level.code for level in column.levels}
    if not value.isdigit() or int(value) not in codes:
        raise GridError(
            _(
                "Le niveau « %(value)s » n'est pas sur l'échelle de « %(competency)s ».",
                value=value[:10],
                competency=column.label,
            )
        )
    return int(value)


def _row_of(by_id: Mapping[str, Row], trainee_id: str) -> Row:
    row = by_id.get(trainee_id)
    if row is None:
        raise GridError(_("Un des stagiaires de la grille n'est pas dans cette séance."))
    if not row.followed:
        raise GridError(
            _(
                "Vous ne suivez pas %(name)s : seul son référent peut écrire ses observations.",
                name=row.trainee.full_name,
            )
        )
    return row


def _remark(value: str, row: Row) -> str:
    try:
        return clean_text(value, limit=MAX_REMARK)
    except TextRefused:
        raise GridError(
            _(
                "La remarque sur %(name)s est trop longue (%(n)d caractères au plus).",
                name=row.trainee.full_name,
                n=MAX_REMARK,
            )
        ) from None


def _lines(viewer: User, session: ActivitySession, data: GridInput) -> list[_Line]:
    """The grid checked cell by cell; the first fault raises :class:`GridError`."""
    by_id = {str(r.participant.trainee_id): r for r in rows(viewer, session)}
    by_key = {c.key: c for c in columns(session)}
    cells: dict[str, list[tuple[Column, int | None]]] = {}
    for (trainee_id, key), value in data.cells.items():
        if not value or value == "-":
            continue
        column = by_key.get(key)
        if column is None:
            raise GridError(
                _("Une des compétences de la grille n'est pas visée par cette activité.")
            )
        _row_of(by_id, trainee_id)
        cells.setdefault(trainee_id, []).append((column, _level(column, value)))
    remarks: dict[str, str] = {}
    for trainee_id, value in data.remarks.items():
        if value.strip():
            remarks[trainee_id] = _remark(value, _row_of(by_id, trainee_id))
    order = [k for k in by_id if k in cells or k in remarks]
    return [_Line(by_id[k], cells.get(k, []), remarks.get(k, "")) for k in order]


def _observed_text(session: ActivitySession, line: _Line) -> str:
    title = session.activity.title
    if not line.cells:
        return _("Pendant la séance « %(title)s ».", title=title)
    parts = [
        column.label
        if level is None
        else _("%(competency)s (niveau %(level)d)", competency=column.label, level=level)
        for column, level in line.cells
    ]
    return _(
        "Observé pendant la séance « %(title)s » : %(list)s.", title=title, list="; ".join(parts)
    )


def _check_key(value: object) -> str:
    key = value.strip().lower() if isinstance(value, str) else ""
    if not _KEY.fullmatch(key):
        raise GridError(_("La grille n'a pas de clé valide. Rechargez la page."))
    return key


def already_saved(key: object) -> bool:
    """Whether a grid with this key was recorded (after a refusal: was it a second send?)."""
    if not isinstance(key, str) or not _KEY.fullmatch(key.strip().lower()):
        return False
    found = db.session.scalar(
        select(GridSubmission.id).where(GridSubmission.client_key == key.strip().lower())
    )
    return found is not None


def saved_keys(session: ActivitySession) -> list[str]:
    """The keys of the grids already saved for the session (the page drops such a draft)."""
    return list(
        db.session.scalars(
            select(GridSubmission.client_key).where(GridSubmission.session_id == session.id)
        )
    )


def save_grid(author: User, session: ActivitySession, data: GridInput) -> GridSubmission:
    """Record the grid: one note per trainee with something, one referent level per rated cell.

    Raises :class:`GridAlreadySaved` when the key was used, :class:`GridError` on any fault
    (nothing written). Constant number of queries whatever the grid's size.
    """
    key = _check_key(data.client_key)
    if already_saved(key):
        raise GridAlreadySaved
    if author.role is not Role.REFERENT:
        raise GridError(_("Seul un référent peut enregistrer une grille d'observation."))
    if session.day > utcnow().date():
        raise GridError(
            _("Cette séance n'a pas encore eu lieu : remplissez la grille pendant ou après.")
        )
    try:
        visibility = NoteVisibility(str(data.visibility))
    except ValueError:
        raise GridError(_("Choisissez qui peut lire les observations.")) from None
    lines = _lines(author, session, data)
    if not lines:
        raise GridError(
            _("La grille est vide : touchez au moins une case ou écrivez une remarque.")
        )
    inputs = [
        (
            line.row.trainee,
            NoteInput(
                observed_on=session.day,
                situation_kind=situation_kind(session).value,
                situation=session.activity.title,
                observed="\n".join(filter(None, (_observed_text(session, line), line.remark))),
                visibility=visibility.value,
                competencies=tuple(
                    NoteCompetencyInput(c.competency_id, level, (), c.framework_id)
                    for c, level in line.cells
                ),
            ),
        )
        for line in lines
    ]
    try:
        notes = create_notes(author, inputs)  # trainee id -> note id
        rated = [
            AssessmentInput(
                trainee=line.row.trainee,
                competency_id=column.competency_id,
                level=level,
                framework_id=column.framework_id,
                comment=_("Grille d'observation : %(title)s.", title=session.activity.title),
                note_ids=(notes[line.row.trainee.id],),
            )
            for line in lines
            for column, level in line.cells
            if level is not None
        ]
        record_assessments(AssessmentSource.REFERENT, author, rated)
    except (ReferentError, AssessmentError) as err:
        raise GridError(str(err)) from None
    submission = GridSubmission(
        session_id=session.id,
        author_id=author.id,
        client_key=key,
        notes=len(notes),
        ratings=len(rated),
    )
    try:
        with db.session.begin_nested():  # two sends at the same instant: the second waits, then
            db.session.add(submission)  # meets the unique key and records nothing
    except IntegrityError:
        raise GridAlreadySaved from None
    db.session.execute(
        insert(GridNote), [{"submission_id": submission.id, "note_id": n} for n in notes.values()]
    )
    return submission


def parse_form(form: Mapping[str, str]) -> GridInput:
    """Read the grid's fields: ``cell-<trainee>-<framework>:<competency>`` and
    ``remarque-<trainee>``, plus any such field sent for someone not in the grid (refused)."""
    cells: dict[tuple[str, str], str] = {}
    remarks: dict[str, str] = {}
    for name, value in form.items():
        if name.startswith("cell-"):
            trainee_id, _sep, key = name[5:].partition("-")
            cells[(trainee_id, key)] = value
        elif name.startswith("remarque-"):
            remarks[name[9:]] = value
    return GridInput(
        client_key=form.get("cle", ""),
        visibility=form.get("visibilite", ""),
        cells=cells,
        remarks=remarks,
    )


# -- the trainee's side ----------------------------------------------------------------------


def observed_for(trainee: User, session: ActivitySession) -> list[ExplicitationNote]:
    """The shared notes written from this session's grids about this trainee (own row only)."""
    return list(
        db.session.scalars(
            select(ExplicitationNote)
            .where(
                ExplicitationNote.trainee_id == trainee.id,
                ExplicitationNote.visibility == NoteVisibility.SHARED,
                ExplicitationNote.id.in_(
                    select(GridNote.note_id)
                    .join(GridSubmission, GridSubmission.id == GridNote.submission_id)
                    .where(GridSubmission.session_id == session.id)
                ),
            )
            .options(
                selectinload(ExplicitationNote.competencies),
                selectinload(ExplicitationNote.author),
            )
            .order_by(ExplicitationNote.id)
        )
    )
