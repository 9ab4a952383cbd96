"""The repository tests and runs itself from its own files: no path of a development machine."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED_DIRS = {".git", ".venv", "node_modules", "__pycache__", "instance", "test-output"}
SKIPPED_DIRS |= {".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "build"}
TEXT_SUFFIXES = {".py", ".md", ".toml", ".cfg", ".ini", ".yaml", ".yml", ".html", ".js", ".css"}
TEXT_SUFFIXES |= {".txt", ".json", ".csv", ".po", ".pot", ".mako", ".sh", ""}
# Absolute paths of a developer's machine, or the reference folder beside the repository.
OUTSIDE = re.compile(r"/work/|\.\./shared\b|/home/[a-z]|/root/|[A-Z]:\\\\Users")


def _files() -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        if any(part in SKIPPED_DIRS for part in path.relative_to(ROOT).parts):
            continue
        if path.is_file() and path.suffix in TEXT_SUFFIXES and path != Path(__file__):
            found.append(path)
    return found


def test_no_file_names_a_path_outside_the_repository() -> None:
    files = _files()
    assert len(files) > 200  # the walk really reads the repository
    offenders = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [
            f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
            for n, line in enumerate(text.splitlines(), 1)
            if OUTSIDE.search(line)
        ]
    assert offenders == []
