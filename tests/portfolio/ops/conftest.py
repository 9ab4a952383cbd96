"""Redis for the operations tests: the machine's own (``TEST_REDIS_URL``), never skipped."""

from __future__ import annotations

import os
import uuid

import pytest


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as err:  # fail loudly: .ci/run starts Redis, a skip would hide it
        pytest.fail(f"Redis does not answer at {url} ({err}); start it as .ci/run does")
    return url


@pytest.fixture
def key_prefix() -> str:
    """A prefix of this test's own: parallel tests never share a count."""
    return f"test-{uuid.uuid4().hex}"
