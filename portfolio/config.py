"""Configuration: safe defaults, environment overrides, test overrides.

Defaults give a working local service (SQLite and uploads under ``instance/``).
Production sets ``DATABASE_URL`` (PostgreSQL), ``SECRET_KEY`` and ``UPLOAD_FOLDER`` (or
``STORAGE_URL=s3://bucket/prefix`` and the S3 variables, for several servers).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


# Google (Chrome, Android), Mozilla (Firefox), Apple (Safari, iOS), Microsoft (Edge).
DEFAULT_PUSH_HOSTS = (
    "fcm.googleapis.com,push.services.mozilla.com,push.apple.com,notify.windows.com"
)


def _normalise_db_url(url: str) -> str:
    # Heroku-style URLs and bare "postgresql://" should use the psycopg 3 driver.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else a random key kept in instance/ across restarts."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _int(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


def _fallback_limit() -> str:
    from portfolio.ops.ratelimit import fallback_limit

    return fallback_limit()


# PostgreSQL session settings of the app's connections (``PG_OPTIONS`` replaces them), measured
# on the whole generated network (issue 17, README "Mesures"):
# - no parallel workers: a page reads a few hundred rows through indexes, yet from its
#   estimates the planner gave the path's one-query union a parallel plan, and starting two
#   workers made a 1.3 ms query take 14-19 ms;
# - generic plans for prepared statements (psycopg prepares a statement from its fifth run on
#   a connection; ``database.py`` keeps them between requests): PostgreSQL kept planning the
#   home's unions again on every run (2.5-3 ms
#   of planning for 0.6-1.3 ms of work). With generic plans the uncached home served 133
#   requests/s instead of 98, and the mixed Locust load at 30 requests/s went from p95 74 ms
#   to 56 ms, the company search included (69 -> 58 ms).
# The command-line reports keep the server's defaults.
PG_OPTIONS = "-c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_generic_plan"


def _pg_options(db_url: str) -> str:
    """``PG_OPTIONS`` after the address's own ``?options=`` (a schema's ``search_path``, say):
    given as a connection argument, ours would replace the address's instead of adding to it."""
    from sqlalchemy.engine import make_url

    own = make_url(db_url).query.get("options", "")
    if not isinstance(own, str):
        own = " ".join(own)
    return " ".join(part for part in (own, os.environ.get("PG_OPTIONS", PG_OPTIONS)) if part)


