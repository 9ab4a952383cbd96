""" "Jouer hors ligne" only when the linked portfolio really does not answer.

Not linked: no portfolio to reach, just "Jouer". Linked: the start screen asks the portfolio
in the background (short timeout) and offers "Jouer hors ligne" only when it is down.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from fake_portfolio import TOKEN, FakePortfolio
from game_driver import Driver

from game.core.content import Catalogue
from game.core.store import Link, open_store
from game.net.client import reachable

MakeGame = Callable[..., Driver]


def link_save(home: Path, base_url: str) -> None:
    store = open_store(home)
    store.save_link(
        Link(base_url, TOKEN, "tok-1", "2027-01-01T00:00:00Z", {"objectType": "Agent"}, "Inès")
    )
    store.close()


def settled(driver: Driver, seconds: float = 5.0) -> None:
    """Let the background check finish (it runs in a worker thread)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        driver.frame()
        if driver.top._probe is None:
            return
        time.sleep(0.01)
    raise AssertionError("the reachability check never ended")


def play_label(driver: Driver) -> str:
    [button] = [w for w in driver.top.focusables if w.key == "play"]
    return str(button.label)


def test_not_linked_means_just_play(make_game: MakeGame, catalogue: Catalogue) -> None:
    driver = make_game(catalogue)
    settled(driver)
    assert play_label(driver) == "Jouer"
    assert driver.top.portfolio_up is None  # nothing was asked


def test_linked_and_up_means_play(
    make_game: MakeGame, catalogue: Catalogue, portfolio: FakePortfolio, tmp_path: Path
) -> None:
    link_save(tmp_path / "home", portfolio.base_url)
    driver = make_game(catalogue, portfolio_url=portfolio.base_url)
    settled(driver)
    assert driver.top.portfolio_up is True
    assert play_label(driver) == "Jouer"
    assert not driver.shows("ne répond pas")


def test_linked_and_down_offers_play_offline(
    make_game: MakeGame, catalogue: Catalogue, tmp_path: Path
) -> None:
    server = FakePortfolio()
    base_url = server.start()
    server.stop()  # the portfolio is down: the port refuses connections
    link_save(tmp_path / "home", base_url)
    driver = make_game(catalogue, portfolio_url=base_url)
    settled(driver)
    assert driver.top.portfolio_up is False
    assert play_label(driver) == "Jouer hors ligne"
    assert driver.shows("Le portfolio ne répond pas")


def test_reachable_answers_quickly_either_way(portfolio: FakePortfolio) -> None:
    assert reachable(portfolio.base_url)
    start = time.monotonic()
    assert not reachable("http://127.0.0.1:9", timeout=1.0)
    assert time.monotonic() - start < 2.0
