"""Preview and import a portfolio ZIP: the trainee's own traces, photos, recordings and
self-assessments, each written by its one write path and marked with the import.

Through the same functions as the forms: `create_trace` (text limits, links, competencies),
`add_photo` (the photo pipeline: sniffed, decoded, re-encoded, metadata stripped, quota),
`attach_trace_recording` (the voice pipeline), `record_assessment` (the self stream, with the
date it was given). Nothing is written by hand.

All or nothing for the portfolio, one by one for its files: every row is written in the
caller's transaction, which commits once or rolls back (files written before their rows are
then deleted by the photo journal, `photos._FileJournal`). A trace that breaks a rule refuses
the whole import, naming it. A photo or a recording that its pipeline refuses (not an image,
too big, too many on one trace) is left out and listed with its reason, the rest is imported:
a damaged photo should not cost a trainee their whole history. A full quota or a store that is
down refuse the whole import (half a portfolio would be worse than none).

Idempotent: the digest of the data (`content.digest_of`) is recorded once per trainee
(unique constraint); a second import of the same portfolio is refused with the date of the
first one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portfolio.extensions import db
from portfolio.models import AssessmentSource, PortfolioImport, Role, Trace, User
from portfolio.services import summary_cache
from portfolio.services.assessments import MAX_TRACES, AssessmentError, record_assessment
from portfolio.services.frameworks import framework
from portfolio.services.i18n import gettext as _
from portfolio.trainee.services.editing import create_trace
from portfolio.trainee.services.errors import PhotoRefused, RecordingRefused, TraceError
from portfolio.trainee.services.inputs import TraceData
from portfolio.trainee.services.photos import add_photo, storage_usage
from portfolio.trainee.services.recordings import attach_trace_recording
from portfolio.trainee.services.zip_import.archive import (
    DATA_NAME,
    MAX_DATA_BYTES,
    PHOTO_NAME,
    RECORDING_NAME,
    ImportRefused,
    SafeArchive,
    open_archive,
)
from portfolio.trainee.services.zip_import.content import Content, TraceIn, read_content

WHOLE_REFUSALS = frozenset({"quota", "storage_unavailable"})


@dataclass
class Loaded:
    """The checked archive, its data, and the files of each imported trace (by source id)."""

    archive: SafeArchive
    content: Content
    photos: dict[int, list[str]]
    recordings: dict[int, str]


@dataclass(frozen=True)
class Preview:
    """What the trainee is shown before confirming."""

    content: Content
    photos: int
    recordings: int
    bytes_needed: int
    free_bytes: int
    already: PortfolioImport | None
    same_person: bool


@dataclass
class ImportResult:
    record: PortfolioImport
    skipped: list[str] = field(default_factory=list)


def _load(source: IO[bytes]) -> Loaded:
    archive = open_archive(source)
    content = read_content(archive.read(DATA_NAME, MAX_DATA_BYTES))
    wanted = {t.source_id for t in content.traces}
    if len(wanted) != len(content.traces):
        raise ImportRefused(
            _(
                "Les données du portfolio sont abîmées (deux traces ont le même numéro). "
                "Rien n'a été importé."
            )
        )
    photos: dict[int, list[str]] = {}
    for name, match in archive.names(PHOTO_NAME):
        if int(match.group(1)) in wanted:
            photos.setdefault(int(match.group(1)), []).append(name)
    recordings = {
        int(match.group(1)): name
        for name, match in archive.names(RECORDING_NAME)
        if int(match.group(1)) in wanted
    }
    return Loaded(archive, content, photos, recordings)


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def done_before(trainee: User, digest: str) -> PortfolioImport | None:
    """The trainee's earlier import of the same portfolio, if any."""
    return db.session.scalar(
        select(PortfolioImport).where(
            PortfolioImport.trainee_id == trainee.id, PortfolioImport.digest == digest
        )
    )


def preview(trainee: User, source: IO[bytes]) -> Preview:
    """Check the archive and count what an import would bring. Writes nothing."""
    loaded = _load(source)
    content = loaded.content
    files = [n for names in loaded.photos.values() for n in names]
    files += list(loaded.recordings.values())
    return Preview(
        content=content,
        photos=sum(len(n) for n in loaded.photos.values()),
        recordings=len(loaded.recordings),
        bytes_needed=sum(loaded.archive.members[n].file_size for n in files),
        free_bytes=storage_usage(trainee).free_bytes,
        already=done_before(trainee, content.digest),
        same_person=_same(content.first_name, trainee.first_name)
        or _same(content.last_name, trainee.last_name),
    )


def _already(record: PortfolioImport) -> ImportRefused:
    return ImportRefused(
        _(
            "Vous avez déjà importé ce portfolio le %(date)s. Rien n'a été importé en double.",
            date=record.imported_at.strftime("%d/%m/%Y"),
        )
    )


