"""Where uploaded files live: one small interface, two backends, chosen by configuration.

- no ``STORAGE_URL``: `LocalStorage` in ``UPLOAD_FOLDER`` (the embedded default, `make run`);
- ``STORAGE_URL=s3://bucket/prefix``: `S3Storage` in any S3-compatible object store, reached
  at ``S3_ENDPOINT_URL`` (empty for AWS) with ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``
  (empty: boto3's usual chain) in ``AWS_REGION``.

Files are always served through the application, never by presigned URLs: the access
guards stay in one place (`services/access/`, 404 for what one may not see), the answer
always has a fixed type and ``nosniff``, and revoking someone's access takes effect at once
instead of when a URL expires. The price is that bytes pass through the app (photos are a
few hundred kB; the S3 client streams them from a keep-alive connection).

This package imports nothing from Flask or from the rest of the application.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portfolio.storage.base import (
    KEY_PATTERN,
    InvalidKey,
    Storage,
    StorageUnavailable,
    is_valid_key,
    new_key,
    orphan_keys,
    parse_s3_url,
    validate_key,
)
from portfolio.storage.local import LocalStorage

__all__ = [
    "KEY_PATTERN",
    "InvalidKey",
    "LocalStorage",
    "Storage",
    "StorageUnavailable",
    "is_valid_key",
    "new_key",
    "open_storage",
    "orphan_keys",
    "parse_s3_url",
    "storage_signature",
    "validate_key",
]

_S3_KEYS = (
    "STORAGE_URL",
    "S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
    "S3_CONNECT_TIMEOUT",
    "S3_READ_TIMEOUT",
    "S3_MAX_ATTEMPTS",
)


def storage_signature(config: Mapping[str, Any]) -> tuple[Any, ...]:
    """What `open_storage` depends on: a cached store is reused while this stays the same."""
    if config.get("STORAGE_URL"):
        return tuple(config.get(name) for name in _S3_KEYS)
    return ("local", str(config["UPLOAD_FOLDER"]))


def open_storage(config: Mapping[str, Any]) -> Storage:
    """The store the configuration names (see the module docstring). Connects lazily."""
    url = str(config.get("STORAGE_URL") or "")
    if not url:
        return LocalStorage(config["UPLOAD_FOLDER"])
    parse_s3_url(url)
    from portfolio.storage.s3 import S3Settings, S3Storage  # boto3 only when asked for

    return S3Storage(
        S3Settings(
            url=url,
            endpoint_url=config.get("S3_ENDPOINT_URL") or None,
            access_key_id=config.get("AWS_ACCESS_KEY_ID") or None,
            secret_access_key=config.get("AWS_SECRET_ACCESS_KEY") or None,
            region=str(config.get("AWS_REGION") or "us-east-1"),
            connect_timeout=float(config.get("S3_CONNECT_TIMEOUT", 3.0)),
            read_timeout=float(config.get("S3_READ_TIMEOUT", 20.0)),
            max_attempts=int(config.get("S3_MAX_ATTEMPTS", 3)),
        )
    )
