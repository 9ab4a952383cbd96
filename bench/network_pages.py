"""Benchmark: the uncached main pages on a generated network, as shares of /sante's throughput.

Usage: .venv/bin/python bench/network_pages.py --db URL [--summary-cache 0] [--seconds 3]
       [--rounds 3] [--threads 4] [--workers 2]

``--db`` names a database filled by ``flask --app portfolio demo network`` (SQLite or
PostgreSQL). In one run, on this machine: serves the app with gunicorn (2 sync workers by
default, the trainee summary cache off unless told), logs in through the real login form as a
generated trainee (``reseau.s1``) and referent (``reseau.ref1``), then loads ``/sante``, the
trainee home and portfolio, the caseload and one followed trainee's gap page in turn, several
rounds (machine load hits them all alike), and prints requests/s, p50, p95 and each page's
throughput as a share of /sante's. Targets (issue 17): home and portfolio >= 30 %, caseload and
gap >= 25 %.

A script that prints figures, not a test. Non-200 answers are counted and printed; a run with
errors is not a valid measurement. Machinery shared with the other benchmarks: ``_load.py``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._load import HOST, app_env, log_in, measure_in_turns, percentile, serve  # noqa: E402

PASSWORD = "reseau-e2c-2026"  # the generated network's password (portfolio/demo/network.py)
TARGETS = {"/": 0.30, "/portfolio/": 0.30, "caseload": 0.25, "gap": 0.25}


def _first_followed(port: int, cookie: str) -> str:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", "/referent/stagiaires", headers={"Cookie": cookie})
    page = conn.getresponse().read().decode()
    found = re.search(r'href="/referent/stagiaires/(\d+)"', page)
    if found is None:
        raise SystemExit("the referent follows nobody: is this a generated network?")
    return found.group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="a database made by `demo network`")
    parser.add_argument("--summary-cache", type=int, default=0, help="0: summaries uncached")
    parser.add_argument("--trainee", default="reseau.s1")
    parser.add_argument("--referent", default="reseau.ref1")
    parser.add_argument("--seconds", type=float, default=3.0, help="per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="e2c-network-pages-"))
    try:
        env = app_env(args.db, folder)
        env["SUMMARY_CACHE_SIZE"] = str(args.summary_cache)
        with serve(env, args.workers) as port:
            trainee = log_in(port, args.trainee, PASSWORD)
            referent = log_in(port, args.referent, PASSWORD)
            gap = f"/referent/stagiaires/{_first_followed(port, referent)}/ecart"
            # Each logged-in page is measured with its own person's cookie: pages are loaded
            # in turns per person, /sante with each (its cookie changes nothing).
            kw = {"threads": args.threads, "rounds": args.rounds, "seconds": args.seconds}
            totals = measure_in_turns(port, trainee, ["/sante", "/", "/portfolio/"], **kw)
            theirs = measure_in_turns(port, referent, ["/sante", "/referent/stagiaires", gap], **kw)
        totals["/sante"].add(theirs.pop("/sante"))
        totals["caseload"] = theirs["/referent/stagiaires"]
        totals["gap"] = theirs[gap]
        print(
            f"gunicorn {args.workers} sync workers, {args.threads} client threads, "
            f"{args.rounds} rounds x {args.seconds:g} s per page, summary cache "
            f"{args.summary_cache}, {args.db.split('://')[0]}, {os.cpu_count()} CPU"
        )
        print(
            f"{'page':<14}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'vs /sante':>11}{'target':>8}"
            f"{'errors':>8}"
        )
        base = totals["/sante"].rate
        for name, total in totals.items():
            share = total.rate / base
            target = TARGETS.get(name)
            verdict = "" if target is None else ("met" if share >= target else "NOT met")
            print(
                f"{name:<14}{total.rate:>8.0f}{statistics.median(total.latencies) * 1000:>9.1f}"
                f"{percentile(total.latencies, 0.95) * 1000:>9.1f}{share:>10.0%}"
                f"{verdict:>9}{total.errors:>7}"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
