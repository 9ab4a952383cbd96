"""Benchmark of the game: cold start, frame time, memory, each beside a baseline.

Run: ``.venv/bin/python bench/game_bench.py`` (headless: SDL's dummy driver; also under Xvfb
when ``xvfb-run`` exists). Prints figures; asserts nothing (targets are printed beside them).

- cold start: ``python -m game --exit-at-hub`` (imports, framework and content validation,
  window, first hub frame), median of 5, beside ``python -c "import pygame"``;
- frame time at 1280x720 (one ``Game.step()`` = input, fixed updates, draw, flip) in the
  heaviest scenes, mean and p95, beside an empty pygame loop (fill + flip);
- resident memory (``ru_maxrss``) of the process that ran the frames, beside a bare pygame
  window;
- size on disk: ``assets/game`` and ``game/`` (source only), beside pygame-ce's own
  installed size, and the wheel when one is in ``dist/``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FRAMES = 600
STARTS = 5
TARGETS = {"start": 1.5, "p95_ms": 8.0, "rss_mb": 250.0}


def child_env(driver: str) -> dict[str, str]:
    env = dict(
        os.environ, SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT), PYGAME_HIDE_SUPPORT_PROMPT="1"
    )
    env["SDL_VIDEODRIVER"] = driver
    return env


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(command)}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def cold_start() -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of the game's cold start, and of importing pygame."""
    env = child_env("dummy")
    game_runs, pygame_runs = [], []
    for _ in range(STARTS):
        with tempfile.TemporaryDirectory() as home:
            game_runs.append(
                timed(
                    [sys.executable, "-m", "game", "--offline", "--home", home, "--exit-at-hub"],
                    env,
                )
            )
        pygame_runs.append(timed([sys.executable, "-c", "import pygame"], env))

    def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)

    return {"game": medians(game_runs), "import_pygame": medians(pygame_runs)}


# -- child process: frames and memory ------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def measure(step: Any, frames: int) -> dict[str, float]:
    for _ in range(30):  # warm the text cache
        step()
    times, cpu = [], []
    for _ in range(frames):
        start, start_cpu = time.perf_counter(), time.process_time()
        step()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {
        "mean_ms": statistics.fmean(times),
        "p95_ms": percentile(times, 0.95),
        "cpu_p95_ms": percentile(cpu, 0.95),
    }


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_baseline() -> dict[str, Any]:
    import pygame

    pygame.display.init()
    screen = pygame.display.set_mode((1280, 720))

    def step() -> None:
        pygame.event.pump()
        screen.fill((247, 244, 236))
        pygame.display.flip()

    figures = measure(step, FRAMES)
    figures["rss_mb"] = rss_mb()
    return figures


def child_game() -> dict[str, Any]:
    from game.scenes.hub import HubScene
    from game.scenes.journal import JournalScene
    from game.scenes.tasks import scene_for
    from game.scenes.trade import TradeScene

    game, catalogue, store, home = _open_game()
    game.stack.push(HubScene(game))
    results: dict[str, Any] = {}
    results["hub"] = measure(game.step, FRAMES)

    route = next(
        (trade, task)
        for trade in catalogue.trades
        for task in trade.tasks
        if task.engine == "route"
    )
    game.stack.push(TradeScene(game, route[0]))
    game.stack.push(scene_for(game, game.new_run(*route)))
    results["route task"] = measure(game.step, FRAMES)

    sort = max(
        (
            (trade, task)
            for trade in catalogue.trades
            for task in trade.tasks
            if task.engine == "sort"
        ),
        key=lambda pair: len(pair[1].data.items),
    )
    game.stack.push(scene_for(game, game.new_run(*sort)))
    results["sort task (most items)"] = measure(game.step, FRAMES)

    _fill_journal(store, *sort, entries=200)
    game.stack.push(JournalScene(game))
    results["journal (200 entries)"] = measure(game.step, FRAMES)
    results["rss_mb"] = rss_mb()
    game.close()
    shutil.rmtree(home, ignore_errors=True)
    return results


def _open_game() -> tuple[Any, Any, Any, Path]:
    """The real game in a 1280x720 window, offline, with a fresh save in a temporary folder."""
    import pygame

    from game.app import Game, Options
    from game.core.framework import load_framework_view
    from game.core.loader import load_catalogue, load_version
    from game.core.paths import assets_dir
    from game.core.store import open_store

    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
    assets = assets_dir()
    framework = load_framework_view()
    catalogue = load_catalogue(
        assets / "trades",
        framework,
        version=load_version(assets / "content.yaml"),
        assets_root=assets,
    )
    home = Path(tempfile.mkdtemp(prefix="e2c-bench-"))
    store = open_store(home)
    store.save_interests(("R", "C"))
    game = Game(
        catalogue,
        framework,
        store,
        Options(home=home, portfolio="http://127.0.0.1:9", offline=True, seed=1),
        surface=screen,
        window=True,
    )
    return game, catalogue, store, home


