"""Benchmark: the partner companies' search over 5,000 published showcases, beside /sante.

Usage: .venv/bin/python bench/search_bench.py [--pg postgresql://postgres@127.0.0.1:5432/test]
       [--showcases 5000] [--traces 300] [--seconds 3] [--rounds 3] [--threads 2]

In one run, on this machine, for a temporary SQLite database (and, with ``--pg``, for
PostgreSQL too, in a schema of its own that is dropped at the end):

1. bulk-inserts one site, one approved partner company, 5,000 trainees, each with 300 traces
   (1.5 million rows), a professional project (1 to 3 target trades, 1 or 2 kinds, a city),
   referent assessments, and a published showcase (20 chosen traces, 8 competencies with the
   referent's confirmed levels);
2. serves the app with gunicorn, 2 sync workers, logs in as the company through the real
   login form;
3. loads ``/sante``, a company page with only the shared layout, and several searches
   (no criteria; competency with a minimum confirmed level; domain + trade + kind; grand
   domaine + area + availability; a far page) in turn, several rounds, each for a fixed
   time with a fixed number of client threads;
4. prints requests/s, p50 and p95 latency per page. Target: search p95 < 50 ms.

A script that prints figures, not a test. Non-200 answers (and searches that do not say
how many showcases they found) are counted; a run with errors is not a valid measurement.
The server, login and load machinery is shared with the other HTTP benchmarks:
``bench/_load.py``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._load import app_env, log_in, measure_in_turns, percentile, serve  # noqa: E402

LOGIN = "bench.company"
PASSWORD = "bench-password-2025"
SHOWN_TRACES = 20
SHOWN_COMPETENCIES = 8
CITIES = ["Lille", "Roubaix", "Tourcoing", "Lens", "Arras", "Douai", "Valenciennes", "Calais"]
PAGES = [
    ("trivial /sante", "/sante"),
    # A logged-in company page with the shared layout and almost nothing else: what every
    # page of the company space pays before its own work.
    ("layout /entreprise/recherches", "/entreprise/recherches"),
    ("search, no criteria", "/entreprise/recherche"),
    ("competency + level", "/entreprise/recherche?competence=E2C-1A&niveau=3"),
    (
        "domain + trade + kind",
        "/entreprise/recherche?competence=E2C-D2&metier=D1102&type=apprenticeship",
    ),
    ("grand dom. + area + date", "/entreprise/recherche?domaine=G&lieu=lille&dispo=2026-09-01"),
    ("no criteria, page 100", "/entreprise/recherche?page=100"),
]


# --------------------------------------------------------------------------- data


def _chunks(rows: Iterator[dict[str, Any]], size: int = 20_000) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _insert(conn: Any, table: Any, rows: Iterator[dict[str, Any]]) -> int:
    """Bulk insert: COPY on PostgreSQL, executemany on SQLite."""
    count = 0
    if conn.dialect.name == "postgresql":
        first = next(rows, None)
        if first is None:
            return 0
        columns = list(first)
        raw = conn.connection.driver_connection
        with raw.cursor() as cursor:
            names = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in itertools.chain([first], rows):
                    copy.write_row([row[c] for c in columns])
                    count += 1
        return count
    for chunk in _chunks(rows):
        conn.execute(table.insert(), chunk)
        count += len(chunk)
    return count


def build_data(url: str, showcases: int, traces: int) -> None:
    """Create the schema and insert everything with bulk statements."""
    from sqlalchemy import create_engine, text

    from portfolio.models import Base
    from portfolio.services.passwords import hash_password
    from referentiel import load_frameworks

    fw = load_frameworks(ROOT / "referentiel")["e2c-apc"]
    rng = random.Random(2025)
    now = datetime.now(UTC)
    started = time.perf_counter()
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    password = hash_password(PASSWORD)
    with engine.begin() as conn:
        site_id, referent_id, trainee_ids = _insert_people(conn, showcases, password, now)
        first_trace = _insert_traces(conn, trainee_ids, traces, now, started)
        _insert_projects(conn, trainee_ids, rng, now)
        showcase_of = _insert_showcases(conn, trainee_ids, first_trace, site_id, traces, now)
        _insert_competencies(conn, fw, trainee_ids, showcase_of, referent_id, rng, now)
        conn.execute(text("ANALYZE"))
    engine.dispose()
    print(
        f"data: {showcases} published showcases, {showcases * traces} traces, "
        f"built in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def _insert_site(conn: Any, now: datetime) -> tuple[int, int]:
    """The site and its approved partner company."""
    from portfolio.models import Company, Site

    site_id = conn.execute(
        Site.__table__.insert().returning(Site.__table__.c.id),
        {
            "slug": "bench",
            "name": "E2C Banc d'essai",
            "city": "Lille",
            "region": "",
            "active": True,
            "blind_rating": False,
            "showcase_needs_approval": False,
            "created_at": now,
        },
    ).scalar_one()
    company_id = conn.execute(
        Company.__table__.insert().returning(Company.__table__.c.id),
        {"site_id": site_id, "name": "Boulangerie du Banc", "approved_at": now, "created_at": now},
    ).scalar_one()
    return site_id, company_id


def _insert_people(
    conn: Any, trainees: int, password: str, now: datetime
) -> tuple[int, int, list[int]]:
    """The site, its partner company and its user, a referent and the trainees (followed)."""
    from sqlalchemy import select

    from portfolio.models import ReferentAssignment, Role, User

    site_id, company_id = _insert_site(conn, now)

    def user(login: str, role: Role, **extra: Any) -> dict[str, Any]:
        return {
            "public_id": str(uuid.uuid4()),
            "login": login,
            "email": None,
            "first_name": extra.pop("first_name", "Prénom"),
            "last_name": "Nom",
            "role": role.value,
            "site_id": site_id,
            "company_id": None,
            "birth_date": date(2003, 1, 1),
            "password_hash": password,
            "must_change_password": False,
            "session_token": uuid.uuid4().hex,
            "active": True,
            "locale": None,
            "last_login_at": None,
            "created_at": now,
            **extra,
        }

    users = User.__table__
    conn.execute(
        users.insert(),
        [
            user(LOGIN, Role.COMPANY, company_id=company_id, first_name="Marc"),
            user("bench.referent", Role.REFERENT, first_name="Claire"),
        ],
    )
    referent_id = conn.execute(
        select(users.c.id).where(users.c.login == "bench.referent")
    ).scalar_one()
    _insert(
        conn,
        users,
        (
            user(f"bench.t{n:05d}", Role.TRAINEE, first_name=f"Stagiaire{n}")
            for n in range(trainees)
        ),
    )
    trainee_ids = list(
        conn.execute(
            select(users.c.id).where(users.c.role == "trainee").order_by(users.c.id)
        ).scalars()
    )
    _insert(
        conn,
        ReferentAssignment.__table__,
        (
            {
                "trainee_id": t,
                "referent_id": referent_id,
                "started_at": now,
                "ended_at": None,
                "assigned_by_id": None,
            }
            for t in trainee_ids
        ),
    )
    return site_id, referent_id, trainee_ids


def _insert_traces(
    conn: Any, trainee_ids: list[int], traces: int, now: datetime, started: float
) -> dict[int, int]:
    """``traces`` complete traces per trainee; returns each trainee's first trace id."""
    from sqlalchemy import func, select

    from portfolio.models import Trace, TraceContext, TraceStatus

    contexts = [c.value for c in TraceContext if c is not TraceContext.INTERNSHIP]

    def trace_rows() -> Iterator[dict[str, Any]]:
        for t in trainee_ids:
            for n in range(traces):
                yield {
                    "trainee_id": t,
                    "title": f"Trace {n + 1} : atelier ou projet",
                    "body": "J'ai travaillé avec mon groupe et j'ai expliqué mon idée.",
                    "happened_on": date(2024, 1, 1) + timedelta(days=n),
                    "context": contexts[n % len(contexts)],
                    "company_name": None,
                    "status": TraceStatus.COMPLETE.value,
                    "origin": "trainee",
                    "updated_at": now,
                    "created_at": now,
                }

    made = _insert(conn, Trace.__table__, trace_rows())
    print(f"  {made} traces inserted ({time.perf_counter() - started:.0f} s)", flush=True)
    trace_table = Trace.__table__
    return dict(
        conn.execute(
            select(trace_table.c.trainee_id, func.min(trace_table.c.id)).group_by(
                trace_table.c.trainee_id
            )
        )
        .tuples()
        .all()
    )


