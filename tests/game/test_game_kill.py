"""Kill the game between sending and acknowledgement: after a restart, no loss, no duplicate."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fake_portfolio import TOKEN, FakePortfolio
from game_builders import FIXTURES, outcome_for

from game.core.content import Catalogue
from game.core.statements import build_statement
from game.core.store import Link, open_store

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
COUNT = 5


def start_game(home: Path, assets: Path, url: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "game",
            "--home",
            str(home),
            "--portfolio",
            url,
            "--assets",
            str(assets),
            "--partial-content",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(check: object, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_between_send_and_ack_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    assets = tmp_path / "assets"
    shutil.copytree(FIXTURES / "trades", assets / "trades")
    (assets / "content.yaml").write_text('schema: 1\nversion: "test"\n', encoding="utf-8")
    home = tmp_path / "home"
    store = open_store(home)
    store.save_interests(["R"])
    store.save_link(Link(portfolio.base_url, TOKEN, "t1", "", portfolio.actor, "Inès"))
    ids = []
    for n in range(COUNT):
        day = NOW - timedelta(days=n)  # one play a day: same-day replays are not queued
        run, outcome = outcome_for(catalogue, "G1602", "regles-hygiene", day, attempt=n + 1)
        statement = build_statement(
            outcome,
            run.trade,
            run.task,
            actor=portfolio.actor,
            content_version="test",
            game_version="0.1.0",
        )
        store.record(outcome, statement, run.task.title)
        ids.append(outcome.statement_id)

    # 1. The game sends; the portfolio stores, then never answers. Kill the game there.
    portfolio.hold = True
    first = start_game(home, assets, portfolio.base_url)
    try:
        assert portfolio.got_post.wait(30), (
            first.communicate()[1].decode() if first.poll() is not None else "no POST"
        )
        assert sorted(portfolio.stored) == sorted(ids)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == -signal.SIGKILL
    assert {r.status for r in store.journal()} == {"pending"}  # no acknowledgement arrived

    # 2. Restart: the same ids are sent again and come back as duplicates.
    portfolio.hold = False
    portfolio.release.set()
    second = start_game(home, assets, portfolio.base_url)
    try:
        done = wait_for(lambda: {r.status for r in store.journal()} == {"acknowledged"})
        assert done, [r.status for r in store.journal()]
    finally:
        second.kill()
        second.wait(10)
    store.close()

    assert sorted(portfolio.stored) == sorted(ids)  # no loss
    assert all(portfolio.newly_stored[i] == 1 for i in ids)  # no duplicate
    assert sorted(portfolio.received) == sorted(ids * 2)  # each one was sent exactly twice
