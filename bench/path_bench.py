"""Benchmark: the personalised path of one trainee (200 upcoming sessions, 300 activities).

Usage: .venv/bin/python bench/path_bench.py [--sessions 200] [--activities 300] [--runs 300]

1. builds a temporary SQLite database through the app's own services: one site whose
   catalogue holds ``--activities`` activities (two or three targets each, E2C and CPS),
   ``--sessions`` upcoming sessions of them with a small group, and one trainee with traces,
   self and referent levels, open objectives and a professional project;
2. in-process, the path computed for that trainee (``ranking.path_for``, two queries) and
   ``/sante`` through the test client, taking turns ``--runs`` times each: p50 and p95;
3. serves the app with gunicorn and measures ``/sante`` (the baseline) and ``/mon-parcours``
   (the whole page: the path, the requests, the objective form) in turns: p50 and p95.

A script that prints figures, not a test: nothing here asserts a timing (target: p95 < 50 ms
for the path).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._load import (  # noqa: E402
    app_env,
    load,
    log_in,
    measure_in_turns,
    nearest_percentile,
    serve,
)

PASSWORD = "piano-rivage-28-bench"
SECRET = "path-bench-secret"
TARGET_P95_MS = 50.0
TRAINEE = "stagiaire.parcours"


def build(env: dict[str, str], n_sessions: int, n_activities: int) -> None:
    """Fill the database through the services."""
    os.environ.update(env)
    from portfolio import create_app
    from portfolio.activities.services import catalogue, sessions
    from portfolio.activities.services.rules import check_activity
    from portfolio.extensions import db
    from portfolio.models import (
        AssessmentSource,
        Base,
        Objective,
        ProfessionalProject,
        ProjectTrade,
        Role,
    )
    from portfolio.services import accounts, assessments
    from portfolio.services.frameworks import frameworks

    app = create_app()
    rng = random.Random(12)
    with app.app_context():
        Base.metadata.create_all(db.engine)
        loaded = frameworks()
        e2c = [c.id for c in loaded["e2c-apc"].active_competencies]
        cps = [c.id for c in loaded["cps-spf2022"].competencies]
        site = accounts.create_site("bench", "E2C Banc d'essai")
        referent = accounts.create_user(
            login="referent.bench", password=PASSWORD, first_name="Réf", last_name="Banc",
            role=Role.REFERENT, site=site,
        )  # fmt: skip
        trainee = accounts.create_user(
            login=TRAINEE, password=PASSWORD, first_name="Léa", last_name="Banc",
            role=Role.TRAINEE, site=site,
        )  # fmt: skip
        accounts.assign_referent(trainee, referent)
        group = [
            accounts.create_user(
                login=f"groupe.{n}",
                password=PASSWORD,
                first_name="G",
                last_name=str(n),
                role=Role.TRAINEE,
                site=site,
            )
            for n in range(6)
        ]
        activities = []
        for n in range(n_activities):
            targets = rng.sample(e2c, 2) + rng.sample(cps, rng.randint(0, 1))
            raw = {
                "code": f"ACT-{n}", "title": f"Activité {n}", "kind": "atelier",
                "duration": "120", "group_size": "12", "description": "", "targets": targets,
            }  # fmt: skip
            activities.append(catalogue.create_activity(None, site, check_activity(raw, loaded)))
        db.session.flush()
        today = date.today()
        for n in range(n_sessions):
            sessions.schedule_session(
                referent,
                activities[n % len(activities)],
                sessions.SessionInput(
                    day=today + timedelta(days=n % 60), start_time=clock(9),
                    end_time=clock(11), trainee_ids=[g.id for g in rng.sample(group, 3)],
                ),
            )  # fmt: skip
        version = loaded["e2c-apc"].version
        for competency in e2c[:12]:
            for source, author in ((AssessmentSource.SELF, trainee), (AssessmentSource.REFERENT, referent)):  # fmt: skip
                assessments.record_assessment(
                    source, trainee, author, competency, rng.randint(1, 4), version,
                    framework_id="e2c-apc",
                )  # fmt: skip
        for competency in e2c[12:15]:
            db.session.add(
                Objective(
                    trainee_id=trainee.id, author_id=referent.id, title=f"Objectif {competency}",
                    framework_id="e2c-apc", framework_version=version,
                    competency_id=competency, due_on=today + timedelta(days=30),
                )
            )  # fmt: skip
        db.session.add(
            ProfessionalProject(
                trainee_id=trainee.id,
                trades=[ProjectTrade(rome_code="G1602", grand_domaine="G", position=0)],
            )
        )
        db.session.commit()


def in_process(env: dict[str, str], runs: int) -> tuple[list[float], list[float], int, int]:
    """The path for the trainee and /sante, in turns: wall ms of each, and the path's size."""
    os.environ.update(env)
    from sqlalchemy import select

    from portfolio import create_app
    from portfolio.extensions import db
    from portfolio.models import User
    from portfolio.path.services.ranking import path_for
    from tests.builders import counting_queries

    app = create_app()
    logging.getLogger("portfolio.access").setLevel(logging.WARNING)  # one line per request
    path_ms: list[float] = []
    health_ms: list[float] = []
    with app.app_context():
        trainee = db.session.scalar(select(User).where(User.login == TRAINEE))
        assert trainee is not None
        client = app.test_client()
        for _ in range(10):
            path_for(trainee)
            client.get("/sante")
        with counting_queries() as statements:
            proposals = path_for(trainee)
        for _ in range(runs):
            start = time.perf_counter()
            path_for(trainee)
            path_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            client.get("/sante")
            health_ms.append((time.perf_counter() - start) * 1000)
    return path_ms, health_ms, len(proposals), len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--activities", type=int, default=300)
    parser.add_argument("--runs", type=int, default=300, help="in-process runs (≥ 200)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--requests", type=int, default=30, help="per thread, page and round")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    load_before = os.getloadavg()
    folder = Path(tempfile.mkdtemp(prefix="path-bench-"))
    try:
        env = app_env(f"sqlite:///{folder / 'bench.sqlite'}", folder, SECRET)
        started = time.perf_counter()
        build(env, args.sessions, args.activities)
        print(f"data: {args.sessions} upcoming sessions, {args.activities} activities; built in "
              f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
        path_ms, health_ms, size, queries = in_process(env, args.runs)
        pages = ["/sante", "/mon-parcours"]
        with serve(env, args.workers) as port:
            cookie = log_in(port, TRAINEE, PASSWORD)
            for page in pages:
                load(port, page, cookie, 1, requests=5)
            totals = measure_in_turns(
                port, cookie, pages,
                threads=args.threads, rounds=args.rounds, requests=args.requests,
            )  # fmt: skip
        failed = {page: s.errors for page, s in totals.items() if s.errors}
        if failed:
            raise SystemExit(f"failed requests: {failed}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    header = f"{'measure':<34}{'runs':>7}{'p50 ms':>9}{'p95 ms':>9}"
    print(f"\nin-process, {args.runs} runs each, in turns; SQLite")
    print(header)
    print("-" * len(header))
    for name, values in (("/sante (baseline, test client)", health_ms), ("path_for (one trainee)", path_ms)):  # fmt: skip
        print(f"{name:<34}{len(values):>7}{statistics.median(values):>9.1f}"
              f"{nearest_percentile(values, 0.95):>9.1f}")  # fmt: skip
    print(f"path: {size} proposals, {queries} SQL queries")
    print(f"\ngunicorn {args.workers} sync workers, {args.threads} client threads, "
          f"{args.rounds} rounds × {args.requests} requests per thread and page")  # fmt: skip
    print(header)
    print("-" * len(header))
    for page in pages:
        values = [t * 1000 for t in totals[page].latencies]
        print(f"{page:<34}{len(values):>7}{statistics.median(values):>9.1f}"
              f"{nearest_percentile(values, 0.95):>9.1f}")  # fmt: skip
    p95 = nearest_percentile(path_ms, 0.95)
    verdict = "met" if p95 < TARGET_P95_MS else "MISSED"
    print(f"target p95 < {TARGET_P95_MS:.0f} ms for the path: {verdict} ({p95:.1f} ms)")
    print(f"load average: {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after, "
          f"on {os.cpu_count()} CPUs")  # fmt: skip


if __name__ == "__main__":
    main()
