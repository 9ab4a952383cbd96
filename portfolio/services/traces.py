"""Traces: what a trainee keeps of an experience (text, photos, links, competencies).

Every write to a trace goes through this module. Errors are `TraceError` (a ValueError)
whose ``str()`` is a short sentence (French; in a request, the reader's language);
`TraceError.errors` maps form field names
(``title``, ``happened_on``, ``context``, ``company_name``, ``body``, ``competencies``,
``links``, ``photos``) to their message, so a form or a JSON API can show each one in place.

Rules in one place:

* A **draft** (``TraceStatus.DRAFT``) needs only a title: it is saved from a phone in a few
  taps and completed later. A missing date becomes today, a missing context "other".
* A **complete** trace needs a date (not in the future), a context, a text and at least one
  competency; an internship also needs the company's name.
* **Competencies** are named by (framework, version, id) of the current e2c-apc framework.
  New ones must exist and not be retired; one already on the trace keeps its recorded
  version when the trace is edited, even if it has been retired since.
* **Links** are http or https only, without user name or password, at most 2000 characters;
  `link_domain` gives what the page shows beside each link.
* **Photos** are checked and re-encoded by `services.photos.process_photo`. Files are
  written first, then the row; if the transaction is rolled back, the files written for it
  are deleted (see `_FileJournal`). Deleting removes the rows first and the files only once
  the deletion is committed: a crash can leave orphan files (cleaned by
  `cleanup_orphan_photos`, CLI ``flask --app portfolio photos cleanup``), never a row that
  points to a missing file. Each trainee has a storage quota (``STORAGE_QUOTA_BYTES``).

The caller (a view, an API endpoint) commits on success and rolls back on error.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final
from urllib.parse import urlsplit

from flask import abort, current_app
from sqlalchemy import Integer, Select, bindparam, event, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from portfolio.extensions import db
from portfolio.models import (
    AssessmentSource,
    Role,
    Trace,
    TraceCompetency,
    TraceContext,
    TraceLink,
    TracePhoto,
    TraceStatus,
    User,
    utcnow,
)
from portfolio.services import summary_cache
from portfolio.services.access import can_see_trainee
from portfolio.services.frameworks import framework, store_versions
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext
from portfolio.services.photos import FrenchText, PhotoRejected, process_photo
from portfolio.storage import LocalStorage, new_key, orphan_keys
from referentiel import Competency, Domain, Level

__all__ = [
    "MAX_BODY",
    "MAX_CAPTION",
    "MAX_COMPANY",
    "MAX_COMPETENCIES",
    "MAX_LINKS",
    "MAX_LINK_TITLE",
    "MAX_PHOTOS",
    "MAX_TITLE",
    "MAX_URL",
    "PER_PAGE",
    "CleanupResult",
    "CompetencyProgress",
    "DomainProgress",
    "LinkInput",
    "Overview",
    "PhotoRefused",
    "StorageUsage",
    "TraceData",
    "TraceError",
    "TraceFilters",
    "TraceNotFound",
    "TracePage",
    "add_photo",
    "cleanup_orphan_photos",
    "create_trace",
    "delete_photo",
    "delete_trace",
    "find_photo",
    "find_trace",
    "format_bytes",
    "get_photo_or_404",
    "get_trace_or_404",
    "link_domain",
    "list_traces",
    "overview",
    "photo_storage",
    "read_photo",
    "storage_usage",
    "traces_for_choice",
    "update_photo_caption",
    "update_trace",
    "validate_link",
]

MAX_TITLE: Final = 200
MAX_BODY: Final = 20_000
MAX_COMPANY: Final = 200
MAX_CAPTION: Final = 300
MAX_URL: Final = 2000
MAX_LINK_TITLE: Final = 200
MAX_LINKS: Final = 20
MAX_PHOTOS: Final = 20
MAX_COMPETENCIES: Final = 40
PER_PAGE: Final = 20
RECENT: Final = 5
PHOTO_PREFIX: Final = "photos/"
EARLIEST: Final = date(1990, 1, 1)
MAX_ID: Final = 2_147_483_647


# --------------------------------------------------------------------------- errors


class TraceError(ValueError):
    """A trace cannot be saved as asked. ``str()`` is for people; ``errors``: field -> message."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors: dict[str, str] = dict(errors or {})


