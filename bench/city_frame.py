"""Frame time of the city map: draw of the hub at 60 fps while the avatar walks.

Run: ``PYTHONPATH=. .venv/bin/python bench/city_frame.py`` (headless, SDL dummy driver).
Prints the median and p95 of ``HubScene.draw`` over 600 frames at 1280x720, 100 % and 200 %.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pygame  # noqa: E402

from game.app import Game, Options  # noqa: E402
from game.core.clock import ManualClock  # noqa: E402
from game.core.framework import load_framework_view  # noqa: E402
from game.core.loader import load_catalogue  # noqa: E402
from game.core.store import Settings, open_store  # noqa: E402
from game.scenes.hub import HubScene  # noqa: E402


def measure(scale: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as home:
        framework = load_framework_view()
        store = open_store(Path(home))
        store.save_interests(("R",))
        store.save_settings(Settings(font_scale=scale, avatar="a3"))
        surface = pygame.Surface((1280, 720))
        game = Game(
            load_catalogue(ROOT / "assets" / "game" / "trades", framework, version="bench"),
            framework,
            store,
            Options(home=Path(home), portfolio="http://127.0.0.1:9", offline=True, seed=1),
            surface=surface,
            clock=ManualClock(),
        )
        scene = HubScene(game)
        game.stack.push(scene)
        scene.update(1 / 60)
        scene.draw(surface)  # warm the caches (static layer, text)
        times = []
        scene.held.add("right")
        for frame in range(600):
            if frame % 120 == 60:
                scene.held ^= {"right", "left"}
            scene.update(1 / 60)
            start = time.perf_counter()
            scene.draw(surface)
            times.append((time.perf_counter() - start) * 1000)
        game.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def main() -> None:
    pygame.display.init()
    pygame.font.init()
    for scale in (100, 200):
        median, p95 = measure(scale)
        print(f"city draw at {scale} %: median {median:.2f} ms, p95 {p95:.2f} ms (budget 16.7)")


if __name__ == "__main__":
    main()
