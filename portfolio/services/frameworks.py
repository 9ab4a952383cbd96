"""The competency frameworks the service runs with, and the stored snapshot of each version."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Final

from flask import current_app
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import FrameworkVersion
from referentiel import (
    Competency,
    Framework,
    Frameworks,
    ReferentielError,
    compare,
    load_frameworks,
)

EXTENSION_KEY = "referentiel"
DEFAULT_FRAMEWORK = "e2c-apc"
CPS_FRAMEWORK = "cps-spf2022"
# The frameworks a page may switch between, by the short key of its ``?referentiel=`` query
# parameter (the first is the default). An unknown key falls back to the default, no error.
SWITCHABLE: Final = {"e2c": DEFAULT_FRAMEWORK, "cps": CPS_FRAMEWORK}


def load_for_app(directory: str) -> Frameworks:
    """Load and validate every framework once, at start-up. Raises ReferentielError.

    Cached on the files' names, sizes and modification times, so app factories in tests and
    several apps in one process do not parse the same YAML again.
    """
    path = Path(directory)
    stamp = tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(path.glob("*.yaml"))
    )
    return _load_cached(str(path), stamp)


@lru_cache(maxsize=8)
def _load_cached(directory: str, stamp: tuple[tuple[str, int, int], ...]) -> Frameworks:
    return load_frameworks(Path(directory))


def frameworks() -> Frameworks:
    loaded: Frameworks = current_app.extensions[EXTENSION_KEY]
    return loaded


def framework(framework_id: str = DEFAULT_FRAMEWORK) -> Framework:
    return frameworks()[framework_id]


def chosen_framework(key: object) -> Framework:
    """The framework a page shows for its ``?referentiel=`` key; anything else: the default."""
    framework_id = SWITCHABLE.get(key, DEFAULT_FRAMEWORK) if isinstance(key, str) else None
    return frameworks().get(framework_id or DEFAULT_FRAMEWORK) or framework()


def switch_key(fw: Framework) -> str:
    """The ``?referentiel=`` key of a switchable framework ("e2c" for any other)."""
    return next((key for key, fid in SWITCHABLE.items() if fid == fw.id), "e2c")


def framework_of(competency_id: str) -> Framework | None:
    """The switchable framework that holds ``competency_id`` (ids are unique across them)."""
    for framework_id in SWITCHABLE.values():
        fw = frameworks().get(framework_id)
        if fw is not None and fw.get(competency_id) is not None:
            return fw
    return None


class FrameworkVersionConflict(ReferentielError):
    """The file changed but kept its version number, or dropped ids that evidence may use."""


def versions_stored() -> bool:
    """True when every loaded framework version is already stored as loaded (one query)."""
    loaded = {(fw.id, fw.version): fw.checksum for fw in frameworks().values()}
    rows = db.session.execute(
        select(
            FrameworkVersion.framework_id, FrameworkVersion.version, FrameworkVersion.checksum
        ).where(FrameworkVersion.framework_id.in_({fid for fid, _ in loaded}))
    )
    stored = {(fid, version): checksum for fid, version, checksum in rows}
    return all(stored.get(key) == checksum for key, checksum in loaded.items())


def store_versions() -> list[FrameworkVersion]:
    """Record each loaded framework version (idempotent); refuse unsafe changes.

    - same id and version, different content: refused (a change must bump ``version``);
    - a new version that deletes ids of an older stored one: refused (retire with replaced_by).
    """
    stored: list[FrameworkVersion] = []
    for fw in frameworks().values():
        row = db.session.scalar(
            select(FrameworkVersion).where(
                FrameworkVersion.framework_id == fw.id, FrameworkVersion.version == fw.version
            )
        )
        if row is not None:
            if row.checksum != fw.checksum:
                old = Framework.from_dict(json.loads(row.snapshot))
                problems = compare(old, fw)
                if problems or _labels(old) != _labels(fw):
                    raise _conflict(
                        fw.id,
                        f"le fichier du référentiel « {fw.id} » a changé sans changer de version "
                        f"({fw.version}) : augmentez « version » pour publier ces changements.",
                    )
                row.checksum = fw.checksum
                row.snapshot = json.dumps(fw.to_dict(), ensure_ascii=False)
            stored.append(row)
            continue
        for older in db.session.scalars(
            select(FrameworkVersion).where(FrameworkVersion.framework_id == fw.id)
        ):
            problems = compare(Framework.from_dict(json.loads(older.snapshot)), fw)
            if problems:
                raise FrameworkVersionConflict(tuple(problems))
        row = FrameworkVersion(
            framework_id=fw.id,
            version=fw.version,
            checksum=fw.checksum,
            snapshot=json.dumps(fw.to_dict(), ensure_ascii=False),
        )
        db.session.add(row)
        stored.append(row)
    db.session.flush()
    return stored


def _labels(fw: Framework) -> dict[str, str]:
    labels = {c.id: c.label for c in fw.competencies}
    labels.update({i.id: i.label for c in fw.competencies for i in c.indicators})
    return labels


def _conflict(framework_id: str, message: str) -> FrameworkVersionConflict:
    from referentiel import Problem

    return FrameworkVersionConflict(
        (Problem(file=framework_id, line=0, key="version", message=message),)
    )


def snapshot(framework_id: str, version: str) -> Framework | None:
    """The framework as it was at ``version`` (from the database), or None if never stored."""
    current = frameworks().get(framework_id)
    if current is not None and current.version == version:
        return current
    return _snapshot_from_db(current_app.config["SQLALCHEMY_DATABASE_URI"], framework_id, version)


@lru_cache(maxsize=64)
def _snapshot_from_db(db_key: str, framework_id: str, version: str) -> Framework | None:
    row = db.session.scalar(
        select(FrameworkVersion).where(
            FrameworkVersion.framework_id == framework_id, FrameworkVersion.version == version
        )
    )
    return Framework.from_dict(json.loads(row.snapshot)) if row else None


def recorded_competency(
    framework_id: str | None, version: str | None, competency_id: str
) -> Competency | None:
    """The competency as evidence recorded it (its version's snapshot), else the current file's.

    Without a framework id or version, the default framework's current competency.
    """
    if not framework_id or not version:
        return framework().get(competency_id)
    for fw in (snapshot(framework_id, version), frameworks().get(framework_id)):
        if fw is not None and (c := fw.get(competency_id)) is not None:
            return c
    return None


def competency_label(framework_id: str, version: str, competency_id: str) -> str:
    """The label evidence was recorded with; falls back to the current file, then to the id."""
    found = recorded_competency(framework_id, version, competency_id)
    return found.label if found is not None else competency_id