class TraceNotFound(TraceError):
    """The trace (or photo) does not exist or does not belong to this trainee (answer 404)."""

    def __init__(self) -> None:
        super().__init__(_("Cette trace n'existe pas."))


class PhotoRefused(TraceError):
    """A photo was not stored. ``code`` is a `RejectionCode` value, ``"quota"`` or ``"too_many"``."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, {"photos": message})
        self.code = code


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class LinkInput:
    """A link as typed by the trainee (checked by `validate_link`)."""

    url: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class TraceData:
    """What the trainee typed for a trace (create or full update).

    ``status`` is what they asked for: a draft, or a complete trace (checked strictly).
    ``competency_ids`` are e2c-apc competency ids; ``indicator_ids`` optional indicators of
    those competencies (an indicator also selects its competency).
    """

    title: str
    status: TraceStatus = TraceStatus.COMPLETE
    body: str = ""
    happened_on: date | None = None
    context: TraceContext | None = None
    company_name: str | None = None
    competency_ids: Sequence[str] = ()
    indicator_ids: Sequence[str] = ()
    links: Sequence[LinkInput] = ()


@dataclass(frozen=True, slots=True)
class TraceFilters:
    """Filters of the portfolio list; None means "any". Dates are inclusive."""

    domain_id: str | None = None
    competency_id: str | None = None
    context: TraceContext | None = None
    status: TraceStatus | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True, slots=True)
class TracePage:
    """One page of traces, newest first, with their photos and competencies loaded."""

    items: list[Trace]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True, slots=True)
class StorageUsage:
    """Bytes of photos a trainee stores, and their quota."""

    used_bytes: int
    quota_bytes: int

    @property
    def percent(self) -> int:
        if self.quota_bytes <= 0:
            return 100
        return min(100, round(100 * self.used_bytes / self.quota_bytes))

    @property
    def free_bytes(self) -> int:
        return max(0, self.quota_bytes - self.used_bytes)


# --------------------------------------------------------------------------- files after commit


class _FileJournal:
    """Files to delete when the current transaction ends.

    ``written``: files written for rows not yet committed; deleted if the transaction is
    rolled back, forgotten once it commits. ``doomed``: files of rows being deleted;
    deleted only once the deletion is committed, kept if it is rolled back.
    """

    KEY: Final = "e2c_trace_files"

    def __init__(self) -> None:
        self.written: list[tuple[LocalStorage, str]] = []
        self.doomed: list[tuple[LocalStorage, str]] = []

    @classmethod
    def of(cls, session: Session) -> _FileJournal:
        journal = session.info.get(cls.KEY)
        if journal is None:
            journal = session.info[cls.KEY] = cls()
        assert isinstance(journal, _FileJournal)
        return journal


def _after_commit(session: Session) -> None:
    journal = session.info.pop(_FileJournal.KEY, None)
    if isinstance(journal, _FileJournal):
        for storage, key in journal.doomed:
            storage.delete(key)


def _after_rollback(session: Session) -> None:
    journal = session.info.pop(_FileJournal.KEY, None)
    if isinstance(journal, _FileJournal):
        for storage, key in journal.written:
            storage.delete(key)


event.listen(Session, "after_commit", _after_commit)
event.listen(Session, "after_rollback", _after_rollback)


def _session() -> Session:
    session: Session = db.session()
    return session


# --------------------------------------------------------------------------- storage


def photo_storage() -> LocalStorage:
    """The photo store of the current app (``UPLOAD_FOLDER``), created once per app."""
    key = "e2c_photo_storage"
    storage = current_app.extensions.get(key)
    root = current_app.config["UPLOAD_FOLDER"]
    if not isinstance(storage, LocalStorage) or storage.root != LocalStorage(root).root:
        storage = current_app.extensions[key] = LocalStorage(root)
    return storage


def storage_usage(trainee: User) -> StorageUsage:
    """Bytes used by the trainee's photos (display + thumbnail) and the quota. One query."""
    used = db.session.scalar(
        select(func.coalesce(func.sum(TracePhoto.size_bytes), 0))
        .join(Trace, Trace.id == TracePhoto.trace_id)
        .where(Trace.trainee_id == trainee.id)
    )
    return StorageUsage(int(used or 0), int(current_app.config["STORAGE_QUOTA_BYTES"]))


