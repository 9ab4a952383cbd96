"""Benchmark: CPU milliseconds per request of the main uncached pages, beside the trivial /sante.

Usage: .venv/bin/python bench/cpu_pages.py [--db URL] [--requests 200] [--summary-cache 0]
       [--without PART,...] [--profile PAGE | --sql PAGE | --split PAGE | --statements PAGE]

Wall-clock throughput (``trainee_bench``, ``network_pages``) is noisy on a shared machine: other
processes take the cores. The CPU time this process spends on one request is not, so this
script measures that instead, in process, with Flask's test client (no HTTP server):

1. without ``--db``, builds a temporary SQLite database with the demo site (``flask demo seed``)
   and logs in as its trainee ``lea`` and referent ``referente``; with ``--db``, uses a database
   made by ``flask --app portfolio demo network`` and its ``reseau.s1`` / ``reseau.ref1``;
2. the trainee summary cache is off unless told (``SUMMARY_CACHE_SIZE``): uncached is the
   real case of issue 17;
3. loads ``/sante``, the trainee home and portfolio, the caseload and the first followed
   trainee's gap page in turns (``--rounds``), ``--requests`` times each in all, timing each
   request with ``time.process_time()`` and counting its SQL statements;
4. prints per page the SQL queries per request, Python function calls per request (counted
   by cProfile over 10 more requests: a figure the machine's load does not move), CPU ms
   (median, p95) and the page's cost as a share of /sante's throughput (``/sante`` median / page median: what the throughput ratio
   would be if the server's own overhead were nil, so a little below the HTTP figures' share);
   on a PostgreSQL server of this machine, also the server's CPU ms per request (``DB ms``,
   mean, the app's connections' CPU time read with psutil) and the share once both are counted
   (``+DB vs /sante``: on a machine that runs the app and its database, both take the cores).

The table also has ``signed-in``: a trainee's "Plus" page, a signed-in page with almost
nothing of its own, the fixed cost (session, person, menu and its counts, layout) every page
above pays on top of ``/sante``.

``--profile PAGE`` (``home``, ``portfolio``, ``caseload``, ``gap``, ``signed-in``) prints the
cProfile of that page's requests instead, sorted by cumulative time (``BENCH_SORT=tottime`` to sort by
own time; ``BENCH_LINES=N`` prints N lines, 45 by default): the hot spots to work on;
``BENCH_CALLERS=_get_user`` prints who calls a function. ``--sql PAGE`` prints the page's
statements, each with its length (their first ``BENCH_SQL_CHARS`` characters, 600 by default). ``--statements PAGE``
replays each SELECT of the page alone (prepared, ``--requests`` times, on PostgreSQL) and prints
the server's and the client's CPU ms per run: which statement to work on, and whether a change
to one helped (warm caches: inside a page the server spends about twice as much).
``--split PAGE`` prints the CPU milliseconds (median per
request) spent in the page's main parts, timed with ``time.process_time()`` around each call
(no profiler distorting small functions); ``BENCH_SPLIT=module:function,module:Class.method,jinja:global`` names
other parts (a function is wrapped where the view looks it up: its module, or the view's
module for a name imported there).

``--without PART,PART`` (names as for ``BENCH_SPLIT``) makes those parts answer an empty text,
which also reads as an empty list, instead of working, for the whole run: what the pages would
cost if those parts cost nothing, the most any work on them could win (an experiment: the
pages then lack those parts; the chosen parts must be ones a page can render without).

A script that prints figures, not a test: nothing here asserts a timing. A non-200 answer
stops the run (a measurement of an error page is not a measurement).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import os
import pstats
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._load import percentile  # noqa: E402

DEMO = {"trainee": ("lea", "soleil-cactus-35"), "referent": ("referente", "piano-rivage-28")}
NETWORK = {
    "trainee": ("reseau.s1", "reseau-e2c-2026"),
    "referent": ("reseau.ref1", "reseau-e2c-2026"),
}
TARGETS = {"home": 0.30, "portfolio": 0.30, "caseload": 0.25, "gap": 0.25}
# the trainee's "Plus" page: a signed-in page with (almost) nothing of its own, the fixed cost
# every page above pays on top of /sante
PAGES = ["/sante", "signed-in", *sorted(TARGETS)]


def _make_app(db_url: str, folder: Path, summary_cache: int) -> Any:
    from portfolio import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": db_url,
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "STORAGE_URL": "",
            "SECRET_KEY": "bench-secret-key",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SUMMARY_CACHE_SIZE": summary_cache,
            "LOG_LEVEL": "WARNING",  # one JSON line per request would be timed too
        }
    )


def _seed_demo(app: Any) -> None:
    from portfolio.demo import seed_demo
    from portfolio.extensions import db
    from portfolio.models import Base

    with app.app_context():
        Base.metadata.create_all(db.engine)
        seed_demo()
        db.session.commit()


def _client(app: Any, login: str, password: str) -> Any:
    client = app.test_client()
    answer = client.post("/connexion", data={"login": login, "password": password})
    if answer.status_code != 302:
        raise SystemExit(f"login {login} refused ({answer.status_code})")
    return client


def _gap_path(referent: Any) -> str:
    page = referent.get("/referent/stagiaires").get_data(as_text=True)
    found = re.search(r'href="/referent/stagiaires/(\d+)"', page)
    if found is None:
        raise SystemExit("the referent follows nobody")
    return f"/referent/stagiaires/{found.group(1)}/ecart"


class Counter:
    """SQL statements run on the app's engine while ``on`` is true."""

    def __init__(self, app: Any) -> None:
        from sqlalchemy import event

        from portfolio.extensions import db

        self.count = 0
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


