"""Benchmark: the interview practice pages (a question screen, the practice home) beside /sante.

Usage: .venv/bin/python bench/interview_bench.py [--past 30] [--rounds 6] [--requests 40]

1. builds a temporary SQLite database through the app's own services: one trainee with
   ``--past`` finished sessions (five answers, rated, kept as traces) and one open session
   answered halfway;
2. counts the SQL queries of each page in-process, for this trainee and for one with a
   single past session (they must not grow with the sessions), with the median CPU ms;
3. serves the app with gunicorn (2 sync workers), logs in through the real form and measures,
   in the same run, /sante (the baseline), the question screen and the practice home: p50 and
   p95 latency, the pages taking turns over several rounds (``bench/_load.py``).

A script that prints figures, not a test: nothing here asserts a timing (target: p95 < 50 ms
for the question screen).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bench._load import (  # noqa: E402
    app_env,
    load,
    log_in,
    measure_in_turns,
    nearest_percentile,
    serve,
)

PASSWORD = "piano-rivage-28-bench"
SECRET = "interview-bench-secret"
TARGET_P95_MS = 50.0


def build(env: dict[str, str], past: int) -> dict[str, str]:
    """Fill the database through the services; return {login: path of its open question}."""
    os.environ.update(env)
    from portfolio import create_app
    from portfolio.extensions import db
    from portfolio.interview.services import sessions
    from portfolio.models import Base, Role
    from portfolio.services import accounts
    from portfolio.services.rome import TradeChoice

    app = create_app()
    paths: dict[str, str] = {}
    with app.app_context():
        Base.metadata.create_all(db.engine)
        site = accounts.create_site("bench", "E2C Banc d'essai")
        rng = random.Random(14)
        for login, count in (("stagiaire.bench", past), ("stagiaire.petit", 1)):
            trainee = accounts.create_user(
                login=login, password=PASSWORD, first_name="Banc", last_name="Essai",
                role=Role.TRAINEE, site=site,
            )  # fmt: skip
            for n in range(count + 1):
                session = sessions.start_session(trainee, TradeChoice("G1602"), rng)
                for answer in session.answers[: 2 if n == count else 5]:
                    sessions.save_answer(
                        trainee, session, answer.position, answer.question_id,
                        "Je me présente. J'ai fait un stage en cuisine, j'ai aimé le rythme.",
                    )  # fmt: skip
                    if n < count:
                        ratings = sessions.Ratings("1", str(rng.randint(0, 1)), "1", "2")
                        sessions.rate_answer(trainee, session, answer.position, ratings)
                if n < count:
                    sessions.finish_session(trainee, session, "1")
                else:
                    paths[login] = f"/entretien/{session.id}/question/3"
            db.session.commit()
    return paths


def in_process(env: dict[str, str], login: str, paths: list[str]) -> dict[str, tuple[int, float]]:
    """Per page, in-process: SQL statements and median CPU ms (steadier than wall clock)."""
    os.environ.update(env)
    from portfolio import create_app
    from portfolio.extensions import db

    app = create_app({"WTF_CSRF_ENABLED": False})
    found: dict[str, tuple[int, float]] = {}
    with app.app_context():
        client = app.test_client()
        client.post("/connexion", data={"login": login, "password": PASSWORD})
        for path in paths:
            for _ in range(3):
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
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--past", type=int, default=30, help="finished sessions of the trainee")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--requests", type=int, default=40, help="per thread, page and round")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    load_before = os.getloadavg()
    folder = Path(tempfile.mkdtemp(prefix="interview-bench-"))
    try:
        env = app_env(f"sqlite:///{folder / 'bench.sqlite'}", folder, SECRET)
        started = time.perf_counter()
        questions = build(env, args.past)
        print(f"data: {args.past} finished sessions + 1 open; built in "
              f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
        pages = {
            "/sante (baseline)": "/sante",
            "question screen": questions["stagiaire.bench"],
            "practice home": "/entretien",
        }
        measured = in_process(env, "stagiaire.bench", list(pages.values()))
        small = in_process(env, "stagiaire.petit", [questions["stagiaire.petit"], "/entretien"])
        with serve(env, args.workers) as port:
            cookie = log_in(port, "stagiaire.bench", PASSWORD)
            for path in pages.values():
                load(port, path, cookie, 1, requests=5)
            totals = measure_in_turns(
                port, cookie, list(pages.values()),
                threads=args.threads, rounds=args.rounds, requests=args.requests,
            )  # fmt: skip
        failed = {path: s.errors for path, s in totals.items() if s.errors}
        if failed:
            raise SystemExit(f"failed requests: {failed}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(f"\ngunicorn {args.workers} sync workers, {args.threads} client threads, "
          f"{args.rounds} rounds × {args.requests} requests per thread and page, SQLite")  # fmt: skip
    header = f"{'page':<20}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'CPU ms':>9}"
    print(header)
    print("-" * len(header))
    base_p50 = statistics.median([t * 1000 for t in totals["/sante"].latencies])
    for name, path in pages.items():
        values = [t * 1000 for t in totals[path].latencies]
        p50 = statistics.median(values)
        print(
            f"{name:<20}{len(values):>9}{p50:>9.1f}{nearest_percentile(values, 0.95):>9.1f}"
            f"{measured[path][0]:>9}{measured[path][1]:>9.1f}"
        )
        if path != "/sante":
            print(f"{'':<20}{'':>9}{p50 / base_p50:>8.1f}× the baseline's p50")
    p95 = nearest_percentile([t * 1000 for t in totals[pages["question screen"]].latencies], 0.95)
    verdict = "met" if p95 < TARGET_P95_MS else "MISSED"
    print(f"target p95 < {TARGET_P95_MS:.0f} ms for the question screen: {verdict} ({p95:.1f} ms)")
    counts = [c for c, _ in small.values()]
    print(f"SQL queries with 1 past session: question screen {counts[0]}, home {counts[1]} "
          f"(with {args.past}: {measured[pages['question screen']][0]}, "
          f"{measured['/entretien'][0]})")  # fmt: skip
    print(f"load average: {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after, "
          f"on {os.cpu_count()} CPUs")  # fmt: skip


if __name__ == "__main__":
    main()