def format_bytes(size: int) -> str:
    """Size for people: "850 ko", "12,5 Mo" (units translated in a request)."""
    if size < 1024 * 1024:
        return _("%(n)d ko", n=max(0, round(size / 1024)))
    value = size / (1024 * 1024)
    text = f"{value:.0f}" if value >= 100 or value.is_integer() else f"{value:.1f}"
    return _("%(size)s Mo", size=text.replace(".", ","))


# --------------------------------------------------------------------------- access


def _valid_id(value: object) -> bool:
    # Ids beyond a 32-bit integer would make PostgreSQL fail instead of answering "none".
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def find_trace(viewer: User, trace_id: int) -> Trace | None:
    """The trace if ``viewer`` may see its trainee (owner, referent, site admin), else None."""
    trace = db.session.get(Trace, trace_id) if _valid_id(trace_id) else None
    if trace is None or not can_see_trainee(viewer, trace.trainee):
        return None
    return trace


def get_trace_or_404(viewer: User, trace_id: int) -> Trace:
    """`find_trace` for views: 404 when missing or not visible."""
    trace = find_trace(viewer, trace_id)
    if trace is None:
        abort(404)
    return trace


def find_photo(viewer: User, photo_id: int) -> TracePhoto | None:
    """The photo if ``viewer`` may see the trace's trainee, else None."""
    photo = db.session.get(TracePhoto, photo_id) if _valid_id(photo_id) else None
    if photo is None or not can_see_trainee(viewer, photo.trace.trainee):
        return None
    return photo


def get_photo_or_404(viewer: User, photo_id: int) -> TracePhoto:
    """`find_photo` for views: 404 when missing or not visible."""
    photo = find_photo(viewer, photo_id)
    if photo is None:
        abort(404)
    return photo


def read_photo(photo: TracePhoto, *, thumbnail: bool = False) -> bytes | None:
    """The JPEG bytes of a photo (display image or thumbnail), None if the file is missing.

    Always serve them as ``image/jpeg`` with ``X-Content-Type-Options: nosniff``.
    """
    try:
        return photo_storage().get(photo.thumb_key if thumbnail else photo.display_key)
    except FileNotFoundError:
        return None


def _own(trainee: User, trace: Trace) -> None:
    if trainee.role is not Role.TRAINEE or trace.trainee_id != trainee.id:
        raise TraceNotFound()


# --------------------------------------------------------------------------- links


def validate_link(url: str, title: str = "") -> LinkInput:
    """Check one link; return it trimmed. Raises TraceError for anything else than
    an http(s) address with a host and no user name or password."""
    if not isinstance(url, str) or not isinstance(title, str):
        message = _("Ce lien n'est pas valide.")
        raise TraceError(message, {"links": message})
    url = url.strip()
    shown = url if len(url) <= 60 else url[:57] + "..."
    if len(url) > MAX_URL:
        message = _("Ce lien est trop long (maximum %(n)d caractères).", n=MAX_URL)
        raise TraceError(message, {"links": message})
    bad = _(
        "« %(link)s » n'est pas une adresse web. "
        "Un lien commence par https:// ou http://, par exemple https://www.exemple.fr.",
        link=shown,
    )
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise TraceError(bad, {"links": bad})
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise TraceError(bad, {"links": bad}) from None
    if parts.scheme.lower() not in {"http", "https"} or not host or "." not in host.strip("."):
        raise TraceError(bad, {"links": bad})
    if parts.username is not None or parts.password is not None:
        message = _(
            "« %(link)s » contient un nom ou un mot de passe : ce lien est refusé.", link=shown
        )
        raise TraceError(message, {"links": message})
    title = " ".join(title.split())[:MAX_LINK_TITLE]
    return LinkInput(url, title)


