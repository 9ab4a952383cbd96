"""Benchmark: a referent's caseload (40 trainees × 300 traces) and one trainee's gap page.

Usage: .venv/bin/python bench/referent_bench.py [--trainees 40] [--traces 300] [--rounds 6]

1. builds a temporary SQLite database with bulk inserts: one site, one referent, N trainees
   each with T traces (one or two competencies each), self and referent levels on most
   competencies, tutor and game levels, pending game evidence, notes and bilans;
2. counts the SQL queries of each page in-process (they must not grow with the traces);
3. serves the app with gunicorn (2 sync workers), logs in as the referent through the real
   form, and measures, in the same run, the trivial page /sante, the caseload and the gap
   page: requests/s and p50/p95 latency, with 2 client threads on keep-alive connections,
   the three pages taking turns over several rounds so machine noise hits all alike.

A script that prints figures, not a test: nothing here asserts a timing (target: p95 < 60 ms).
"""

from __future__ import annotations

import argparse
import http.client
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
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, insert, text  # noqa: E402

LOGIN = "referente.bench"
PASSWORD = "piano-rivage-28-bench"
SECRET = "referent-bench-secret"
TARGET_P95_MS = 60.0


# --------------------------------------------------------------------------- data


def build(url: str, trainees: int, traces: int) -> int:
    """Fill the database; return the id of the trainee whose gap page is measured."""
    from portfolio.models import (
        Assessment,
        Base,
        ExplicitationNote,
        GameStatement,
        ReferentAssignment,
        Review,
        Site,
        Trace,
        TraceCompetency,
        User,
    )
    from portfolio.services.passwords import hash_password
    from referentiel import load_frameworks

    fw = load_frameworks(ROOT / "referentiel")["e2c-apc"]
    competencies = [c.id for c in fw.active_competencies]
    rng = random.Random(4)
    now = datetime.now(UTC)
    started = time.perf_counter()
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    hashed = hash_password(PASSWORD)
    with engine.begin() as conn:
        conn.execute(insert(Site), [{"id": 1, "slug": "bench", "name": "E2C Banc d'essai"}])
        people = [
            {
                "id": 1,
                "public_id": "00000000-0000-4000-8000-000000000001",
                "login": LOGIN,
                "first_name": "Claire",
                "last_name": "Morel",
                "role": "referent",
                "site_id": 1,
                "password_hash": hashed,
                "session_token": "bench-referent",
                "created_at": now - timedelta(days=200),
            }
        ]
        for n in range(trainees):
            people.append(
                {
                    "id": 2 + n,
                    "public_id": f"00000000-0000-4000-8000-{2 + n:012d}",
                    "login": f"stagiaire{n:03d}",
                    "first_name": f"Prénom{n}",
                    "last_name": f"Nom{n:03d}",
                    "role": "trainee",
                    "site_id": 1,
                    "password_hash": hashed,
                    "session_token": f"bench-{n}",
                    "created_at": now - timedelta(days=120),
                }
            )
        conn.execute(insert(User), people)
        ids = [2 + n for n in range(trainees)]
        conn.execute(
            insert(ReferentAssignment),
            [
                {"trainee_id": t, "referent_id": 1, "started_at": now - timedelta(days=120)}
                for t in ids
            ],
        )
        trace_rows, tag_rows, levels, statements, notes, reviews = [], [], [], [], [], []
        trace_id = 0
        for t in ids:
            for k in range(traces):
                trace_id += 1
                at = now - timedelta(hours=k * 9 + rng.randrange(5))
                trace_rows.append(
                    {
                        "id": trace_id,
                        "trainee_id": t,
                        "title": f"Trace {k} du stagiaire {t}",
                        "body": "J'ai préparé le repas avec mon équipe. " * 4,
                        "happened_on": at.date(),
                        "context": rng.choice(["project", "workshop", "internship", "citizen"]),
                        "status": "complete",
                        "origin": "trainee",
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                for c in rng.sample(competencies, rng.choice((1, 1, 2))):
                    tag_rows.append(
                        {
                            "trace_id": trace_id,
                            "framework_id": fw.id,
                            "framework_version": fw.version,
                            "competency_id": c,
                            "indicator_ids": "",
                        }
                    )
            for c in rng.sample(competencies, 28):
                for source, count in (("self", 3), ("referent", 2)):
                    for j in range(count):
                        levels.append(
                            {
                                "trainee_id": t,
                                "source": source,
                                "author_id": t if source == "self" else 1,
                                "author_label": "",
                                "framework_id": fw.id,
                                "framework_version": fw.version,
                                "competency_id": c,
                                "level": rng.randint(1, 4),
                                "comment": "",
                                "created_at": now - timedelta(days=90 - 25 * j, hours=rng.random()),
                            }
                        )
            for c in rng.sample(competencies, 6):
                for source in ("game", "tutor"):
                    levels.append(
                        {
                            "trainee_id": t,
                            "source": source,
                            "author_id": None,
                            "author_label": "Tuteur" if source == "tutor" else "",
                            "framework_id": fw.id,
                            "framework_version": fw.version,
                            "competency_id": c,
                            "level": rng.randint(1, 4),
                            "comment": "",
                            "created_at": now - timedelta(days=10),
                        }
                    )
            first_trace = trace_id - traces + 1
            for k in range(3):
                statements.append(
                    {
                        "statement_id": f"00000000-0000-4000-9000-{t * 10 + k:012d}",
                        "user_id": t,
                        "trace_id": first_trace + k,
                        "canonical": "{}",
                        "sha256": "0" * 64,
                        "object_id": "urn:e2c-jeu:task:D1507:mise-en-rayon",
                        "task_name": "Mise en rayon",
                        "verb": "completed",
                        "score": 0.7,
                        "happened_at": now - timedelta(days=1),
                        "status": "pending",
                        "reason": "",
                        "stored_at": now - timedelta(days=1),
                    }
                )
            for k in range(5):
                notes.append(
                    {
                        "trainee_id": t,
                        "author_id": 1,
                        "situation_kind": "workshop",
                        "observed_on": (now - timedelta(days=7 * k)).date(),
                        "observed": "Il a réparti les tâches.",
                        "visibility": "shared",
                        "version": 1,
                        "created_at": now - timedelta(days=7 * k),
                        "updated_at": now - timedelta(days=7 * k),
                    }
                )
            for k in range(2):
                reviews.append(
                    {
                        "trainee_id": t,
                        "author_id": 1,
                        "held_on": date.today() - timedelta(days=20 + 30 * k + t % 17),
                        "participants": "Stagiaire\nRéférente",
                        "created_at": now - timedelta(days=20 + 30 * k),
                    }
                )
        conn.execute(insert(Trace), trace_rows)
        conn.execute(insert(TraceCompetency), tag_rows)
        conn.execute(insert(Assessment), levels)
        conn.execute(insert(GameStatement), statements)
        conn.execute(insert(ExplicitationNote), notes)
        conn.execute(insert(Review), reviews)
        conn.execute(text("ANALYZE"))
    engine.dispose()
    print(
        f"data: {trainees} trainees, {len(trace_rows)} traces, {len(tag_rows)} competency tags, "
        f"{len(levels)} levels, {len(statements)} pending game statements; built in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return ids[0]


# --------------------------------------------------------------------------- queries


def in_process(env: dict[str, str], paths: list[str]) -> dict[str, tuple[int, float]]:
    """Per page, in-process with the Flask test client: SQL statements and median CPU ms.

    CPU time (time.process_time) is what a request costs this process, whatever else the
    machine is doing: a steadier figure than wall-clock latency on a shared, busy machine.
    """
    os.environ.update(env)
    from portfolio import create_app
    from portfolio.extensions import db

    app = create_app({"WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "1000 per minute"})
    found: dict[str, tuple[int, float]] = {}
    with app.app_context():
        client = app.test_client()
        client.post("/connexion", data={"login": LOGIN, "password": PASSWORD})
        for path in paths:
            for _ in range(3):  # warm
                client.get(path)
            seen: list[str] = []

            def count(_c: Any, _cur: Any, statement: str, *_a: Any, seen: list[str] = seen) -> None:
                seen.append(statement)

            event.listen(db.engine, "before_cursor_execute", count)
            response = client.get(path)
            event.remove(db.engine, "before_cursor_execute", count)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            cpu = []
            for _ in range(20):
                start = time.process_time()
                client.get(path)
                cpu.append((time.process_time() - start) * 1000)
            found[path] = (len(seen), statistics.median(cpu))
        db.engine.dispose()
    return found


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


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def log_in(port: int) -> str:
    """Log in through the form (CSRF token, session cookie); return the Cookie header."""
    jar: dict[str, str] = {}

    def keep(response: http.client.HTTPResponse) -> None:
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                jar[name.strip()] = rest.split(";", 1)[0]

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/connexion")
    response = conn.getresponse()
    page = response.read().decode()
    keep(response)
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
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
        },
    )
    response = conn.getresponse()
    response.read()
    keep(response)
    if response.status != 302 or response.getheader("Location", "").endswith("/connexion"):
        raise SystemExit("login failed")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def hammer(port: int, cookie: str, path: str, count: int, out: list[float]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie}
    for _ in range(count):
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200 or not body:
            raise SystemExit(f"{path} answered {response.status}")
        out.append(elapsed)
    conn.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=40)
    parser.add_argument("--traces", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--requests", type=int, default=40, help="per thread, per page, per round")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    load_before = os.getloadavg()
    folder = Path(tempfile.mkdtemp(prefix="referent-bench-"))
    try:
        url = f"sqlite:///{folder / 'bench.sqlite'}"
        trainee_id = build(url, args.trainees, args.traces)
        env = {
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET,
            "E2C_INSTANCE_PATH": str(folder / "instance"),
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "LOGIN_RATE_LIMIT": "1000 per minute",
        }
        pages = {
            "/sante (baseline)": "/sante",
            "caseload": "/referent/stagiaires",
            "gap page": f"/referent/stagiaires/{trainee_id}/ecart",
        }
        measured = in_process(env, list(pages.values()))
        small_url = f"sqlite:///{folder / 'small.sqlite'}"
        small_trainee = build(small_url, max(2, args.trainees // 4), 5)
        small = in_process(
            {**env, "DATABASE_URL": small_url},
            ["/referent/stagiaires", f"/referent/stagiaires/{small_trainee}/ecart"],
        )
        port = free_port()
        server = start_server(env, port, args.workers)
        try:
            cookie = log_in(port)
            timings: dict[str, list[float]] = {name: [] for name in pages}
            spent: dict[str, float] = dict.fromkeys(pages, 0.0)
            for path in pages.values():  # warm-up: imports, caches, SQLite page cache
                hammer(port, cookie, path, 5, [])
            for _ in range(args.rounds):
                for name, path in pages.items():
                    results: list[list[float]] = [[] for _ in range(args.threads)]
                    threads = [
                        threading.Thread(
                            target=hammer, args=(port, cookie, path, args.requests, results[i])
                        )
                        for i in range(args.threads)
                    ]
                    start = time.perf_counter()
                    for thread in threads:
                        thread.start()
                    for thread in threads:
                        thread.join()
                    spent[name] += time.perf_counter() - start
                    for part in results:
                        timings[name].extend(part)
        finally:
            stop_server(server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(
        f"\ngunicorn {args.workers} sync workers, {args.threads} client threads, "
        f"{args.rounds} rounds × {args.requests} requests per thread and page, SQLite, "
        f"Python {sys.version.split()[0]}"
    )
    header = (
        f"{'page':<20}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}"
        f"{'CPU ms':>9}"
    )
    print(header)
    print("-" * len(header))
    base = len(timings["/sante (baseline)"]) / spent["/sante (baseline)"]
    for name, path in pages.items():
        values = timings[name]
        rate = len(values) / spent[name]
        print(
            f"{name:<20}{len(values):>9}{rate:>9.0f}{statistics.median(values):>9.1f}"
            f"{percentile(values, 0.95):>9.1f}{measured[path][0]:>9}{measured[path][1]:>9.1f}"
        )
        if name != "/sante (baseline)":
            print(f"{'':<20}{'':>9}{rate / base:>8.0%} of the baseline's throughput")
    for name in ("caseload", "gap page"):
        p95 = percentile(timings[name], 0.95)
        verdict = "met" if p95 < TARGET_P95_MS else "MISSED"
        print(f"target p95 < {TARGET_P95_MS:.0f} ms for the {name}: {verdict} ({p95:.1f} ms)")
    small_counts = [count for count, _cpu in small.values()]
    print(
        f"SQL queries with a small caseload ({max(2, args.trainees // 4)} trainees × 5 traces): "
        f"caseload {small_counts[0]}, gap page {small_counts[1]} (the same as above: they do "
        "not grow with the data)"
    )
    print(
        f"load average of the machine: {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} "
        f"after, on {os.cpu_count()} CPUs (other work running at the same time inflates "
        "wall-clock latencies; the CPU column is measured in-process)"
    )


if __name__ == "__main__":
    main()
