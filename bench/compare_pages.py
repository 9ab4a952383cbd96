"""Benchmark: the main pages' cost on two revisions of the code, run in turns on one database.

Usage: .venv/bin/python bench/compare_pages.py --base REV [--db URL] [--pairs 3]
       [--requests 200]

On a shared machine one run of ``cpu_pages.py`` against another says little: the same code
measured twice in a row moves by 10-20 %. This script runs ``cpu_pages.py`` of the base
revision (checked out in a temporary git worktree, its translations compiled) and of this
checkout in turns, ``--pairs`` times, in the order base, head, head, base, base, head... so
that a drift of the machine's load during the run weighs on both alike, then prints per page:

* the SQL statements and the Python function calls per request of each (a figure the load
  does not move: a change that saves work shows here first);
* the median over the runs of each one's CPU ms per request (p50) and their range, and the
  median over the pairs of runs of head/base of the page's cost in ``/sante``s of the same
  run (its p50 divided by ``/sante``'s): the machine's speed, which drifts from one run to
  the next by more than most changes save, cancels out;
* on a PostgreSQL server of this machine, the same for the server's CPU ms per request;
* each one's median share of ``/sante`` (the targets of issue 17).

Both revisions use the same ``--db`` (a database made by ``flask --app portfolio demo
network``; without it each run builds the demo seed on SQLite). Each revision runs its own
``bench/cpu_pages.py``: the base must already have that script with its table's columns.
A script that prints figures, not a test: it asserts no timing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("/sante", "home", "portfolio", "caseload", "gap")
# One line of cpu_pages.py's table: page, queries, calls, p50, p95, share, verdict, DB ms...
_LINE = re.compile(
    r"^(?P<page>\S+)\s+(?P<queries>\d+)\s+(?P<calls>\d+)\s+(?P<p50>[\d.]+)\s+[\d.]+\s+"
    r"(?P<share>\d+)%(?:\s+(?:NOT met|met))?(?:\s+(?P<db>[\d.]+))?"
)


@dataclass(frozen=True)
class Row:
    queries: int
    calls: int
    p50: float
    share: float
    db: float | None


def parse(output: str) -> dict[str, Row]:
    """The rows of ``cpu_pages.py``'s table, by page (other lines are ignored)."""
    rows = {}
    for line in output.splitlines():
        found = _LINE.match(line.strip())
        if found and found["page"] in PAGES:
            db = found["db"]
            rows[found["page"]] = Row(
                int(found["queries"]),
                int(found["calls"]),
                float(found["p50"]),
                int(found["share"]) / 100,
                float(db) if db else None,
            )
    return rows


def checkout(revision: str, tree: Path) -> None:
    """The base revision in a worktree at ``tree``, its translations compiled."""
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), revision],
        check=True,
    )
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "compile", "-d", str(tree / "portfolio" / "translations")],
        check=True,
        capture_output=True,
    )


def run(tree: Path, db: str | None, requests: int) -> dict[str, Row]:
    command = [sys.executable, str(tree / "bench" / "cpu_pages.py"), "--requests", str(requests)]
    if db:
        command += ["--db", db]
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True, check=False)
    rows = parse(done.stdout)
    if done.returncode != 0 or set(rows) != set(PAGES):
        raise SystemExit(f"{tree}: cpu_pages.py failed\n{done.stdout}\n{done.stderr}")
    return rows


def order(pairs: int) -> list[str]:
    """base, head, head, base, base, head...: each pair in the other order than the last."""
    turns: list[str] = []
    for n in range(pairs):
        turns += ["base", "head"] if n % 2 == 0 else ["head", "base"]
    return turns


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}" if values else "—"


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def report(runs: dict[str, list[dict[str, Row]]]) -> None:
    base, head = runs["base"], runs["head"]
    print(
        f"{'page':<10}{'queries':>9}{'calls':>15}{'CPU ms base':>21}{'CPU ms head':>21}"
        f"{'head/base':>10}{'DB ms base':>12}{'DB ms head':>12}{'share base':>12}"
        f"{'share head':>12}"
    )
    for page in PAGES:
        b = [r[page] for r in base]
        h = [r[page] for r in head]
        ratios = [
            (y.p50 / ys["/sante"].p50) / (x.p50 / xs["/sante"].p50)
            for x, y, xs, ys in zip(b, h, base, head, strict=True)
        ]
        if page == "/sante":  # its own unit: the plain ratio of the CPU ms
            ratios = [y.p50 / x.p50 for x, y in zip(b, h, strict=True)]
        db_b = [r.db for r in b if r.db is not None]
        db_h = [r.db for r in h if r.db is not None]
        print(
            f"{page:<10}{b[0].queries:>4} → {h[0].queries:<3}"
            f"{b[0].calls:>7} → {h[0].calls:<6}"
            f"{_spread([r.p50 for r in b]):>21}{_spread([r.p50 for r in h]):>21}"
            f"{statistics.median(ratios):>10.2f}"
            f"{_median(db_b):>12}{_median(db_h):>12}"
            f"{statistics.median([r.share for r in b]):>12.0%}"
            f"{statistics.median([r.share for r in h]):>12.0%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the revision to compare with (git)")
    parser.add_argument("--db", help="a database made by `demo network` (else the demo seed)")
    parser.add_argument("--pairs", type=int, default=3, help="base and head runs each")
    parser.add_argument("--requests", type=int, default=200, help="per page and run")
    args = parser.parse_args()
    if args.pairs < 1:
        raise SystemExit("--pairs: at least 1")
    folder = Path(tempfile.mkdtemp(prefix="e2c-compare-"))
    trees = {"head": ROOT, "base": folder / "base"}
    try:
        checkout(args.base, trees["base"])
        runs: dict[str, list[dict[str, Row]]] = {"base": [], "head": []}
        for turn in order(args.pairs):
            print(f"running {turn}...", file=sys.stderr, flush=True)
            runs[turn].append(run(trees[turn], args.db, args.requests))
        print(
            f"{args.base} (base) against this checkout (head), {args.pairs} runs each in turns, "
            f"{args.requests} requests per page and run, "
            f"{'demo seed, SQLite' if args.db is None else args.db.split('://')[0]}; "
            "CPU ms: median of the runs' p50 (range); head/base: median of the pairs' ratios of the "
            "page's cost in /sante's of its run"
        )
        report(runs)
    finally:
        if trees["base"].exists():
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(trees["base"])],
                check=False,
            )
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=False)


if __name__ == "__main__":
    main()
