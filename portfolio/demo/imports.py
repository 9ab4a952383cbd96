"""Demo: Inès came from another E2C (Roubaix) with her portfolio ZIP and imported it.

The archive is made here in memory, in the export's format (``donnees/portfolio.json`` only:
no photo, to keep ``flask demo seed`` quick), and goes through the real import, so her two
traces and her self-assessment show "Importé de E2C Roubaix" and the preview's rules apply.
Called by ``portfolio.demo``; the caller commits.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from typing import Any

from portfolio.models import Site, User, utcnow
from portfolio.services.frameworks import framework
from portfolio.trainee.services import zip_import


def _trace(n: int, title: str, body: str, days_ago: int, competency: str) -> dict[str, Any]:
    fw = framework()
    day = (utcnow() - timedelta(days=days_ago)).date().isoformat()
    return {
        "id": n,
        "title": title,
        "body": body,
        "happened_on": day,
        "context": "workshop",
        "company_name": None,
        "status": "complete",
        "origin": "trainee",
        "competencies": [
            {
                "framework": fw.id,
                "version": fw.version,
                "competency_id": competency,
                "indicator_ids": [],
            }
        ],
        "links": [],
        "photos": [],
    }


def _data(trainee: User) -> dict[str, Any]:
    fw = framework()
    return {
        "format": "e2c-portfolio-export/1",
        "exported_at": (utcnow() - timedelta(days=40)).isoformat(),
        "person": {
            "first_name": trainee.first_name,
            "last_name": trainee.last_name,
            "site": "E2C Roubaix",
        },
        "traces": [
            _trace(
                1,
                "Inventaire du magasin solidaire",
                "J'ai compté les cartons et rempli le tableau avec Samia.",
                120,
                "E2C-1A",
            ),
            _trace(
                2,
                "Présentation de mon projet au groupe",
                "J'ai parlé cinq minutes de mon projet de vendeuse.",
                95,
                "E2C-1C",
            ),
        ],
        "assessments": [
            {
                "source": "self",
                "framework": fw.id,
                "competency_id": "E2C-1A",
                "level": 2,
                "comment": "Je sais expliquer comment je range.",
                "created_at": (utcnow() - timedelta(days=90)).isoformat(),
                "trace_ids": [1],
            },
            {
                "source": "referent",
                "framework": fw.id,
                "competency_id": "E2C-1A",
                "level": 2,
                "comment": "",
                "created_at": (utcnow() - timedelta(days=80)).isoformat(),
                "trace_ids": [],
            },
        ],
        "notes": [],
        "reviews": [],
        "objectives": [],
        "internships": [],
    }


def seed(site: Site, users: dict[str, User]) -> None:
    """Import Inès's former portfolio, as she did from /mon-suivi/import."""
    trainee = users["ines"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees/portfolio.json", json.dumps(_data(trainee), ensure_ascii=False))
    raw = out.getvalue()
    seen = zip_import.preview(trainee, io.BytesIO(raw))
    zip_import.import_portfolio(trainee, io.BytesIO(raw), seen.content.digest)
