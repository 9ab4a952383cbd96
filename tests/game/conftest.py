"""Game tests run headless: SDL's dummy video and audio drivers, set before pygame loads."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
# The helpers next to this file (builders, fake portfolio) are imported by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pygame
import pytest
from fake_portfolio import FakePortfolio
from game_builders import fixture_catalogue, stand_in_framework
from game_driver import Driver

from game.core.clock import ManualClock
from game.core.content import Catalogue
from game.core.framework import FrameworkView
from game.core.store import Store, open_store

NOW = datetime(2026, 11, 27, 10, 0, 0, tzinfo=UTC)


def _framework() -> FrameworkView:
    try:
        from game.core.framework import load_framework_view

        return load_framework_view()
    except ImportError:  # the referentiel package has not landed: tests use a stand-in
        return stand_in_framework()


_FRAMEWORK = _framework()


@pytest.fixture(scope="session")
def framework() -> FrameworkView:
    return _FRAMEWORK


@pytest.fixture
def catalogue(framework: FrameworkView) -> Catalogue:
    return fixture_catalogue(framework)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "home")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def display() -> Iterator[pygame.Surface]:
    """A dummy display so events can be posted; the game draws on its own surface."""
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode((1280, 720))


@pytest.fixture
def portfolio() -> Iterator[FakePortfolio]:
    server = FakePortfolio()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make_game(
    display: pygame.Surface, tmp_path: Path, framework: FrameworkView
) -> Iterator[Callable[..., Driver]]:
    """Build a Game on an off-screen 1280x720 surface, with fixed seed and clocks."""
    from game.app import Game, Options

    made: list[Any] = []

    def build(
        catalogue: Catalogue,
        *,
        interests: tuple[str, ...] = ("R",),
        sender: Any = None,
        portfolio_url: str = "http://127.0.0.1:9",
        offline: bool = False,
        home: Path | None = None,
        start: str = "start",
        avatar: str = "a1",
    ) -> Driver:
        home = home or tmp_path / "home"
        store = open_store(home)
        if interests:
            store.save_interests(interests)
        settings = store.profile().settings
        if avatar and not settings.avatar:  # chosen once; most tests start after that
            store.save_settings(dataclasses.replace(settings, avatar=avatar))
        clock = ManualClock()
        surface = pygame.Surface((1280, 720))
        counter = iter(range(1, 10_000))
        game = Game(
            catalogue,
            framework,
            store,
            Options(home=home, portfolio=portfolio_url, offline=offline, seed=7),
            surface=surface,
            clock=clock,
            wall=lambda: NOW,
            sender=sender,
            new_id=lambda: f"00000000-0000-4000-8000-{next(counter):012d}",
        )
        pygame.event.clear()
        if start == "start":
            from game.scenes.start import StartScene

            game.stack.push(StartScene(game))
        else:
            from game.scenes.hub import HubScene

            game.stack.push(HubScene(game))
        made.append(game)
        driver = Driver(game, clock)
        driver.frame()
        return driver

    yield build
    for game in made:
        game.close()
