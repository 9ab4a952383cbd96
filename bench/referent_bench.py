"""Benchmark: a referent's caseload (40 trainees × 300 traces) and one trainee's gap page.

Usage: .venv/bin/python bench/referent_bench.py [--trainees 40] [--traces 300] [--rounds 6]

1. builds a temporary SQLite database with bulk inserts: one site, one referent, N trainees
   each with T traces (one or two competencies each), self and referent levels on most
   competencies, tutor and game levels, pending game evidence, notes and bilans;
2. counts the SQL queries of each page in-process (they must not grow with the traces);
3. serves the app with gunicorn (2 sync workers), logs in as the referent through the real
   form, and measures, in the same run, the trivial page /sante, the caseload and the gap
   page: requests/s and p50/p95 latency, with 2 client threads, each on its own
   ``http.client`` connection, sending a fixed number of requests per page and round, the
   three pages taking turns over several rounds so machine noise hits all alike.

A script that prints figures, not a test: nothing here asserts a timing (target: p95 < 60 ms).
A failed request (not a 200 answer with a body) stops the run. The server, login and load
machinery is shared with the other HTTP benchmarks: ``bench/_load.py``.
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
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, insert, text  # noqa: E402

from bench._load import (  # noqa: E402
    Sample,
    app_env,
    load,
    log_in,
    measure_in_turns,
    nearest_percentile,
    serve,
)

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
    from portfolio.models.traces import fill_streams
    from portfolio.services.passwords import hash_password
    from referentiel import load_frameworks

    fw = load_frameworks(ROOT / "referentiel")["e2c-apc"]
    rng = random.Random(4)
    now = datetime.now(UTC)
    started = time.perf_counter()
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    hashed = hash_password(PASSWORD)
    with engine.begin() as conn:
        conn.execute(insert(Site), [{"id": 1, "slug": "bench", "name": "E2C Banc d'essai"}])
        conn.execute(insert(User), _people(trainees, hashed, now))
        ids = [2 + n for n in range(trainees)]
        conn.execute(
            insert(ReferentAssignment),
            [
                {"trainee_id": t, "referent_id": 1, "started_at": now - timedelta(days=120)}
                for t in ids
            ],
        )
        rows: dict[str, list[dict[str, Any]]] = {
            "traces": [],
            "tags": [],
            "levels": [],
            "statements": [],
            "notes": [],
            "reviews": [],
        }
        for t in ids:
            first_trace = len(rows["traces"]) + 1
            _add_traces(rows, t, first_trace, traces, fw, rng, now)
            _add_levels(rows, t, fw, rng, now)
            _add_follow_up(rows, t, first_trace, now)
        conn.execute(insert(Trace), rows["traces"])
        conn.execute(insert(TraceCompetency), rows["tags"])
        conn.execute(insert(Assessment), rows["levels"])
        fill_streams(conn)  # the levels' streams, as the app's writers keep them
        conn.execute(insert(GameStatement), rows["statements"])
        conn.execute(insert(ExplicitationNote), rows["notes"])
        conn.execute(insert(Review), rows["reviews"])
        conn.execute(text("ANALYZE"))
    engine.dispose()
    print(
        f"data: {trainees} trainees, {len(rows['traces'])} traces, "
        f"{len(rows['tags'])} competency tags, {len(rows['levels'])} levels, "
        f"{len(rows['statements'])} pending game statements; built in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return ids[0]


def _people(trainees: int, hashed: str, now: datetime) -> list[dict[str, Any]]:
    """The referent (id 1) and the trainees (ids 2, 3...)."""
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
    return people


def _add_traces(
    rows: dict[str, list[dict[str, Any]]],
    t: int,
    first_id: int,
    traces: int,
    fw: Any,
    rng: random.Random,
    now: datetime,
) -> None:
    """``traces`` complete traces of trainee ``t``, one or two competencies each."""
    competencies = [c.id for c in fw.active_competencies]
    for k in range(traces):
        at = now - timedelta(hours=k * 9 + rng.randrange(5))
        rows["traces"].append(
            {
                "id": first_id + k,
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
            rows["tags"].append(
                {
                    "trace_id": first_id + k,
                    "framework_id": fw.id,
                    "framework_version": fw.version,
                    "competency_id": c,
                    "indicator_ids": [],
                }
            )


def _add_levels(
    rows: dict[str, list[dict[str, Any]]], t: int, fw: Any, rng: random.Random, now: datetime
) -> None:
    """Self and referent levels on 28 competencies; game and tutor levels on 6."""
    competencies = [c.id for c in fw.active_competencies]

    def level(source: str, c: str, author_id: int | None, at: datetime) -> dict[str, Any]:
        return {
            "trainee_id": t,
            "source": source,
            "author_id": author_id,
            "author_label": "Tuteur" if source == "tutor" else "",
            "framework_id": fw.id,
            "framework_version": fw.version,
            "competency_id": c,
            "level": rng.randint(1, 4),
            "comment": "",
            "created_at": at,
        }

    for c in rng.sample(competencies, 28):
        for source, count in (("self", 3), ("referent", 2)):
            for j in range(count):
                author = t if source == "self" else 1
                # The level is drawn before the time, as the data always was.
                row = level(source, c, author, now)
                row["created_at"] = now - timedelta(days=90 - 25 * j, hours=rng.random())
                rows["levels"].append(row)
    for c in rng.sample(competencies, 6):
        for source in ("game", "tutor"):
            rows["levels"].append(level(source, c, None, now - timedelta(days=10)))


def _add_follow_up(
    rows: dict[str, list[dict[str, Any]]], t: int, first_trace: int, now: datetime
) -> None:
    """Three pending game statements, five shared notes and two bilans of trainee ``t``."""
    for k in range(3):
        rows["statements"].append(
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
        rows["notes"].append(
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
        rows["reviews"].append(
            {
                "trainee_id": t,
                "author_id": 1,
                "held_on": date.today() - timedelta(days=20 + 30 * k + t % 17),
                "participants": ["Stagiaire", "Référente"],
                "created_at": now - timedelta(days=20 + 30 * k),
            }
        )


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


# --------------------------------------------------------------------------- load


def _answered(path: str, status: int, body: bytes) -> bool:
    """A 200 answer with a body."""
    return status == 200 and bool(body)


def _no_errors(samples: dict[str, Sample]) -> None:
    """Stop the run when any request failed: its figures would not be valid."""
    failed = {path: sample.errors for path, sample in samples.items() if sample.errors}
    if failed:
        raise SystemExit(
            "; ".join(f"{path}: {errors} requests failed" for path, errors in failed.items())
        )


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
        env = app_env(url, folder, SECRET)
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
        with serve(env, args.workers) as port:
            cookie = log_in(port, LOGIN, PASSWORD)
            _no_errors(  # warm-up: imports, caches, SQLite page cache
                {
                    path: load(port, path, cookie, 1, requests=5, accept=_answered)
                    for path in pages.values()
                }
            )
            totals = measure_in_turns(
                port,
                cookie,
                list(pages.values()),
                threads=args.threads,
                rounds=args.rounds,
                requests=args.requests,
                accept=_answered,
            )
        _no_errors(totals)
        timings = {name: [t * 1000 for t in totals[path].latencies] for name, path in pages.items()}
        spent = {name: totals[path].seconds for name, path in pages.items()}
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    _report(args, pages, timings, spent, measured, small, load_before)


def _report(
    args: argparse.Namespace,
    pages: dict[str, str],
    timings: dict[str, list[float]],
    spent: dict[str, float],
    measured: dict[str, tuple[int, float]],
    small: dict[str, tuple[int, float]],
    load_before: tuple[float, float, float],
) -> None:
    """Print the table of figures, the verdicts and the query counts of the small caseload."""
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
            f"{nearest_percentile(values, 0.95):>9.1f}{measured[path][0]:>9}{measured[path][1]:>9.1f}"
        )
        if name != "/sante (baseline)":
            print(f"{'':<20}{'':>9}{rate / base:>8.0%} of the baseline's throughput")
    for name in ("caseload", "gap page"):
        p95 = nearest_percentile(timings[name], 0.95)
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
