"""What the service worker keeps for offline use, and which pages it may copy.

The *shell* is the same for everyone (style sheet, scripts, icons, the offline page): the
worker stores it when it installs. *Pages* are a trainee's own pages (home, portfolio, a
trace, the trace form...): the server marks each answer it may copy with the header
``X-Offline-Copy: keep``, and every page seen while logged out with ``X-Offline-Copy: clear``,
which makes the worker forget every copied page (the login page after a logout is one). The
worker copies nothing else: every other answer of a logged-in person is ``no-store``.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"
OFFLINE_HEADER = "X-Offline-Copy"

# The trainee's own pages kept for offline reading (a trainee sees only their own there).
OFFLINE_PAGES = frozenset(
    {
        "main.home",
        "main.more",
        "main.news",
        "trainee.traces",
        "trainee.new_trace",
        "trainee.trace",
        "trainee.photo",
        "trainee.photo_thumb",
        "trainee.competencies",
        "trainee.my_follow_up",
    }
)

_SHELL_GLOBS = ("css/*.css", "js/*.js", "icons/*")
_NOT_IN_SHELL = {"js/sw.js"}
SW_MARKER = "const CONFIG = { version: 'dev', shell: [] };"


def shell_files() -> list[str]:
    """Paths under /static/ of the shell, sorted (the worker's own script aside)."""
    found = {
        str(path.relative_to(STATIC))
        for pattern in _SHELL_GLOBS
        for path in STATIC.glob(pattern)
        if path.is_file()
    }
    return sorted(found - _NOT_IN_SHELL)


@lru_cache(maxsize=1)
def worker_script(offline_url: str, manifest_url: str) -> str:
    """static/js/sw.js with its configuration: the shell's addresses and their version.

    The version is a hash of the shell's files: a changed file installs a new worker, which
    replaces the old shell. Computed once per process (the files do not change under it).
    """
    files = shell_files()
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode())
        digest.update((STATIC / name).read_bytes())
    script = (STATIC / "js" / "sw.js").read_text(encoding="utf-8")
    worker = (STATIC / "js" / "sw.js").read_bytes()
    digest.update(worker)
    config = {
        "version": digest.hexdigest()[:16],
        "shell": [f"/static/{name}" for name in files] + [offline_url, manifest_url],
        "offline": offline_url,
    }
    if SW_MARKER not in script:
        raise RuntimeError("static/js/sw.js lost its CONFIG line")
    return script.replace(SW_MARKER, f"const CONFIG = {json.dumps(config)};")