def _fill_journal(store: Any, trade: Any, task: Any, *, entries: int) -> None:
    """Record ``entries`` pieces of evidence of one task, as if played that many times."""
    from datetime import UTC, datetime

    from game.core.engines import EngineResult
    from game.core.session import TaskOutcome
    from game.core.statements import build_statement

    for n in range(entries):
        result = EngineResult.of(1, 2, ["x"], [])
        outcome = TaskOutcome(
            f"00000000-0000-4000-8000-{n:012d}",
            "r",
            trade.rome,
            task.id,
            result,
            (),
            1,
            n + 1,
            0,
            10.0,
            datetime.now(UTC),
        )
        statement = build_statement(
            outcome, trade, task, actor=None, content_version="b", game_version="b"
        )
        store.record(outcome, statement, task.title)


def run_child(kind: str, driver: str, wrapper: list[str] | None = None) -> dict[str, Any]:
    command = [*(wrapper or []), sys.executable, __file__, "--child", kind]
    done = subprocess.run(
        command, cwd=ROOT, env=child_env(driver), capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise SystemExit(f"child {kind} under {driver} failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# -- report --------------------------------------------------------------------------------


def report_frames(label: str, driver: str, wrapper: list[str] | None = None) -> None:
    baseline = run_child("baseline", driver, wrapper)
    game = run_child("game", driver, wrapper)
    print(
        f"\nFrame time at 1280x720, {label} ({FRAMES} frames; target p95 < {TARGETS['p95_ms']} ms)"
    )
    print(f"  {'':34} {'wall mean':>10} {'wall p95':>10} {'cpu p95':>10}")

    def line(name: str, figures: dict[str, float], mark: str = "") -> None:
        print(
            f"  {name:34} {figures['mean_ms']:7.2f} ms {figures['p95_ms']:7.2f} ms"
            f" {figures['cpu_p95_ms']:7.2f} ms{mark}"
        )

    line("empty pygame loop (baseline)", baseline)
    scenes = {k: v for k, v in game.items() if k != "rss_mb"}
    busiest = max(scenes, key=lambda k: scenes[k]["cpu_p95_ms"])
    for scene, figures in scenes.items():
        line(scene, figures, "  <- busiest" if scene == busiest else "")
    print(f"Resident memory ({label}; target < {TARGETS['rss_mb']:.0f} MB)")
    print(f"  bare pygame window (baseline)      {baseline['rss_mb']:7.1f} MB")
    print(f"  game after every scene above       {game['rss_mb']:7.1f} MB")


def folder_mb(folder: Path) -> float:
    """Size of the files under ``folder`` (caches left out)."""
    total = sum(
        path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    return total / 1e6


def report_size() -> None:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    print("\nSize on disk")
    print(f"  pygame-ce installed (baseline)     {folder_mb(Path(pygame.__file__).parent):7.1f} MB")
    print(f"  game/ (code)                       {folder_mb(ROOT / 'game'):7.1f} MB")
    print(f"  assets/game (content)              {folder_mb(ROOT / 'assets' / 'game'):7.1f} MB")
    wheels = sorted((ROOT / "dist").glob("*.whl")) if (ROOT / "dist").is_dir() else []
    for wheel in wheels:
        print(f"  {wheel.name[:34]:34} {wheel.stat().st_size / 1e6:7.1f} MB")
    if not wheels:
        print("  wheel: none in dist/ (python -m build --wheel makes one)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", choices=("baseline", "game"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        figures = child_baseline() if args.child == "baseline" else child_game()
        print(json.dumps(figures))
        return
    import platform

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"e2c-jeu benchmark - Python {platform.python_version()}, {os.cpu_count()} CPU, "
        f"{platform.system()}, load average {load:.1f} at start (cpu time is less sensitive to it)"
    )
    starts = cold_start()
    print(f"\nCold start to an interactive hub (median of {STARTS}; target < {TARGETS['start']} s)")
    print(f"  {'':36} {'wall':>8} {'cpu':>8}")
    for label, key in (
        ("python -c 'import pygame' (baseline)", "import_pygame"),
        ("python -m game --exit-at-hub", "game"),
    ):
        wall, cpu = starts[key]
        print(f"  {label:36} {wall:6.3f} s {cpu:6.3f} s")
    report_frames("SDL dummy driver", "dummy")
    report_size()
    if shutil.which("xvfb-run"):
        report_frames("Xvfb (x11 driver)", "x11", ["xvfb-run", "-a", "-s", "-screen 0 1280x720x24"])
    else:
        print("\nXvfb: xvfb-run not found, skipped")


if __name__ == "__main__":
    main()
