"""A private test database per pytest worker: a SQLite file, or a PostgreSQL schema.

Kept out of conftest.py so tests can import it by a name no other conftest shares.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "gw0")


def database_url(tmp_root: Path, name: str = "main") -> str:
    """A private database for this worker: a SQLite file, or a PostgreSQL schema."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_root / f'{name}.sqlite'}"
    schema = re.sub(r"[^a-z0-9_]", "_", f"t_{_worker()}_{name}".lower())
    url = make_url(
        base.replace("postgresql://", "postgresql+psycopg://", 1)
        if base.startswith("postgresql://")
        else base
    )
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as err:  # fail loudly: CI must never skip PostgreSQL silently
        raise pytest.UsageError(
            f"TEST_DATABASE_URL is set but PostgreSQL does not answer: {err}"
        ) from err
    finally:
        admin.dispose()
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


def throwaway_database(tmp_root: Path, name: str) -> Iterator[str]:
    """For a fixture (``yield from``): a database of its own for one test that runs the
    migrations (a SQLite file, or a PostgreSQL schema dropped afterwards)."""
    url = database_url(tmp_root, name=name)
    yield url
    if url.startswith("postgresql"):
        schema = str(make_url(url).query["options"]).removeprefix("-csearch_path=")
        base = os.environ["TEST_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://")
        engine = create_engine(base)
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
