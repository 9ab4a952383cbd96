"""Hostile YAML is refused the same way by the framework loader and the game's trade loader.

Both read YAML through one safe reader (`referentiel.safe_yaml`); each words its own message,
and each names the file and the line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core.errors import ContentError
from game.core.framework import FrameworkView
from game.core.loader import load_catalogue
from referentiel import ReferentielError, load_framework


def _billion_laughs() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


# (bytes, line, fragment of the framework message, fragment of the game message)
HOSTILE = [
    pytest.param(_billion_laughs(), 1, "Ancre YAML interdite", "ancres et alias", id="laughs"),
    pytest.param(b"# " + b"x" * (10 * 1024 * 1024) + b"\n", 0, "trop gros", "trop gros", id="10MB"),
    pytest.param(
        b"id: demo\na: " + b"[" * 200 + b"]" * 200 + b"\n",
        2,
        "Trop de niveaux d'imbrication",
        "trop de niveaux d'imbrication",
        id="deep",
    ),
    pytest.param(
        b'id: demo\ntitle: !!python/object/apply:os.system ["echo pwned"]\n',
        2,
        "Étiquette YAML interdite « !!python/object/apply:os.system »",
        "étiquettes YAML sont refusées (« !!python/object/apply:os.system »)",
        id="python-tag",
    ),
    pytest.param(
        b"id: demo\nlabel: a\nlabel: b\n", 3, "Clé en double « label »", "deux fois", id="dup"
    ),
]


def _where(file: Path, line: int) -> str:
    return f"{file.name}:{line}: " if line else f"{file.name}: "


@pytest.mark.parametrize(("raw", "line", "framework_says", "game_says"), HOSTILE)
def test_both_loaders_refuse_hostile_yaml_naming_file_and_line(
    tmp_path: Path,
    framework: FrameworkView,
    raw: bytes,
    line: int,
    framework_says: str,
    game_says: str,
) -> None:
    framework_file = tmp_path / "demo.yaml"
    framework_file.write_bytes(raw)
    with pytest.raises(ReferentielError) as refused:
        load_framework(framework_file)
    shown = [str(problem).replace(str(tmp_path) + "/", "") for problem in refused.value.problems]
    assert any(s.startswith(_where(framework_file, line)) and framework_says in s for s in shown)

    trade_file = tmp_path / "trades" / "N1103.yaml"
    trade_file.parent.mkdir()
    trade_file.write_bytes(raw)
    with pytest.raises(ContentError) as rejected:
        load_catalogue(trade_file.parent, framework, version="test", check_coverage=False)
    said = [
        str(problem).replace(str(tmp_path) + "/trades/", "") for problem in rejected.value.problems
    ]
    assert any(s.startswith(_where(trade_file, line)) and game_says in s for s in said), said