def link_domain(url: str) -> str:
    """The host to show beside a link, e.g. "youtube.com" for https://www.youtube.com/..."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


# --------------------------------------------------------------------------- traces


def _clean_text(value: object, limit: int, name: str, label: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        message = _("%(field)s n'est pas valide.", field=label)
        raise TraceError(message, {name: message})
    text = value.replace("\r\n", "\n").replace("\x00", "").strip()
    if len(text) > limit:
        message = _("%(field)s est trop long (maximum %(n)d caractères).", field=label, n=limit)
        raise TraceError(message, {name: message})
    return text


def _check(data: TraceData, trace: Trace | None) -> tuple[dict[str, Any], list[str]]:
    """Validate ``data``; return the trace's column values and the competency ids to keep."""
    errors: dict[str, str] = {}

    def attempt(name: str, func: Any, *args: Any) -> Any:
        try:
            return func(*args)
        except TraceError as error:
            errors[name] = error.errors.get(name, str(error))
            return None

    if not isinstance(data.status, TraceStatus):
        raise TraceError(_("L'état de la trace n'est pas valide."))
    title = attempt("title", _clean_text, data.title, MAX_TITLE, "title", _("Le titre"))
    if title == "":
        errors["title"] = _("Donnez un titre à votre trace.")
    body = attempt("body", _clean_text, data.body, MAX_BODY, "body", _("Le texte"))
    company = attempt(
        "company_name", _clean_text, data.company_name, MAX_COMPANY, "company_name", _("Le nom")
    )
    context = data.context
    if context is not None and not isinstance(context, TraceContext):
        errors["context"] = _("Choisissez un contexte dans la liste.")
        context = None
    happened_on = data.happened_on
    if happened_on is not None and not isinstance(happened_on, date):
        errors["happened_on"] = _("La date n'est pas valide.")
        happened_on = None
    today = utcnow().date()
    if happened_on is not None and happened_on > today + timedelta(days=1):
        errors["happened_on"] = _("La date ne peut pas être dans le futur.")
    elif happened_on is not None and happened_on < EARLIEST:
        errors["happened_on"] = _("La date est trop ancienne.")

    competency_ids = attempt("competencies", _competency_ids, data, trace)
    links = attempt("links", _links, data.links)

    if data.status is TraceStatus.COMPLETE:
        if happened_on is None and "happened_on" not in errors:
            errors["happened_on"] = _("Indiquez la date.")
        if context is None and "context" not in errors:
            errors["context"] = _("Choisissez où cela s'est passé.")
        if body == "":
            errors["body"] = _("Racontez en quelques phrases ce que vous avez fait.")
        if competency_ids == []:
            errors["competencies"] = _("Choisissez au moins une compétence.")
        if context is TraceContext.INTERNSHIP and company == "":
            errors["company_name"] = _("Pour un stage, indiquez le nom de l'entreprise.")
    if errors:
        first = next(iter(errors.values()))
        if len(errors) > 1:
            # French keeps "autre(s) point(s)" in both forms; English agrees with the number.
            first = ngettext(
                "%(first)s (et %(num)d autre(s) point(s) à corriger)",
                "%(first)s (et %(num)d autre(s) point(s) à corriger)",
                len(errors) - 1,
                first=first,
            )
        raise TraceError(first, errors)
    values: dict[str, Any] = {
        "title": title,
        "body": body,
        "happened_on": happened_on or (trace.happened_on if trace else None) or today,
        "context": context or TraceContext.OTHER,
        "company_name": (company or None) if context is TraceContext.INTERNSHIP else None,
        "status": data.status,
        "links": links,
    }
    return values, competency_ids


def _links(links: Sequence[LinkInput]) -> list[LinkInput]:
    if isinstance(links, (str, bytes)) or len(links) > MAX_LINKS:
        message = _("Une trace peut avoir au plus %(n)d liens.", n=MAX_LINKS)
        raise TraceError(message, {"links": message})
    checked: list[LinkInput] = []
    for link in links:
        if not isinstance(link, LinkInput):
            message = _("Ce lien n'est pas valide.")
            raise TraceError(message, {"links": message})
        checked.append(validate_link(link.url, link.title))
    return checked


