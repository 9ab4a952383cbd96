"""Objects in an S3-compatible store (AWS, OVH, Scaleway, MinIO, Garage, SeaweedFS) via boto3.

One bucket, an optional key prefix inside it (``s3://bucket/prefix``), so several sites or
test runs can share a bucket without seeing each other's objects. A PUT on S3 is atomic (the
object appears whole or not at all), so no temporary object is needed.

Errors are told apart the way the application needs them: a missing object is
`FileNotFoundError` (the photo answers 404); anything else (connection refused, timeout,
wrong keys, a 5xx) is `StorageUnavailable`, which the upload turns into a plain French
message with nothing saved.

The client is built once per process and is thread-safe; `open_storage` builds it lazily, so
a gunicorn master never shares one with its forked workers.

This module imports nothing from Flask or from the rest of the application.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Final

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from portfolio.storage.base import (
    StorageUnavailable,
    check_bytes,
    is_valid_key,
    parse_s3_url,
    validate_key,
    validate_listing_prefix,
)

_MISSING: Final = frozenset({"404", "NoSuchKey", "NotFound"})


@dataclass(frozen=True, slots=True)
class S3Settings:
    """Where and how to reach the bucket; `None` keys use boto3's usual credential chain."""

    url: str
    endpoint_url: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    region: str = "us-east-1"
    connect_timeout: float = 3.0
    read_timeout: float = 20.0
    max_attempts: int = 3


def _client(settings: S3Settings) -> Any:
    """One client per endpoint, keys and timeouts in this process (they are thread-safe and
    slow to build: a new app, as every test makes, reuses the one already there)."""
    return _cached_client(replace(settings, url=""))


@functools.lru_cache(maxsize=8)
def _cached_client(settings: S3Settings) -> Any:
    config = Config(
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        retries={"max_attempts": settings.max_attempts, "mode": "standard"},
        # Self-hosted stores are reached by address (no DNS per bucket): path-style URLs.
        s3={"addressing_style": "path" if settings.endpoint_url else "auto"},
        # Several S3-compatible stores refuse the newer default checksums; AWS needs none.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    return boto3.session.Session().client(
        "s3",
        endpoint_url=settings.endpoint_url or None,
        aws_access_key_id=settings.access_key_id or None,
        aws_secret_access_key=settings.secret_access_key or None,
        region_name=settings.region or "us-east-1",
        config=config,
    )


def _code(err: ClientError) -> str:
    return str(err.response.get("Error", {}).get("Code", ""))


class S3Storage:
    """Objects in one bucket, under one prefix; keys follow `KEY_PATTERN` as on disk."""

    def __init__(self, settings: S3Settings, client: Any | None = None) -> None:
        self.bucket, self.root = parse_s3_url(settings.url)
        self.settings = settings
        self.client = client if client is not None else _client(settings)
        self.page_size = 1000  # keys per listing request (S3's maximum)

    def __repr__(self) -> str:
        return (
            f"S3Storage('s3://{self.bucket}/{self.root}', endpoint={self.settings.endpoint_url!r})"
        )

    def _name(self, key: str) -> str:
        return self.root + validate_key(key)

    def _call(self, operation: str, key: str, **kwargs: Any) -> Any:
        try:
            return getattr(self.client, operation)(Bucket=self.bucket, **kwargs)
        except ClientError as err:
            if _code(err) in _MISSING:
                raise FileNotFoundError(key) from err
            raise StorageUnavailable(f"{operation} {key}: {_code(err)}") from err
        except BotoCoreError as err:  # connection refused, timeout, no credentials ...
            raise StorageUnavailable(f"{operation} {key}: {err}") from err

    def put(self, key: str, data: bytes) -> None:
        check_bytes(data)
        name = self._name(key)
        self._call("put_object", key, Key=name, Body=bytes(data))

    def get(self, key: str) -> bytes:
        answer = self._call("get_object", key, Key=self._name(key))
        try:
            body: bytes = answer["Body"].read()
        except BotoCoreError as err:  # the connection dropped mid-body
            raise StorageUnavailable(f"get_object {key}: {err}") from err
        return body

    def delete(self, key: str) -> None:
        try:
            self._call("delete_object", key, Key=self._name(key))
        except FileNotFoundError:  # S3 answers 204 for a missing key; some stores 404
            return

    def _head(self, key: str) -> dict[str, Any]:
        answer: dict[str, Any] = self._call("head_object", key, Key=self._name(key))
        return answer

    def exists(self, key: str) -> bool:
        try:
            self._head(key)
        except FileNotFoundError:
            return False
        return True

    def size(self, key: str) -> int:
        return int(self._head(key)["ContentLength"])

    def modified_at(self, key: str) -> datetime:
        when: datetime = self._head(key)["LastModified"]
        return when.astimezone(UTC)

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Listed page by page (`page_size` per request), already in sorted order."""
        validate_listing_prefix(prefix)
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket,
            Prefix=self.root + prefix,
            PaginationConfig={"PageSize": self.page_size},
        )
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    key = str(item["Key"]).removeprefix(self.root)
                    if is_valid_key(key):
                        yield key
        except (ClientError, BotoCoreError) as err:
            raise StorageUnavailable(f"list {prefix!r}: {err}") from err

    def create_bucket(self) -> None:
        """Create the bucket if it is missing (tests and first set-up; production: by hand)."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
            return
        except ClientError as err:
            if _code(err) not in _MISSING and _code(err) != "NoSuchBucket":
                raise StorageUnavailable(f"head_bucket: {_code(err)}") from err
        except BotoCoreError as err:
            raise StorageUnavailable(f"head_bucket: {err}") from err
        try:
            self.client.create_bucket(Bucket=self.bucket)
        except ClientError as err:
            if _code(err) not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                raise StorageUnavailable(f"create_bucket: {_code(err)}") from err