def _insert_projects(conn: Any, trainee_ids: list[int], rng: random.Random, now: datetime) -> None:
    """A professional project per trainee: a city, 1 to 3 target trades, 1 or 2 kinds."""
    from sqlalchemy import select

    from portfolio.models import (
        Mobility,
        OpportunityKind,
        ProfessionalProject,
        ProjectKind,
        ProjectTrade,
    )
    from portfolio.services.rome import fold, load_trades

    catalogue = list(load_trades())
    projects = []
    for t in trainee_ids:
        city = rng.choice(CITIES)
        projects.append(
            {
                "trainee_id": t,
                "area": city,
                "area_folded": fold(city),
                "mobility": rng.choice(list(Mobility)).value,
                "available_from": date(2026, 1, 1) + timedelta(days=rng.randrange(400)),
                "updated_at": now,
            }
        )
    _insert(conn, ProfessionalProject.__table__, iter(projects))
    project_of = dict(
        conn.execute(
            select(ProfessionalProject.__table__.c.trainee_id, ProfessionalProject.__table__.c.id)
        )
        .tuples()
        .all()
    )

    def trade_rows() -> Iterator[dict[str, Any]]:
        for t in trainee_ids:
            for pos, trade in enumerate(rng.sample(catalogue, rng.randint(1, 3))):
                yield {
                    "project_id": project_of[t],
                    "rome_code": trade.code,
                    "grand_domaine": trade.grand_domaine,
                    "position": pos,
                }

    def kind_rows() -> Iterator[dict[str, Any]]:
        for t in trainee_ids:
            for kind in rng.sample(list(OpportunityKind), rng.randint(1, 2)):
                yield {"project_id": project_of[t], "kind": kind.value}

    _insert(conn, ProjectTrade.__table__, trade_rows())
    _insert(conn, ProjectKind.__table__, kind_rows())


