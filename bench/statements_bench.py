"""Benchmark: the portfolio's ingestion of game statements (POST /api/v1/statements).

Usage: .venv/bin/python bench/statements_bench.py [--runs 7] [--no-http] [--workers 2]

In one run, on a fresh SQLite database (or DATABASE_URL, e.g. PostgreSQL):

* 1,000 statements in ONE batch (the contract caps a batch at 500: the cap is lifted here
  to measure the issue's figure; 2 batches of 500 are measured too), and in 20 batches of 50;
* beside two trivial calls: GET /sante and GET /api/v1/openapi.json;
* through the WSGI app in-process (Flask test client), then over HTTP with gunicorn
  (2 workers, keep-alive requests session) unless --no-http;
* plus the service alone (validation, then storing + commit) to see where the time goes.

Every run sends fresh statement ids (nothing is a duplicate). Figures: median and p95 of the
wall time of the whole ingestion (all its requests), and statements stored per second.
Target from issue 6: 1,000 statements stored in under 1 s. A script that prints figures,
not a test: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._load import nearest_percentile, serve  # noqa: E402

BIG_BATCH = 1000
SECRET_KEY = "statements-bench"


def lift_batch_cap() -> None:
    """Let one batch hold 1,000 statements (the contract says 500) for the measurement."""
    from portfolio.game_link.services import game_evidence

    game_evidence.MAX_BATCH = BIG_BATCH


def gunicorn_app() -> Any:
    """Entry point for gunicorn: the app on the bench database, with the cap lifted."""
    from portfolio import create_app

    lift_batch_cap()
    return create_app({"SQLALCHEMY_DATABASE_URI": os.environ["BENCH_DATABASE_URL"]})


def setup(url: str) -> tuple[Any, str, dict[str, Any]]:
    """Create the tables, a trainee and a game token; return (app, token, actor)."""
    from sqlalchemy import create_engine

    from portfolio import create_app
    from portfolio.extensions import db
    from portfolio.models import Base, Role
    from portfolio.services import accounts
    from portfolio.services.frameworks import store_versions
    from portfolio.services.tokens import issue_token

    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    lift_batch_cap()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        store_versions()
        site = accounts.create_site(f"bench-{uuid.uuid4().hex[:8]}", "E2C Bench")
        trainee = accounts.create_user(
            login=f"bench{uuid.uuid4().hex[:8]}",
            password="prairie-volcan-93",
            first_name="Banc",
            last_name="Essai",
            role=Role.TRAINEE,
            site=site,
        )
        issued = issue_token(trainee, "Jeu · bench", {"game:evidence"}, timedelta(days=1))
        actor = {
            "objectType": "Agent",
            "account": {"homePage": "http://127.0.0.1", "name": trainee.public_id},
        }
        db.session.commit()
    return app, issued.secret, actor


def make_statements(actor: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """``count`` fresh statements shaped like the game's (two competencies, a response)."""
    stamp = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    registration = str(uuid.uuid4())
    out = []
    for n in range(count):
        out.append(
            {
                "id": str(uuid.uuid4()),
                "actor": actor,
                "verb": {
                    "id": "http://adlnet.gov/expapi/verbs/completed",
                    "display": {"fr-FR": "a terminé"},
                },
                "object": {
                    "objectType": "Activity",
                    "id": "urn:e2c-jeu:task:D1507:controler-dates",
                    "definition": {"name": {"fr-FR": "Contrôler les dates au rayon frais"}},
                },
                "result": {
                    "score": {"scaled": 0.8571, "raw": 6, "min": 0, "max": 7},
                    "success": True,
                    "completion": True,
                    "duration": "PT1M42S",
                    "response": "Yaourts du 10 mars -> Retirer du rayon (juste) ; "
                    "Jambon du 14 mars -> Mettre devant (juste)",
                },
                "context": {
                    "registration": registration,
                    "language": "fr-FR",
                    "extensions": {
                        "urn:e2c-jeu:ext:attempt": 1 + n % 3,
                        "urn:e2c-jeu:ext:hints": n % 2,
                        "urn:e2c-jeu:ext:competencies": [
                            {
                                "framework": "e2c-apc",
                                "id": "E2C-1A",
                                "level": 2,
                                "indicators": ["E2C-1A-06"],
                            },
                            {
                                "framework": "e2c-apc",
                                "id": "E2C-7A",
                                "level": 2,
                                "indicators": ["E2C-7A-01"],
                            },
                        ],
                        "urn:e2c-jeu:ext:self-level": 1,
                        "urn:e2c-jeu:ext:content-version": "2026.11",
                        "urn:e2c-jeu:ext:content-hash": "b" * 64,
                        "urn:e2c-jeu:ext:game-version": "0.1.0",
                    },
                },
                "timestamp": stamp,
            }
        )
    return out