def import_portfolio(trainee: User, source: IO[bytes], digest: str) -> ImportResult:
    """Import the archive the trainee previewed (``digest`` from the preview). Raises
    ImportRefused with nothing written; the caller commits on success, rolls back otherwise."""
    if not isinstance(trainee, User) or trainee.role is not Role.TRAINEE:
        raise ImportRefused(_("Seul un stagiaire peut importer son portfolio."))
    loaded = _load(source)
    content = loaded.content
    if content.digest != digest:
        raise ImportRefused(_("Le fichier a changé depuis l'aperçu. Recommencez l'envoi."))
    if (earlier := done_before(trainee, digest)) is not None:
        raise _already(earlier)
    summary_cache.touch(db.session(), [trainee.id])  # a bulk write on traces and levels
    record = PortfolioImport(
        trainee_id=trainee.id,
        digest=digest,
        source_site=content.site,
        exported_at=content.exported_at,
        traces=0,
        photos=0,
        recordings=0,
        assessments=0,
    )
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:  # the same file sent twice at once: the constraint decides
        earlier = done_before(trainee, digest)
        raise _already(earlier) if earlier else ImportRefused(_("Réessayez.")) from None
    result = ImportResult(record)
    new_ids: dict[int, int] = {}
    for item in content.traces:
        trace = _trace(trainee, item, record)
        new_ids[item.source_id] = trace.id
        _photos(trainee, trace, item, loaded, result)
        _recording(trainee, trace, item, loaded, result)
    record.traces = len(new_ids)
    record.assessments = _self_levels(trainee, content, new_ids, record)
    db.session.flush()
    return result


def _trace(trainee: User, item: TraceIn, record: PortfolioImport) -> Trace:
    data = TraceData(
        title=item.title,
        status=item.status,
        body=item.body,
        happened_on=item.happened_on,
        context=item.context,
        company_name=item.company_name,
        competency_ids=item.competency_ids,
        indicator_ids=item.indicator_ids,
        links=item.links,
    )
    try:
        trace = create_trace(trainee, data)
    except TraceError as err:
        raise ImportRefused(
            _(
                "La trace « %(title)s » ne peut pas être importée : %(reason)s "
                "Rien n'a été importé.",
                title=item.title[:80],
                reason=str(err),
            )
        ) from None
    trace.import_id = record.id
    return trace


def _skip(result: ImportResult, what: str, title: str, err: TraceError) -> None:
    result.skipped.append(
        _("%(what)s de « %(title)s » : %(reason)s", what=what, title=title[:80], reason=str(err))
    )


def _photos(
    trainee: User, trace: Trace, item: TraceIn, loaded: Loaded, result: ImportResult
) -> None:
    limit = int(current_app.config["PHOTO_MAX_BYTES"])
    for n, name in enumerate(loaded.photos.get(item.source_id, []), start=1):
        what = _("Photo %(n)d", n=n)
        if loaded.archive.members[name].file_size > limit:
            _skip(result, what, item.title, PhotoRefused(_("La photo est trop lourde."), "too_big"))
            continue
        data = loaded.archive.read(name, limit)
        caption = item.captions[n - 1] if n <= len(item.captions) else ""
        try:
            add_photo(trainee, trace, data, caption)
        except PhotoRefused as err:
            if err.code in WHOLE_REFUSALS:
                raise ImportRefused(
                    _("%(reason)s Rien n'a été importé.", reason=str(err))
                ) from None
            _skip(result, what, item.title, err)
            continue
        result.record.photos += 1


def _recording(
    trainee: User, trace: Trace, item: TraceIn, loaded: Loaded, result: ImportResult
) -> None:
    name = loaded.recordings.get(item.source_id)
    if name is None:
        return
    limit = int(current_app.config["AUDIO_MAX_BYTES"])
    what = _("L'enregistrement")
    if loaded.archive.members[name].file_size > limit:
        refused = RecordingRefused(_("L'enregistrement est trop lourd."), "too_big")
        _skip(result, what, item.title, refused)
        return
    try:
        attach_trace_recording(trainee, trace, loaded.archive.read(name, limit))
    except RecordingRefused as err:
        if err.code in WHOLE_REFUSALS:
            raise ImportRefused(_("%(reason)s Rien n'a été importé.", reason=str(err))) from None
        _skip(result, what, item.title, err)
        return
    result.record.recordings += 1


def _self_levels(
    trainee: User, content: Content, new_ids: dict[int, int], record: PortfolioImport
) -> int:
    fw = framework()
    for item in content.self_levels:
        cited: Sequence[int] = [new_ids[t] for t in item.trace_ids if t in new_ids][:MAX_TRACES]
        try:
            record_assessment(
                AssessmentSource.SELF,
                trainee,
                trainee,
                item.competency_id,
                item.level,
                fw.version,
                framework_id=fw.id,
                comment=item.comment,
                trace_ids=cited,
                at=item.created_at,
                import_id=record.id,
            )
        except AssessmentError as err:
            raise ImportRefused(
                _(
                    "Une auto-évaluation ne peut pas être importée : %(reason)s "
                    "Rien n'a été importé.",
                    reason=str(err),
                )
            ) from None
    return len(content.self_levels)
