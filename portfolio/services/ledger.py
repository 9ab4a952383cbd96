"""The showcase's consent ledger and the audit of reads: the single write paths and the reads.

* :func:`record_consent` is called by the showcase services at each publish, change of what is
  shown, expiry and withdrawal; it keeps who, when, the wording version and the scope (JSON).
* :func:`record_read` is called by the views where a staff member (referent, admin) or a company
  opens one of a trainee's records: one INSERT, no SELECT; the trainee's own reads are not kept.

Both tables are append-only and cascade on the deletion of the trainee; erasing them with the
account is the retention job's part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from sqlalchemy import Select, insert, select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    Company,
    ConsentAction,
    ConsentEvent,
    ReadAudit,
    ReadKind,
    Role,
    Showcase,
    User,
    utcnow,
)
from portfolio.services.i18n import gettext as _

AUDITED_ROLES = frozenset({Role.REFERENT, Role.ADMIN, Role.COMPANY})
TRAINEE_LIMIT = 50
ADMIN_LIMIT = 500


def showcase_scope(showcase: Showcase) -> dict[str, Any]:
    """What the showcase shows, as plain JSON (ids, the network choice, the end date)."""
    return {
        "traces": [item.trace_id for item in showcase.traces],
        "photos": sorted(item.photo_id for item in showcase.photos),
        "competencies": [item.competency_id for item in showcase.competencies],
        "levels": [item.competency_id for item in showcase.competencies if item.show_level],
        "network_wide": bool(showcase.network_wide),
        "expires_at": showcase.expires_at.isoformat() if showcase.expires_at else None,
    }


def record_consent(showcase: Showcase, action: ConsentAction, actor: User | None) -> None:
    """Keep one row of the ledger (the caller's transaction commits it)."""
    db.session.add(
        ConsentEvent(
            trainee_id=showcase.trainee_id,
            actor_id=actor.id if actor is not None else None,
            action=action,
            consent_version=showcase.consent_version,
            scope=showcase_scope(showcase),
            at=utcnow(),
        )
    )


def note_expiry(showcase: Showcase | None, history: list[ConsentEvent]) -> ConsentEvent | None:
    """Keep the expiry of a published showcase once (``history``: its ledger, newest first).

    The showcase itself is left as it is: it is hidden from companies by its date, and the
    trainee's page says it has expired.
    """
    if showcase is None or not showcase.is_published or showcase.expires_at is None:
        return None
    if showcase.expires_at > utcnow() or (history and history[0].action is ConsentAction.EXPIRY):
        return None
    event = ConsentEvent(
        trainee_id=showcase.trainee_id,
        action=ConsentAction.EXPIRY,
        consent_version=showcase.consent_version,
        scope=showcase_scope(showcase),
        at=utcnow(),
    )
    db.session.add(event)
    return event


def consent_history(trainee: User) -> list[ConsentEvent]:
    """The trainee's ledger, newest first."""
    return list(
        db.session.scalars(
            select(ConsentEvent)
            .where(ConsentEvent.trainee_id == trainee.id)
            .options(selectinload(ConsentEvent.actor))
            .order_by(ConsentEvent.at.desc(), ConsentEvent.id.desc())
        )
    )


# Built once: the referents' pages keep a read on every visit.
_READ: Final = insert(ReadAudit)


def record_read(reader: User, trainee_id: int, kind: ReadKind, record_id: int | None) -> None:
    """Keep that ``reader`` opened a record of the trainee: one INSERT, nothing read first.

    The trainee's own reads and other roles are not kept. The view commits.
    """
    if reader.role not in AUDITED_ROLES or reader.id == trainee_id:
        return
    db.session.connection().execute(
        _READ,
        {
            "trainee_id": trainee_id,
            "reader_id": reader.id,
            "reader_role": reader.role.value,
            "company_id": reader.company_id if reader.role is Role.COMPANY else None,
            "kind": kind,
            "record_id": record_id,
            "at": utcnow(),
        },
    )


def _with_people(query: Select[tuple[ReadAudit]]) -> Select[tuple[ReadAudit]]:
    return query.options(
        selectinload(ReadAudit.reader).selectinload(User.company),
        selectinload(ReadAudit.trainee),
    ).order_by(ReadAudit.at.desc(), ReadAudit.id.desc())


def reads_of(trainee: User, limit: int = TRAINEE_LIMIT) -> list[ReadAudit]:
    """Who opened the trainee's records, newest first."""
    query = select(ReadAudit).where(ReadAudit.trainee_id == trainee.id)
    return list(db.session.scalars(_with_people(query).limit(limit)))


@dataclass(frozen=True)
class LogFilter:
    """The admin's filters; ``None`` means any."""

    reader_id: int | None = None
    trainee_id: int | None = None
    start: date | None = None
    end: date | None = None


def read_log(admin: User, chosen: LogFilter) -> list[ReadAudit]:
    """The log an admin may see (their site's trainees; the whole network for a network admin)."""
    query = select(ReadAudit)
    if admin.site_id is not None:
        trainees = select(User.id).where(User.site_id == admin.site_id, User.role == Role.TRAINEE)
        query = query.where(ReadAudit.trainee_id.in_(trainees))
    if chosen.reader_id is not None:
        query = query.where(ReadAudit.reader_id == chosen.reader_id)
    if chosen.trainee_id is not None:
        query = query.where(ReadAudit.trainee_id == chosen.trainee_id)
    if chosen.start is not None:
        query = query.where(ReadAudit.at >= _day_start(chosen.start))
    if chosen.end is not None:
        query = query.where(ReadAudit.at < _day_start(chosen.end) + timedelta(days=1))
    return list(db.session.scalars(_with_people(query).limit(ADMIN_LIMIT)))


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=utcnow().tzinfo)


def read_labels() -> dict[str, dict[Any, str]]:
    """Plain French words for the roles, the kinds of record and the consent events."""
    return {
        "roles": {
            Role.REFERENT.value: _("référent"),
            Role.ADMIN.value: _("administration"),
            Role.COMPANY.value: _("entreprise"),
        },
        "kinds": {
            ReadKind.FILE: _("votre dossier"),
            ReadKind.NOTE: _("une note"),
            ReadKind.GAPS: _("vos niveaux comparés"),
            ReadKind.TRACE: _("une trace"),
            ReadKind.SHOWCASE: _("votre vitrine"),
        },
        "actions": {
            ConsentAction.PUBLISH: _("Vous avez mis votre vitrine en ligne"),
            ConsentAction.SCOPE: _("Vous avez changé ce que montre votre vitrine"),
            ConsentAction.EXPIRY: _("Votre vitrine a été retirée : la date de fin est passée"),
            ConsentAction.WITHDRAW: _("Votre vitrine a été retirée"),
        },
    }


def reader_label(row: ReadAudit) -> str:
    """A company by its name; a person by their name."""
    reader = row.reader
    if reader is None:
        return ""
    company: Company | None = reader.company if reader.role is Role.COMPANY else None
    return company.name if company is not None else reader.full_name
