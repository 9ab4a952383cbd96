"""Rate-limit counters shared by every worker and server, and what happens without them.

Flask-Limiter counts in ``RATELIMIT_STORAGE_URI``. ``memory://`` (the default, right for
``make run``) keeps one count per process: behind gunicorn with two workers the login's
10-per-minute limit let 17 to 20 attempts through, since each worker counted alone. With
``redis://host:6379/0`` every worker of every server counts in one place, so the limit is
exact. The service therefore refuses to start when it is told it runs several workers
(``WEB_CONCURRENCY`` or ``WORKERS`` above 1) with per-process counters, unless the operator
says it is on purpose (``RATELIMIT_PER_PROCESS_OK=1``).

When Redis is down, the limiter falls back to per-process counters in memory ("fail open
on the shared count, closed on a local one"), and goes back to Redis by itself once it
answers again (Flask-Limiter checks it with a growing delay). Rejected:

- failing closed (refusing every login while Redis is down): a whole class could not log
  in because of a counter; the counter protects the login, it is not the login;
- failing fully open (no limit at all): a brute-force run would meet no limit at all during
  an outage.

During the outage each process applies, per address and per page (the limiter's key,
``extensions.address_on_page``), the login's own limit
on the login page and ``RATELIMIT_FALLBACK`` elsewhere; so with N workers an address gets
at most N times the login limit (the per-account limit waits for Redis). Redis is asked
with short time-outs (``RATELIMIT_STORAGE_OPTIONS``), so a lost Redis never holds a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, request

from portfolio.extensions import limiter
from portfolio.services.i18n import gettext as _

DEFAULT_FALLBACK = "120 per minute"


class PerProcessLimitsRefused(RuntimeError):
    """Several workers were announced with per-process rate-limit counters."""


def workers(config: Mapping[str, Any]) -> int:
    """The number of worker processes the service is told it runs (1 if not told)."""
    raw = config.get("WORKERS") or 1
    try:
        return max(1, int(raw))
    except (TypeError, ValueError):
        return 1


def is_shared(uri: str) -> bool:
    """True if counters in ``uri`` are seen by every process (anything but memory)."""
    return not uri.strip().lower().startswith("memory:")


def check_storage(config: Mapping[str, Any]) -> None:
    """Refuse per-process counters behind several workers, unless told it is on purpose."""
    count = workers(config)
    uri = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if count > 1 and not is_shared(uri) and not config.get("RATELIMIT_PER_PROCESS_OK"):
        raise PerProcessLimitsRefused(
            _(
                "Le service ne démarre pas : %(n)d processus sont annoncés, mais les limites "
                "d'essais sont comptées dans chaque processus (RATELIMIT_STORAGE_URI=memory://). "
                "Chaque processus compterait seul : la limite de connexion ne serait plus "
                "respectée. Donnez l'adresse de Redis (RATELIMIT_STORAGE_URI=redis://hôte:6379/0) "
                "ou, si c'est voulu, mettez RATELIMIT_PER_PROCESS_OK=1.",
                n=count,
            )
        )


def fallback_limit() -> str:
    """The per-process limit of a page while Redis is down (see the module docstring)."""
    if request.endpoint == "auth.login":
        return str(current_app.config["LOGIN_RATE_LIMIT"])
    return str(current_app.config.get("RATELIMIT_FALLBACK") or DEFAULT_FALLBACK)


def init_app(app: Flask) -> None:
    check_storage(app.config)
    # One limiter serves every app of a process (tests build many): a new app starts with its
    # storage presumed alive, not with the state an earlier app's outage left, and counts
    # under its own RATELIMIT_KEY_PREFIX (Flask-Limiter keeps the first app's otherwise).
    limiter._storage_dead = False
    limiter._key_prefix = ""
