"""Real servers for the operations tests: PostgreSQL, gunicorn masters, a link that can fail.

PostgreSQL: these tests are about several servers sharing one database and about a database
that restarts, which SQLite cannot show. They always run on PostgreSQL: ``TEST_DATABASE_URL``
when set (the PostgreSQL pass of ``.ci/run``), else the machine's PostgreSQL at the documented
address (``postgresql://postgres@127.0.0.1:5432/test``, the one ``.ci/run`` starts). If it does
not answer the tests fail and say how to start it: they are never skipped. ``.ci/run``'s
SQLite pass leaves them out (``-m "not postgresql"``) since its PostgreSQL pass runs them.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
START_TIMEOUT = 60.0


def postgres_url(name: str) -> str:
    """A fresh schema of this pytest worker on the tests' PostgreSQL, with the app's tables."""
    from portfolio.models import Base

    base = os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    schema = re.sub(r"[^a-z0-9_]", "_", f"ops_{worker}_{name}".lower())
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as err:  # fail loudly, never skip
        pytest.fail(
            f"PostgreSQL does not answer at {base} ({err}); start it as .ci/run does "
            "or set TEST_DATABASE_URL",
            pytrace=False,
        )
    finally:
        admin.dispose()
    schema_url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = schema_url.render_as_string(hide_password=False)
    engine = create_engine(rendered)
    Base.metadata.create_all(engine)
    engine.dispose()
    return rendered


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Gunicorn:
    """One gunicorn master (``-w 2``) serving ``portfolio:create_app()`` from the repository,
    configured by environment variables only, as in production."""

    name: str
    folder: Path
    env: dict[str, str]
    workers: int = 2
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.folder / f"{self.name}.log"

    def start(self) -> Gunicorn:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("WORKERS", "WEB_CONCURRENCY") and not key.startswith("PYTEST")
        }
        env |= {
            "PYTHONPATH": str(ROOT),
            "E2C_INSTANCE_PATH": str(self.folder / "instance"),
            "LOG_LEVEL": "WARNING",
            **self.env,
        }
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(gunicorn), "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}",
                 "--graceful-timeout", "2", "portfolio:create_app()"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        return self

    def wait_until_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"{self.name} stopped:\n{self.log_tail()}", pytrace=False)
            try:
                if requests.get(self.url + "/sante", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        pytest.fail(f"{self.name} did not answer in time:\n{self.log_tail()}", pytrace=False)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return "(no log)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # quick shutdown: nothing to finish
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@dataclass
class FaultyLink:
    """A TCP relay in front of a real server, that a test can cut and restore.

    ``down()`` stops listening and closes every open connection (what clients see when the
    server stops: refused connections, dropped sockets); ``up()`` listens again on the same
    port, so the application, configured once, finds the server back by itself.
    """

    target: tuple[str, int]
    port: int = field(default_factory=free_port)
    _listener: socket.socket | None = None
    _open: set[socket.socket] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def up(self) -> FaultyLink:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def down(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            # shutdown() wakes the thread blocked in accept() so it lets the port go.
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, server))
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        pair = {a: b, b: a}
        try:
            while True:
                ready, _, _ = select.select(list(pair), [], [], 1.0)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    pair[sock].sendall(data)
        except (OSError, ValueError):
            return
        finally:
            with self._lock:
                for sock in (a, b):
                    self._open.discard(sock)
                    sock.close()


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no csrf_token in the page"
    return found.group(1) or found.group(2)
