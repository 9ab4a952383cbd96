"""Benchmark: the trade picker's job-title search over the whole ROME (11,118 titles).

Usage: .venv/bin/python bench/trade_picker.py [--queries 2000] [--requests 300] [--loads 3]

In one run, on this machine:

1. **search**: the pure search (``Rome.search``) over a realistic query set built from the
   shipped titles themselves (seeded, so each run types the same): prefixes of 2 to 9 letters
   of a title's first word, as typed letter by letter; one typo (a letter added, missing,
   changed, or two swapped) in a word of 5 letters or more; the first two words of a title;
   noise (random letters, signs, emoji). Beside it, the baseline: the simplest search one
   could write, every folded label tested for the folded text (a pass over the list).
   Median, p95 and max per kind of query. Target: search p95 < 30 ms.
2. **endpoint**: ``GET /metiers/suggestions?q=`` through the Flask test client (logged in
   as a trainee, on a temporary SQLite database), else ``GET /api/v1/metiers?q=`` when only
   that exists, beside ``GET /sante``, taking turns. Skipped with a note when neither exists.
3. **cold load**: in fresh processes, the time to import the app, and the time of the first
   ``load_rome()`` (reading and checking the three files and ``metiers.csv``, building the
   index): what each worker pays once at start-up.

A script that prints figures, not a test: the machine is shared and noisy, so read ratios,
medians and p95, not one number against another run's.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._load import nearest_percentile  # noqa: E402

ENDPOINTS = ("/metiers/suggestions", "/api/v1/metiers")
PASSWORD = "bench-password-2025"
NOISE_POOL = "abcdefghijklmnopqrstuvwxyzéèç '-/<>;%0123456789🙂💼"


# --------------------------------------------------------------------------- queries


def _typo(word: str, rng: random.Random) -> str:
    """``word`` with one typo: a letter added, missing, changed, or two letters swapped."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["add", "drop", "change", "swap"])
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if kind == "add":
        return word[:i] + letter + word[i:]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "change":
        return word[:i] + letter + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def queries(labels: list[str], count: int, seed: int = 2026) -> dict[str, list[str]]:
    """Queries by kind, made from the titles' own words (``count`` in all)."""
    from portfolio.services.rome.search import words

    rng = random.Random(seed)
    share = count // 4
    title_words = [w for label in labels for w in words(label)]
    long_words = [w for w in title_words if len(w) >= 5]
    prefixes = []
    while len(prefixes) < share:
        word = rng.choice(title_words)
        prefixes += [word[:n] for n in range(2, min(len(word), 9) + 1)]
    two_words = []
    while len(two_words) < share:
        found = words(rng.choice(labels))
        if len(found) >= 2:
            two_words.append(f"{found[0]} {found[1]}")
    return {
        "prefix 2-9 letters": prefixes[:share],
        "one typo": [_typo(rng.choice(long_words), rng) for _ in range(share)],
        "two words": two_words,
        "noise": [
            "".join(rng.choice(NOISE_POOL) for _ in range(rng.randrange(2, 60)))
            for _ in range(share)
        ],
    }


def timed(function: Callable[[str], Any], typed: list[str]) -> list[float]:
    """Milliseconds of ``function(text)`` for each text (a refusal counts as an answer)."""
    from portfolio.services.rome import TradeSearchError

    times = []
    for text in typed:
        began = time.perf_counter()
        with contextlib.suppress(TradeSearchError):
            function(text)
        times.append((time.perf_counter() - began) * 1000)
    return times


def row(name: str, times: list[float], base: list[float] | None = None) -> str:
    median = statistics.median(times)
    p95 = nearest_percentile(times, 0.95)
    line = f"  {name:<30} {len(times):>6} {median:>9.3f} {p95:>9.3f} {max(times):>9.3f}"
    if base:
        line += f" {statistics.median(base) / median:>8.0f}x"
    return line


