"""A fresh, empty store per test, on each backend: the local folder and the real S3 server."""

from __future__ import annotations

from pathlib import Path

import pytest
from s3server import s3_store

from portfolio.storage import LocalStorage, Storage

BACKENDS = ["local", "s3"]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    if request.param == "local":
        return LocalStorage(tmp_path / "media")
    return s3_store(request.getfixturevalue("s3_server"))
