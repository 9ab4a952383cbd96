"""Where the game finds its content and keeps its save file."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP_DIR = "e2c-jeu"
HOME_ENV = "E2C_GAME_HOME"
ASSETS_ENV = "E2C_GAME_ASSETS"


def default_home(env: Mapping[str, str] | None = None) -> Path:
    """The save folder: ``$E2C_GAME_HOME``, else the user's data folder for this system."""
    env = os.environ if env is None else env
    if env.get(HOME_ENV):
        return Path(env[HOME_ENV]).expanduser()
    if sys.platform == "win32" and env.get("APPDATA"):
        return Path(env["APPDATA"]) / APP_DIR
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR


def assets_dir(env: Mapping[str, str] | None = None) -> Path:
    """The game's assets (``assets/game`` of the source tree, or ``$E2C_GAME_ASSETS``)."""
    env = os.environ if env is None else env
    if env.get(ASSETS_ENV):
        return Path(env[ASSETS_ENV]).expanduser()
    return Path(__file__).resolve().parents[2] / "assets" / "game"
