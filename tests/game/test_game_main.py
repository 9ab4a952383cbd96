"""The command line: help, start-up validation (exit 2 naming file and line), a cold start."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from game_builders import FIXTURES

ROOT = Path(__file__).resolve().parents[2]


def run_game(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def fixture_assets(tmp_path: Path) -> Path:
    assets = tmp_path / "assets"
    shutil.copytree(FIXTURES / "trades", assets / "trades")
    (assets / "content.yaml").write_text('schema: 1\nversion: "test"\n', encoding="utf-8")
    return assets


def test_help_lists_the_options() -> None:
    done = run_game("--help")
    assert done.returncode == 0
    for option in ("--portfolio", "--offline", "--home"):
        assert option in done.stdout


def test_a_content_error_stops_the_game_naming_file_and_line(tmp_path: Path) -> None:
    assets = fixture_assets(tmp_path)
    path = assets / "trades" / "N1103.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "indicators: [E2C-1A-06]", "indicators: [E2C-1A-66]"
    )
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "E2C-1A-66" in row)
    done = run_game(
        "--assets", str(assets), "--partial-content", "--home", str(tmp_path / "h"), "--offline"
    )
    assert done.returncode == 2
    assert "Le contenu du jeu a des erreurs" in done.stderr
    assert f"N1103.yaml:{line}: tasks[0].competencies[0].indicators[0]" in done.stderr
    assert not (tmp_path / "h").exists()  # stopped before touching the save


def test_missing_coverage_stops_the_game(tmp_path: Path) -> None:
    done = run_game(
        "--assets", str(fixture_assets(tmp_path)), "--home", str(tmp_path / "h"), "--offline"
    )
    assert done.returncode == 2
    assert "compétences exercées par aucune tâche" in done.stderr


def test_a_bad_portfolio_address_is_refused(tmp_path: Path) -> None:
    done = run_game(
        "--assets",
        str(fixture_assets(tmp_path)),
        "--partial-content",
        "--home",
        str(tmp_path / "h"),
        "--portfolio",
        "ftp://x",
    )
    assert done.returncode == 1 and "adresse du portfolio invalide" in done.stderr
    assert not (tmp_path / "h").exists()


def test_cold_start_reaches_the_hub(tmp_path: Path) -> None:
    home = tmp_path / "h"
    done = run_game(
        "--assets",
        str(fixture_assets(tmp_path)),
        "--partial-content",
        "--home",
        str(home),
        "--offline",
        "--exit-at-hub",
    )
    assert done.returncode == 0, done.stderr
    assert (home / "jeu.sqlite3").is_file()
