"""Assessment streams: levels given to competencies, append-only, one stream per source.

Every ``Assessment`` row is created here, by :func:`record_assessment`, whatever the source:
the trainee's own level (``SELF``), the referent's, the game's (confirmed by the referent), the
internship tutor's, the professional's of an interview simulation, and those to come. One validator checks what every stream must respect
(the trainee is a trainee, the author may write this stream, the competency exists in the
framework version the evidence names, the level is on this stream's scale, the comment is
short enough, every trace and note named is the trainee's own). Rules that belong to one
stream stay in its room (blind rating, following the trainee, the tutor's single-use link)
and run before the call. Rejected: one constructor per stream, each with its own checks,
which let the streams drift apart (only the self-assessment checked trace ownership; game
evidence was stamped with the framework version loaded when the referent confirmed it).

A stream's rules are one entry of :data:`STREAMS`; a source without an entry gets the
referent-observed default, so a new source is one line in ``AssessmentSource``.

A level is a code of the framework's scale. Level 0 ("Non évaluée") means "nobody has
assessed it yet": it is not a level one gives, so a self-assessment is 1 to 4 (Je fais,
J'explique, J'analyse, Je transfère).

Errors are `AssessmentError` (a ValueError) whose ``str()`` is a short sentence (French, or the
reader's language in a request) and
whose ``field`` names the input at fault (``competency``, ``level``, ``comment``, ``traces``).
The caller commits on success and rolls back on error.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, TypeGuard

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    ExplicitationNote,
    Role,
    Trace,
    User,
    assessment_note,
    utcnow,
)
from portfolio.models.company import keep_confirmed_levels
from portfolio.models.traces import keep_streams
from portfolio.services import summary_cache
from portfolio.services.access import valid_id
from portfolio.services.frameworks import (
    framework,
    frameworks,
    snapshot,
    store_versions,
    versions_stored,
)
from portfolio.services.i18n import gettext as _
from portfolio.services.text import TextRefused, clean_text
from referentiel import Competency, Framework, Level

__all__ = [
    "MAX_COMMENT",
    "MAX_TRACES",
    "STREAMS",
    "AssessmentError",
    "AssessmentInput",
    "Author",
    "LatestLevel",
    "Stream",
    "history",
    "latest_level_codes",
    "latest_levels",
    "level_label",
    "record_assessment",
    "record_assessments",
    "record_self_assessment",
    "self_levels",
    "stream",
]

MAX_COMMENT: Final = 2000  # the trainee's own comment
MAX_TEXT: Final = 5000  # a justification written by the team
MAX_TRACES: Final = 20  # traces the trainee may cite for one level
MAX_CITED: Final = 100  # traces or notes another stream may cite (its forms offer 30)
_VERSIONS_STORED_IN: Final = "assessments.versions_stored_in"


class AssessmentError(ValueError):
    """An assessment cannot be recorded. ``str()`` is for people; ``field`` names the bad input."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class Author(enum.Enum):
    """Who writes a stream."""

    TRAINEE = "trainee"  # the trainee themself
    REFERENT = "referent"  # a referent account (the stream's own rules check which one)
    NO_ACCOUNT = "no_account"  # a person without an account, named by ``author_label``
    COMPANY = "company"  # a person of a partner company (the stream's room checks the booking)


@dataclass(frozen=True)
class Stream:
    """The rules of one assessment source that the common validator applies."""

    author: Author = Author.REFERENT
    top_level: int | None = None  # the highest level this source may give; None: the scale's
    max_comment: int = MAX_TEXT
    max_traces: int = MAX_CITED


STREAMS: Final[Mapping[AssessmentSource, Stream]] = {
    AssessmentSource.SELF: Stream(Author.TRAINEE, max_comment=MAX_COMMENT, max_traces=MAX_TRACES),
    AssessmentSource.REFERENT: Stream(Author.REFERENT),
    # Levels 3 and 4 need a referent's own observation: the game shows 1 or 2 at most.
    AssessmentSource.GAME: Stream(Author.REFERENT, top_level=2),
    AssessmentSource.TUTOR: Stream(Author.NO_ACCOUNT),
    # A professional who ran an interview simulation with the trainee (simulations room).
    AssessmentSource.PROFESSIONAL: Stream(Author.COMPANY),
}