def _competency_ids(data: TraceData, trace: Trace | None) -> list[str]:
    """The chosen competency ids (in framework order): new ones must be active."""
    fw = framework()
    already = {tc.competency_id for tc in trace.competencies} if trace else set()
    wanted: list[str] = []
    for raw in [*data.competency_ids, *data.indicator_ids]:
        if not isinstance(raw, str):
            raise TraceError(_("Cette compétence n'existe pas."))
    for indicator_id in data.indicator_ids:
        try:
            wanted.append(fw.indicator(indicator_id).competency_id)
        except KeyError:
            message = _(
                "L'indicateur « %(indicator)s » n'existe pas dans le référentiel.",
                indicator=indicator_id[:40],
            )
            raise TraceError(message, {"competencies": message}) from None
    wanted.extend(data.competency_ids)
    unique = list(dict.fromkeys(wanted))
    if len(unique) > MAX_COMPETENCIES:
        message = _("Choisissez au plus %(n)d compétences.", n=MAX_COMPETENCIES)
        raise TraceError(message, {"competencies": message})
    for competency_id in unique:
        competency = fw.get(competency_id)
        if competency is None and competency_id not in already:
            message = _(
                "La compétence « %(competency)s » n'existe pas dans le référentiel.",
                competency=competency_id[:40],
            )
            raise TraceError(message, {"competencies": message})
        if competency is not None and competency.retired and competency_id not in already:
            message = _(
                "La compétence « %(competency)s » n'est plus utilisée. "
                "Choisissez celle qui la remplace.",
                competency=competency.label,
            )
            raise TraceError(message, {"competencies": message})
    order = {c.id: n for n, c in enumerate(fw.competencies)}
    return sorted(unique, key=lambda cid: order.get(cid, len(order)))


def _apply(
    trace: Trace, values: dict[str, Any], competency_ids: list[str], data: TraceData
) -> None:
    trace.title = values["title"]
    trace.body = values["body"]
    trace.happened_on = values["happened_on"]
    trace.context = values["context"]
    trace.company_name = values["company_name"]
    trace.status = values["status"]
    links: list[LinkInput] = values["links"]
    trace.links = [
        TraceLink(url=link.url, title=link.title, position=n) for n, link in enumerate(links)
    ]
    fw = framework()
    indicators: dict[str, list[str]] = {}
    for indicator_id in data.indicator_ids:
        indicator = fw.indicator(indicator_id)
        indicators.setdefault(indicator.competency_id, []).append(indicator.id)
    kept = {tc.competency_id: tc for tc in trace.competencies}
    rows: list[TraceCompetency] = []
    for competency_id in competency_ids:
        row = kept.get(competency_id)
        if row is None:
            row = TraceCompetency(
                framework_id=fw.id, framework_version=fw.version, competency_id=competency_id
            )
        chosen = indicators.get(competency_id)
        if chosen is not None or competency_id not in kept:
            row.indicator_ids = list(dict.fromkeys(chosen or []))
        rows.append(row)
    trace.competencies = rows


def create_trace(trainee: User, data: TraceData) -> Trace:
    """Create a trace for ``trainee`` (draft or complete). Raises TraceError. Caller commits."""
    if trainee.role is not Role.TRAINEE:
        raise TraceError(_("Seul un stagiaire peut écrire des traces dans son portfolio."))
    values, competency_ids = _check(data, None)
    if competency_ids:
        store_versions()
    trace = Trace(trainee_id=trainee.id)
    _apply(trace, values, competency_ids, data)
    db.session.add(trace)
    db.session.flush()
    return trace


def update_trace(trainee: User, trace: Trace, data: TraceData) -> Trace:
    """Replace the trace's fields, links and competencies with ``data`` (photos untouched).

    Raises TraceNotFound if the trace is not the trainee's, TraceError otherwise.
    """
    _own(trainee, trace)
    values, competency_ids = _check(data, trace)
    if competency_ids:
        store_versions()
    _apply(trace, values, competency_ids, data)
    trace.updated_at = utcnow()
    db.session.flush()
    return trace


def delete_trace(trainee: User, trace: Trace) -> None:
    """Delete the trace and its photos, links, competencies; files go once this is committed.

    Self-assessments that cited the trace stay (their link to it disappears).
    """
    _own(trainee, trace)
    storage = photo_storage()
    journal = _FileJournal.of(_session())
    for photo in trace.photos:
        journal.doomed += [(storage, photo.display_key), (storage, photo.thumb_key)]
    db.session.delete(trace)
    db.session.flush()


# --------------------------------------------------------------------------- photos


