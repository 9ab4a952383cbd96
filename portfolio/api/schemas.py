"""JSON Schemas of the API bodies, and the small validator that checks requests against them.

One source of truth: the same dictionaries are published in the OpenAPI document
(``api/openapi.py``) and used here to refuse a request before any service sees it. The
validator knows the subset of JSON Schema 2020-12 that these schemas use (type, properties,
required, additionalProperties, string and number bounds, enum, items, uniqueItems,
format "date"); every message is a short French sentence tied to the field it is about.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import gettext as _

from portfolio.api.auth import ApiError

MAX_INT = 2_147_483_647
ROOT = "request"  # the field name of a problem with the whole body  # ids and counts fit a 32-bit signed integer on every database

# Control characters other than tab and line breaks have no place in user text, and
# PostgreSQL refuses NUL outright.
_FORBIDDEN_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The same rules in the document's words (ECMA-262 patterns): no control character, and,
# where a text is needed, at least one character that is not a space.
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
NON_BLANK_PATTERN = r"^\s*[^\s\x00-\x1f\x7f][^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def error_details(problems: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"field": field, "message": message} for field, message in problems]


def validation_error(problems: list[tuple[str, str]]) -> ApiError:
    """The 400 answer for bad input: one entry per field, in French."""
    return ApiError(
        400,
        "validation_error",
        _("Certaines valeurs ne sont pas valides. Corrigez-les, puis réessayez."),
        error_details(problems),
    )


def check(schema: dict[str, Any], value: Any) -> list[tuple[str, str]]:
    """Every problem of ``value`` against ``schema`` as (field path, French message)."""
    problems: list[tuple[str, str]] = []
    _check(schema, value, "", problems)
    return problems


def validate(schema: dict[str, Any], value: Any) -> Any:
    """Return ``value`` if it fits ``schema``; else raise the 400 ``validation_error``."""
    problems = check(schema, value)
    if problems:
        raise validation_error(problems)
    return value


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    raise ValueError(f"unsupported schema type {kind!r}")


def _type_message(kinds: list[str]) -> str:
    names = {
        "string": _("un texte"),
        "integer": _("un nombre entier"),
        "number": _("un nombre"),
        "boolean": _("vrai ou faux (true ou false)"),
        "array": _("une liste"),
        "object": _("un objet JSON"),
        "null": "null",
    }
    return _("Mauvais type : il faut %(kinds)s.", kinds=_(" ou ").join(names[k] for k in kinds))


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _check(schema: dict[str, Any], value: Any, path: str, problems: list[tuple[str, str]]) -> None:
    field = path or ROOT
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        if not any(_type_ok(kind, value) for kind in kinds):
            problems.append((field, _type_message(kinds)))
            return
    if value is None:
        return
    if "enum" in schema and value not in schema["enum"]:
        choices = [str(v) for v in schema["enum"] if v is not None]
        if len(choices) <= 12:
            problems.append(
                (field, _("Valeur inconnue. Choisissez : %(choices)s.", choices=", ".join(choices)))
            )
        else:
            problems.append((field, _("Valeur inconnue.")))
        return
    if isinstance(value, str):
        _check_string(schema, value, field, problems)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        _check_number(schema, value, field, problems)
    elif isinstance(value, list):
        _check_array(schema, value, path, problems)
    elif isinstance(value, dict):
        _check_object(schema, value, path, problems)


def _check_string(
    schema: dict[str, Any], value: str, field: str, problems: list[tuple[str, str]]
) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        problems.append((field, _("Ce texte contient des caractères interdits.")))
        return
    if _FORBIDDEN_CHARS.search(value):
        problems.append((field, _("Ce texte contient des caractères interdits.")))
        return
    if len(value) < schema.get("minLength", 0):
        if schema["minLength"] == 1:
            problems.append((field, _("Ce champ ne peut pas être vide.")))
        else:
            problems.append((field, _("%(n)d caractères au minimum.", n=schema["minLength"])))
        return
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        problems.append((field, _("%(n)d caractères au maximum.", n=schema["maxLength"])))
        return
    if schema.get("format") == "date" and parse_date(value) is None:
        problems.append(
            (field, _("Écrivez une date au format AAAA-MM-JJ, par exemple 2025-03-14."))
        )


def _check_number(
    schema: dict[str, Any], value: float, field: str, problems: list[tuple[str, str]]
) -> None:
    low, high = schema.get("minimum"), schema.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        if high is not None and high >= MAX_INT:
            high = None  # a technical bound: not worth telling
            if value > MAX_INT:
                problems.append((field, _("Ce nombre est trop grand.")))
                return
        if low is not None and high is not None:
            problems.append(
                (field, _("Le nombre doit aller de %(low)s à %(high)s.", low=low, high=high))
            )
        elif low is not None:
            problems.append((field, _("Le nombre doit valoir au moins %(low)s.", low=low)))
        else:
            problems.append((field, _("Le nombre doit valoir au plus %(high)s.", high=high)))


def _check_array(
    schema: dict[str, Any], value: list[Any], path: str, problems: list[tuple[str, str]]
) -> None:
    field = path or ROOT
    if len(value) < schema.get("minItems", 0):
        problems.append((field, _("Donnez au moins %(n)d élément(s).", n=schema["minItems"])))
        return
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        problems.append((field, _("%(n)d éléments au maximum.", n=schema["maxItems"])))
        return
    items = schema.get("items")
    if items is not None:
        before = len(problems)
        for index, item in enumerate(value):
            _check(items, item, _join(path, index), problems)
        if len(problems) > before:
            return
    if schema.get("uniqueItems") and _has_duplicates(value):
        problems.append((field, _("Chaque élément ne doit apparaître qu'une fois.")))


def _has_duplicates(values: list[Any]) -> bool:
    seen: list[Any] = []
    for value in values:
        # Compare by value and type, so 1 and true (equal in Python) stay distinct.
        marker = (
            type(value).__name__,
            value if not isinstance(value, (dict, list)) else repr(value),
        )
        if marker in seen:
            return True
        seen.append(marker)
    return False


def _check_object(
    schema: dict[str, Any], value: dict[str, Any], path: str, problems: list[tuple[str, str]]
) -> None:
    properties: dict[str, Any] = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            problems.append((_join(path, name), _("Ce champ est obligatoire.")))
    for name, item in value.items():
        if name in properties:
            _check(properties[name], item, _join(path, name), problems)
        elif schema.get("additionalProperties") is False:
            problems.append((_join(path, str(name)), _("Ce champ n'existe pas.")))
    if "minProperties" in schema and len(value) < schema["minProperties"]:
        problems.append((path or ROOT, _("Donnez au moins un champ à modifier.")))


def documented(schema: Any) -> Any:
    """``schema`` as the OpenAPI document shows it: the checks this validator makes on every
    text (no control character) written as a ``pattern``, and ``null`` spelt as an
    ``anyOf`` branch so that generators never mix a string's bounds with ``null``."""
    if isinstance(schema, list):
        return [documented(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: documented(value) for key, value in schema.items()}
    kinds = result.get("type")
    if isinstance(kinds, list) and "null" in kinds and len(kinds) == 2:
        described = {k: v for k, v in result.items() if k not in {"type", "description"}}
        (kind,) = [k for k in kinds if k != "null"]
        if "enum" in described:
            described["enum"] = [v for v in described["enum"] if v is not None]
        branch = documented({"type": kind, **described})
        outer = {k: v for k, v in result.items() if k == "description"}
        return {**outer, "anyOf": [branch, {"type": "null"}]}
    if kinds == "string" and not {"enum", "format", "pattern", "const"} & set(result):
        result["pattern"] = TEXT_PATTERN
    return result


def parse_date(text: str) -> date | None:
    """A calendar date written YYYY-MM-DD, or None."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class Param:
    """A query parameter: its JSON Schema (for the document and the checks) and its help."""

    def __init__(
        self, name: str, schema: dict[str, Any], description: str, *, required: bool = False
    ) -> None:
        self.name, self.schema, self.description, self.required = (
            name,
            schema,
            description,
            required,
        )

    def doc(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "in": "query",
            "required": self.required,
            "description": self.description,
            "schema": documented(self.schema),
        }


def parse_query(params: list[Param], args: Any) -> dict[str, Any]:
    """Read query parameters (strings) into typed values; 400 ``validation_error`` if one is
    wrong or unknown. Call it with ``[]`` where an endpoint takes no parameter."""
    values: dict[str, Any] = {}
    known = {param.name for param in params}
    # A misspelt filter (?competence=) would silently list everything: refuse it instead.
    problems: list[tuple[str, str]] = [
        (name, _("Ce paramètre n'existe pas.")) for name in sorted(set(args.keys()) - known)
    ]
    for param in params:
        raw = args.get(param.name)
        if raw is None:
            if param.required:
                problems.append((param.name, _("Ce champ est obligatoire.")))
            continue
        value: Any = raw
        if param.schema.get("type") == "integer":
            if not re.fullmatch(r"-?\d{1,12}", raw):
                problems.append((param.name, _("Mauvais type : il faut un nombre entier.")))
                continue
            value = int(raw)
        before = len(problems)
        _check(param.schema, value, param.name, problems)
        if len(problems) == before:
            values[param.name] = value
    if problems:
        raise validation_error(problems)
    return values