def bench_search(count: int) -> None:
    from portfolio.services.rome import load_rome
    from portfolio.services.rome.search import fold

    catalogue = load_rome()
    labels = [t.label for t in catalogue.titles.values()]
    folded = [fold(label) for label in labels]

    def scan(text: str) -> list[str]:
        typed = fold(text).strip()
        return [labels[n] for n, label in enumerate(folded) if typed in label][:8]

    by_kind = queries(labels, count)
    for typed in by_kind["prefix 2-9 letters"][:50]:  # warm-up, not counted
        timed(catalogue.search, [typed])
    print(f"\n1. search over {len(labels):,} job titles (ms; ratio: baseline median / median)")
    print(f"  {'queries':<30} {'count':>6} {'median':>9} {'p95':>9} {'max':>9} {'vs scan':>9}")
    every, every_scan = [], []
    for kind, typed in by_kind.items():
        times = timed(catalogue.search, typed)
        base = timed(scan, typed)
        every += times
        every_scan += base
        print(row(kind, times, base))
    print(row("all kinds", every, every_scan))
    print(row("baseline: substring scan", every_scan))
    p95 = nearest_percentile(every, 0.95)
    verdict = "met" if p95 < 30 else "NOT met"
    print(f"  target p95 < 30 ms: {verdict} ({p95:.2f} ms)")


# --------------------------------------------------------------------------- endpoint


def _endpoint(app: Any) -> str | None:
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    return next((path for path in ENDPOINTS if path in rules), None)


def bench_endpoint(requests: int, path: str | None = None) -> None:
    from portfolio import create_app

    folder = Path(tempfile.mkdtemp(prefix="bench-picker-"))
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "UPLOAD_FOLDER": str(folder / "uploads"),
        }
    )
    path = path or _endpoint(app)
    print("\n2. endpoint through the Flask test client (ms)")
    if path is None:
        print(f"  skipped: neither {' nor '.join(ENDPOINTS)} exists in this app yet")
        return
    client = app.test_client()
    with app.app_context():
        _log_in_a_trainee(app, client)
    typed = ["ca", "cari", "caristes", "serveuse", "aide soignante", "macon", "D1102"]
    pages = {"/sante": ["/sante"], path: [f"{path}?q={text}" for text in typed]}
    for urls in pages.values():  # warm-up: templates, first queries
        for url in urls:
            client.get(url)
    times: dict[str, list[float]] = {name: [] for name in pages}
    statuses: dict[str, set[int]] = {name: set() for name in pages}
    for turn in range(requests):
        for name, urls in pages.items():
            began = time.perf_counter()
            response = client.get(urls[turn % len(urls)])
            times[name].append((time.perf_counter() - began) * 1000)
            statuses[name].add(response.status_code)
    print(f"  {'page':<30} {'count':>6} {'median':>9} {'p95':>9} {'max':>9} {'statuses':>9}")
    for name, values in times.items():
        print(row(name, values) + f"  {sorted(statuses[name])}")
    if any(codes != {200} for codes in statuses.values()):
        print("  answers other than 200: not a valid measurement")
    ratio = statistics.median(times[path]) / statistics.median(times["/sante"])
    print(f"  {path} median / /sante median: {ratio:.1f}x")


def _log_in_a_trainee(app: Any, client: Any) -> None:
    from portfolio.extensions import db
    from portfolio.models import Base, Role
    from portfolio.services import accounts

    Base.metadata.create_all(db.engine)
    site = accounts.create_site("bench", "E2C Banc d'essai")
    accounts.create_user(
        login="bench.trainee", password=PASSWORD, first_name="Alex", role=Role.TRAINEE, site=site
    )
    db.session.commit()
    client.post("/connexion", data={"login": "bench.trainee", "password": PASSWORD})


# --------------------------------------------------------------------------- cold load


LOAD_ROME = (
    "import time; from portfolio.services.rome import load_rome; t = time.perf_counter(); load_rome(); "
    "print((time.perf_counter() - t) * 1000)"
)
IMPORT_APP = (
    "t = time.perf_counter(); from portfolio import create_app; "
    "import portfolio.main.views, portfolio.services.rome; "
    "print((time.perf_counter() - t) * 1000)"
)


def _fresh(code: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def bench_cold_load(loads: int) -> None:
    print(f"\n3. cold start, each in a fresh process (ms, {loads} runs each)")
    print(f"  {'what':<30} {'count':>6} {'median':>9} {'p95':>9} {'max':>9}")
    imports = [_fresh("import time; " + IMPORT_APP) for _ in range(loads)]
    rome = [_fresh(LOAD_ROME) for _ in range(loads)]
    print(row("import the app (baseline)", imports))
    print(row("first load_rome()", rome))
    print(f"  load_rome / import: {statistics.median(rome) / statistics.median(imports):.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--path", help="the suggestions endpoint (found in the app if not given)")
    args = parser.parse_args()
    bench_search(args.queries)
    bench_endpoint(args.requests, args.path)
    bench_cold_load(args.loads)


if __name__ == "__main__":
    main()
