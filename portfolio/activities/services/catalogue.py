"""A site's activities catalogue: every write of Activity and ActivityTarget rows.

Create, change, copy (from the network library or another site: the copy is the site's own,
marked with where it came from) and import a checked file all or nothing. Services never
commit; the views and the CLI do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from portfolio.activities.services.files import LoadedActivity
from portfolio.activities.services.rules import ActivityError, ActivitySpec, FieldProblem
from portfolio.extensions import db
from portfolio.models import (
    Activity,
    ActivityKind,
    ActivityTarget,
    CatalogueEditors,
    Role,
    Site,
    User,
    utcnow,
)
from portfolio.services.access import may_edit_catalogue
from portfolio.services.i18n import gettext as _


def _refuse(message: str, key: str = "") -> ActivityError:
    return ActivityError([FieldProblem(key, message)])


def check_editor(user: User | None, site: Site | None) -> None:
    """Only a catalogue editor of the site (or a script: ``user`` None) may change it."""
    if site is not None and (user is None or may_edit_catalogue(user, site)):
        return
    raise _refuse(_("Vous ne pouvez pas changer le catalogue de ce site."))


def set_catalogue_editors(admin: User, site: Site, value: object) -> None:
    """A site admin chooses who may change the catalogue: admins only, or the whole team."""
    if admin.role is not Role.ADMIN or admin.site_id != site.id:
        raise _refuse(_("Seul un administrateur du site peut changer ce réglage."))
    if value not in {c.value for c in CatalogueEditors}:
        raise _refuse(_("Choisissez qui peut modifier le catalogue."))
    site.catalogue_editors = str(value)
    db.session.flush()


def _code_taken(site_id: int | None, code: str, but: int | None = None) -> bool:
    query = select(Activity.id).where(Activity.code == code)
    query = query.where(
        Activity.site_id.is_(None) if site_id is None else Activity.site_id == site_id
    )
    if but is not None:
        query = query.where(Activity.id != but)
    return db.session.scalar(query.limit(1)) is not None


def _apply(activity: Activity, spec: ActivitySpec) -> None:
    activity.code = spec.code
    activity.title = spec.title
    activity.title_en = spec.title_en
    activity.description = spec.description
    activity.description_en = spec.description_en
    activity.kind = spec.kind
    activity.duration_minutes = spec.duration_minutes
    activity.group_size = spec.group_size
    activity.updated_at = utcnow()
    activity.targets.clear()
    db.session.flush()  # the unique (activity, framework, competency) rows are deleted first
    activity.targets.extend(
        ActivityTarget(
            framework_id=t.framework_id,
            competency_id=t.competency_id,
            indicators=" ".join(t.indicators),
            position=n,
        )
        for n, t in enumerate(spec.targets)
    )


def create_activity(user: User | None, site: Site | None, spec: ActivitySpec) -> Activity:
    """A new activity of ``site``'s catalogue (``site`` None: the network library, scripts only)."""
    if user is not None or site is not None:
        check_editor(user, site)
    site_id = site.id if site is not None else None
    if _code_taken(site_id, spec.code):
        raise _refuse(
            _("Le code « %(code)s » existe déjà dans ce catalogue.", code=spec.code), "code"
        )
    activity = Activity(site_id=site_id, code=spec.code, duration_minutes=1, group_size=1)
    db.session.add(activity)
    _apply(activity, spec)
    db.session.flush()
    return activity


def update_activity(user: User, activity: Activity, spec: ActivitySpec) -> Activity:
    check_editor(user, activity.site)
    if _code_taken(activity.site_id, spec.code, but=activity.id):
        raise _refuse(
            _("Le code « %(code)s » existe déjà dans ce catalogue.", code=spec.code), "code"
        )
    _apply(activity, spec)
    db.session.flush()
    return activity


def copy_activity(user: User, source: Activity, site: Site) -> Activity:
    """The site's own copy of ``source``, to adapt freely; its code gets a number if taken."""
    check_editor(user, site)
    code = source.code
    n = 2
    while _code_taken(site.id, code):
        suffix = f"-{n}"
        code = source.code[: 40 - len(suffix)] + suffix
        n += 1
    copy = Activity(
        site_id=site.id,
        code=code,
        title=source.title,
        title_en=source.title_en,
        description=source.description,
        description_en=source.description_en,
        kind=source.kind,
        duration_minutes=source.duration_minutes,
        group_size=source.group_size,
        copied_from_id=source.id,
        targets=[
            ActivityTarget(
                framework_id=t.framework_id,
                competency_id=t.competency_id,
                indicators=t.indicators,
                position=t.position,
            )
            for t in source.targets
        ],
    )
    db.session.add(copy)
    db.session.flush()
    return copy


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do: new codes and codes already in the catalogue (updated)."""

    new: tuple[ActivitySpec, ...]
    updated: tuple[ActivitySpec, ...]


def plan_import(site: Site | None, loaded: Sequence[LoadedActivity]) -> ImportPlan:
    site_id = site.id if site is not None else None
    existing = set(
        db.session.scalars(
            select(Activity.code).where(
                Activity.site_id.is_(None) if site_id is None else Activity.site_id == site_id
            )
        )
    )
    specs = [item.spec for item in loaded]
    return ImportPlan(
        new=tuple(s for s in specs if s.code not in existing),
        updated=tuple(s for s in specs if s.code in existing),
    )


def import_catalogue(
    user: User | None, site: Site | None, loaded: Sequence[LoadedActivity]
) -> ImportPlan:
    """Write every activity of a checked file: new codes are added, known codes updated.

    All or nothing: the file was checked as a whole by the loader; a refusal here raises
    before the caller commits, and the caller rolls back.
    """
    if user is not None:
        check_editor(user, site)
    plan = plan_import(site, loaded)
    site_id = site.id if site is not None else None
    by_code = {
        a.code: a
        for a in db.session.scalars(
            select(Activity).where(
                Activity.site_id.is_(None) if site_id is None else Activity.site_id == site_id
            )
        )
    }
    for spec in plan.updated:
        _apply(by_code[spec.code], spec)
    for spec in plan.new:
        activity = Activity(site_id=site_id, code=spec.code, duration_minutes=1, group_size=1)
        db.session.add(activity)
        _apply(activity, spec)
    db.session.flush()
    return plan


def catalogue_query(
    site_id: int | None, kind: ActivityKind | None = None, competency_id: str = ""
) -> Select[tuple[Activity]]:
    """A site's catalogue (``site_id`` None: the network library), filtered, by title."""
    query = (
        select(Activity)
        .where(Activity.site_id.is_(None) if site_id is None else Activity.site_id == site_id)
        .options(selectinload(Activity.targets))
        .order_by(Activity.title, Activity.id)
    )
    if kind is not None:
        query = query.where(Activity.kind == kind)
    if competency_id:
        query = query.where(
            Activity.id.in_(
                select(ActivityTarget.activity_id).where(
                    ActivityTarget.competency_id == competency_id
                )
            )
        )
    return query


def other_sites_activities(site_id: int | None) -> list[Activity]:
    """The catalogues of the other sites (to copy from), by site then title."""
    query = (
        select(Activity)
        .where(Activity.site_id.is_not(None))
        .options(selectinload(Activity.targets), selectinload(Activity.site))
        .order_by(Activity.site_id, Activity.title)
    )
    if site_id is not None:
        query = query.where(Activity.site_id != site_id)
    return list(db.session.scalars(query))
