"""Redis for the operations tests, never skipped: ``TEST_REDIS_URL`` (CI), else the machine's
Redis on its usual port, else a private ``redis-server`` started on a free port for this run."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest


def _answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    if _answers(url):
        yield url
        return
    binary = shutil.which("redis-server")
    if "TEST_REDIS_URL" in os.environ or binary is None:  # fail loudly: a skip would hide it
        pytest.fail(
            f"Redis does not answer at {url}; install redis-server or start it as .ci/run does"
        )
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(50):
            if _answers(url):
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"the private redis-server did not answer at {url}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def key_prefix() -> str:
    """A prefix of this test's own: parallel tests never share a count."""
    return f"test-{uuid.uuid4().hex}"