def _translated(text: str) -> str:
    """A message of the photos module (French, kept translatable) in the reader's language."""
    if not isinstance(text, FrenchText):
        return text
    params = {
        key: _translated(value) if isinstance(value, FrenchText) else value
        for key, value in text.params.items()
    }
    if text.plural is not None:
        return ngettext(text.msgid, text.plural, text.num, **params)
    return _(text.msgid, **params)


def add_photo(trainee: User, trace: Trace, data: bytes, caption: str = "") -> TracePhoto:
    """Check, re-encode and store one photo of the trainee's trace.

    Raises PhotoRefused (message of `PhotoRejected`, or quota / count exceeded) with
    nothing written, or TraceNotFound. Files are written before the row; if the row cannot
    be written, or the transaction is later rolled back, the files are deleted.
    """
    _own(trainee, trace)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise PhotoRefused(_("Ce fichier n'est pas une photo."), "not_an_image")
    caption_text = " ".join(str(caption or "").split())[:MAX_CAPTION]
    count = db.session.scalar(
        select(func.count(TracePhoto.id)).where(TracePhoto.trace_id == trace.id)
    )
    if (count or 0) >= MAX_PHOTOS:
        raise PhotoRefused(
            _("Une trace peut avoir au plus %(n)d photos.", n=MAX_PHOTOS), "too_many"
        )
    try:
        processed = process_photo(data, max_bytes=int(current_app.config["PHOTO_MAX_BYTES"]))
    except PhotoRejected as rejected:
        raise PhotoRefused(_translated(rejected.message_fr), rejected.code.value) from rejected
    size = len(processed.display) + len(processed.thumbnail)
    usage = storage_usage(trainee)
    if usage.used_bytes + size > usage.quota_bytes:
        raise PhotoRefused(
            _(
                "Votre espace photos est plein (%(used)s sur %(quota)s). "
                "Retirez des photos, puis réessayez.",
                used=format_bytes(usage.used_bytes),
                quota=format_bytes(usage.quota_bytes),
            ),
            "quota",
        )
    storage = photo_storage()
    display_key = new_key(prefix=PHOTO_PREFIX, suffix=processed.suffix)
    thumb_key = display_key.removesuffix(processed.suffix) + "-t" + processed.suffix
    journal = _FileJournal.of(_session())
    written: list[tuple[LocalStorage, str]] = []
    try:
        for key, content in ((display_key, processed.display), (thumb_key, processed.thumbnail)):
            storage.put(key, content)
            written.append((storage, key))
        journal.written += written
        position = db.session.scalar(
            select(func.coalesce(func.max(TracePhoto.position) + 1, 0)).where(
                TracePhoto.trace_id == trace.id
            )
        )
        photo = TracePhoto(
            trace=trace,
            display_key=display_key,
            thumb_key=thumb_key,
            content_type=processed.content_type,
            width=processed.width,
            height=processed.height,
            size_bytes=size,
            caption=caption_text,
            position=int(position or 0),
        )
        db.session.add(photo)
        db.session.flush()
    except BaseException:
        for store, key in written:
            store.delete(key)
        raise
    return photo


def update_photo_caption(trainee: User, photo: TracePhoto, caption: str) -> TracePhoto:
    """Change a photo's caption (its alt text). Raises TraceNotFound if not the trainee's."""
    _own(trainee, photo.trace)
    photo.caption = " ".join(str(caption or "").split())[:MAX_CAPTION]
    db.session.flush()
    return photo


def delete_photo(trainee: User, photo: TracePhoto) -> None:
    """Delete the photo row now and its files once the deletion is committed."""
    _own(trainee, photo.trace)
    storage = photo_storage()
    _FileJournal.of(_session()).doomed += [
        (storage, photo.display_key),
        (storage, photo.thumb_key),
    ]
    photo.trace.photos.remove(photo)
    db.session.delete(photo)
    db.session.flush()


@dataclass(frozen=True, slots=True)
class CleanupResult:
    orphans: list[str]
    temp_files: int