def _insert_showcases(
    conn: Any,
    trainee_ids: list[int],
    first_trace: dict[int, int],
    site_id: int,
    traces: int,
    now: datetime,
) -> dict[int, int]:
    """A published showcase per trainee, with its first traces; returns trainee -> showcase."""
    from sqlalchemy import select

    from portfolio.models import ApprovalState, Showcase, ShowcaseTrace

    published = now - timedelta(days=1)
    _insert(
        conn,
        Showcase.__table__,
        (
            {
                "trainee_id": t,
                "site_id": site_id,
                "presentation": "J'aime apprendre en faisant. Je suis ponctuel et curieux.",
                "network_wide": False,
                "is_published": True,
                "published_at": published + timedelta(seconds=i),
                "unpublished_at": None,
                "expires_at": None,
                "consent_at": published,
                "consent_version": "2025-1",
                "approval": ApprovalState.NOT_NEEDED.value,
                "approval_by_id": None,
                "approval_at": None,
                "approval_note": "",
                "updated_at": now,
                "created_at": now,
            }
            for i, t in enumerate(trainee_ids)
        ),
    )
    showcase_of = dict(
        conn.execute(select(Showcase.__table__.c.trainee_id, Showcase.__table__.c.id))
        .tuples()
        .all()
    )
    _insert(
        conn,
        ShowcaseTrace.__table__,
        (
            {"showcase_id": showcase_of[t], "trace_id": first_trace[t] + k, "position": k}
            for t in trainee_ids
            for k in range(min(SHOWN_TRACES, traces))
        ),
    )
    return showcase_of


