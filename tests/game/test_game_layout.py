"""Every engine's task at 100 % and 200 % text, in a 1280x720 and a 1024x600 window.

For the shipped task of each engine with the most text, the test checks from the widgets'
rectangles what a player would notice: the instructions stay in view, nothing sticks out of
the window, no two widgets overlap, and every answer, button and field can be reached with
Tab and is then shown whole (not cut by the header, the instructions or the footer).
Screenshots go to test-output/screenshots/game/engines/ (look at them after a layout change).
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pygame
import pytest
from game_driver import Driver

from game.core.clock import ManualClock
from game.core.content import Catalogue, Task, Trade
from game.core.framework import FrameworkView
from game.core.loader import load_catalogue, load_version
from game.core.paths import assets_dir
from game.scenes.tasks import TaskScene, scene_for
from game.scenes.theme import Theme
from game.scenes.widgets import Canvas, Panel, Row, Widget, walk

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots" / "game" / "engines"
ENGINES = ("sort", "order", "measure", "dialogue", "hazard", "route", "form", "quiz")
WINDOWS = ((1280, 720), (1024, 600))


@pytest.fixture(scope="module")
def shipped(framework: FrameworkView, display: pygame.Surface) -> Catalogue:
    assets = assets_dir()
    return load_catalogue(
        assets / "trades",
        framework,
        version=load_version(assets / "content.yaml"),
        assets_root=assets,
    )


def heaviest(catalogue: Catalogue, engine: str) -> tuple[Trade, Task]:
    """The shipped task of ``engine`` with the most text: the hardest to lay out."""
    return max(
        (
            (trade, task)
            for trade in catalogue.trades
            for task in trade.tasks
            if task.engine == engine
        ),
        key=lambda pair: len(repr(pair[1].data)) + len(pair[1].instructions),
    )


def open_task(
    catalogue: Catalogue,
    framework: FrameworkView,
    engine: str,
    scale: int,
    size: tuple[int, int],
    pair: tuple[Trade, Task] | None = None,
) -> tuple[Driver, Any]:
    from game.app import Game, Options
    from game.core.store import open_store

    home = Path(tempfile.mkdtemp(prefix="e2c-layout-"))
    store = open_store(home)
    store.save_interests(("R",))
    clock = ManualClock()
    game = Game(
        catalogue,
        framework,
        store,
        Options(home=home, portfolio="http://127.0.0.1:9", offline=True, seed=7),
        surface=pygame.Surface(size),
        clock=clock,
    )
    game.save_settings(replace(game.profile.settings, font_scale=scale))
    pygame.event.clear()
    game.stack.push(scene_for(game, game.new_run(*(pair or heaviest(catalogue, engine)))))
    driver = Driver(game, clock)
    driver.frame()
    return driver, game


def leaves(widgets: list[Widget]) -> list[Widget]:
    """Widgets that paint something of their own: not the containers (rows, panels, the hazard
    picture) that hold others on top of what they draw."""
    return [
        w
        for w in walk(widgets)
        if not isinstance(w, Row | Panel)
        and not w.children()
        and w.rect.width > 0
        and w.rect.height > 0
    ]


def check_layout(scene: TaskScene[Any], size: tuple[int, int], where: str) -> None:
    width, height = size
    header, content, _footer = scene._areas()
    pinned = leaves(scene.pinned_widgets)
    instructions = [w for w in pinned if getattr(w, "text", None) == scene.run.task.instructions]
    assert instructions, f"{where}: the instructions are not pinned in view"
    theme, title = scene.game.theme, scene.run.task.title
    if len(theme.wrap(title, "heading", width - 4 * theme.unit(14))) > 1:  # "…" in the header
        assert any(getattr(w, "text", None) == title for w in pinned), f"{where}: title cut"
    for widget in pinned:
        assert widget.rect.top >= header.bottom, f"{where}: instructions under the header"
        assert widget.rect.bottom <= content.top, f"{where}: instructions under the answers"
        assert widget.rect.bottom <= height // 2, f"{where}: instructions take half the window"
    shown = leaves(scene.widgets)
    for widget in pinned + shown:
        assert widget.rect.left >= 0 and widget.rect.right <= width, (
            f"{where}: {type(widget).__name__} {widget.key or getattr(widget, 'text', '')!r} "
            f"sticks out of the window ({widget.rect})"
        )
    for i, one in enumerate(shown):
        for other in shown[i + 1 :]:
            overlap = one.rect.clip(other.rect)
            assert overlap.width * overlap.height == 0, (
                f"{where}: {type(one).__name__} {one.key!r} overlaps "
                f"{type(other).__name__} {other.key!r}"
            )


def _shot(driver: Any, game: Any, path: Path) -> None:
    """Save the window as the player sees it once the fade-in is over (a second at most)."""
    for _ in range(60):
        if game.fade <= 0:
            break
        driver.frame()
    pygame.image.save(game.surface, str(path))


@pytest.mark.parametrize("engine", ENGINES)
def test_every_engine_fits_at_100_and_200_percent(
    shipped: Catalogue, framework: FrameworkView, engine: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for scale in (100, 200):
        for size in WINDOWS:
            where = f"{engine} at {scale} % in {size[0]}x{size[1]}"
            driver, game = open_task(shipped, framework, engine, scale, size)
            try:
                scene = driver.top
                assert isinstance(scene, TaskScene)
                suffix = "" if size == WINDOWS[0] else f"-{size[0]}x{size[1]}"
                _shot(driver, game, SHOTS / f"{engine}-{scale}{suffix}.png")
                check_layout(scene, size, where)
                _, content, _ = scene._areas()
                first = scene.focused
                assert first is not None and content.contains(first.rect), (
                    f"{where}: the first answer is not in view when the task opens"
                )
                if (scale, size) != (200, WINDOWS[1]):  # 1024x600 at 200 %: the map scrolls
                    for canvas in [w for w in scene.widgets if isinstance(w, Canvas)]:
                        assert content.contains(canvas.rect), f"{where}: the map is cut"
                for key in [w.key for w in scene.focusables]:
                    driver.focus(key)
                    focused = scene.focused
                    assert focused is not None
                    assert focused.rect.height <= content.height, (
                        f"{where}: {key} taller than the view"
                    )
                    assert content.contains(focused.rect), (
                        f"{where}: {key} is cut when it has the focus "
                        f"({focused.rect} outside {content})"
                    )
                    check_layout(scene, size, f"{where}, focus on {key}")
            finally:
                game.close()


def test_the_check_catches_a_widget_out_of_the_window(
    shipped: Catalogue, framework: FrameworkView
) -> None:
    """The checks above can fail: a button pushed past the right edge is reported."""
    driver, game = open_task(shipped, framework, "quiz", 200, WINDOWS[1])
    try:
        scene = driver.top
        target = scene.focusables[0]
        target.rect = target.rect.move(WINDOWS[1][0], 0)
        with pytest.raises(AssertionError, match="sticks out of the window"):
            check_layout(scene, WINDOWS[1], "crafted")
        target.rect = scene.focusables[1].rect.copy()
        with pytest.raises(AssertionError, match="overlaps"):
            check_layout(scene, WINDOWS[1], "crafted")
    finally:
        game.close()


@pytest.mark.parametrize("scale", [100, 200])
def test_a_carried_step_stays_in_view_with_its_neighbour(
    shipped: Catalogue, framework: FrameworkView, scale: int
) -> None:
    """Order at big text in a small window: the step moved from the bottom to the top stays
    whole in view at every move, with a part of the step it is passing."""
    driver, game = open_task(shipped, framework, "order", scale, WINDOWS[1])
    try:
        scene = driver.top
        engine = scene.engine
        last = engine.order[-1]
        driver.choose(f"step-{last}")  # pick it up
        assert scene.carried == last
        _, content, _ = scene._areas()
        for position in range(len(engine.order) - 1, 0, -1):
            driver.press(pygame.K_UP)
            assert engine.order.index(last) == position - 1
            carried = scene.focused
            assert carried is not None and carried.key == f"step-{last}"
            assert content.contains(carried.rect), f"the carried step is cut at {position - 1}"
            if position - 1 > 0:  # the step above it shows at least in part
                above = next(
                    w for w in scene.focusables if w.key == f"step-{engine.order[position - 2]}"
                )
                assert above.rect.bottom > content.top
        driver.press(pygame.K_RETURN)  # put it down
        assert scene.carried is None and engine.order[0] == last
        _shot(driver, game, SHOTS / f"order-moved-{scale}-1024x600.png")
    finally:
        game.close()


def test_a_title_too_long_for_the_header_is_written_whole(
    shipped: Catalogue, framework: FrameworkView
) -> None:
    """At 200 % in 1024x600 the header cuts long titles ("…"): the band shows them whole."""
    theme = Theme(200)
    room = WINDOWS[1][0] - 4 * theme.unit(14)
    long = [
        (tr, t)
        for tr in shipped.trades
        for t in tr.tasks
        if len(theme.wrap(t.title, "heading", room)) > 1
    ]
    assert long, "no long title left in the content: this test checks nothing"
    for pair in long:
        driver, game = open_task(shipped, framework, pair[1].engine, 200, WINDOWS[1], pair)
        try:
            texts = [getattr(w, "text", None) for w in driver.top.pinned_widgets]
            assert pair[1].title in texts, pair[1].title
            check_layout(driver.top, WINDOWS[1], pair[1].title)
            if pair == long[0]:
                _shot(driver, game, SHOTS / "long-title-200-1024x600.png")
        finally:
            game.close()
