"""What operators need to run the service on several workers and servers.

- :mod:`.ratelimit`: the rate-limit counters (Redis in production), the start-up refusal of
  per-process counters behind several workers, and what happens while Redis is down;
- :mod:`.logs`: one JSON line per request, with a request id and the role, no personal data;
- :mod:`.metrics`: Prometheus metrics, served to operators only at ``/metriques``;
- :mod:`.readiness`: ``/sante/pret``, the state of the database, the file store and Redis
  (``/sante`` stays the liveness page: it touches nothing);
- :mod:`.backup` and :mod:`.cli`: ``flask ops backup|restore``, the database and every file
  with a manifest of hashes (``scripts/restore_drill.py`` proves a backup restores).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portfolio.ops import logs, metrics, ratelimit
    from portfolio.ops.cli import ops_cli
    from portfolio.ops.views import bp

    ratelimit.init_app(app)
    logs.init_app(app)
    metrics.init_app(app)
    app.register_blueprint(bp)
    app.cli.add_command(ops_cli)
