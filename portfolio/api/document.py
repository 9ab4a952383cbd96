"""Small builders of OpenAPI operations, used by each route module next to its views.

The schemas come from the pydantic models (``TypedDict`` classes) of each module; what is
left to say by hand is the route's metadata: its summary, who may call it, what it answers.
``api/openapi.py`` gathers the modules' ``paths()`` into the document (see there, and
``api/schemas.py`` for why no library assembles the paths).
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from portfolio.api.schemas import MAX_INT, query_parameters

READ_SECURITY = [{"bearer": ["portfolio:read"]}]
WRITE_SECURITY = [{"bearer": ["portfolio:write"]}]
GAME_SECURITY = [{"bearer": ["game:evidence"]}]
JPEG = {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}
ERROR_NAMES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    429: "RateLimited",
    503: "Unavailable",
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def answer(
    description: str,
    schema: str | dict[str, Any] | None = None,
    *,
    content: dict[str, Any] | None = None,
    location: bool = False,
) -> dict[str, Any]:
    """A success answer: a named component (``schema``), other ``content``, or none."""
    response: dict[str, Any] = {"description": description}
    if location:
        response["headers"] = {"Location": {"$ref": "#/components/headers/Location"}}
    if schema is not None:
        content = json_content(ref(schema) if isinstance(schema, str) else schema)
    if content is not None:
        response["content"] = content
    return response


def operation(
    operation_id: str,
    tag: str,
    summary: str,
    *,
    security: list[dict[str, list[str]]],
    answers: dict[int, dict[str, Any]],
    errors: tuple[int, ...],
    description: str | None = None,
    body: str | None = None,
    media: str = "application/json",
    query: TypeAdapter[Any] | None = None,
) -> dict[str, Any]:
    """One operation: ``body`` names the request model's component, ``query`` is the query
    model (its fields become parameters), ``errors`` the error statuses it may answer."""
    result: dict[str, Any] = {
        "operationId": operation_id,
        "tags": [tag],
        "summary": summary,
    }
    if description:
        result["description"] = description
    result["security"] = security
    if query is not None:
        result["parameters"] = query_parameters(query)
    if body is not None:
        result["requestBody"] = {"required": True, "content": {media: {"schema": ref(body)}}}
    result["responses"] = {
        **{str(status): response for status, response in answers.items()},
        **{str(code): {"$ref": f"#/components/responses/{ERROR_NAMES[code]}"} for code in errors},
    }
    return result


def id_param(name: str, description: str) -> dict[str, Any]:
    """A path id: beyond what the database stores, nothing exists (404)."""
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_INT},
    }
