"""``/api/v1/statements``: the game sends its evidence and reads back the referent's decisions.

See docs/GAME_API.md. A batch is stored whole or not at all; the service does the checks.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from flask import request

from portfolio.api.auth import ApiError, api_user, token_required
from portfolio.api.blueprint import bp
from portfolio.extensions import db
from portfolio.game_link.services import game_evidence as evidence
from portfolio.game_link.services.game_link import GAME_SCOPE
from portfolio.models import GameStatement


def _iso(moment: Any) -> str:
    return str(moment.strftime("%Y-%m-%dT%H:%M:%SZ"))


def _read_json_body() -> Any:
    too_big = ApiError(
        413, "payload_too_large", "L'envoi est trop lourd : 2 Mo au maximum par lot."
    )
    if (request.content_length or 0) > evidence.MAX_BODY_BYTES:
        raise too_big
    raw = request.stream.read(evidence.MAX_BODY_BYTES + 1)
    if len(raw) > evidence.MAX_BODY_BYTES:
        raise too_big
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400, "invalid_json", "Le contenu envoyé n'est pas du JSON valide.") from None


@bp.post("/statements")
@token_required(GAME_SCOPE)
def post_statements() -> tuple[dict[str, Any], int]:
    payload = _read_json_body()
    try:
        result = evidence.ingest(api_user(), payload)
    except evidence.InvalidStatements as err:
        raise ApiError(
            400, "invalid_statements", str(err), [asdict(p) for p in err.problems]
        ) from None
    except evidence.BatchTooLarge as err:
        raise ApiError(400, "batch_too_large", str(err)) from None
    except evidence.StatementConflict as err:
        details = [{"index": index, "id": sid} for index, sid in err.conflicts]
        raise ApiError(409, "conflict", str(err), details) from None
    except evidence.GameEvidenceError as err:
        raise ApiError(400, "invalid_body", str(err)) from None
    db.session.commit()
    return {"stored": result.stored, "duplicates": result.duplicates}, 200


def journal_entry(statement: GameStatement) -> dict[str, Any]:
    """One line of the game's journal, as the contract describes it."""
    return {
        "id": statement.statement_id,
        "stored_at": _iso(statement.stored_at),
        "status": statement.status.value,
        "object_id": statement.object_id,
        "competencies": [
            {"framework": seen.framework_id, "id": seen.competency_id, "level": seen.level}
            for seen in evidence.observed(statement)
        ],
        "score": statement.score,
        "reason": statement.reason,
        "decided_at": _iso(statement.decided_at) if statement.decided_at else None,
    }


@bp.get("/statements")
@token_required(GAME_SCOPE)
def get_statements() -> tuple[dict[str, Any], int]:
    try:
        limit = evidence.parse_limit(request.args.get("limit"))
        page = evidence.journal(api_user(), request.args.get("cursor"), limit)
    except evidence.GameEvidenceError as err:
        raise ApiError(400, "invalid_parameter", str(err)) from None
    db.session.commit()  # the token's "last used" time
    return {
        "statements": [journal_entry(s) for s in page.statements],
        "next_cursor": page.next_cursor,
    }, 200
