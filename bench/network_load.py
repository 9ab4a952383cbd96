"""Benchmark: a mixed workload on a generated E2C network, driven by Locust (headless).

Usage: .venv/bin/python bench/network_load.py --db postgresql://postgres@127.0.0.1:5432/network
       [--uploads FOLDER] [--rates 10,20,40,60] [--seconds 20] [--workers 2] [--servers 1]

The database must hold a network made by ``flask --app portfolio demo network`` (its upload
folder, given with ``--uploads``, holds the sample photo files). In one run, on this machine:

1. serves the app with gunicorn (``--workers`` sync workers) once, or twice with
   ``--servers 2`` (two masters, each with its own instance folder, on the same database and
   upload folder, with rate limits in Redis when ``--redis`` is given);
2. gives a few trainees a game token (the game's ``game:evidence`` scope);
3. runs Locust users (as a library, no web UI), each sending one request per second on
   average, so that the number of users is the request rate aimed at:
   trainees (home, portfolio, a new trace with a photo), referents (caseload, gap view, a
   note, an assessment), companies (search, a showcase), the game (statements with a
   token), and the trivial ``/sante``, all in the same run, in the weights of ``MIX``;
4. steps the rate up (``--rates``); at each step, after the users have started and warmed
   up, counts ``--seconds`` of answers; stops at the first step with p95 >= 100 ms or an
   error, and prints, for the highest step that kept p95 < 100 ms with 0 errors, p50, p95
   and p99 per page.

A script that prints figures, not a test. Every non-2xx/3xx answer is an error.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import gevent

# Locust patches the standard library with gevent when imported: first, before anything else.
import locust  # noqa: F401 - the gevent monkey-patching must come first
from locust import FastHttpUser, between, task
from locust.env import Environment
from locust.stats import StatsEntry

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._load import app_env, serve  # noqa: E402
from bench.statements_bench import make_statements  # noqa: E402

PASSWORD = "reseau-e2c-2026"  # the generated network's password (portfolio/demo/network.py)
SAMPLE = 5  # the trainees whose photos have real files (the generator's --sample-trainees)
TOKENS: list[tuple[str, str]] = []  # (secret, public id) of the trainees with a game token
HOSTS: list[str] = []
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
P95_TARGET = 0.100


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


class _Person(FastHttpUser):
    """Someone who logs in through the real form at start; one request a second on average."""

    abstract = True
    wait_time = between(0.5, 1.5)
    login = ""

    def __init__(self, environment: Environment) -> None:
        self.host = random.choice(HOSTS)
        super().__init__(environment)

    def on_start(self) -> None:
        page = self.client.get("/connexion", name="(login)")
        self.client.post(
            "/connexion",
            data={"login": self.login, "password": PASSWORD, "csrf_token": _csrf(page.text or "")},
            name="(login)",
        )


class Trainee(_Person):
    weight = 6

    def on_start(self) -> None:
        self.login = f"reseau.s{random.randint(1, SAMPLE)}"
        super().on_start()

    @task(5)
    def home(self) -> None:
        self.client.get("/", name="trainee home /")

    @task(4)
    def portfolio(self) -> None:
        self.client.get("/portfolio/", name="trainee /portfolio/")

    @task(1)
    def new_trace(self) -> None:
        form = self.client.get("/portfolio/traces/nouvelle", name="trainee new trace (form)")
        self.client.post(
            "/portfolio/traces/nouvelle",
            files={"photos": ("photo.jpg", PHOTO, "image/jpeg")},
            data={
                "csrf_token": _csrf(form.text or ""),
                "title": "Atelier cuisine",
                "caption": "Le plat du groupe",
                "action": "draft",
            },
            name="trainee new trace + photo (POST)",
        )


class Referent(_Person):
    weight = 3
    trainees: list[str]

    def on_start(self) -> None:
        self.login = f"reseau.ref{random.randint(1, 10)}"
        super().on_start()
        page = self.client.get("/referent/stagiaires", name="referent caseload")
        self.trainees = sorted(set(re.findall(r"/referent/stagiaires/(\d+)\"", page.text or "")))

    @task(4)
    def caseload(self) -> None:
        self.client.get("/referent/stagiaires", name="referent caseload")

    @task(3)
    def gap(self) -> None:
        if self.trainees:
            one = random.choice(self.trainees)
            self.client.get(f"/referent/stagiaires/{one}/ecart", name="referent gap")

    @task(1)
    def note(self) -> None:
        if not self.trainees:
            return
        base = f"/referent/stagiaires/{random.choice(self.trainees)}"
        form = self.client.get(f"{base}/notes/nouvelle", name="referent note (form)")
        self.client.post(
            f"{base}/notes/nouvelle",
            data={
                "csrf_token": _csrf(form.text or ""),
                "observed_on": datetime.now(UTC).date().isoformat(),
                "situation_kind": "workshop",
                "situation": "Atelier cuisine",
                "observed": "Il a réparti les tâches.",
                "visibility": "shared",
                "competencies-0-competency_id": "E2C-1A",
                "competencies-0-level": "2",
            },
            name="referent note (POST)",
        )

    @task(1)
    def assess(self) -> None:
        if not self.trainees:
            return
        url = f"/referent/stagiaires/{random.choice(self.trainees)}/evaluer?competence=E2C-1A"
        form = self.client.get(url, name="referent assessment (form)")
        self.client.post(
            url,
            data={
                "csrf_token": _csrf(form.text or ""),
                "competency_id": "E2C-1A",
                "level": str(random.randint(1, 4)),
                "justification": "Il explique bien son travail.",
            },
            name="referent assessment (POST)",
        )


class Company(_Person):
    weight = 2
    showcases: list[str]

    def on_start(self) -> None:
        self.login = f"reseau.ent{random.randint(1, 10)}"
        super().on_start()
        page = self.client.get("/entreprise/recherche", name="company search")
        self.showcases = sorted(
            set(re.findall(r"/entreprise/vitrines/(\d+)[?\"]", page.text or ""))
        )

    @task(3)
    def search(self) -> None:
        self.client.get("/entreprise/recherche?competence=E2C-1A&niveau=2", name="company search")

    @task(2)
    def showcase(self) -> None:
        if self.showcases:
            one = random.choice(self.showcases)
            self.client.get(f"/entreprise/vitrines/{one}", name="company showcase")


class Game(FastHttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)

    def __init__(self, environment: Environment) -> None:
        self.host = random.choice(HOSTS)
        super().__init__(environment)

    @task
    def statements(self) -> None:
        secret, public_id = random.choice(TOKENS)
        self.client.post(
            "/api/v1/statements",
            data=json.dumps([_statement(public_id)]),
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
            name="game statements (API)",
        )


class Sante(FastHttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)

    def __init__(self, environment: Environment) -> None:
        self.host = random.choice(HOSTS)
        super().__init__(environment)

    @task
    def sante(self) -> None:
        self.client.get("/sante", name="trivial /sante")


def _statement(public_id: str) -> dict[str, Any]:
    """A fresh statement shaped like the game's (the one ``statements_bench`` sends)."""
    actor = {"objectType": "Agent", "account": {"homePage": "http://127.0.0.1", "name": public_id}}
    return make_statements(actor, 1)[0]


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 120, 60)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


