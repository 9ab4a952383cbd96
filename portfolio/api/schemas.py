"""The request models of the API and the one helper that turns their errors into our 400.

Why pydantic v2 (and not a framework around it): the request bodies and query strings are
``TypedDict`` types checked by a pydantic ``TypeAdapter`` in plain Flask views, and the same
adapters give the JSON Schema 2020-12 that the OpenAPI 3.1 document (``api/openapi.py``)
publishes. A ``TypedDict`` validates into the dict of the fields that were sent, which is what
PATCH needs, and its schema has no invented defaults. Rejected: spectree (builds schemas at
import time, before an app has loaded its framework, and reads bodies with
``get_json(silent=True) or {}``, which would turn our 415 / ``invalid_json`` into validation
errors); flask-smorest (its own Blueprint class, app-wide HTTP error handlers that would take
over the HTML error pages, 422 answers); APIFlask and flask-openapi3 (their own app and
blueprint classes, their own auth and error shapes). None of them builds paths from plain
Flask routes, so the paths are a thin assembly of route metadata (``api/openapi.py``).

Validation is strict (a number is not a text, ``true`` is not a number). The types below add
what the API needs beyond pydantic's own checks, each with its JSON Schema next to its check:
:class:`OneOf` (a closed list of values, possibly read from the framework in use at request
time, so the model itself needs no app), :class:`Range` (both bounds in the message),
``Text`` (no control characters), dates written YYYY-MM-DD, lists without duplicates.
Rules that depend on stored data or tie fields together (a trace that is the trainee's, an
indicator of that competency, what a complete trace needs) stay in the services and are told
in the descriptions: as JSON Schema they made generated requests explode in size.

:func:`validation_error` builds the ``400 validation_error`` answer, one
``{"field", "message"}`` per problem, messages in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from portfolio.api.auth import ApiError
from portfolio.models.base import MAX_ID
from portfolio.services.frameworks import framework
from portfolio.services.i18n import gettext as _
from referentiel import Framework

MAX_INT = MAX_ID  # ids and counts fit a 32-bit signed integer on every database
ROOT = "request"  # the field name of a problem with the whole body
PAGE_HELP = "Numéro de page, à partir de 1. Après la dernière page : la dernière page."

# Control characters other than tab and line breaks have no place in user text, and
# PostgreSQL refuses NUL outright.
_FORBIDDEN_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_QUERY_INT = re.compile(r"-?\d{1,12}")
# The same rules in the document's words (ECMA-262 patterns): no control character, and,
# where a text is needed, at least one character that is not a space.
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
# Leading spaces may not be control characters either: ``\s`` alone would let \f through.
NON_BLANK_PATTERN = (
    r"^[^\S\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
)

T = TypeVar("T")
# Every request TypedDict carries this (``@with_config(STRICT)``): pydantic lets a TypedDict,
# not its TypeAdapter, hold the configuration.
STRICT = ConfigDict(strict=True, extra="forbid")
Values = Sequence[Any] | Callable[[Framework], Sequence[Any]]
Bound = int | Callable[[Framework], int]


def _resolve(value: Any) -> Any:
    """A constant, or a rule read from the framework in use (needs an app context)."""
    return value(framework()) if callable(value) else value


class OneOf:
    """``Annotated`` marker: the value is one of ``values`` (given, or read from the framework
    in use when the request is checked and when the document is built)."""

    def __init__(self, values: Values) -> None:
        self.values = values

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> JsonSchemaValue:
        result: JsonSchemaValue = handler(schema)
        result["enum"] = list(_resolve(self.values))
        return result

    def _check(self, value: Any) -> Any:
        choices = list(_resolve(self.values))
        if value not in choices:
            raise PydanticCustomError(
                "unknown_value", "unknown value", {"choices": [str(c) for c in choices]}
            )
        return value


class Range:
    """``Annotated`` marker: a whole number from ``low`` to ``high`` (framework rules allowed);
    the message names both bounds, unless ``high`` is only the database's limit."""

    def __init__(self, low: Bound, high: Bound = MAX_INT) -> None:
        self.low, self.high = low, high

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> JsonSchemaValue:
        result: JsonSchemaValue = handler(schema)
        result.update(minimum=_resolve(self.low), maximum=_resolve(self.high))
        return result

    def _check(self, value: int) -> int:
        low, high = _resolve(self.low), _resolve(self.high)
        if low <= value <= high:
            return value
        if high >= MAX_INT:
            if value > MAX_INT:
                raise PydanticCustomError("too_big", "too big")
            raise PydanticCustomError("too_small", "too small", {"low": low})
        raise PydanticCustomError("out_of_range", "out of range", {"low": low, "high": high})


