"""Golden screenshots of the key scenes, compared with a small tolerance.

Regenerate after an intended visual change with ``UPDATE_GOLDEN=1`` and look at the PNGs
before committing them. Rendering is deterministic: fixed seed, fixed clocks, pygame-ce's
bundled default font, no animation.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pygame
import pytest
from game_driver import Driver
from PIL import Image, ImageChops

from game.core.content import Catalogue

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
MAX_CHANGED_SHARE = 0.005  # share of pixels allowed to differ visibly
MAX_MEAN = 1.0  # mean difference, in grey levels


def image_of(surface: pygame.Surface) -> Image.Image:
    return Image.frombytes("RGB", surface.get_size(), pygame.image.tobytes(surface, "RGB"))


def compare(name: str, surface: pygame.Surface, tmp_path: Path) -> None:
    path = GOLDEN / f"{name}.png"
    actual = image_of(surface)
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        actual.save(path)
        return
    assert path.is_file(), f"no golden image {path.name}: run with UPDATE_GOLDEN=1"
    expected = Image.open(path).convert("RGB")
    assert expected.size == actual.size
    histogram = ImageChops.difference(expected, actual).convert("L").histogram()
    pixels = actual.width * actual.height
    changed = sum(histogram[41:]) / pixels
    mean = sum(level * count for level, count in enumerate(histogram)) / pixels
    if changed > MAX_CHANGED_SHARE or mean > MAX_MEAN:
        actual.save(tmp_path / f"{name}-actual.png")
        pytest.fail(
            f"{name}: {changed:.2%} of pixels differ (mean {mean:.2f}); "
            f"see {tmp_path / f'{name}-actual.png'}"
        )


def shot(driver: Driver) -> pygame.Surface:
    surface = pygame.Surface((1280, 720))
    driver.top.draw(surface)
    return surface


def test_golden_start(
    make_game: Callable[..., Driver], catalogue: Catalogue, tmp_path: Path
) -> None:
    driver = make_game(catalogue)
    compare("start", shot(driver), tmp_path)


def test_golden_hub(make_game: Callable[..., Driver], catalogue: Catalogue, tmp_path: Path) -> None:
    driver = make_game(catalogue)
    driver.press(pygame.K_RETURN)
    compare("hub", shot(driver), tmp_path)


def test_golden_task_and_debrief(
    make_game: Callable[..., Driver], catalogue: Catalogue, tmp_path: Path
) -> None:
    driver = make_game(catalogue)
    driver.press(pygame.K_RETURN)
    driver.choose("district-N")
    driver.choose("trade-N1103")
    driver.choose("task-ranger-colis")
    engine = driver.top.engine
    ids = [c.id for c in engine.data.categories]
    item = engine.items[engine.current]
    driver.choose(f"cat-{ids.index(item.category)}")
    driver.frame(30)  # the item has flown to its bin
    compare("task", shot(driver), tmp_path)
    for _ in range(len(engine.items) - 1):
        item = engine.items[engine.current]
        driver.choose(
            f"cat-{1 - ids.index(item.category)}"
            if item.label == "Colis de riz"
            else f"cat-{ids.index(item.category)}"
        )
    driver.choose("confirm")
    driver.frame(120)  # the celebration is over
    compare("debrief", shot(driver), tmp_path)


def test_the_comparison_catches_a_visible_change(
    make_game: Callable[..., Driver], catalogue: Catalogue, tmp_path: Path
) -> None:
    if UPDATE:
        pytest.skip("regenerating")
    driver = make_game(catalogue)
    surface = shot(driver)
    pygame.draw.rect(surface, (255, 0, 0), pygame.Rect(100, 100, 200, 200))
    with pytest.raises(pytest.fail.Exception):
        compare("start", surface, tmp_path)
