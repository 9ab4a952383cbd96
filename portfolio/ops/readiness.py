"""Readiness: may this process take traffic? The database, the file store and Redis.

``/sante`` (liveness) touches nothing: it says the process answers, so an orchestrator
restarts only a process that hangs. ``/sante/pret`` asks each part once, with short
time-outs, and answers 200 when all are up, 503 when one is down, so a load balancer sends
no traffic to a server that could only fail. The answer names each part and its state, never
an address, a user name or an error text (those go to the logs, with the request id).

- database: ``SELECT 1``;
- storage: the photo store's own ``check()`` when it has one (an object store asks its
  bucket), else ``exists()`` of a key that is never written (the local folder answers
  whether it can be read);
- Redis: ``PING`` when the rate-limit counters live there, ``not_configured`` otherwise.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Final

from flask import current_app
from sqlalchemy import text

from portfolio.extensions import db, limiter

OK: Final = "ok"
DOWN: Final = "down"
NOT_CONFIGURED: Final = "not_configured"
PROBE_KEY: Final = "sante/" + "0" * 32
_REDIS_KEY: Final = "e2c_readiness_redis"

log = logging.getLogger("portfolio.readiness")


def check_database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    finally:
        db.session.rollback()
    return OK


def check_storage() -> str:
    from portfolio.trainee.services.photos import photo_storage

    storage = photo_storage()
    check: Callable[[], object] | None = getattr(storage, "check", None)
    if callable(check):
        if check() is False:
            return DOWN
    else:
        storage.exists(PROBE_KEY)
    return OK


def _redis_client(uri: str) -> object:
    import redis

    cached = current_app.extensions.get(_REDIS_KEY)
    if cached is None or cached[0] != uri:
        client = redis.Redis.from_url(uri, socket_connect_timeout=0.5, socket_timeout=0.5)
        cached = current_app.extensions[_REDIS_KEY] = (uri, client)
    return cached[1]


def check_redis() -> str:
    uri = str(current_app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if uri.startswith("memory:"):
        return NOT_CONFIGURED
    if uri.startswith(("redis://", "rediss://", "unix://")):
        client = _redis_client(uri)
        return OK if client.ping() else DOWN  # type: ignore[attr-defined]
    # Another store of the limits library (sentinel, cluster...): its own check.
    return OK if limiter.storage.check() else DOWN


CHECKS: Final[dict[str, Callable[[], str]]] = {
    "database": check_database,
    "storage": check_storage,
    "redis": check_redis,
}


def readiness() -> tuple[bool, dict[str, str]]:
    """(ready, each part's state). A part that raises is down; the error goes to the log."""
    parts: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            parts[name] = check()
        except Exception:
            log.warning("readiness: %s down", name, exc_info=True)
            parts[name] = DOWN
    return all(state != DOWN for state in parts.values()), parts