class Help:
    """``Annotated`` marker: a description written from the framework in use."""

    def __init__(self, text: Callable[[Framework], str]) -> None:
        self.text = text

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> JsonSchemaValue:
        result: JsonSchemaValue = handler(schema)
        result["description"] = self.text(framework())
        return result


def _text(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, e.g. "\ud800" in the JSON
        raise PydanticCustomError("forbidden_chars", "forbidden characters") from None
    if _FORBIDDEN_CHARS.search(value):
        raise PydanticCustomError("forbidden_chars", "forbidden characters")
    return value


def _date(value: Any) -> Any:
    if isinstance(value, str):
        parsed = parse_date(value)
        if parsed is None:
            raise PydanticCustomError("bad_date", "bad date")
        return parsed
    return value  # not a text: the date type refuses it as such


def _query_int(value: Any) -> Any:
    # A query string is text: read whole numbers only, never "1.0" or " 1".
    if isinstance(value, str):
        if not _QUERY_INT.fullmatch(value):
            raise PydanticCustomError("int_type", "not an integer")
        return int(value)
    return value


class Unique:
    """``Annotated`` marker on a list: every item different (``uniqueItems``)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> JsonSchemaValue:
        result: JsonSchemaValue = handler(schema)
        result["uniqueItems"] = True
        return result

    def _check(self, values: list[Hashable]) -> list[Hashable]:
        if len(set(values)) != len(values):
            raise PydanticCustomError("not_unique", "duplicates")
        return values


Text = Annotated[str, AfterValidator(_text), Field(json_schema_extra={"pattern": TEXT_PATTERN})]
# Checked after the length by the service (blank titles), shown here for generators.
NonBlank = Annotated[
    str,
    AfterValidator(_text),
    Field(min_length=1, json_schema_extra={"pattern": NON_BLANK_PATTERN}),
]


class LongText:
    """``Annotated`` marker on ``str``: a text (no control character) of up to
    ``max_length`` characters, the bound written in the pattern (``{0,n}``) rather than as
    ``maxLength``: test generators asked for a string of exactly a few thousand characters
    *and* a pattern give up after minutes (hypothesis's buffer); the bounded pattern says
    the same and stays cheap."""

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> JsonSchemaValue:
        result: JsonSchemaValue = handler(schema)
        result["pattern"] = TEXT_PATTERN.replace("*$", f"{{0,{self.max_length}}}$")
        return result

    def _check(self, value: str) -> str:
        if len(value) > self.max_length:
            raise PydanticCustomError(
                "string_too_long", "too long", {"max_length": self.max_length}
            )
        return _text(value)


Day = Annotated[date, BeforeValidator(_date)]
QueryInt = Annotated[int, BeforeValidator(_query_int)]


# --------------------------------------------------------------------------- messages


def _type_message(kind: str) -> str:
    return _("Mauvais type : il faut %(kinds)s.", kinds=kind)


def _message(error: Any, *, query: bool) -> str:
    """One pydantic error as a sentence for the reader (French, or the reader's language)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return _("Ce champ est obligatoire.")
    if kind == "extra_forbidden":
        return _("Ce paramètre n'existe pas.") if query else _("Ce champ n'existe pas.")
    if kind == "string_type":
        return _type_message(_("un texte"))
    if kind in {"int_type", "int_from_float", "int_parsing"}:
        return _type_message(_("un nombre entier"))
    if kind in {"bool_type", "bool_parsing"}:
        return _type_message(_("vrai ou faux (true ou false)"))
    if kind == "list_type":
        return _type_message(_("une liste"))
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _type_message(_("un objet JSON"))
    if kind in {"date_type", "bad_date"}:
        if kind == "date_type" and not isinstance(error.get("input"), str):
            return _type_message(_("un texte"))
        return _("Écrivez une date au format AAAA-MM-JJ, par exemple 2025-03-14.")
    if isinstance(error.get("input"), str):  # bounds applied after a validator: generic types
        kind = {"too_short": "string_too_short", "too_long": "string_too_long"}.get(kind, kind)
    return _sized_message(kind, ctx)


def _sized_message(kind: str, ctx: dict[str, Any]) -> str:
    if kind == "forbidden_chars":
        return _("Ce texte contient des caractères interdits.")
    if kind == "string_too_short":
        if ctx["min_length"] == 1:
            return _("Ce champ ne peut pas être vide.")
        return _("%(n)d caractères au minimum.", n=ctx["min_length"])
    if kind == "string_too_long":
        return _("%(n)d caractères au maximum.", n=ctx["max_length"])
    if kind == "too_short":
        return _("Donnez au moins %(n)d élément(s).", n=ctx["min_length"])
    if kind == "too_long":
        return _("%(n)d éléments au maximum.", n=ctx["max_length"])
    if kind == "not_unique":
        return _("Chaque élément ne doit apparaître qu'une fois.")
    if kind == "unknown_value":
        if len(ctx["choices"]) <= 12:
            return _(
                "Valeur inconnue. Choisissez : %(choices)s.", choices=", ".join(ctx["choices"])
            )
        return _("Valeur inconnue.")
    if kind == "out_of_range":
        return _("Le nombre doit aller de %(low)s à %(high)s.", low=ctx["low"], high=ctx["high"])
    if kind == "too_small":
        return _("Le nombre doit valoir au moins %(low)s.", low=ctx["low"])
    if kind == "too_big":
        return _("Ce nombre est trop grand.")
    if kind == "no_field":
        return _("Donnez au moins un champ à modifier.")
    return _("Valeur refusée.")


def field_name(loc: Sequence[str | int]) -> str:
    """``("competencies", 0, "id")`` -> ``"competencies[0].id"``; ``()`` -> ``"request"``."""
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else part
    return name or ROOT


def validation_error(problems: list[tuple[str, str]]) -> ApiError:
    """The 400 answer for bad input: one entry per field, in the reader's language."""
    return ApiError(
        400,
        "validation_error",
        _("Certaines valeurs ne sont pas valides. Corrigez-les, puis réessayez."),
        [{"field": field, "message": message} for field, message in problems],
    )


def from_pydantic(err: ValidationError, *, query: bool = False) -> ApiError:
    """``err`` as our 400 ``validation_error``: one problem per field (the first one)."""
    problems: dict[str, str] = {}
    for error in err.errors(include_url=False):
        problems.setdefault(field_name(error["loc"]), _message(error, query=query))
    return validation_error(list(problems.items()))


def validate(checker: TypeAdapter[T], value: Any) -> T:
    """``value`` checked by ``checker``; else the 400 ``validation_error``."""
    try:
        return checker.validate_python(value)
    except ValidationError as err:
        raise from_pydantic(err) from None


def parse_query(checker: TypeAdapter[T] | None, args: Any) -> T | dict[str, Any]:
    """Query parameters (first value of each) checked by ``checker`` (``None``: no
    parameter allowed); a misspelt filter (?competence=) is refused, not ignored."""
    values = args.to_dict() if hasattr(args, "to_dict") else dict(args)
    if checker is None:
        if values:
            raise validation_error(
                [(name, _("Ce paramètre n'existe pas.")) for name in sorted(values)]
            )
        return {}
    try:
        return checker.validate_python(values)
    except ValidationError as err:
        raise from_pydantic(err, query=True) from None


def at_least_one_field(value: dict[str, Any]) -> dict[str, Any]:
    """For PATCH bodies (``minProperties: 1`` in the document)."""
    if not value:
        raise PydanticCustomError("no_field", "no field")
    return value


def parse_date(text: str) -> date | None:
    """A calendar date written YYYY-MM-DD, or None."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# --------------------------------------------------------------------------- the document

REF = "#/components/schemas/{model}"


def model_schemas(*adapters: TypeAdapter[Any]) -> dict[str, Any]:
    """Components for the request models (``TypedDict`` classes): each one and those it
    nests, under their class names, as pydantic writes them for validation."""
    _, top = TypeAdapter.json_schemas(
        [(n, "validation", adapter) for n, adapter in enumerate(adapters)], ref_template=REF
    )
    return dict(top.get("$defs", {}))


def query_parameters(adapter: TypeAdapter[Any]) -> list[dict[str, Any]]:
    """The query parameters of a query model, each with its own help."""
    schema = adapter.json_schema(ref_template=REF)
    required = set(schema.get("required", ()))
    parameters = []
    for name, item in schema["properties"].items():
        item = {k: v for k, v in item.items() if k != "title"}
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "description": item.pop("description", ""),
                "schema": item,
            }
        )
    return parameters
