"""Portfolio ZIPs made in the tests (no binary files in the repository): a valid minimal
export, and the counts that must not move when an import is refused."""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from typing import Any

from sqlalchemy import func, select

from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AudioRecording,
    PortfolioImport,
    Trace,
    TracePhoto,
)
from portfolio.services.frameworks import framework
from portfolio.trainee.services.photos import photo_storage

COMP_A = "E2C-1A"


def trace_row(trace_id: int = 1, **changes: Any) -> dict[str, Any]:
    fw = framework()
    row: dict[str, Any] = {
        "id": trace_id,
        "title": f"Trace {trace_id} venue d'ailleurs",
        "body": "J'ai accueilli les clients au restaurant d'application.",
        "happened_on": "2026-03-02",
        "context": "workshop",
        "company_name": None,
        "status": "complete",
        "origin": "trainee",
        "created_at": "2026-03-02T10:00:00+00:00",
        "updated_at": "2026-03-02T10:00:00+00:00",
        "competencies": [
            {
                "framework": fw.id,
                "version": fw.version,
                "competency_id": COMP_A,
                "indicator_ids": [],
            }
        ],
        "links": [],
        "photos": [],
    }
    row.update(changes)
    return row


def self_row(**changes: Any) -> dict[str, Any]:
    fw = framework()
    row: dict[str, Any] = {
        "id": 7,
        "source": "self",
        "author": "Léa",
        "framework": fw.id,
        "version": fw.version,
        "competency_id": COMP_A,
        "level": 2,
        "comment": "Je sais l'expliquer.",
        "created_at": "2026-03-03T09:00:00+00:00",
        "trace_ids": [1],
        "note_ids": [],
    }
    row.update(changes)
    return row


def portfolio_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "e2c-portfolio-export/1",
        "exported_at": "2026-06-01T10:00:00+00:00",
        "person": {
            "login": "ailleurs",
            "first_name": "Léa",
            "last_name": "Martin",
            "email": None,
            "birth_date": None,
            "site": "E2C Lille",
            "account_created_at": "2025-09-01T08:00:00+00:00",
        },
        "referents": [],
        "traces": [trace_row(1)],
        "assessments": [self_row()],
        "notes": [],
        "reviews": [],
        "objectives": [],
        "internships": [],
        "game_statements": [],
        "referent_visits": [],
    }
    data.update(changes)
    return data


def make_zip(
    data: dict[str, Any] | bytes | None = None,
    files: dict[str, bytes] | None = None,
    *,
    infos: list[tuple[zipfile.ZipInfo, bytes]] = (),  # type: ignore[assignment]
) -> bytes:
    """A ZIP with ``donnees/portfolio.json`` (``data``, JSON-encoded unless bytes), the
    ``files`` given, and raw ``infos`` (names and attributes as given, duplicates allowed)."""
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a duplicate name is what some tests want
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            if data is not None:
                raw = data if isinstance(data, bytes) else json.dumps(data).encode()
                archive.writestr("donnees/portfolio.json", raw)
            for name, content in (files or {}).items():
                archive.writestr(name, content)
            for info, content in infos:
                archive.writestr(info, content)
    return out.getvalue()


def snapshot() -> dict[str, Any]:
    """Rows and stored files an import could add: equal before and after a refusal."""
    storage = photo_storage()
    counts = {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Trace, TracePhoto, AudioRecording, Assessment, PortfolioImport)
    }
    counts["files"] = sorted([*storage.keys("photos/"), *storage.keys("audio/")])
    return counts
