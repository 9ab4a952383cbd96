"""Benchmark: a trainee's home ("Où j'en suis") and portfolio pages beside the trivial /sante.

Usage: .venv/bin/python bench/trainee_bench.py [--seconds 3] [--rounds 3] [--threads 4]

In one run, on this machine:

1. builds a temporary SQLite database and upload folder with one trainee who has 300 traces
   (1 to 3 competencies each, some links, 10 % drafts), 60 photos and 40 self-assessments;
2. serves the app with gunicorn, 2 sync workers (``gunicorn 'portfolio:create_app()'`` with
   DATABASE_URL, E2C_INSTANCE_PATH, UPLOAD_FOLDER and SECRET_KEY in the environment);
3. logs in through the real login form (CSRF token, session cookie);
4. loads ``/sante``, ``/``, ``/portfolio/`` and ``/parametres`` (the shared layout with a
   small form, for reference) in turn, several rounds (so machine load hits
   all alike), each for a fixed time with a fixed number of client threads, each thread on
   its own ``http.client`` connection (reopened when the server closes it: gunicorn's sync
   workers answer with ``Connection: close``) and the session cookie;
5. prints requests/s, median (p50) and 95th percentile (p95) latency per page, and the pages'
   throughput as a share of /sante's. Targets: home >= 30 % of /sante, p95 < 50 ms.

A script that prints figures, not a test: nothing here asserts a timing. Errors (non-200
answers) are counted and printed; a run with errors is not a valid measurement.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LOGIN = "bench.trainee"
PASSWORD = "bench-password-2025"
TRACES = 300
PHOTOS = 60
PAGES = [
    ("trivial /sante", "/sante"),
    ("home /", "/"),
    ("portfolio /portfolio/", "/portfolio/"),
    # Another page with the shared layout (menu, account, notices) and a small form: how
    # much of a page's cost is the layout every logged-in page pays.
    ("layout /parametres", "/parametres"),
]


# --------------------------------------------------------------------------- data


def _jpeg(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (1200, 900), (rng.randrange(256), rng.randrange(256), 120))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(1200), rng.randrange(900)
        draw.ellipse((x, y, x + 200, y + 150), fill=(rng.randrange(256), 80, rng.randrange(256)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def build_data(folder: Path) -> dict[str, str]:
    """Create the database and photos; return the environment the server needs."""
    from sqlalchemy import create_engine

    from portfolio import create_app
    from portfolio.extensions import db
    from portfolio.models import Base, Role, TraceContext, TraceStatus
    from portfolio.services import accounts, assessments, traces
    from portfolio.services.frameworks import framework

    env = {
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
        "E2C_INSTANCE_PATH": str(folder / "instance"),
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "SECRET_KEY": "bench-secret-key",
        "LOGIN_RATE_LIMIT": "1000 per minute",
    }
    engine = create_engine(env["DATABASE_URL"])
    Base.metadata.create_all(engine)
    engine.dispose()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"],
            "UPLOAD_FOLDER": env["UPLOAD_FOLDER"],
            "SECRET_KEY": env["SECRET_KEY"],
        }
    )
    rng = random.Random(2025)
    started = time.perf_counter()
    with app.app_context():
        site = accounts.create_site("bench", "E2C Banc d'essai")
        referent = accounts.create_user(
            login="bench.referent",
            password=PASSWORD,
            first_name="Claire",
            role=Role.REFERENT,
            site=site,
        )
        trainee = accounts.create_user(
            login=LOGIN, password=PASSWORD, first_name="Sami", role=Role.TRAINEE, site=site
        )
        accounts.assign_referent(trainee, referent)
        db.session.commit()
        ids = [c.id for c in framework().active_competencies]
        contexts = [c for c in TraceContext if c is not TraceContext.INTERNSHIP]
        made = []
        photo_every = TRACES // PHOTOS
        for n in range(TRACES):
            draft = n % 10 == 9
            trace = traces.create_trace(
                trainee,
                traces.TraceData(
                    title=f"Trace n° {n + 1} : atelier, projet ou stage",
                    status=TraceStatus.DRAFT if draft else TraceStatus.COMPLETE,
                    body="J'ai travaillé avec mon groupe. " * rng.randint(2, 12),
                    happened_on=date(2024, 1, 1) + timedelta(days=n * 2),
                    context=rng.choice(contexts),
                    competency_ids=rng.sample(ids, rng.randint(1, 3)),
                    links=[traces.LinkInput(f"https://exemple.fr/projet/{n}")]
                    if n % 4 == 0
                    else [],
                ),
            )
            if n % photo_every == 0:
                traces.add_photo(trainee, trace, _jpeg(n), f"Photo de la trace {n + 1}")
            made.append(trace.id)
            if n % 50 == 49:
                db.session.commit()
        for n in range(40):
            assessments.record_self_assessment(
                trainee, ids[n % len(ids)], 1 + n % 4, "Je progresse.", rng.sample(made, 2)
            )
        db.session.commit()
        photos = traces.storage_usage(trainee)
        print(
            f"data: {TRACES} traces, {PHOTOS} photos ({photos.used_bytes / 1e6:.1f} MB), "
            f"40 self-assessments, built in {time.perf_counter() - started:.1f} s"
        )
        db.engine.dispose()
    return env


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    process = subprocess.Popen(
        [
            gunicorn,
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "portfolio:create_app()",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/sante")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def log_in(port: int) -> str:
    """Log in through the form; return the Cookie header to send."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/connexion")
    response = conn.getresponse()
    page = response.read().decode()
    cookies = _cookies(response, {})
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if token is None:
        raise SystemExit("no CSRF token on the login page")
    body = urllib.parse.urlencode(
        {"login": LOGIN, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    conn.request(
        "POST",
        "/connexion",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _cookie_header(cookies),
        },
    )
    response = conn.getresponse()
    response.read()
    cookies = _cookies(response, cookies)
    if response.status != 302 or response.getheader("Location", "").endswith("/connexion"):
        raise SystemExit(f"login failed: {response.status}")
    conn.close()
    return _cookie_header(cookies)


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> dict[str, str]:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


# --------------------------------------------------------------------------- load


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0


def load(port: int, path: str, cookie: str, threads: int, seconds: float) -> Sample:
    """``threads`` clients request ``path`` back to back for ``seconds``."""
    sample = Sample()
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        errors = 0
        while time.perf_counter() < stop_at:
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="e2c-trainee-bench-"))
    server = None
    try:
        env = build_data(folder)
        port = free_port()
        server = start_server(env, port, args.workers)
        cookie = log_in(port)
        for _label, path in PAGES:  # warm-up: templates compiled, caches filled
            load(port, path, cookie, args.threads, 0.5)
        totals = {path: Sample() for _label, path in PAGES}
        for _round in range(args.rounds):
            for _label, path in PAGES:
                sample = load(port, path, cookie, args.threads, args.seconds)
                total = totals[path]
                total.latencies += sample.latencies
                total.errors += sample.errors
                total.seconds += sample.seconds
        print(
            f"gunicorn {args.workers} sync workers, {args.threads} client threads, "
            f"{args.rounds} rounds x {args.seconds:g} s per page, Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPU"
        )
        print(f"{'page':<24}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'vs /sante':>11}{'errors':>8}")
        base = len(totals["/sante"].latencies) / totals["/sante"].seconds
        for label, path in PAGES:
            total = totals[path]
            rate = len(total.latencies) / total.seconds
            p50 = statistics.median(total.latencies) * 1000
            p95 = percentile(total.latencies, 0.95) * 1000
            print(
                f"{label:<24}{rate:>9.0f}{p50:>9.1f}{p95:>9.1f}{rate / base:>10.0%}"
                f"{total.errors:>8}"
            )
        home = totals["/"]
        home_share = len(home.latencies) / home.seconds / base
        home_p95 = percentile(home.latencies, 0.95) * 1000
        print(
            f"targets: home >= 30 % of /sante ({home_share:.0%}: "
            f"{'met' if home_share >= 0.30 else 'NOT met'}), "
            f"home p95 < 50 ms ({home_p95:.1f} ms: {'met' if home_p95 < 50 else 'NOT met'})"
        )
    finally:
        if server is not None:
            server.terminate()  # the gunicorn master stops its workers gracefully
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