def stream(source: AssessmentSource) -> Stream:
    """The rules of ``source``; a source without its own entry is observed by a referent."""
    return STREAMS.get(source, Stream())


def self_levels(fw: Framework | None = None) -> tuple[Level, ...]:
    """The levels a trainee may give themself (the framework's scale without 0; default E2C)."""
    return tuple(level for level in (fw or framework()).levels if level.code > 0)


def record_self_assessment(
    trainee: User,
    competency_id: str,
    level: int,
    comment: str = "",
    trace_ids: Sequence[int] = (),
    *,
    framework_id: str | None = None,
) -> Assessment:
    """Append the trainee's own level for one competency, with an optional comment and the
    ids of their traces that support it. Returns the new row (flushed, not committed).
    ``framework_id`` names the competency's framework (default E2C); its scale decides.

    Raises AssessmentError when: ``trainee`` is not a trainee; the competency does not exist
    or is retired; ``level`` is not an int of the scale 1..4; the comment is too long; a
    trace id is not one of the trainee's traces (or too many are given). Nothing is written
    then. Earlier rows are never changed: the history keeps every level with its date and
    author.
    """
    fw = frameworks().get(framework_id) if framework_id else framework()
    if fw is None:
        raise AssessmentError(_("Ce référentiel n'existe pas."), "competency")
    return record_assessment(
        AssessmentSource.SELF,
        trainee,
        trainee if isinstance(trainee, User) else None,
        competency_id,
        level,
        fw.version,
        framework_id=fw.id,
        comment=comment,
        trace_ids=trace_ids,
    )


def record_assessment(
    source: AssessmentSource,
    trainee: User,
    author: User | None,
    competency_id: object,
    level: object,
    framework_version: str,
    *,
    framework_id: str,
    comment: object = "",
    trace_ids: Sequence[object] = (),
    note_ids: Sequence[object] = (),
    author_label: str = "",
    at: datetime | None = None,
    import_id: int | None = None,
) -> Assessment:
    """Append one level to the ``source`` stream: the only place an ``Assessment`` is built.

    ``framework_version`` is the version the evidence names (a game statement keeps the one
    it was tagged with, even after a newer file is loaded). ``import_id``: the portfolio
    import that brought it (a self-assessment given at another school). Raises :class:`AssessmentError`
    and writes nothing when a rule of :func:`stream` is broken. Returns the row, flushed.
    """
    rules = stream(source)
    _check_people(source, rules, trainee, author, author_label)
    fw, current = _framework_at(framework_id, framework_version)
    competency = _competency(fw, competency_id, current=current)
    value = _level(fw, rules, level)
    text = _comment(comment, rules.max_comment)
    traces = _traces(trainee, author, trace_ids, rules.max_traces)
    notes = _note_ids(trainee, note_ids)
    _store_versions_once()
    assessment = Assessment(
        trainee_id=trainee.id,
        source=source,
        author_id=author.id if author is not None else None,
        author_label=author_label or (author.full_name if author is not None else ""),
        framework_id=fw.id,
        framework_version=framework_version,
        competency_id=competency.id,
        level=value,
        comment=text,
        traces=traces,
        import_id=import_id,
    )
    if at is not None:
        assessment.created_at = at
    db.session.add(assessment)
    db.session.flush()
    if notes:
        db.session.execute(
            insert(assessment_note), [{"assessment_id": assessment.id, "note_id": n} for n in notes]
        )
    return assessment


@dataclass(frozen=True)
class AssessmentInput:
    """One row of :func:`record_assessments`."""

    trainee: User
    competency_id: object
    level: object
    framework_id: str
    comment: object = ""
    note_ids: tuple[int, ...] = ()


