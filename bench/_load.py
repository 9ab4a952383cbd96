"""What the HTTP benchmarks share: a gunicorn server, a real login, a threaded load generator.

The scripts of this folder (``trainee_bench``, ``search_bench``, ``referent_bench``,
``statements_bench``) each build their own data, choose their own pages and print their own
table; the machinery around that is here:

* ``app_env``: the environment variables the app reads (database, instance and upload
  folders, secret key, a login rate limit high enough for a benchmark);
* ``free_port``, ``start_server``, ``stop_server`` and ``serve``: the app served by gunicorn
  with sync workers on 127.0.0.1, waited for until ``/sante`` answers 200, then stopped;
* ``CookieJar`` and ``log_in``: a login through the real login form (CSRF token, session
  cookie), giving the ``Cookie`` header the load generator sends;
* ``Sample``, ``load`` and ``measure_in_turns``: the load generator: a fixed number of client
  threads, each on its own ``http.client`` connection (reopened when the server closes it:
  gunicorn's sync workers answer with ``Connection: close``), requesting one page back to
  back for a fixed time or a fixed number of requests, the pages taking turns over several
  rounds so machine load hits them all alike;
* ``percentile`` and ``nearest_percentile``: the two percentile rules the scripts print.

The scripts are run as ``.venv/bin/python bench/<name>.py``: each puts the repository root
on ``sys.path``, then imports this module as ``bench._load``.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
APP = "portfolio:create_app()"
"""The gunicorn application the benchmarks serve unless told otherwise."""

SECRET_KEY = "bench-secret-key"
"""The app's secret key in the benchmarks unless one is given (nothing secret here)."""

Accept = Callable[[str, int, bytes], bool]
"""Whether an answer counts as a success: called with the path, the status and the body."""


# --------------------------------------------------------------------------- environment


def app_env(database_url: str, folder: Path, secret_key: str = SECRET_KEY) -> dict[str, str]:
    """The environment the served app needs: its database, folders under ``folder``, a key.

    The login rate limit is raised so that logging in again and again does not get refused.
    """
    return {
        "DATABASE_URL": database_url,
        "E2C_INSTANCE_PATH": str(folder / "instance"),
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "SECRET_KEY": secret_key,
        "LOGIN_RATE_LIMIT": "1000 per minute",
    }


# --------------------------------------------------------------------------- server


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(
    env: dict[str, str], port: int, workers: int, app: str = APP
) -> subprocess.Popen[bytes]:
    """Start gunicorn (``workers`` sync workers) on ``port``; return once ``/sante`` answers 200.

    ``env`` is added to this process's environment. gunicorn runs from the repository root in
    a session of its own, so that ``stop_server`` can kill its whole process group. Exits
    (``SystemExit``) when the server does not answer within 60 seconds.
    """
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    process = subprocess.Popen(
        [
            gunicorn,
            "-w",
            str(workers),
            "-b",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
            app,
        ],
        cwd=ROOT,
        # Per-process rate limits are fine for a benchmark (said, or the app refuses to start
        # on several workers); request lines off, as the figures before them were measured.
        env={**os.environ, "RATELIMIT_PER_PROCESS_OK": "1", "LOG_LEVEL": "WARNING", **env},
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/sante")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn: the master stops its workers gracefully; killed after 15 seconds."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def serve(env: dict[str, str], workers: int, app: str = APP) -> Iterator[int]:
    """Serve ``app`` with gunicorn on a free port for the ``with`` block; yield the port."""
    port = free_port()
    process = start_server(env, port, workers, app)
    try:
        yield port
    finally:
        stop_server(process)


# --------------------------------------------------------------------------- login


@dataclass
class CookieJar:
    """The cookies a server has set, by name, for the ``Cookie`` header of the next requests."""

    cookies: dict[str, str] = field(default_factory=dict)

    def keep(self, response: http.client.HTTPResponse) -> None:
        """Remember the cookies the response sets (their value only, not their attributes)."""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]

    def header(self) -> str:
        """The value of the ``Cookie`` header that sends every cookie kept."""
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())


