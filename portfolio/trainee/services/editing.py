"""Write a trace: the draft and complete rules, competencies of the current framework."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portfolio.extensions import db
from portfolio.models import (
    Role,
    Trace,
    TraceCompetency,
    TraceContext,
    TraceLink,
    TraceStatus,
    User,
    utcnow,
)
from portfolio.services.frameworks import (
    SWITCHABLE,
    framework,
    frameworks,
    store_versions,
    versions_stored,
)
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext
from portfolio.services.text import TextRefused, clean_text
from portfolio.trainee.services.access import _own
from portfolio.trainee.services.errors import TraceAlreadySent, TraceError
from portfolio.trainee.services.inputs import (
    EARLIEST,
    MAX_BODY,
    MAX_COMPANY,
    MAX_COMPETENCIES,
    MAX_TITLE,
    LinkInput,
    TraceData,
)
from portfolio.trainee.services.links import _links
from portfolio.trainee.services.photos import _FileJournal, _session, photo_storage
from referentiel import Framework


def _clean_text(value: object, limit: int, name: str, label: str) -> str:
    try:
        return clean_text(value, limit=limit)
    except TextRefused as refused:
        if refused.kind == "not_text":
            message = _("%(field)s n'est pas valide.", field=label)
        else:
            message = _("%(field)s est trop long (maximum %(n)d caractères).", field=label, n=limit)
        raise TraceError(message, {name: message}) from None


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
    if title == "" and data.spoken is True:
        title = _("Trace à écouter")  # the recording says it: no words needed
    elif title == "":
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

    if data.status is TraceStatus.COMPLETE and context is None and "context" not in errors:
        # The one thing a complete trace needs besides its title: where it happened. The
        # date defaults to today; the text, the competencies and the company are optional.
        errors["context"] = _("Choisissez où cela s'est passé.")
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


def _framework_of(element_id: str) -> Framework:
    """The switchable framework (E2C or CPS) holding a competency or indicator id; else E2C."""
    for framework_id in SWITCHABLE.values():
        found = frameworks().get(framework_id)
        if found is not None and found.element(element_id) is not None:
            return found
    return framework()


def _competency_ids(data: TraceData, trace: Trace | None) -> list[str]:
    """The chosen competency ids (E2C first, then CPS, each in framework order): new ones
    must be active."""
    already = {tc.competency_id for tc in trace.competencies} if trace else set()
    wanted: list[str] = []
    for raw in [*data.competency_ids, *data.indicator_ids]:
        if not isinstance(raw, str):
            raise TraceError(_("Cette compétence n'existe pas."))
    for indicator_id in data.indicator_ids:
        try:
            wanted.append(_framework_of(indicator_id).indicator(indicator_id).competency_id)
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
        competency = _framework_of(competency_id).get(competency_id)
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
    loaded = [frameworks().get(framework_id) for framework_id in SWITCHABLE.values()]
    every = [c for fw in loaded if fw is not None for c in fw.competencies]
    order = {c.id: n for n, c in enumerate(every)}
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
    indicators: dict[str, list[str]] = {}
    for indicator_id in data.indicator_ids:
        indicator = _framework_of(indicator_id).indicator(indicator_id)
        indicators.setdefault(indicator.competency_id, []).append(indicator.id)
    kept = {tc.competency_id: tc for tc in trace.competencies}
    rows: list[TraceCompetency] = []
    for competency_id in competency_ids:
        row = kept.get(competency_id)
        if row is None:
            fw = _framework_of(competency_id)
            row = TraceCompetency(
                framework_id=fw.id, framework_version=fw.version, competency_id=competency_id
            )
        chosen = indicators.get(competency_id)
        if chosen is not None or competency_id not in kept:
            row.indicator_ids = list(dict.fromkeys(chosen or []))
        rows.append(row)
    trace.competencies = rows


def client_key(value: object) -> str | None:
    """The canonical form of an idempotency key (a UUID), None when none is given."""
    if value is None or value == "":
        return None
    message = _("Cet envoi n'est pas valide. Rechargez la page et recommencez.")
    if not isinstance(value, str) or len(value) != 36:
        raise TraceError(message, {"client_key": message})
    try:
        key = str(uuid.UUID(value))
    except ValueError:
        raise TraceError(message, {"client_key": message}) from None
    if key != value:  # the canonical form only: one key, one spelling
        raise TraceError(message, {"client_key": message})
    return key


def sent_trace(trainee: User, key: str) -> Trace | None:
    """The trainee's trace created with this client key, if any."""
    return db.session.scalar(
        select(Trace).where(Trace.trainee_id == trainee.id, Trace.client_key == key)
    )


def create_trace(trainee: User, data: TraceData) -> Trace:
    """Create a trace for ``trainee`` (draft or complete). Raises TraceError. Caller commits.

    With a ``client_key`` already used by this trainee, nothing is written and
    `TraceAlreadySent` carries the trace recorded the first time (checked before the fields:
    the first sending was valid). Two sendings at once: the unique constraint decides.
    """
    if trainee.role is not Role.TRAINEE:
        raise TraceError(_("Seul un stagiaire peut écrire des traces dans son portfolio."))
    key = client_key(data.client_key)
    if key is not None and (existing := sent_trace(trainee, key)) is not None:
        raise TraceAlreadySent(existing)
    values, competency_ids = _check(data, None)
    if competency_ids and not versions_stored():  # one query once they are (most writes)
        store_versions()
    trace = Trace(trainee_id=trainee.id, client_key=key)
    _apply(trace, values, competency_ids, data)
    if key is None:
        db.session.add(trace)
        db.session.flush()
        return trace
    try:
        with db.session.begin_nested():
            db.session.add(trace)
    except IntegrityError:
        existing = sent_trace(trainee, key)
        if existing is None:
            raise
        raise TraceAlreadySent(existing) from None
    return trace


def update_trace(trainee: User, trace: Trace, data: TraceData) -> Trace:
    """Replace the trace's fields, links and competencies with ``data`` (photos untouched).

    Raises TraceNotFound if the trace is not the trainee's, TraceError otherwise.
    """
    _own(trainee, trace)
    values, competency_ids = _check(data, trace)
    if competency_ids and not versions_stored():  # one query once they are (most writes)
        store_versions()
    _apply(trace, values, competency_ids, data)
    trace.updated_at = utcnow()
    db.session.flush()
    return trace


def delete_trace(trainee: User, trace: Trace) -> None:
    """Delete the trace, its photos, recording, links, competencies; files go at the commit.

    Self-assessments that cited the trace stay (their link to it disappears).
    """
    _own(trainee, trace)
    storage = photo_storage()
    journal = _FileJournal.of(_session())
    for photo in trace.photos:
        journal.doomed += [(storage, photo.display_key), (storage, photo.thumb_key)]
    if trace.recording is not None:
        journal.doomed.append((storage, trace.recording.storage_key))
    db.session.delete(trace)
    db.session.flush()