def _insert_competencies(
    conn: Any,
    fw: Any,
    trainee_ids: list[int],
    showcase_of: dict[int, int],
    referent_id: int,
    rng: random.Random,
    now: datetime,
) -> None:
    """Referent assessments, and the competencies each showcase shows with their levels."""
    from portfolio.models import Assessment, AssessmentSource, ShowcaseCompetency
    from portfolio.models.traces import fill_streams

    competencies = [(c.id, fw.domain_of(c.id).id) for c in fw.active_competencies]
    chosen = {t: rng.sample(competencies, SHOWN_COMPETENCIES) for t in trainee_ids}
    levels = {t: {cid: rng.randint(0, 4) for cid, _d in chosen[t]} for t in trainee_ids}
    _insert(
        conn,
        Assessment.__table__,
        (
            {
                "trainee_id": t,
                "source": AssessmentSource.REFERENT.value,
                "author_id": referent_id,
                "author_label": "",
                "framework_id": fw.id,
                "framework_version": fw.version,
                "competency_id": cid,
                "level": level,
                "comment": "",
                "created_at": now,
            }
            for t in trainee_ids
            for cid, level in levels[t].items()
            if level > 0
        ),
    )
    fill_streams(conn)  # the levels' streams, as the app's writers keep them
    _insert(
        conn,
        ShowcaseCompetency.__table__,
        (
            {
                "showcase_id": showcase_of[t],
                "framework_id": fw.id,
                "framework_version": fw.version,
                "competency_id": cid,
                "domain_id": domain,
                "show_level": k % 4 != 3,
                "confirmed_level": levels[t][cid] or None,
                "confirmed_at": now if levels[t][cid] else None,
            }
            for t in trainee_ids
            for k, (cid, domain) in enumerate(chosen[t])
        ),
    )


# --------------------------------------------------------------------------- load


def _is_search(path: str) -> bool:
    return path.startswith("/entreprise/recherche") and not path.startswith(
        "/entreprise/recherches"
    )


def _accepted(path: str, status: int, body: bytes) -> bool:
    """A 200 answer; for a search, one that says how many showcases it found."""
    return status == 200 and not (_is_search(path) and b"trouv" not in body)


def measure(name: str, url: str, folder: Path, args: argparse.Namespace) -> bool:
    """Build, serve, load and print one backend's figures. True when the target is met."""
    print(f"\n-- {name}", flush=True)
    build_data(url, args.showcases, args.traces)
    env = app_env(url, folder)
    with serve(env, args.workers) as port:
        cookie = log_in(port, LOGIN, PASSWORD)
        totals = measure_in_turns(
            port,
            cookie,
            [path for _label, path in PAGES],
            threads=args.threads,
            rounds=args.rounds,
            seconds=args.seconds,
            accept=_accepted,
            warm_up=0.5,
        )
    print(
        f"gunicorn {args.workers} sync workers, {args.threads} client threads, {args.rounds} "
        f"rounds x {args.seconds:g} s per page, {os.cpu_count()} CPU, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'page':<30}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
    worst = 0.0
    for label, path in PAGES:
        total = totals[path]
        p95 = percentile(total.latencies, 0.95) * 1000
        if _is_search(path):
            worst = max(worst, p95)
        print(
            f"{label:<30}{total.rate:>8.0f}"
            f"{statistics.median(total.latencies) * 1000:>9.1f}{p95:>9.1f}{total.errors:>8}"
        )
    met = worst < 50
    print(f"target: search p95 < 50 ms (worst {worst:.1f} ms: {'met' if met else 'NOT met'})")
    return met


def _pg_schema_url(base: str) -> tuple[str, str, str]:
    """(url for the app, admin url, schema): a schema of our own in that database."""
    from sqlalchemy.engine import make_url

    schema = f"bench_search_{os.getpid()}"
    if base.startswith("postgresql://"):
        base = "postgresql+psycopg://" + base[len("postgresql://") :]
    admin = make_url(base)
    app_url = admin.update_query_dict({"options": f"-csearch_path={schema}"})
    return (
        app_url.render_as_string(hide_password=False),
        admin.render_as_string(hide_password=False),
        schema,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", help="also measure on PostgreSQL (a schema is created, dropped)")
    parser.add_argument("--showcases", type=int, default=5000)
    parser.add_argument("--traces", type=int, default=300, help="per trainee")
    parser.add_argument("--seconds", type=float, default=3.0, help="per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    args = parser.parse_args()

    from sqlalchemy import create_engine, text

    folder = Path(tempfile.mkdtemp(prefix="e2c-search-bench-"))
    results = []
    try:
        if not args.no_sqlite:
            url = f"sqlite:///{folder / 'bench.sqlite'}"
            results.append(measure("SQLite (temporary file)", url, folder, args))
        if args.pg:
            app_url, admin_url, schema = _pg_schema_url(args.pg)
            admin = create_engine(admin_url)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                results.append(measure(f"PostgreSQL (schema {schema})", app_url, folder, args))
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                admin.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