def log_in(port: int, login: str, password: str) -> str:
    """Log in through the real login form; return the ``Cookie`` header to send afterwards.

    Reads the CSRF token from ``/connexion``, posts the form with the session cookie it set,
    and expects a redirect elsewhere than back to the form. Exits (``SystemExit``) otherwise.
    """
    jar = CookieJar()
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", "/connexion")
    response = conn.getresponse()
    page = response.read().decode()
    jar.keep(response)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if token is None:
        raise SystemExit("no CSRF token on the login page")
    body = urllib.parse.urlencode(
        {"login": login, "password": password, "csrf_token": token.group(1)}
    )
    conn.request(
        "POST",
        "/connexion",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": jar.header()},
    )
    response = conn.getresponse()
    response.read()
    jar.keep(response)
    if response.status != 302 or response.getheader("Location", "").endswith("/connexion"):
        raise SystemExit(f"login failed: {response.status}")
    conn.close()
    return jar.header()


# --------------------------------------------------------------------------- load


@dataclass
class Sample:
    """What a load produced: one latency (seconds) per answer, the failures, the wall time.

    A failure is an answer the ``accept`` rule refused (its latency is kept) or a request that
    got no answer (connection error: no latency).
    """

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def add(self, other: Sample) -> None:
        """Add another sample's answers, failures and time to this one."""
        self.latencies += other.latencies
        self.errors += other.errors
        self.seconds += other.seconds

    @property
    def rate(self) -> float:
        """Answers per second of wall time."""
        return len(self.latencies) / self.seconds


def answered_ok(path: str, status: int, body: bytes) -> bool:
    """The default ``accept`` rule: a 200 answer, whatever its body."""
    return status == 200


def load(
    port: int,
    path: str,
    cookie: str,
    threads: int,
    *,
    seconds: float | None = None,
    requests: int | None = None,
    accept: Accept = answered_ok,
) -> Sample:
    """``threads`` clients request ``path`` back to back, with ``cookie``; return what they got.

    Each client stops after ``seconds`` (counted from the call) or after sending ``requests``
    requests, whichever comes first; give at least one of the two. Each client has its own
    ``http.client`` connection, opened again after a connection error. A latency is the time
    from sending the request to having read the whole answer.
    """
    if seconds is None and requests is None:
        raise ValueError("give seconds, requests or both")
    sample = Sample()
    lock = threading.Lock()
    stop_at = None if seconds is None else time.perf_counter() + seconds

    def more(sent: int) -> bool:
        if requests is not None and sent >= requests:
            return False
        return stop_at is None or time.perf_counter() < stop_at

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        errors = 0
        sent = 0
        while more(sent):
            sent += 1
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                body = response.read()
                if not accept(path, response.status, body):
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                continue
            mine.append(time.perf_counter() - began)
        conn.close()
        with lock:
            sample.latencies.extend(mine)
            sample.errors += errors

    began = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    sample.seconds = time.perf_counter() - began
    return sample


def measure_in_turns(
    port: int,
    cookie: str,
    paths: Sequence[str],
    *,
    threads: int,
    rounds: int,
    seconds: float | None = None,
    requests: int | None = None,
    accept: Accept = answered_ok,
    warm_up: float = 0.0,
) -> dict[str, Sample]:
    """Load each of ``paths`` in turn, ``rounds`` times over; return each path's total.

    Taking turns spreads machine noise over all the pages alike. Each turn is one ``load``
    with these ``threads``, ``seconds``, ``requests`` and ``accept``. First, each path is
    loaded for ``warm_up`` seconds (templates compiled, caches filled), not counted.
    """
    if warm_up > 0:
        for path in paths:
            load(port, path, cookie, threads, seconds=warm_up, accept=accept)
    totals = {path: Sample() for path in paths}
    for _round in range(rounds):
        for path in paths:
            totals[path].add(
                load(
                    port,
                    path,
                    cookie,
                    threads,
                    seconds=seconds,
                    requests=requests,
                    accept=accept,
                )
            )
    return totals


# --------------------------------------------------------------------------- figures


def percentile(values: list[float], share: float) -> float:
    """The sorted value at index ``int(share * n)`` (the last one at most)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def nearest_percentile(values: list[float], share: float) -> float:
    """The sorted value at index ``round(share * (n - 1))``: numpy's "nearest" method."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]
