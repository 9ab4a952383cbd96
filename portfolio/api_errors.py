"""The single JSON error shape of the API: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify


def json_error(
    status: int, code: str, message: str, details: list[Any] | None = None
) -> tuple[Response, int]:
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if details is not None:
        body["error"]["details"] = details
    return jsonify(body), status
