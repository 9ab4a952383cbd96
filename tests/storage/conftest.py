"""A fresh, empty store per test, on each backend: the local folder and the real S3 server."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from portfolio.storage import LocalStorage, Storage, open_storage
from s3server import S3Server

BACKENDS = ["local", "s3"]


def s3_store(server: S3Server, name: str = "") -> Storage:
    """A store on a prefix of the test bucket that no other test uses."""
    prefix = name or f"contract{uuid.uuid4().hex}"
    return open_storage(server.config(f"s3://{server.bucket}/{prefix}"))


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    if request.param == "local":
        return LocalStorage(tmp_path / "media")
    return s3_store(request.getfixturevalue("s3_server"))