def record_assessments(
    source: AssessmentSource, author: User, rows: Sequence[AssessmentInput]
) -> list[int]:
    """:func:`record_assessment` for many rows at once, in a constant number of queries.

    Every row passes the same validator (people, framework, competency, scale, comment); the
    notes cited are checked in one query for all rows, and the rows are written in one flush.
    All or nothing: the first broken rule raises :class:`AssessmentError` before any write.
    No traces are cited here (a collective observation cites the notes it wrote); a trainee's
    competency appears once per batch. Returns the new rows' ids, in the order given.
    """
    rules = stream(source)
    now = utcnow()
    built: list[dict[str, Any]] = []
    cells: set[tuple[int, str, str]] = set()
    for row in rows:
        _check_people(source, rules, row.trainee, author, "")
        fw = frameworks().get(row.framework_id)
        if fw is None:
            raise AssessmentError(_("Ce référentiel n'existe pas."), "competency")
        competency = _competency(fw, row.competency_id, current=True)
        cell = (row.trainee.id, fw.id, competency.id)
        if cell in cells:
            raise AssessmentError(_("Une compétence est notée deux fois."), "competency")
        cells.add(cell)
        built.append(
            {
                "trainee_id": row.trainee.id,
                "source": source,
                "author_id": author.id,
                "author_label": author.full_name,
                "framework_id": fw.id,
                "framework_version": fw.version,
                "competency_id": competency.id,
                "level": _level(fw, rules, row.level),
                "comment": _comment(row.comment, rules.max_comment),
                "created_at": now,
            }
        )
    _notes_of_each(rows)
    if not built:
        return []
    _store_versions_once()
    summary_cache.touch(db.session(), [b["trainee_id"] for b in built])  # before the bulk write
    # A bulk INSERT ... RETURNING (one statement; SQLite cannot batch the ORM's ordered one):
    # rows are matched back by their (trainee, framework, competency), unique in a batch.
    returned = db.session.execute(
        insert(Assessment).returning(
            Assessment.id,
            Assessment.trainee_id,
            Assessment.framework_id,
            Assessment.competency_id,
        ),
        built,
    )
    ids = {(t, f, c): i for i, t, f, c in returned}
    links = [
        {
            "assessment_id": ids[(b["trainee_id"], b["framework_id"], b["competency_id"])],
            "note_id": n,
        }
        for b, row in zip(built, rows, strict=True)
        for n in sorted(set(row.note_ids))
    ]
    if links:
        db.session.execute(insert(assessment_note), links)
    connection = db.session.connection()
    keep_streams(  # a bulk insert fires no ORM event: the streams are kept here
        connection,
        [{**b, "id": ids[(b["trainee_id"], b["framework_id"], b["competency_id"])]} for b in built],
    )
    if source is AssessmentSource.REFERENT:
        keep_confirmed_levels(
            connection,
            [
                {
                    "t": b["trainee_id"],
                    "f": b["framework_id"],
                    "c": b["competency_id"],
                    "level": b["level"],
                    "at": now,
                }
                for b in built
            ],
        )
    return [ids[(b["trainee_id"], b["framework_id"], b["competency_id"])] for b in built]


def _notes_of_each(rows: Sequence[AssessmentInput]) -> None:
    """Every note cited by a row is about that row's trainee (one query for all rows)."""
    wanted = {n for row in rows for n in row.note_ids}
    if not wanted:
        return
    if not _valid_ids(list(wanted)):
        raise AssessmentError(
            _("Une des notes choisies n'existe plus. Rechargez la page."), "notes"
        )
    found = db.session.execute(
        select(ExplicitationNote.id, ExplicitationNote.trainee_id).where(
            ExplicitationNote.id.in_(wanted)
        )
    )
    owners = {note_id: trainee_id for note_id, trainee_id in found}
    for row in rows:
        if any(owners.get(n) != row.trainee.id for n in row.note_ids):
            raise AssessmentError(
                _("Une des notes choisies n'existe plus. Rechargez la page."), "notes"
            )


def _store_versions_once() -> None:
    """Snapshot the loaded framework versions, once per transaction (not once per row).

    Every row names a framework version, so its snapshot must be kept; a tutor or a game
    statement records several rows in one transaction, and the snapshot is the same for all.
    Once a deployment has stored them (start-up sync, or a first write), one query says so.
    """
    session = db.session()
    if session.info.get(_VERSIONS_STORED_IN) is session.get_transaction():
        return
    if not versions_stored():
        store_versions()
    session.info[_VERSIONS_STORED_IN] = session.get_transaction()


