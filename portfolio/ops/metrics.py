"""Prometheus metrics, for operators only (``/metriques``).

Measured: the latency of each request by endpoint name and status class (``2xx``...), the
errors (answers 5xx and unhandled exceptions) by endpoint, the game statements stored, the
photos stored. Endpoint names, never paths: the label set stays small and holds no id.

Under gunicorn each worker counts alone; to add them up, set ``PROMETHEUS_MULTIPROC_DIR`` to
an empty folder the workers may write (emptied at each start) and add to the gunicorn
configuration ``def child_exit(server, worker): multiprocess.mark_process_dead(worker.pid)``.
``/metriques`` then reads every worker's file (prometheus-client's multiprocess mode).

Who may read them: ``OPS_TOKEN`` (``Authorization: Bearer ...``) or an address in
``OPS_NETWORKS``, checked by ``services.access.operator_request``; anyone else gets the
ordinary 404 page, so the page's existence is not disclosed.
"""

from __future__ import annotations

import os

from flask import Flask, Response, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from portfolio.ops.logs import duration_ms

REQUEST_LATENCY = Histogram(
    "e2c_http_request_duration_seconds",
    "Time to answer, by endpoint name and status class.",
    ["endpoint", "status_class"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
REQUEST_ERRORS = Counter(
    "e2c_http_errors",
    "Answers 5xx (unhandled exceptions included), by endpoint name.",
    ["endpoint"],
)
STATEMENTS_INGESTED = Counter(
    "e2c_game_statements_ingested", "Game statements stored (new ones, duplicates left out)."
)
PHOTOS_STORED = Counter("e2c_photos_stored", "Photos stored (files written, row added).")


def statements_ingested(count: int) -> None:
    """Called by the game statements service once a batch is stored."""
    if count > 0:
        STATEMENTS_INGESTED.inc(count)


def photo_stored() -> None:
    """Called by the photo service once a photo's files are written and its row added."""
    PHOTOS_STORED.inc()


def _observe(response: Response) -> Response:
    endpoint = request.endpoint or "-"
    status = response.status_code
    REQUEST_LATENCY.labels(endpoint, f"{status // 100}xx").observe(duration_ms() / 1000)
    if status >= 500:
        REQUEST_ERRORS.labels(endpoint).inc()
    return response


def exposition() -> Response:
    """The metrics in Prometheus' text format (every worker's, in multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    return Response(body, mimetype=CONTENT_TYPE_LATEST.split(";")[0])


def init_app(app: Flask) -> None:
    app.after_request(_observe)
