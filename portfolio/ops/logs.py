"""Structured logs: one JSON line per request, with its request id and role, nothing personal.

Each request gets an id: the incoming ``X-Request-Id`` when it is well formed (a proxy or a
load balancer set it; 8 to 64 letters, digits, ``.``, ``_``, ``-``), else a new one. The
answer carries it back in ``X-Request-Id``, and every line logged while the request runs
(errors included) carries it too, so one id finds a person's report in the logs.

A request line holds: time, request id, method, the endpoint's *name* (``trainee.trace``,
never the raw path, which holds ids and secret tokens), status, duration in ms and the role
of the person (``anonyme`` when nobody is logged in). Never the user id, the login, the
query string or the address (``LOG_CLIENT_ADDRESS=1`` adds the address, for a site that
needs it and says so in its privacy notice).

Lines go to stderr (gunicorn and systemd collect them) through the standard ``logging``
module and python-json-logger's formatter; ``LOG_LEVEL=WARNING`` keeps errors only.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from types import MethodType
from typing import Any, TextIO

from flask import Flask, Response, g, has_request_context, request, session
from pythonjsonlogger.json import JsonFormatter

LOGGER_NAME = "portfolio"
ACCESS_LOGGER = "portfolio.access"
HEADER = "X-Request-Id"
ANONYMOUS = "anonyme"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,64}", re.ASCII)


def request_id() -> str | None:
    """The current request's id (None outside a request)."""
    if not has_request_context():
        return None
    return g.get("request_id")


def incoming_id(value: str | None) -> str:
    """The caller's id if well formed, else a fresh one (never an unchecked header)."""
    if value and _WELL_FORMED.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record logged during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id()
        return True


class StderrHandler(logging.StreamHandler):
    """Writes to the *current* ``sys.stderr`` (test runners replace it between tests)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def formatter() -> logging.Formatter:
    """python-json-logger's formatter: ``time`` (ISO 8601, UTC), ``level``, ``logger``."""
    return JsonFormatter(
        "{levelname}{name}{message}",
        style="{",
        timestamp="time",
        rename_fields={"levelname": "level", "name": "logger"},
        json_ensure_ascii=False,
    )


def install_handler(level: str) -> logging.Handler:
    """The JSON handler on the ``portfolio`` logger, once per process (many apps in tests)."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level.upper())
    for handler in logger.handlers:
        if isinstance(handler, StderrHandler):
            return handler
    handler = StderrHandler()
    handler.setFormatter(formatter())
    handler.addFilter(RequestIdFilter())
    logger.addHandler(handler)
    return handler


def remember_role(user: Any) -> None:
    """Called where a request's user is loaded (session or API token): the role is read once,
    before any commit expires the user (reading it afterwards would cost a query)."""
    role = getattr(user, "role", None)
    g.request_role = str(getattr(role, "value", role)) if role is not None else ANONYMOUS


def _role() -> str:
    if "request_role" not in g and "_user_id" in session:
        from flask_login import current_user

        current_user._get_current_object()  # loads the user (and remembers the role) once
    return str(g.get("request_role") or ANONYMOUS)


def _start() -> None:
    g.request_id = incoming_id(request.headers.get(HEADER))
    g.request_started = time.perf_counter()


def duration_ms() -> float:
    started = g.get("request_started")
    return round((time.perf_counter() - started) * 1000, 2) if started else 0.0


def _log_request(response: Response) -> Response:
    if "request_id" not in g:  # refused before our first hook (should not happen)
        _start()
    response.headers[HEADER] = g.request_id
    try:
        role = _role()
    except Exception:  # the database is down: the line is still worth writing
        role = "inconnu"
    fields: dict[str, Any] = {
        "request_id": g.request_id,
        "method": request.method,
        "endpoint": request.endpoint or "-",
        "status": response.status_code,
        "duration_ms": duration_ms(),
        "role": role,
    }
    if _log_address():
        fields["client_address"] = request.remote_addr
    logging.getLogger(ACCESS_LOGGER).info("requete", extra=fields)
    return response


def _log_address() -> bool:
    from flask import current_app

    return bool(current_app.config.get("LOG_CLIENT_ADDRESS"))


def _log_exception(app: Flask, exc_info: Any) -> None:
    """Flask's own error line names the raw path (ids, tokens): name the endpoint instead."""
    app.logger.error(
        "exception",
        exc_info=exc_info,
        extra={"endpoint": request.endpoint or "-", "method": request.method},
    )


def init_app(app: Flask) -> None:
    install_handler(str(app.config.get("LOG_LEVEL") or "INFO"))
    app.log_exception = MethodType(_log_exception, app)  # type: ignore[method-assign]
    app.before_request(_start)
    app.after_request(_log_request)
