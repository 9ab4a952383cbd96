"""Lazy players against the game's scoring: strategy x engine x share reaching each level.

Run: ``.venv/bin/python bench/lazy_players.py [--runs 20] [--rev main]``. Plays every task of
``assets/game/trades`` through the real engines (``game.core.simulate``) with the strategies
random, first, longest, no-move and correct, ``--runs`` seeded runs each, and prints for each
strategy and engine the share of runs reaching level 1 or more and level 2. ``--rev`` runs
the same simulation on the code and content of a git revision (extracted with ``git
archive`` into a temporary folder, with today's ``game/core/simulate.py`` copied in): the
"before" table of a change. Asserts nothing; ``tests/game/test_lazy_players.py`` holds the rule.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def table(runs: int) -> str:
    """The table for the code found on ``sys.path`` (this tree, or an extracted revision)."""
    from game.core.framework import load_framework_view
    from game.core.loader import load_catalogue, load_version
    from game.core.paths import assets_dir
    from game.core.simulate import REFUSED, STRATEGIES, by_engine, simulate

    assets = assets_dir()
    catalogue = load_catalogue(
        assets / "trades",
        load_framework_view(),
        version=load_version(assets / "content.yaml"),
        assets_root=assets,
    )
    figures = simulate(catalogue, runs)
    engines = sorted({row.engine for row in figures})
    lines = [
        f"{len(figures)} task versions (data and variants), {runs} runs per version and "
        "strategy; "
        "cell = % of runs reaching level >= 1 / level 2",
        f"{'strategy':<9}" + "".join(f"{e:>13}" for e in engines) + f"{'all':>13}",
    ]
    for strategy in STRATEGIES:
        one = by_engine(figures, strategy, 1)
        two = by_engine(figures, strategy, 2)
        total = len(figures) * runs
        all_one = sum(row.share(strategy, 1) for row in figures) * runs / total
        all_two = sum(row.share(strategy, 2) for row in figures) * runs / total
        cells = "".join(f"{_pct(one[e], two[e]):>13}" for e in engines)
        lines.append(f"{strategy:<9}{cells}{_pct(all_one, all_two):>13}")
    worst = {
        s: max(figures, key=lambda row, s=s: row.share(s, 1))
        for s in ("random", "first", "longest", "no-move")
    }
    lines.append("worst task per lazy strategy (share reaching level >= 1):")
    for strategy, row in worst.items():
        lines.append(
            f"  {strategy:<8} {row.rome} {row.task_id} v{row.version} ({row.engine}): "
            f"{row.share(strategy, 1):.0%}"
        )
    passed = sum(row.share("correct", 1) == 1.0 for row in figures)
    refused = sum(row.levels["no-move"][REFUSED] for row in figures) / (len(figures) * runs)
    lines.append(
        f"correct play reaches level >= 1 in every run: {passed} of {len(figures)} versions"
    )
    lines.append(f"no-move refused (no evidence at all): {refused:.0%} of its runs")
    return "\n".join(lines)


def _pct(one: float, two: float) -> str:
    return f"{one * 100:.0f}/{two * 100:.0f}"


def at_revision(rev: str, runs: int) -> int:
    """Run this script on ``rev``'s code and content, with today's simulator."""
    with tempfile.TemporaryDirectory(prefix="lazy-") as folder:
        tree = Path(folder)
        archive = subprocess.run(
            ["git", "archive", rev, "game", "assets/game", "referentiel"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        shutil.copy(ROOT / "game" / "core" / "simulate.py", tree / "game" / "core" / "simulate.py")
        env = dict(os.environ, PYTHONPATH=str(tree))
        env.pop("E2C_GAME_ASSETS", None)
        return subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--runs", str(runs), "--here"],
            cwd=tree,
            env=env,
            check=False,
        ).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rev", help="a git revision to measure instead of this tree")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rev:
        return at_revision(args.rev, args.runs)
    if not args.here:
        sys.path.insert(0, str(ROOT))
    print(table(args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
