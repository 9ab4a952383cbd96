"""Pages for operators and machines: readiness and metrics (``/sante`` lives in main)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from portfolio.ops import metrics, readiness
from portfolio.services.access import operator_request

bp = Blueprint("ops", __name__)


@bp.route("/sante/pret")
def ready() -> tuple[Response, int]:
    """200 when the database, the file store and Redis answer; 503 when one does not."""
    ok, parts = readiness.readiness()
    response = jsonify({"status": "ok" if ok else "unavailable", "parts": parts})
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if ok else 503


@bp.route("/metriques")
def metrics_page() -> Response:
    """Prometheus metrics, for an operator's token or network only (404 otherwise)."""
    operator_request(
        request.headers.get("Authorization"),
        request.remote_addr,
        str(current_app.config.get("OPS_TOKEN") or ""),
        str(current_app.config.get("OPS_NETWORKS") or ""),
    )
    response = metrics.exposition()
    response.headers["Cache-Control"] = "no-store"
    return response
