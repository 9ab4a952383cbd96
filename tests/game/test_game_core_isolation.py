"""game.core must import without pygame and without network code (STYLE.md).

It may import ``referentiel`` (the framework loader and the shared safe YAML reader), which
itself must stay free of Flask and of the portfolio: both are blocked here too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

BLOCKER = """
import sys

BLOCKED = (
    "pygame", "urllib.request", "http.client", "requests", "socket", "ssl",
    "flask", "portfolio", "sqlalchemy",
)


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
watched = ("pygame", "requests", "socket", "ssl", "flask", "portfolio", "sqlalchemy")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in watched)
print(len(names), pygame_blocked, "referentiel.safe_yaml" in sys.modules, loaded)
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
    count, blocked, shared_reader, loaded = done.stdout.split(" ", 3)
    assert int(count) >= 15  # every module of game.core was imported
    assert blocked == "True"  # the blocker really works in that process
    assert shared_reader == "True"  # the content loader reads YAML through referentiel
    assert loaded.strip() == "[]"


@pytest.mark.parametrize(
    ("module", "blocked"),
    [
        ("game.scenes.widgets", "pygame"),
        ("portfolio.api.statements", "portfolio"),
        ("flask", "flask"),
    ],
)
def test_the_blocker_does_stop_a_module_that_needs_pygame_or_flask(
    tmp_path: Path, module: str, blocked: str
) -> None:
    """Proves the test above can fail: a scene or a portfolio module cannot load under it."""
    (tmp_path / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert f"blocked for this test: {blocked}" in done.stderr
