"""The trainee's traces and levels as xAPI 1.0.3 statements (``donnees/xapi.json`` of the ZIP).

Built from the JSON export (``trainee_export``), so no query of its own. The actor has no
name or e-mail: an ``account`` whose ``homePage`` is ``PUBLIC_URL`` and whose ``name`` is the
person's ``public_id``. Verbs are ADL's documented ones (https://adlnet.gov/expapi/verbs/):
``completed`` for a trace (something the trainee did), ``scored`` for a level given to a
competency (the level is the raw score, the stream is a context extension). Every statement id
is a uuid5 of a stable address, so exporting twice gives the same ids.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from portfolio.models.base import TOP_LEVEL

VERB_COMPLETED: Final = {
    "id": "http://adlnet.gov/expapi/verbs/completed",
    "display": {"fr-FR": "a réalisé", "en-US": "completed"},
}
VERB_SCORED: Final = {
    "id": "http://adlnet.gov/expapi/verbs/scored",
    "display": {"fr-FR": "a obtenu le niveau", "en-US": "scored"},
}
VERSION: Final = "1.0.3"
LEVEL_MIN, LEVEL_MAX = 1, TOP_LEVEL


def _stamp(value: str | None) -> str | None:
    """xAPI timestamps carry a time zone; the export's are UTC, sometimes without one."""
    if value is None:
        return None
    if "T" not in value:
        return value + "T00:00:00Z"
    return value if value.endswith("Z") or "+" in value[10:] else value + "Z"


def statements(export: dict[str, Any], base_url: str, public_id: str) -> list[dict[str, Any]]:
    """Every trace (``completed``) and every level (``scored``) of one trainee."""
    base = base_url.rstrip("/")
    actor = {"objectType": "Agent", "account": {"homePage": base, "name": public_id}}
    stream = f"{base}/xapi/extensions/stream"
    out: list[dict[str, Any]] = []
    for trace in export["traces"]:
        activity = f"{base}/xapi/activities/trace/{public_id}/{trace['id']}"
        out.append(
            {
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, activity)),
                "version": VERSION,
                "actor": actor,
                "verb": VERB_COMPLETED,
                "object": {
                    "objectType": "Activity",
                    "id": activity,
                    "definition": {"name": {"fr-FR": trace["title"] or "Trace"}},
                },
                "timestamp": _stamp(trace["created_at"]),
            }
        )
    for row in export["assessments"]:
        competency = f"{base}/xapi/activities/competency/{row['framework']}/{row['competency_id']}"
        key = f"{base}/xapi/statements/assessment/{public_id}/{row['id']}"
        out.append(
            {
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, key)),
                "version": VERSION,
                "actor": actor,
                "verb": VERB_SCORED,
                "object": {
                    "objectType": "Activity",
                    "id": competency,
                    "definition": {"name": {"fr-FR": row["competency_id"]}},
                },
                "result": {"score": {"raw": row["level"], "min": LEVEL_MIN, "max": LEVEL_MAX}},
                "context": {"extensions": {stream: row["source"]}},
                "timestamp": _stamp(row["created_at"]),
            }
        )
    return out