PHOTO = _photo()


# --------------------------------------------------------------------------- set-up


def give_tokens(env: dict[str, str]) -> None:
    """A one-day game token for each sample trainee (kept in ``TOKENS``)."""
    from sqlalchemy import select

    from portfolio import create_app
    from portfolio.extensions import db
    from portfolio.models import User
    from portfolio.services.tokens import issue_token

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"],
            "UPLOAD_FOLDER": env["UPLOAD_FOLDER"],
            "SECRET_KEY": env["SECRET_KEY"],
        }
    )
    with app.app_context():
        for n in range(1, SAMPLE + 1):
            trainee = db.session.scalars(select(User).where(User.login == f"reseau.s{n}")).one()
            issued = issue_token(trainee, "Jeu · charge", {"game:evidence"}, timedelta(days=1))
            TOKENS.append((issued.secret, trainee.public_id))
        db.session.commit()
        db.engine.dispose()


# --------------------------------------------------------------------------- load


def run_step(users: int, seconds: float, warm_up: float) -> dict[str, Any]:
    """``users`` Locust users for ``warm_up`` then ``seconds`` (counted); return the figures."""
    environment = Environment(user_classes=[Trainee, Referent, Company, Game, Sante])
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=max(1, users))
    gevent.sleep(warm_up)
    environment.stats.reset_all()
    gevent.sleep(seconds)
    stats = environment.stats
    pages = {}
    for (name, method), entry in sorted(stats.entries.items()):
        if entry.num_requests == 0 or name == "(login)":
            continue
        pages[f"{method} {name}"] = {
            "requests": entry.num_requests,
            "rate": entry.num_requests / seconds,
            "p50": entry.get_response_time_percentile(0.50),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
            "errors": entry.num_failures,
        }
    # Logging in happens once per user at start: not part of the steady workload counted.
    total = StatsEntry(stats, "counted", "", use_response_times_cache=False)
    for (name, _method), entry in stats.entries.items():
        if name != "(login)":
            total.extend(entry)
    figures = {
        "users": users,
        "rate": total.num_requests / seconds,
        "p95": total.get_response_time_percentile(0.95),
        "errors": total.num_failures,
        "failures": [str(f.error)[:120] for f in list(stats.errors.values())[:5]],
        "pages": pages,
    }
    runner.quit()
    return figures