def _check_people(
    source: AssessmentSource, rules: Stream, trainee: User, author: User | None, label: str
) -> None:
    self_error = _("Seul le stagiaire peut faire son auto-évaluation.")
    if not isinstance(trainee, User) or trainee.role is not Role.TRAINEE:
        raise AssessmentError(
            self_error
            if source is AssessmentSource.SELF
            else _("Seul un stagiaire peut être évalué.")
        )
    if rules.author is Author.TRAINEE:
        if author is None or author.id != trainee.id:
            raise AssessmentError(self_error)
    elif rules.author is Author.REFERENT:
        if author is None or author.role is not Role.REFERENT:
            raise AssessmentError(_("Seul un référent peut faire cela."))
    elif rules.author is Author.COMPANY:
        if author is None or author.role is not Role.COMPANY or author.company_id is None:
            raise AssessmentError(_("Seule une entreprise partenaire peut faire cela."))
    elif author is not None or not label.strip():
        raise AssessmentError(_("Cette évaluation doit nommer la personne qui l'a faite."))


def _framework_at(framework_id: str, version: str) -> tuple[Framework, bool]:
    """The framework as it was at ``version``, and whether that is the loaded version.

    Ids are never deleted from one version to the next (``store_versions`` refuses it), so a
    version never stored is read with the loaded file rather than refused.
    """
    loaded = frameworks().get(framework_id)
    if loaded is None:
        raise AssessmentError(_("Ce référentiel n'existe pas."), "competency")
    if version == loaded.version:
        return loaded, True
    return snapshot(framework_id, version) or loaded, False


def _competency(fw: Framework, competency_id: object, *, current: bool) -> Competency:
    """A competency of ``fw``; one retired in the loaded version is no longer assessed.

    Evidence tagged with an older version keeps the competency it named then.
    """
    competency = fw.get(competency_id) if isinstance(competency_id, str) else None
    if competency is None:
        shown = str(competency_id)[:40]
        raise AssessmentError(
            _(
                "La compétence « %(competency)s » n'existe pas dans le référentiel.",
                competency=shown,
            ),
            "competency",
        )
    if current and competency.retired:
        raise AssessmentError(
            _(
                "La compétence « %(competency)s » n'est plus utilisée : "
                "évaluez celle qui la remplace.",
                competency=competency.label,
            ),
            "competency",
        )
    return competency


def _level(fw: Framework, rules: Stream, level: object) -> int:
    codes = [lv.code for lv in fw.levels if lv.code > 0]
    if rules.top_level is not None:
        codes = [code for code in codes if code <= rules.top_level]
    if isinstance(level, bool) or not isinstance(level, int) or level not in codes:
        raise AssessmentError(
            _("Choisissez un niveau entre %(low)d et %(high)d.", low=min(codes), high=max(codes)),
            "level",
        )
    return level


def _comment(comment: object, limit: int) -> str:
    try:
        return clean_text(comment, limit=limit)
    except TextRefused as refused:
        if refused.kind == "not_text":
            raise AssessmentError(_("Le commentaire n'est pas valide."), "comment") from None
        raise AssessmentError(
            _("Le commentaire est trop long (maximum %(n)d caractères).", n=limit), "comment"
        ) from None


def _valid_ids(values: Sequence[object]) -> TypeGuard[Sequence[int]]:
    return not isinstance(values, (str, bytes)) and all(valid_id(v) for v in values)


