"""game.core must import without pygame and without network code (STYLE.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCKER = """
import sys

BLOCKED = ("pygame", "urllib.request", "http.client", "requests", "socket", "ssl")


class Blocker:
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") for b in BLOCKED):
            raise ImportError(f"blocked for this test: {name}")
        return None


sys.meta_path.insert(0, Blocker())
"""

SCRIPT = """
import importlib, pkgutil, sys
import game.core
names = ["game.core"] + [m.name for m in pkgutil.walk_packages(game.core.__path__, "game.core.")]
for name in names:
    importlib.import_module(name)
try:
    import pygame
except ImportError:
    pygame_blocked = True
else:
    pygame_blocked = False
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pygame", "requests", "socket", "ssl"))
print(len(names), pygame_blocked, loaded)
"""


def test_every_core_module_imports_with_pygame_and_network_blocked(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    count, blocked, loaded = done.stdout.split(" ", 2)
    assert int(count) >= 15  # every module of game.core was imported
    assert blocked == "True"  # the blocker really works in that process
    assert loaded.strip() == "[]"


def test_the_blocker_does_stop_a_module_that_needs_pygame(tmp_path: Path) -> None:
    """Proves the test above can fail: a scene module cannot load under the blocker."""
    (tmp_path / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    done = subprocess.run(
        [sys.executable, "-c", "import game.scenes.widgets"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "blocked for this test: pygame" in done.stderr