def print_step(figures: dict[str, Any], detailed: bool) -> None:
    print(
        f"  {figures['users']:>4} users: {figures['rate']:6.1f} req/s, "
        f"p95 {figures['p95']:5.0f} ms, {figures['errors']} errors",
        flush=True,
    )
    for failure in figures["failures"]:
        print(f"      error: {failure}")
    if not detailed:
        return
    print(f"    {'page':<40}{'req/s':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>8}")
    for name, page in figures["pages"].items():
        print(
            f"    {name:<40}{page['rate']:>7.1f}{page['p50']:>8.0f}{page['p95']:>8.0f}"
            f"{page['p99']:>8.0f}{page['errors']:>8}"
        )


@contextmanager
def servers(args: argparse.Namespace, folder: Path) -> Iterator[list[int]]:
    """Start ``args.servers`` gunicorn masters on the same database and uploads."""
    with ExitStack() as stack:
        ports = []
        for n in range(args.servers):
            env = app_env(args.db, folder / f"server{n}")
            env["UPLOAD_FOLDER"] = args.uploads
            env["SUMMARY_CACHE_SIZE"] = str(args.summary_cache)
            if args.redis:
                env["RATELIMIT_STORAGE_URI"] = args.redis
            if n == 0:
                give_tokens(env)
            ports.append(stack.enter_context(serve(env, args.workers)))
        yield ports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="a database made by `demo network`")
    parser.add_argument("--uploads", required=True, help="its upload folder")
    parser.add_argument("--rates", default="10,20,30,40,60,80", help="users = requests/s aimed")
    parser.add_argument("--seconds", type=float, default=20.0, help="counted per step")
    parser.add_argument("--warm-up", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--servers", type=int, default=1, choices=[1, 2])
    parser.add_argument("--redis", default="", help="e.g. redis://127.0.0.1:6379/5")
    parser.add_argument("--summary-cache", type=int, default=1000, help="0: summaries uncached")
    parser.add_argument("--verbose", action="store_true", help="every step, page by page (no stop)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="e2c-network-load-"))
    best: dict[str, Any] | None = None
    try:
        with servers(args, folder) as ports:
            HOSTS.extend(f"http://127.0.0.1:{port}" for port in ports)
            print(
                f"{args.servers} server(s) x gunicorn {args.workers} sync workers, "
                f"{os.cpu_count()} CPU, Python {sys.version.split()[0]}, database "
                f"{args.db.split('://')[0]}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
                flush=True,
            )
            for users in (int(r) for r in args.rates.split(",")):
                figures = run_step(users, args.seconds, args.warm_up)
                print_step(figures, detailed=args.verbose)
                if figures["errors"] or figures["p95"] >= P95_TARGET * 1000:
                    if args.verbose:
                        continue  # every step shown, page by page
                    break
                best = figures
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if best is None:
        print("no step kept p95 < 100 ms with 0 errors")
        return
    print(f"highest step with p95 < 100 ms and 0 errors: {best['rate']:.1f} req/s")
    print_step(best, detailed=True)


if __name__ == "__main__":
    main()
