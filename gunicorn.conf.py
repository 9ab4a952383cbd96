"""Gunicorn's settings, read from the current folder when it starts there (the repository root).

- The app learns how many workers run (``WORKERS``), so it refuses per-process rate-limit
  counters behind several workers (portfolio/ops/ratelimit.py) however ``-w`` was given.
  With ``--preload`` the app loads before this hook: set ``WEB_CONCURRENCY`` instead of ``-w``.
- With ``PROMETHEUS_MULTIPROC_DIR`` (an empty folder, emptied at each start), a worker that
  exits has its metric files marked dead, as prometheus-client's multiprocess mode asks.
"""

from __future__ import annotations

import os
from typing import Any


def on_starting(server: Any) -> None:
    os.environ["WORKERS"] = str(server.cfg.workers)


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
