"""Benchmark: a trainee's home ("Où j'en suis") and portfolio pages beside the trivial /sante.

Usage: .venv/bin/python bench/trainee_bench.py [--seconds 3] [--rounds 3] [--threads 4]
       [--summary-cache 0]

In one run, on this machine:

1. builds a temporary SQLite database and upload folder with one trainee who has 300 traces
   (1 to 3 competencies each, some links, 10 % drafts), 60 photos and 40 self-assessments;
2. serves the app with gunicorn, 2 sync workers (the trainee summary cache as configured
   by default, or its size given by ``--summary-cache``: ``0`` for the uncached case of
   issue 17) (``gunicorn 'portfolio:create_app()'`` with
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
answers) are counted and printed; a run with errors is not a valid measurement. The server,
login and load machinery is shared with the other HTTP benchmarks: ``bench/_load.py``.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._load import app_env, log_in, measure_in_turns, percentile, serve  # noqa: E402

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
    from portfolio.services import accounts, assessments
    from portfolio.services.frameworks import framework
    from portfolio.trainee import services as traces

    env = app_env(f"sqlite:///{folder / 'bench.sqlite'}", folder)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--summary-cache", type=int, help="summaries kept (0: none)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="e2c-trainee-bench-"))
    try:
        env = build_data(folder)
        if args.summary_cache is not None:
            env["SUMMARY_CACHE_SIZE"] = str(args.summary_cache)
        with serve(env, args.workers) as port:
            cookie = log_in(port, LOGIN, PASSWORD)
            totals = measure_in_turns(
                port,
                cookie,
                [path for _label, path in PAGES],
                threads=args.threads,
                rounds=args.rounds,
                seconds=args.seconds,
                warm_up=0.5,
            )
        print(
            f"gunicorn {args.workers} sync workers, {args.threads} client threads, "
            f"{args.rounds} rounds x {args.seconds:g} s per page, Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPU, summary cache "
            f"{'default' if args.summary_cache is None else args.summary_cache}"
        )
        print(f"{'page':<24}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'vs /sante':>11}{'errors':>8}")
        base = totals["/sante"].rate
        for label, path in PAGES:
            total = totals[path]
            rate = total.rate
            p50 = statistics.median(total.latencies) * 1000
            p95 = percentile(total.latencies, 0.95) * 1000
            print(
                f"{label:<24}{rate:>9.0f}{p50:>9.1f}{p95:>9.1f}{rate / base:>10.0%}"
                f"{total.errors:>8}"
            )
        home = totals["/"]
        home_share = home.rate / base
        home_p95 = percentile(home.latencies, 0.95) * 1000
        print(
            f"targets: home >= 30 % of /sante ({home_share:.0%}: "
            f"{'met' if home_share >= 0.30 else 'NOT met'}), "
            f"home p95 < 50 ms ({home_p95:.1f} ms: {'met' if home_p95 < 50 else 'NOT met'})"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