def batches(actor: dict[str, Any], total: int, size: int) -> list[bytes]:
    statements = make_statements(actor, total)
    return [
        json.dumps(statements[i : i + size], ensure_ascii=False).encode()
        for i in range(0, total, size)
    ]


def report(label: str, values: list[float], stored: int | None = None) -> None:
    median = statistics.median(values)
    line = f"  {label:<34} median {median * 1000:8.1f} ms   p95 {nearest_percentile(values, 0.95) * 1000:8.1f} ms"
    if stored:
        line += f"   {stored / median:8.0f} statements/s"
    print(line, flush=True)


# Each scenario is (label, number of statements, batch size); 0 statements = a trivial GET.
SCENARIOS = [
    ("GET /sante (baseline)", 0, 0),
    ("GET /api/v1/openapi.json", -1, 0),
    ("1,000 in 1 batch", BIG_BATCH, BIG_BATCH),
    ("1,000 in 2 batches of 500", BIG_BATCH, 500),
    ("1,000 in 20 batches of 50", BIG_BATCH, 50),
]


def measure(
    runs: int,
    actor: dict[str, Any],
    get: Callable[[str], int],
    post: Callable[[bytes], tuple[int, int]],
) -> None:
    """Interleave the scenarios ``runs`` times (so machine noise hits all alike)."""
    times: dict[str, list[float]] = {label: [] for label, _, _ in SCENARIOS}
    for round_ in range(runs + 1):  # the first round warms up and is not counted
        for label, total, size in SCENARIOS:
            if total <= 0:
                path = "/sante" if total == 0 else "/api/v1/openapi.json"
                start = time.perf_counter()
                status = get(path)
                elapsed = time.perf_counter() - start
                assert status == 200, (path, status)
            else:
                bodies = batches(actor, total, size)
                start = time.perf_counter()
                stored = 0
                for body in bodies:
                    status, count = post(body)
                    assert status == 200, (label, status)
                    stored += count
                elapsed = time.perf_counter() - start
                assert stored == total, (label, stored)
            if round_ > 0:
                times[label].append(elapsed)
    for label, total, _ in SCENARIOS:
        report(label, times[label], total if total > 0 else None)


def in_process(app: Any, token: str, actor: dict[str, Any], runs: int) -> None:
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def get(path: str) -> int:
        return int(client.get(path).status_code)

    def post(body: bytes) -> tuple[int, int]:
        answer = client.post("/api/v1/statements", data=body, headers=headers)
        return answer.status_code, len((answer.get_json() or {}).get("stored", []))

    print(f"In-process WSGI (Flask test client), {runs} runs:", flush=True)
    measure(runs, actor, get, post)


def service_only(app: Any, actor: dict[str, Any], runs: int) -> None:
    from sqlalchemy import select

    from portfolio.extensions import db
    from portfolio.game_link.services import game_evidence
    from portfolio.models import User

    validate: list[float] = []
    store: list[float] = []
    with app.app_context():
        user = db.session.scalar(select(User).where(User.public_id == actor["account"]["name"]))
        for _ in range(runs):
            statements = make_statements(actor, BIG_BATCH)
            start = time.perf_counter()
            valid = game_evidence.validate_batch(user, statements)
            middle = time.perf_counter()
            game_evidence._store(user, valid)
            db.session.commit()
            end = time.perf_counter()
            validate.append(middle - start)
            store.append(end - middle)
    print(f"Service alone, 1,000 statements, {runs} runs:", flush=True)
    report("validate (no database)", validate, BIG_BATCH)
    report("store: 3 bulk INSERTs + commit", store, BIG_BATCH)


def over_http(url: str, token: str, actor: dict[str, Any], runs: int, workers: int) -> None:
    import requests

    if not Path(sys.executable).with_name("gunicorn").exists():
        print("gunicorn not installed: HTTP figures skipped.")
        return
    env = {
        "BENCH_DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "bench")]),
    }
    with serve(env, workers, app="statements_bench:gunicorn_app()") as port:
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        with requests.Session() as session:

            def get(path: str) -> int:
                return int(session.get(base + path, timeout=30).status_code)

            def post(body: bytes) -> tuple[int, int]:
                answer = session.post(
                    base + "/api/v1/statements", data=body, headers=headers, timeout=60
                )
                return answer.status_code, len(answer.json().get("stored", []))

            print(f"Over HTTP (gunicorn, {workers} workers, keep-alive), {runs} runs:", flush=True)
            measure(runs, actor, get, post)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        app, token, actor = setup(url)
        backend = url.split(":", 1)[0]
        print(f"Database: {backend}; Python {sys.version.split()[0]}; {os.cpu_count()} CPU(s)")
        in_process(app, token, actor, args.runs)
        service_only(app, actor, args.runs)
        if not args.no_http:
            over_http(url, token, actor, args.runs, args.workers)
        from portfolio.extensions import db

        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