def _traces(
    trainee: User, author: User | None, trace_ids: Sequence[object], limit: int
) -> list[Trace]:
    """The traces named, all of them the trainee's; another trainee's is refused."""
    if not _valid_ids(trace_ids):
        raise AssessmentError(_("Les traces choisies ne sont pas valides."), "traces")
    wanted = list(dict.fromkeys(trace_ids))
    if len(wanted) > limit:
        raise AssessmentError(_("Choisissez au plus %(n)d traces.", n=limit), "traces")
    if not wanted:
        return []
    traces = list(
        db.session.scalars(
            select(Trace).where(Trace.id.in_(wanted), Trace.trainee_id == trainee.id)
        )
    )
    if len(traces) != len(wanted):
        if author is not None and author.id == trainee.id:
            raise AssessmentError(
                _("Une des traces choisies n'existe pas dans votre portfolio."), "traces"
            )
        raise AssessmentError(
            _(
                "Une des traces choisies n'est pas dans le portfolio de ce stagiaire, "
                "ou n'existe plus. Rechargez la page."
            ),
            "traces",
        )
    return traces


def _note_ids(trainee: User, note_ids: Sequence[object]) -> list[int]:
    """The explicitation notes named, all of them about the trainee."""
    if not _valid_ids(note_ids) or len(note_ids) > MAX_CITED:
        raise AssessmentError(
            _("Une des notes choisies n'existe plus. Rechargez la page."), "notes"
        )
    wanted = sorted(set(note_ids))
    if not wanted:
        return []
    found = set(
        db.session.scalars(
            select(ExplicitationNote.id).where(
                ExplicitationNote.id.in_(wanted), ExplicitationNote.trainee_id == trainee.id
            )
        )
    )
    if found != set(wanted):
        raise AssessmentError(
            _("Une des notes choisies n'existe plus. Rechargez la page."), "notes"
        )
    return wanted


def latest_levels(
    trainee: User, source: AssessmentSource = AssessmentSource.SELF
) -> dict[str, Assessment]:
    """The latest assessment of each competency in one stream: competency id -> row.

    One query. Rows are append-only, so the latest is the one with the highest id.
    """
    latest_ids = (
        select(func.max(Assessment.id))
        .where(Assessment.trainee_id == trainee.id, Assessment.source == source)
        .group_by(Assessment.competency_id)
    )
    rows = db.session.scalars(select(Assessment).where(Assessment.id.in_(latest_ids)))
    return {row.competency_id: row for row in rows}


@dataclass(frozen=True, slots=True)
class LatestLevel:
    """The latest level of one competency in one stream (light: no ORM object)."""

    level: int
    at: datetime


def latest_level_codes(
    trainee: User, source: AssessmentSource = AssessmentSource.SELF
) -> dict[str, LatestLevel]:
    """Like `latest_levels` but only (level, date) per competency id: cheaper for summaries."""
    rows = db.session.execute(_LATEST_LEVELS_STMT, {"trainee_id": trainee.id, "source": source})
    return {competency_id: LatestLevel(level, at) for competency_id, level, at in rows}


# Built once (a statement's construction costs more than running it on a home page).
_LATEST_LEVELS_STMT: Final = select(
    Assessment.competency_id, Assessment.level, Assessment.created_at
).where(
    Assessment.id.in_(
        select(func.max(Assessment.id))
        .where(
            Assessment.trainee_id == bindparam("trainee_id"),
            Assessment.source == bindparam("source"),
        )
        .group_by(Assessment.competency_id)
    )
)


def level_label(code: int, fw: Framework | None = None) -> str:
    """The plain words of a level of a scale (default E2C), e.g. 2 -> "J'explique"."""
    for level in (fw or framework()).levels:
        if level.code == code:
            return level.label
    return str(code)


def history(
    trainee: User, competency_id: str, source: AssessmentSource | None = AssessmentSource.SELF
) -> list[Assessment]:
    """Every assessment of one competency for a trainee, newest first, in one stream (or in
    all streams with ``source=None``). Each row has ``created_at`` (UTC), ``author`` (None
    for sources without an account: then ``author_label``), ``level``, ``comment`` and
    ``traces`` loaded. Two to four queries, whatever the length."""
    query = (
        select(Assessment)
        .where(Assessment.trainee_id == trainee.id, Assessment.competency_id == competency_id)
        .options(selectinload(Assessment.traces), selectinload(Assessment.author))
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
    )
    if source is not None:
        query = query.where(Assessment.source == source)
    return list(db.session.scalars(query))