def server_cpu(database: str) -> float | None:
    """CPU seconds used so far by this machine's PostgreSQL connections to ``database`` (None
    if there are none: another server, or SQLite).

    User and system time (psutil) of the ``postgres`` processes whose title names the database
    (the app's connections; the server's background processes, whose work comes and goes on
    its own, are left out). Counted in ticks of 10 ms, so only meaningful summed over many
    requests.
    """
    import psutil

    total, seen = 0.0, False
    for process in psutil.process_iter(["name", "cmdline", "cpu_times"]):
        title = " ".join(process.info["cmdline"] or ())
        if process.info["name"] != "postgres" or not title.startswith("postgres: "):
            continue
        if f" {database} " not in f"{title} " or process.info["cpu_times"] is None:
            continue
        total += process.info["cpu_times"].user + process.info["cpu_times"].system
        seen = True
    return total if seen else None


class Measured(NamedTuple):
    times: list[float]  # the app's CPU seconds per request
    queries: int
    server: float | None  # the database server's CPU seconds per request (mean), if local


def _measure(
    pages: dict[str, tuple[Any, str]], requests: int, rounds: int, counter: Counter, database: str
) -> dict[str, Measured]:
    times: dict[str, list[float]] = {name: [] for name in pages}
    queries: dict[str, int] = {}
    server: dict[str, float | None] = dict.fromkeys(pages, 0.0)
    for client, path in pages.values():  # warm-up: caches, templates, first queries
        for _ in range(5):
            client.get(path)
    per_round = max(1, requests // rounds)
    for _ in range(rounds):
        for name, (client, path) in pages.items():
            before_server = server_cpu(database)
            for _ in range(per_round):
                before_q = counter.count
                started = time.process_time()
                answer = client.get(path)
                times[name].append(time.process_time() - started)
                queries[name] = counter.count - before_q
                if answer.status_code != 200:
                    raise SystemExit(f"{path}: {answer.status_code}")
            after_server, so_far = server_cpu(database), server[name]
            if before_server is None or after_server is None or so_far is None:
                server[name] = None
            else:
                server[name] = so_far + after_server - before_server
    return {
        name: Measured(times[name], queries[name], _per_request(server[name], len(times[name])))
        for name in pages
    }


def _per_request(total: float | None, requests: int) -> float | None:
    return None if total is None else total / requests


def _calls(client: Any, path: str, requests: int = 10) -> int:
    """Python function calls per request: a cost the machine's load does not change."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    return round(pstats.Stats(profiler).total_calls / requests)  # type: ignore[attr-defined]


def _profile(get: Callable[[], Any], requests: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        get()
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
    if callers := os.environ.get("BENCH_CALLERS"):  # who calls the functions matching this
        stats.print_callers(callers)
    else:
        stats.print_stats(int(os.environ.get("BENCH_LINES", "45")))


SPLITS = {
    "home": (
        "portfolio.main.services.news:new_items",
        "portfolio.path.services.ranking:path_for",
        "portfolio.trainee.services:standing",
        "portfolio.main.views:render_template",
    ),
    "portfolio": (
        "portfolio.trainee.services:list_traces",
        "portfolio.trainee.services:storage_usage",
        "portfolio.trainee.views:framework_options",
        "portfolio.trainee.views:render_template",
    ),
    "caseload": (
        "portfolio.referent.services:caseload",
        "portfolio.main.services.news:news_for",
        "portfolio.referent.caseload_page:table_lines",
        "portfolio.referent.views:render_template",
    ),
    "gap": (
        "portfolio.services.access:visible_trainee",
        "portfolio.services.ledger:record_read",
        "portfolio.services.gaps:gap_report",
        "portfolio.services.gaps:_history",
        "portfolio.services.gaps:pending_game_by_competency",
        "portfolio.referent.services.reactions:disagreements",
        "portfolio.referent.views:render_template",
        "jinja:gap_section",
        "jinja:gap_progression_table",
    ),
}


def _replace(app: Any, part: str, by: Callable[[Any], Any]) -> None:
    """Put ``by(function)`` where the page looks up ``part`` ("module:function",
    "module:Class.method" or "jinja:global")."""
    import importlib

    where, _, name = part.partition(":")
    try:
        if where == "jinja":
            app.jinja_env.globals[name] = by(app.jinja_env.globals[name])
        else:
            owner: Any = importlib.import_module(where)
            *owners, name = name.split(".")  # "Class.method" replaces a method
            for attribute in owners:
                owner = getattr(owner, attribute)
            setattr(owner, name, by(getattr(owner, name)))
    except (ImportError, AttributeError, KeyError) as err:
        raise SystemExit(
            f"{part}: not found ({err}); write module:function or jinja:name"
        ) from None


def _without(app: Any, parts: Sequence[str]) -> None:
    """Each of ``parts`` answers an empty text (an empty sequence too) instead of working:
    what the pages would cost if that part cost nothing (an experiment, not a page)."""
    from markupsafe import Markup

    for part in parts:
        _replace(app, part, lambda _function: lambda *args, **kwargs: Markup(""))


def _split(app: Any, client: Any, path: str, parts: Sequence[str], requests: int) -> None:
    """Print the median CPU ms per request spent in each of ``parts`` (see the docstring)."""
    current = dict.fromkeys(parts, 0.0)  # this request's time in each part
    calls = dict.fromkeys(parts, 0)

    def timed(part: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                current[part] += time.process_time() - start
                calls[part] += 1

        return wrapper

    for part in parts:
        _replace(app, part, functools.partial(timed, part))
    for _ in range(10):  # warm up
        client.get(path)
    calls.update(dict.fromkeys(parts, 0))
    totals: list[float] = []
    spent: dict[str, list[float]] = {part: [] for part in parts}
    for _ in range(requests):
        current.update(dict.fromkeys(parts, 0.0))
        start = time.process_time()
        client.get(path)
        totals.append(time.process_time() - start)
        for part in parts:
            spent[part].append(current[part])
    print(f"{path}: {requests} requests, CPU ms per request (median), calls per request")
    print(f"{'whole request':<58}{statistics.median(totals) * 1000:>8.2f}")
    for part in parts:
        median = statistics.median(spent[part]) * 1000
        print(f"{part:<58}{median:>8.2f}  x{calls[part] / requests:g}")


def _print_sql(app: Any, client: Any, path: str) -> None:
    from sqlalchemy import event

    from portfolio.extensions import db

    client.get(path)
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    client.get(path)
    shown = int(os.environ.get("BENCH_SQL_CHARS", "600"))
    for n, statement in enumerate(seen, 1):
        print(f"-- {n} ({len(statement)} characters)\n{statement[:shown]}")


def _statement_costs(app: Any, client: Any, path: str, runs: int) -> None:
    """Each SELECT the page sends, replayed alone ``runs`` times with its own parameters,
    prepared, on a connection of its own: the server's CPU ms per run (psutil on that backend,
    so only for a PostgreSQL server of this machine) and this process's (sending, parsing,
    reading the rows), beside the statement's length.

    A statement alone runs with warm caches: inside a page the server spends about twice as
    much on it. Compare statements with each other, and one statement before and after."""
    import psutil
    import psycopg
    from sqlalchemy import event

    from portfolio.extensions import db

    seen: list[tuple[str, Any]] = []

    def spy(*args: Any) -> None:
        seen.append((args[2], args[3]))

    client.get(path)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", spy)
    client.get(path)
    event.remove(engine, "before_cursor_execute", spy)
    if engine.url.get_backend_name() != "postgresql":
        raise SystemExit("--statements replays on PostgreSQL only (--db postgresql+psycopg://...)")
    dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    # The session settings of the app's own connections (``PG_OPTIONS``, config.py): generic
    # plans above all. Without them the server planned each run again (custom plans), and a
    # statement's figure was that of another plan than the app's.
    connect_args = app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("connect_args", {})
    options = connect_args.get("options", "")
    with psycopg.connect(dsn, autocommit=True, options=options) as conn:
        try:
            backend: Any = psutil.Process(conn.info.backend_pid)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            backend = None  # another machine's server: the client's side only
        print(f"{path}: each SELECT replayed {runs} times, ms per run")
        print(f"{'#':>3}{'server':>8}{'client':>8}{'length':>8}  statement")
        for n, (statement, params) in enumerate(seen, 1):
            words = " ".join(statement.split())
            if not words.upper().startswith(("SELECT", "WITH")):
                print(f"{n:>3}{'':>24}  (not replayed) {words[:70]}")
                continue
            for _ in range(5):  # prepared from the first run, then warm
                conn.execute(statement, params, prepare=True).fetchall()
            before = _backend_cpu(backend)
            started = time.process_time()
            for _ in range(runs):
                conn.execute(statement, params, prepare=True).fetchall()
            client_ms = (time.process_time() - started) / runs * 1000
            after = _backend_cpu(backend)
            server = (
                "?" if before is None or after is None else f"{(after - before) / runs * 1000:.2f}"
            )
            print(f"{n:>3}{server:>8}{client_ms:>8.2f}{len(statement):>8}  {words[:70]}")


def _backend_cpu(backend: Any) -> float | None:
    if backend is None:
        return None
    times = backend.cpu_times()
    return float(times.user + times.system)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="a database made by `demo network` (else the demo seed)")
    parser.add_argument("--requests", type=int, default=200, help="per page in all")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--summary-cache", type=int, default=0, help="0: summaries uncached")
    parser.add_argument("--profile", choices=PAGES, help="print this page's profile")
    parser.add_argument("--sql", choices=PAGES, help="print this page's SQL statements")
    parser.add_argument("--split", choices=PAGES, help="CPU ms of the page's parts")
    parser.add_argument(
        "--statements", choices=PAGES, help="server CPU of each of the page's SELECTs"
    )
    parser.add_argument(
        "--without",
        default="",
        help="parts (as BENCH_SPLIT names them) that answer nothing: the cost of the rest",
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="e2c-cpu-pages-"))
    try:
        db_url = args.db or f"sqlite:///{folder / 'demo.sqlite'}"
        app = _make_app(db_url, folder, args.summary_cache)
        if args.db is None:
            _seed_demo(app)
        logins = NETWORK if args.db else DEMO
        trainee = _client(app, *logins["trainee"])
        referent = _client(app, *logins["referent"])
        pages = {
            "/sante": (trainee, "/sante"),
            "signed-in": (trainee, "/plus"),
            "home": (trainee, "/"),
            "portfolio": (trainee, "/portfolio/"),
            "caseload": (referent, "/referent/stagiaires"),
            "gap": (referent, _gap_path(referent)),
        }
        _without(app, [part for part in args.without.split(",") if part])  # pages found first
        if args.sql:
            _print_sql(app, *pages[args.sql])
            return
        if args.statements:
            _statement_costs(app, *pages[args.statements], args.requests)
            return
        if args.split:
            chosen = os.environ.get("BENCH_SPLIT")
            parts = chosen.split(",") if chosen else SPLITS.get(args.split, ())
            _split(app, *pages[args.split], parts, args.requests)
            return
        if args.profile:
            client, path = pages[args.profile]
            client.get(path)
            _profile(lambda: client.get(path), args.requests)
            return
        from sqlalchemy.engine import make_url

        database = make_url(db_url).database or ""
        results = _measure(pages, args.requests, args.rounds, Counter(app), database)
        print(
            f"in process (Flask test client), {args.requests} requests per page in "
            f"{args.rounds} rounds, summary cache {args.summary_cache}, "
            f"{'demo seed, SQLite' if args.db is None else args.db.split('://')[0]}, "
            f"Python {sys.version.split()[0]}"
        )
        print(
            f"{'page':<11}{'queries':>8}{'calls':>8}{'CPU p50 ms':>12}{'CPU p95 ms':>12}"
            f"{'vs /sante':>11}{'target':>8}{'DB ms':>8}{'+DB vs /sante':>15}"
        )
        base = results["/sante"]
        for name, (times, queries, db_cpu) in results.items():
            median = statistics.median(times)
            share = statistics.median(base.times) / median
            target = TARGETS.get(name)
            verdict = "" if target is None else ("met" if share >= target else "NOT met")
            calls = _calls(*pages[name])
            both = "" if db_cpu is None else f"{db_cpu * 1000:>8.2f}"
            if db_cpu is not None and base.server is not None:
                mean = statistics.fmean(times)
                both += f"{(statistics.fmean(base.times) + base.server) / (mean + db_cpu):>14.0%}"
            print(
                f"{name:<11}{queries:>8}{calls:>8}{median * 1000:>12.2f}"
                f"{percentile(times, 0.95) * 1000:>12.2f}{share:>10.0%}{verdict:>9}{both}"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