def load_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the configuration mapping for :func:`portfolio.create_app`."""
    instance = Path(instance_path)
    overrides = overrides or {}
    db_url = overrides.get("SQLALCHEMY_DATABASE_URI") or os.environ.get("DATABASE_URL")
    if not db_url:
        db_url = f"sqlite:///{instance / 'portfolio.sqlite'}"
    config: dict[str, Any] = {
        "SECRET_KEY": overrides.get("SECRET_KEY") or _secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": _normalise_db_url(db_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER", str(instance / "uploads")),
        # s3://bucket/prefix: files in an S3-compatible object store instead of UPLOAD_FOLDER
        # (portfolio/storage/__init__.py). Empty endpoint: AWS; empty keys: boto3's chain.
        "STORAGE_URL": os.environ.get("STORAGE_URL", ""),
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL", ""),
        "AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", ""),
        "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", ""),
        "AWS_REGION": os.environ.get("AWS_REGION", "us-east-1"),
        "S3_CONNECT_TIMEOUT": float(os.environ.get("S3_CONNECT_TIMEOUT", 3)),
        "S3_READ_TIMEOUT": float(os.environ.get("S3_READ_TIMEOUT", 20)),
        "S3_MAX_ATTEMPTS": int(os.environ.get("S3_MAX_ATTEMPTS", 3)),
        "REFERENTIEL_DIR": os.environ.get("REFERENTIEL_DIR", str(ROOT / "referentiel")),
        # The whole ROME (portfolio/data/rome/*.csv); the tests point it at a broken copy.
        "ROME_DIR": os.environ.get("ROME_DIR", str(ROOT / "portfolio" / "data" / "rome")),
        # Who hears about accessibility problems (the /accessibilite page shows it when set).
        "ACCESSIBILITY_CONTACT": os.environ.get("ACCESSIBILITY_CONTACT", ""),
        "MAX_CONTENT_LENGTH": 40 * 1024 * 1024,
        "PHOTO_MAX_BYTES": 15 * 1024 * 1024,
        "AUDIO_MAX_BYTES": 25 * 1024 * 1024,  # a voice file as sent (3 min of WAV fits)
        # A portfolio ZIP sent back to /mon-suivi/import (under MAX_CONTENT_LENGTH).
        "IMPORT_MAX_BYTES": 40 * 1024 * 1024,
        "STORAGE_QUOTA_BYTES": int(os.environ.get("STORAGE_QUOTA_BYTES", 200 * 1024 * 1024)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "LANGUAGES": ("fr", "en"),
        # Redis in production (redis://host:6379/0): one count for every worker and server.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "e2c"),
        # While Redis is down: per-process counts (portfolio/ops/ratelimit.py says why).
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_IN_MEMORY_FALLBACK": _fallback_limit,
        "RATELIMIT_FALLBACK": os.environ.get("RATELIMIT_FALLBACK", "120 per minute"),
        # Worker processes announced (gunicorn reads WEB_CONCURRENCY too); see ops/ratelimit.
        "WORKERS": _int(os.environ.get("WORKERS") or os.environ.get("WEB_CONCURRENCY"), 1),
        "RATELIMIT_PER_PROCESS_OK": os.environ.get("RATELIMIT_PER_PROCESS_OK", "0") == "1",
        # Structured logs: one JSON line per request on stderr (LOG_LEVEL=WARNING: errors only).
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        "LOG_CLIENT_ADDRESS": os.environ.get("LOG_CLIENT_ADDRESS", "0") == "1",
        # /metriques: a bearer token (its SHA-256 is kept) and/or networks (comma-separated).
        "OPS_TOKEN": os.environ.get("OPS_TOKEN", ""),
        "OPS_NETWORKS": os.environ.get("OPS_NETWORKS", ""),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute; 50 per hour"),
        "SQLITE_BUSY_TIMEOUT_MS": 15000,
        # argon2id as RFC 9106 recommends; the test suite alone selects a cheap profile.
        "PASSWORD_HASHING": os.environ.get("PASSWORD_HASHING", "argon2id"),
        # E-mail (portfolio/notifications/mailer.py). No MAIL_SERVER: mails are written as
        # files under instance/mails/ (one line in the log says so), never sent anywhere.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int(os.environ.get("MAIL_PORT"), 587),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "1") == "1",
        "MAIL_USE_SSL": os.environ.get("MAIL_USE_SSL", "0") == "1",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "portfolio@localhost"),
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", ""),
        "MAIL_TIMEOUT": _int(os.environ.get("MAIL_TIMEOUT"), 10),
        # The address people open the links of a mail at (the digest runs outside a request).
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        # "Mot de passe oublié ?": per address and per name typed (memory://, Redis in prod).
        "PASSWORD_RESET_RATE_LIMIT": os.environ.get(
            "PASSWORD_RESET_RATE_LIMIT", "5 per 15 minutes; 20 per day"
        ),
        # Trainees' home summaries kept in memory per worker process (0: off).
        "SUMMARY_CACHE_SIZE": int(os.environ.get("SUMMARY_CACHE_SIZE", 1000)),
        # Web Push for the installed app (`flask push keys` makes the pair; empty: push off).
        "WEBPUSH_VAPID_PRIVATE_KEY": os.environ.get("WEBPUSH_VAPID_PRIVATE_KEY", ""),
        "WEBPUSH_VAPID_PUBLIC_KEY": os.environ.get("WEBPUSH_VAPID_PUBLIC_KEY", ""),
        "WEBPUSH_CONTACT": os.environ.get("WEBPUSH_CONTACT", "mailto:admin@localhost"),
        # The push services' hosts (and their sub-domains) the server may post to.
        "WEBPUSH_ALLOWED_HOSTS": tuple(
            h.strip().lower()
            for h in os.environ.get("WEBPUSH_ALLOWED_HOSTS", DEFAULT_PUSH_HOSTS).split(",")
            if h.strip()
        ),
        "WEBPUSH_ALLOW_HTTP": False,  # tests only: a local push service without TLS
    }
    config.update(overrides)
    config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(config["SQLALCHEMY_DATABASE_URI"])
    if (
        config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
        and "SQLALCHEMY_ENGINE_OPTIONS" not in overrides
    ):
        # A local file never drops a connection: skip the "SELECT 1" before every request.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    if (
        config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
        and "SQLALCHEMY_ENGINE_OPTIONS" not in overrides
    ):
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **config["SQLALCHEMY_ENGINE_OPTIONS"],
            "connect_args": {"options": _pg_options(config["SQLALCHEMY_DATABASE_URI"])},
        }
    if config.get("STORAGE_URL"):
        from portfolio.storage import parse_s3_url

        parse_s3_url(config["STORAGE_URL"])  # a malformed address stops the start, named
    if str(config["RATELIMIT_STORAGE_URI"]).startswith(("redis://", "rediss://")):
        # A lost Redis must not hold a page: short time-outs, then the per-process fallback.
        config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS",
            {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        )
    return config