def cleanup_orphan_photos(older_than: timedelta = timedelta(hours=1)) -> CleanupResult:
    """Delete photo files that no row names and that are older than ``older_than``.

    Also removes temporary files left by interrupted writes. Safe while the service runs:
    a file younger than the grace period may belong to an upload not yet committed.
    """
    storage = photo_storage()
    known: set[str] = set()
    for display_key, thumb_key in db.session.execute(
        select(TracePhoto.display_key, TracePhoto.thumb_key)
    ):
        known.update((display_key, thumb_key))
    orphans = orphan_keys(storage, known, older_than, prefix=PHOTO_PREFIX)
    for key in orphans:
        storage.delete(key)
    temp = storage.remove_stale_temp_files(older_than)
    return CleanupResult(orphans, temp)


# --------------------------------------------------------------------------- lists


def _filtered(trainee: User, filters: TraceFilters) -> Select[tuple[Trace]]:
    query = select(Trace).where(Trace.trainee_id == trainee.id)
    ids: list[str] | None = None
    if filters.domain_id:
        fw = framework()
        domain = next((d for d in fw.domains if d.id == filters.domain_id), None)
        ids = [c.id for c in domain.competencies] if domain else []
    if filters.competency_id:
        ids = [filters.competency_id] if ids is None or filters.competency_id in ids else []
    if ids is not None:
        query = query.where(
            Trace.id.in_(
                select(TraceCompetency.trace_id).where(TraceCompetency.competency_id.in_(ids))
            )
        )
    if filters.context is not None:
        query = query.where(Trace.context == filters.context)
    if filters.status is not None:
        query = query.where(Trace.status == filters.status)
    if filters.date_from is not None:
        query = query.where(Trace.happened_on >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(Trace.happened_on <= filters.date_to)
    return query


def list_traces(
    trainee: User,
    filters: TraceFilters | None = None,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> TracePage:
    """The trainee's traces matching ``filters``, newest first, one page. Two queries.

    A page number past the end gives the last page.
    """
    filters = filters or TraceFilters()
    per_page = max(1, min(int(per_page), 100))
    query = _filtered(trainee, filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, math.ceil(total / per_page))
    page = max(1, min(int(page), pages))
    items = list(
        db.session.scalars(
            query.options(joinedload(Trace.photos), joinedload(Trace.competencies))
            .order_by(Trace.happened_on.desc(), Trace.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).unique()
    )
    return TracePage(items, total, page, per_page)


def traces_for_choice(trainee: User, competency_id: str | None = None) -> list[Trace]:
    """The trainee's traces to cite in a self-assessment: those showing ``competency_id``
    first, then the others, newest first."""
    traces = list(
        db.session.scalars(
            select(Trace)
            .where(Trace.trainee_id == trainee.id)
            .options(selectinload(Trace.competencies))
            .order_by(Trace.happened_on.desc(), Trace.id.desc())
        )
    )
    if competency_id is None:
        return traces
    shows = [t for t in traces if any(c.competency_id == competency_id for c in t.competencies)]
    return shows + [t for t in traces if t not in shows]


# --------------------------------------------------------------------------- home


@dataclass(frozen=True, slots=True)
class CompetencyProgress:
    """One competency on the home page."""

    competency: Competency
    level: Level | None
    assessed_at: date | None
    trace_count: int
    last_evidence_on: date | None

    @property
    def explored(self) -> bool:
        return self.trace_count > 0 or self.level is not None


@dataclass(frozen=True, slots=True)
class DomainProgress:
    domain: Domain
    competencies: list[CompetencyProgress]

    @property
    def explored_count(self) -> int:
        return sum(1 for c in self.competencies if c.explored)


@dataclass(frozen=True, slots=True)
class PhotoCard:
    id: int
    caption: str


@dataclass(frozen=True, slots=True)
class CompetencyTag:
    framework_id: str
    framework_version: str
    competency_id: str


@dataclass(frozen=True, slots=True)
class TraceCard:
    """What a trace card shows (trainee/_macros.html), apart from the database session."""

    id: int
    title: str
    status: TraceStatus
    happened_on: date
    context: TraceContext
    photos: tuple[PhotoCard, ...]
    competencies: tuple[CompetencyTag, ...]

    @classmethod
    def of(cls, trace: Trace) -> TraceCard:
        return cls(
            id=trace.id,
            title=trace.title,
            status=trace.status,
            happened_on=trace.happened_on,
            context=trace.context,
            photos=tuple(PhotoCard(p.id, p.caption) for p in trace.photos),
            competencies=tuple(
                CompetencyTag(c.framework_id, c.framework_version, c.competency_id)
                for c in trace.competencies
            ),
        )


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything "Où j'en suis" shows. Built with a fixed number of queries."""

    domains: list[DomainProgress]
    recent: list[TraceCard]
    to_explore: list[Competency]
    usage: StorageUsage
    trace_count: int
    draft_count: int
    framework_version: str = ""
    levels: tuple[Level, ...] = field(default=())


# The home page's statements are built once: constructing a select() and its cache key on
# every request cost more than running it. Parameters: ``trainee_id`` (and ``source``).
_TRAINEE: Final = bindparam("trainee_id", type_=Integer)
_EVIDENCE_STMT: Final = (
    select(
        TraceCompetency.competency_id,
        func.count(),  # a trace names a competency once
        func.max(Trace.happened_on),
    )
    .join(Trace, Trace.id == TraceCompetency.trace_id)
    .where(Trace.trainee_id == _TRAINEE, Trace.status == TraceStatus.COMPLETE)
    .group_by(TraceCompetency.competency_id)
)
_TOTALS_STMT: Final = select(
    select(func.count(Trace.id)).where(Trace.trainee_id == _TRAINEE).scalar_subquery(),
    select(func.count(Trace.id))
    .where(Trace.trainee_id == _TRAINEE, Trace.status == TraceStatus.DRAFT)
    .scalar_subquery(),
    select(func.coalesce(func.sum(TracePhoto.size_bytes), 0))
    .join(Trace, Trace.id == TracePhoto.trace_id)
    .where(Trace.trainee_id == _TRAINEE)
    .scalar_subquery(),
)
_RECENT_STMT: Final = (
    select(Trace)
    .where(Trace.trainee_id == _TRAINEE)
    .options(joinedload(Trace.photos), joinedload(Trace.competencies))
    .order_by(Trace.id.desc())  # the last ones written; the trainee index serves it
    .limit(RECENT)
)


def overview(trainee: User) -> Overview:
    """The "Où j'en suis" summary of a trainee: per domain, each active competency with its
    latest self level, number of traces and date of last evidence; the recent traces; the
    competencies never evidenced ("à explorer"); the storage usage.

    Four queries, whatever the number of traces, and none while nothing changed: the summary
    is kept in memory (see summary_cache)."""
    fw = framework()
    quota = int(current_app.config["STORAGE_QUOTA_BYTES"])
    return summary_cache.cached(
        trainee, ("overview", fw.version, quota), lambda: _overview(trainee, quota)
    )


def _overview(trainee: User, quota: int) -> Overview:
    from portfolio.services.assessments import latest_level_codes

    fw = framework()
    params = {"trainee_id": trainee.id}
    stats: dict[str, tuple[int, date | None]] = {
        competency_id: (int(count), last)
        for competency_id, count, last in db.session.execute(_EVIDENCE_STMT, params)
    }
    latest = latest_level_codes(trainee, AssessmentSource.SELF)
    total, drafts, used = db.session.execute(_TOTALS_STMT, params).one()
    recent = [TraceCard.of(t) for t in db.session.scalars(_RECENT_STMT, params).unique()]
    levels = {level.code: level for level in fw.levels}
    domains: list[DomainProgress] = []
    to_explore: list[Competency] = []
    for domain in fw.domains:
        rows: list[CompetencyProgress] = []
        for competency in domain.competencies:
            if competency.retired:
                continue
            count, last = stats.get(competency.id, (0, None))
            mine = latest.get(competency.id)
            row = CompetencyProgress(
                competency,
                levels.get(mine.level) if mine else None,
                mine.at.date() if mine else None,
                count,
                last,
            )
            rows.append(row)
            if not row.explored:
                to_explore.append(competency)
        domains.append(DomainProgress(domain, rows))
    return Overview(
        domains=domains,
        recent=recent,
        to_explore=to_explore,
        usage=StorageUsage(int(used or 0), quota),
        trace_count=int(total or 0),
        draft_count=int(drafts or 0),
        framework_version=fw.version,
        levels=fw.levels,
    )
